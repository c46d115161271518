/* Sending a checked batch: see batch_run.h. Nothing here prints; the
 * observer hears of every row, and the report file gets one line per row. */
#include "app/batch_run.h"

#include "app/batch_internal.h"
#include "app/state_file.h"
#include "model/jsonpath.h"
#include "model/quota.h"
#include "model/request.h"
#include "model/safe_text.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

/* Answers are written to the history together (one fsync for many: group
 * commit), at most this long after the first of them came or once this
 * many wait, and at once when nothing else is in flight, at a stop and at
 * the end. Nothing is told (report, progress, list) before it is on disk. */
#define BATCH_COMMIT_DELAY_US (10 * G_TIME_SPAN_MILLISECOND)
#define BATCH_COMMIT_ROWS 64

/* Rows handed to the network thread per place in flight: the others wait in
 * the batch's lane there, and each starts the moment a place frees, with no
 * trip through this thread (what keeps a provider as busy as curl --parallel
 * does). They are taken back unsent at a pause, a stop or a low quota. */
#define BATCH_LANE_DEPTH 8

/* Once stopped, rows in flight have this long to answer before they are
 * cancelled (and settle as unknown, or not sent): within the 2 s a stop promises. */
#define BATCH_STOP_GRACE_US (1500 * G_TIME_SPAN_MILLISECOND)

/* One row on its way. */
typedef struct {
    long row, line;
    Values values;
    char *key;
    char *unique;            /* the row's unique value (email), or NULL */
} Slot;

typedef struct {
    Slot *slot;
    char *body;
    NetResult *result;       /* once answered: waiting to be written with the others (group commit) */
} Flight;

struct BatchRun {
    Batch *b;
    const BatchTarget *t;
    NetThread *nt;
    BatchObserver obs;
    BatchCursor cursor;
    bool cursor_done;
    GHashTable *in_flight;   /* job id → Flight */
    GPtrArray *answered;     /* Flights answered since the last flush, in order */
    GQueue retry;            /* Slots to send again (a 429's, or taken back from the lane), in file order */
    GHashTable *created;     /* keys and unique values the history says were created */
    GHashTable *held;        /* unique values of earlier unknown attempts nobody can tell about */
    GHashTable *unknown_before; /* unique values of earlier attempts the history calls unknown */
    const char *unique_field;
    HistoryStore store;
    FILE *report;
    gint64 started, pause_until, stop_at;
    gint64 first_answered;   /* when the oldest answer not yet written came */
    bool stopping, low_quota;
    guint lane;              /* its lane on the network thread */
    char *changed;           /* how the file differs from what was checked, once seen: no later row is read */
    long changed_row;        /* the first row not sent because of it */
    long done, created_n, refused, unknown, unsent, skipped, paused;
};

static void slot_free(gpointer p)
{
    Slot *s = p;
    if (!s)
        return;
    values_done(&s->values);
    g_free(s->key), g_free(s->unique);
    g_free(s);
}

static void flight_free(gpointer p)
{
    Flight *f = p;
    slot_free(f->slot);
    g_free(f->body);
    net_result_free(f->result);
    g_free(f);
}

const char *batch_outcome_word(Outcome o)
{
    switch (o) {
    case OUTCOME_CREATED: return "created";
    case OUTCOME_REJECTED: case OUTCOME_NOT_CREATED: return "refused";
    case OUTCOME_NOT_SENT: case OUTCOME_RATE_LIMITED: return "not sent";
    default: return "unknown";
    }
}

/* ---- what the history already holds ------------------------------------------- */

static const char *unique_field(const Descriptor *d)
{
    for (size_t i = 0; i < d->n_fields; i++)
        if (d->fields[i].unique)
            return d->fields[i].name;
    return descriptor_email_field(d);
}

/* The history read for what it says was created. */
typedef struct {
    const BatchTarget *t;
    const char *unique_field;
    GHashTable *created;     /* "k:KEY", "u:VALUE" */
    GHashTable *unknown;     /* entry → its keys, "k:KEY\nu:VALUE": unknown until a check says */
} Before;

static bool outcome_unknown(Outcome o)
{
    return o == OUTCOME_UNKNOWN || o == OUTCOME_SERVER_ERROR;
}

static void add_keys(GHashTable *set, const char *keys)
{
    char **each = g_strsplit(keys, "\n", -1);
    for (char **k = each; *k; k++)
        if (**k)
            g_hash_table_add(set, g_strdup(*k));
    g_strfreev(each);
}

static void note_entry(const HistoryEntry *e, void *ctx)
{
    Before *b = ctx;
    if (e->resolves) { /* a check settled an earlier attempt: created after all, or not */
        const char *keys = g_hash_table_lookup(b->unknown, e->resolves);
        if (keys && e->outcome == OUTCOME_CREATED)
            add_keys(b->created, keys);
        g_hash_table_remove(b->unknown, e->resolves);
        return;
    }
    /* Only this profile at this URL: a row made on another server is not made here. */
    if (!history_entry_is_create(e) || g_strcmp0(e->profile, b->t->profile->name) ||
        g_strcmp0(e->base_url, b->t->base_url))
        return;
    const char *u = b->unique_field ? jsonpath_string(e->request, b->unique_field) : NULL;
    char *keys = g_strdup_printf("%s%s\n%s%s", e->idempotency_key ? "k:" : "",
                                 e->idempotency_key ? e->idempotency_key : "", u ? "u:" : "", u ? u : "");
    if (e->outcome == OUTCOME_CREATED)
        add_keys(b->created, keys), g_free(keys);
    else if (e->entry && outcome_unknown(e->outcome)) /* only an unknown one is ever settled by a check */
        g_hash_table_insert(b->unknown, g_strdup(e->entry), keys);
    else
        g_free(keys);
}

/* The unique values ("u:VALUE") of earlier attempts still unknown, of rows
 * not made since: what UNKNOWN (created_before's) leaves, into a set. */
static GHashTable *unknown_values(GHashTable *unknown, GHashTable *created)
{
    GHashTable *values = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    GHashTableIter it;
    gpointer keys;
    g_hash_table_iter_init(&it, unknown);
    while (g_hash_table_iter_next(&it, NULL, &keys)) {
        const char *u = strstr(keys, "\nu:");
        if (u && !g_hash_table_contains(created, u + 1))
            g_hash_table_add(values, g_strdup(u + 1));
    }
    return values;
}

/* The keys and unique values of the customers this profile created: the
 * whole history is read, rotated files too (a long batch rotates it), one
 * file at a time. NULL and *WHY when it cannot be read: which rows were
 * created could not be told, and none may be sent. *UNKNOWN (may be NULL)
 * gets unknown_values. */
static GHashTable *created_before(HistoryStore *store, const BatchTarget *t, const char *field, GHashTable **unknown,
                                  char **why)
{
    Before b = { t, field, g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL),
                 g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free) };
    char *trouble = NULL;
    if (!history_scan(store, note_entry, &b, &trouble)) {
        *why = g_strdup_printf("the history cannot be read (%s), so which rows were created before cannot be "
                               "told", trouble);
        g_hash_table_destroy(b.created), b.created = NULL;
    }
    g_free(trouble);
    if (unknown && b.created)
        *unknown = unknown_values(b.unknown, b.created);
    g_hash_table_destroy(b.unknown);
    return b.created;
}

static bool held(const BatchRun *r, const Slot *s)
{
    char *u = s->unique ? g_strdup_printf("u:%s", s->unique) : NULL;
    bool yes = u && r->held && g_hash_table_contains(r->held, u);
    g_free(u);
    return yes;
}

/* Whether CREATED (created_before's set) holds a row with idempotency KEY
 * or unique value UNIQUE (may be NULL): the one test of "made before". */
static bool in_created(GHashTable *created, const char *key, const char *unique)
{
    char *k = g_strdup_printf("k:%s", key);
    char *u = unique ? g_strdup_printf("u:%s", unique) : NULL;
    bool yes = g_hash_table_contains(created, k) || (u && g_hash_table_contains(created, u));
    g_free(k), g_free(u);
    return yes;
}

static bool already_created(const BatchRun *r, const Slot *s)
{
    return in_created(r->created, s->key, s->unique);
}

/* ---- the report ------------------------------------------------------------------ */

/* O as a line of the report; on disk at the next report_sync. */
static void report_line(const BatchRun *r, cJSON *o)
{
    if (!r->report) {
        cJSON_Delete(o);
        return;
    }
    char *text = cJSON_PrintUnformatted(o);
    /* A provider's words in it: valid JSON still, and safe for `cat` on a terminal. */
    char *safe = safe_json(text, strlen(text));
    fprintf(r->report, "%s\n", safe);
    g_free(safe);
    cJSON_free(text);
    cJSON_Delete(o);
}

static void report_sync(const BatchRun *r)
{
    if (!r->report)
        return;
    fflush(r->report);
    fsync(fileno(r->report));
}

static void report_row(const BatchRun *r, const Slot *s, const NetResult *res)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "row", (double)s->row);
    cJSON_AddNumberToObject(o, "line", (double)s->line);
    cJSON_AddStringToObject(o, "outcome", batch_outcome_word(res->outcome));
    cJSON_AddNumberToObject(o, "status", res->status);
    res->response.id ? cJSON_AddStringToObject(o, "id", res->response.id) : cJSON_AddNullToObject(o, "id");
    const char *msg = res->response.message ? res->response.message : res->error;
    msg ? cJSON_AddStringToObject(o, "message", msg) : cJSON_AddNullToObject(o, "message");
    report_line(r, o);
}

/* ---- outcomes ------------------------------------------------------------------------ */

static void count(BatchRun *r, Outcome o)
{
    r->done++;
    switch (o) {
    case OUTCOME_CREATED: r->created_n++; break;
    case OUTCOME_REJECTED: case OUTCOME_NOT_CREATED: r->refused++; break;
    case OUTCOME_NOT_SENT: case OUTCOME_RATE_LIMITED: r->unsent++; break;
    default: r->unknown++; break;
    }
}

/* A row not sent: its earlier attempt's outcome is unknown, and stays so. */
static void hold_row(BatchRun *r, const Slot *s)
{
    NetResult res = { .outcome = OUTCOME_UNKNOWN,
                      .error = "an earlier attempt's outcome is unknown and the provider cannot tell: not sent; "
                               "settle it with `custty check`" };
    count(r, res.outcome);
    BatchSettled held_row = { s->row, s->line, s->key, NULL, &res, true };
    r->obs.settled(r->obs.ctx, &held_row, 1);
    report_row(r, s, &res);
    report_sync(r);
}

/* The answers waiting, together: one history write (and fsync) for all,
 * then the report. Done after the free places are filled again, so the
 * network has work while the disk syncs. */
static void flush_answered(BatchRun *r)
{
    guint n = r->answered->len;
    if (!n)
        return;
    BatchSettled *rows = g_new(BatchSettled, n);
    for (guint i = 0; i < n; i++) {
        const Flight *f = r->answered->pdata[i];
        count(r, f->result->outcome);
        rows[i] = (BatchSettled){ f->slot->row, f->slot->line, f->slot->key, f->body, f->result, false };
    }
    r->obs.settled(r->obs.ctx, rows, n); /* the history first: on disk before the report says it */
    for (guint i = 0; i < n; i++) {
        const Flight *f = r->answered->pdata[i];
        report_row(r, f->slot, f->result);
    }
    report_sync(r);
    g_free(rows);
    g_ptr_array_set_size(r->answered, 0); /* frees them */
}

/* ---- sending ------------------------------------------------------------------------ */

/* How many of its rows may be on their way to the provider at once. */
static long limit_now(const BatchRun *r)
{
    return r->low_quota ? 1 : r->b->concurrency;
}

static NetJob *job_for(BatchRun *r, const Slot *s, char **body)
{
    RequestOptions ropt = { .base_url = r->t->base_url, .idempotency_key = s->key };
    NetJob *job = g_new0(NetJob, 1);
    char *err = NULL;
    if (!request_build(r->b->d, &s->values, &ropt, &job->request, &err)) {
        g_free(err); /* checked before: cannot happen */
        g_free(job);
        return NULL;
    }
    *body = g_strdup(job->request.body);
    job->d = r->b->d;
    job->token = g_strdup(r->t->token);
    job->limits = net_limits_default();
    job->quiet = r->t->quiet;
    job->lane = r->lane;
    job->lane_max = (guint)limit_now(r);
    long timeout = r->t->timeout_s ? r->t->timeout_s : r->t->profile->timeout_s;
    if (timeout)
        job->limits.total_timeout_ms = timeout * 1000;
    return job;
}

/* The file is not what was checked (edited meanwhile: the console asks
 * between the check and the send, the command line on LIVE): what the
 * person confirmed is no longer what would go out. No row from ROW on is
 * sent; those before it, as checked, go on. DETAIL (may be NULL) says how
 * it differs. */
static void file_changed(BatchRun *r, long row, const char *detail)
{
    if (r->changed)
        return;
    r->changed = detail ? g_strdup_printf("%s changed after its check (%s): rows from row %ld on were left out",
                                          r->b->name, detail, row)
                        : g_strdup_printf("%s changed after its check: rows from row %ld on were left out",
                                          r->b->name, row);
    r->changed_row = row;
    r->cursor_done = true;
}

/* Each row is checked again as it is read to be sent: a row the check
 * never saw must not go out. False (the batch stopped) when it differs. */
static bool still_as_checked(BatchRun *r, RowStatus st, Slot *s, char *why)
{
    if (st == ROW_END && r->cursor.row == r->b->rows)
        return true;
    char *detail = NULL;
    bool ok = false;
    if (st == ROW_END) {
        detail = g_strdup_printf("it now ends after %ld rows; %ld were checked", r->cursor.row, r->b->rows);
        file_changed(r, r->cursor.row + 1, detail);
    } else if (r->cursor.row > r->b->rows) {
        detail = g_strdup_printf("line %ld: a row beyond the %ld checked", s->line, r->b->rows);
        file_changed(r, r->cursor.row, detail);
    } else if (st == ROW_BAD) { /* batch_rows.c saw it change on disk, or a row no longer reads */
        file_changed(r, r->cursor.row, batch_changed(r->b) ? NULL : why);
    } else {
        Problems p;
        ok = values_check(r->b->d, &s->values, &p);
        if (!ok) {
            detail = g_strdup_printf("line %ld: %s (%s): %s", s->line, p.items[0].label ? p.items[0].label : "",
                                     p.items[0].field, p.items[0].message);
            file_changed(r, r->cursor.row, detail);
        }
        problems_done(&p);
    }
    g_free(detail);
    return ok;
}

/* The next row to send: one a 429 sent back, else the file's next not yet created. */
static Slot *next_slot(BatchRun *r)
{
    Slot *s = g_queue_pop_head(&r->retry);
    while (!s && !r->cursor_done) {
        s = g_new0(Slot, 1);
        char *why = NULL;
        RowStatus st = batch_cursor_next(&r->cursor, r->b, &s->values, &s->line, &why);
        bool as_checked = still_as_checked(r, st, s, why);
        g_free(why);
        if (st == ROW_END || !as_checked) {
            r->cursor_done = true;
            slot_free(s);
            return NULL;
        }
        s->row = r->cursor.row;
        s->key = batch_row_key(r->b, s->row);
        const char *u = r->unique_field ? values_get(&s->values, r->unique_field, NULL) : NULL;
        s->unique = g_strdup(u);
        if (already_created(r, s)) {
            r->skipped++;
            slot_free(s);
            s = NULL;
        } else if (held(r, s)) {
            hold_row(r, s);
            slot_free(s);
            s = NULL;
        }
    }
    return s;
}

static void submit(BatchRun *r, Slot *s)
{
    Flight *f = g_new0(Flight, 1);
    f->slot = s;
    NetJob *job = job_for(r, s, &f->body);
    if (!job) { /* checked just now: cannot happen; said rather than lost if it does */
        file_changed(r, s->row, "its request could not be built");
        flight_free(f);
        return;
    }
    guint64 id = net_submit(r->nt, job);
    g_hash_table_insert(r->in_flight, g_memdup2(&id, sizeof id), f);
}

/* Past the grace, what is still in flight is cancelled. */
static int pump_stopping(BatchRun *r, gint64 now)
{
    if (now < r->stop_at)
        return (int)((r->stop_at - now) / 1000) + 1;
    GHashTableIter it;
    gpointer key;
    g_hash_table_iter_init(&it, r->in_flight);
    while (g_hash_table_iter_next(&it, &key, NULL))
        net_cancel(r->nt, *(guint64 *)key);
    return 100;
}

int batch_run_pump(BatchRun *r)
{
    gint64 now = g_get_monotonic_time();
    if (!r->started)
        r->started = now;
    while (!r->stopping && now >= r->pause_until &&
           (long)g_hash_table_size(r->in_flight) < limit_now(r) * BATCH_LANE_DEPTH) {
        Slot *s = next_slot(r);
        if (!s)
            break;
        submit(r, s);
    }
    gint64 commit_at = r->first_answered + BATCH_COMMIT_DELAY_US;
    bool commit = r->answered->len >= BATCH_COMMIT_ROWS || now >= commit_at || r->stopping ||
                  g_hash_table_size(r->in_flight) == 0;
    if (commit)
        flush_answered(r);
    /* The file's end is seen here, after the last answer: say so now, not after a wait for nothing. */
    if (batch_run_finished(r))
        return 0;
    if (r->answered->len) /* not yet written: back when it is due */
        return (int)((commit_at - now) / 1000) + 1;
    if (r->stopping)
        return pump_stopping(r, now);
    if (now < r->pause_until)
        return (int)((r->pause_until - now) / 1000) + 1;
    return -1;
}

/* Rows still waiting in the lane come back unsent (and go again later, in
 * order): at a pause, a stop, a quota run low. */
static void take_back_waiting(BatchRun *r)
{
    GHashTableIter it;
    gpointer key;
    g_hash_table_iter_init(&it, r->in_flight);
    while (g_hash_table_iter_next(&it, &key, NULL))
        net_unqueue(r->nt, *(guint64 *)key);
}

static gint by_row(gconstpointer a, gconstpointer b, gpointer data)
{
    (void)data;
    long x = ((const Slot *)a)->row, y = ((const Slot *)b)->row;
    return x < y ? -1 : x > y;
}

/* S goes again later, in the order of the file. */
static void send_again(BatchRun *r, Flight *f)
{
    g_queue_insert_sorted(&r->retry, f->slot, by_row, NULL);
    f->slot = NULL;
}

static void on_rate_limited(BatchRun *r, Flight *f, const NetResult *res)
{
    long wait = res->retry_after_s > 0 ? res->retry_after_s : 1;
    gint64 until = g_get_monotonic_time() + wait * G_USEC_PER_SEC;
    if (until > r->pause_until) {
        r->pause_until = until;
        r->paused++;
        if (r->obs.paused)
            r->obs.paused(r->obs.ctx, wait);
        take_back_waiting(r);
    }
    send_again(r, f);
}

bool batch_run_on_net(BatchRun *r, NetMessage *m)
{
    Flight *f = m->kind == NET_MSG_DONE ? g_hash_table_lookup(r->in_flight, &m->job_id) : NULL;
    if (!f)
        return m->kind != NET_MSG_DONE && m->kind != NET_MSG_LOG && g_hash_table_contains(r->in_flight, &m->job_id);
    NetResult *res = m->result;
    bool was_low = r->low_quota;
    if (!res->unstarted)
        r->low_quota = quota_is_low(res->quota);
    if (r->low_quota && !was_low)
        take_back_waiting(r); /* one at a time from now: the rows waiting go again behind it */
    if (res->unstarted || (res->outcome == OUTCOME_RATE_LIMITED && !r->stopping)) {
        if (res->unstarted)
            send_again(r, f);
        else
            on_rate_limited(r, f, res);
        g_hash_table_remove(r->in_flight, &m->job_id);
        return true;
    }
    f->result = res; /* the row's now: written with the others waiting at a pump */
    m->result = NULL;
    if (!r->answered->len)
        r->first_answered = g_get_monotonic_time();
    gpointer key;
    g_hash_table_steal_extended(r->in_flight, &m->job_id, &key, NULL);
    g_free(key);
    g_ptr_array_add(r->answered, f);
    return true;
}

void batch_run_stop(BatchRun *r)
{
    if (r->stopping)
        return;
    r->stopping = true;
    r->stop_at = g_get_monotonic_time() + BATCH_STOP_GRACE_US;
    take_back_waiting(r); /* no new row: not even one the network thread holds */
}

bool batch_run_stopping(const BatchRun *r)
{
    return r->stopping;
}

bool batch_run_finished(const BatchRun *r)
{
    bool idle = g_hash_table_size(r->in_flight) == 0 && r->answered->len == 0;
    return idle && (r->stopping || (r->cursor_done && r->retry.length == 0));
}

BatchProgress batch_run_progress(const BatchRun *r)
{
    BatchProgress p = { .rows = r->b->rows, .to_send = r->b->rows - r->skipped, .done = r->done,
                        .created = r->created_n, .refused = r->refused, .unknown = r->unknown, .unsent = r->unsent,
                        .skipped = r->skipped, .paused = r->paused,
                        .in_flight = MIN((long)g_hash_table_size(r->in_flight), limit_now(r)), .eta_s = -1 };
    double secs = r->started ? (double)(g_get_monotonic_time() - r->started) / G_USEC_PER_SEC : 0;
    p.rate = secs > 0 ? (double)r->done / secs : 0;
    if (p.rate > 0)
        p.eta_s = (long)((double)(p.to_send - p.done) / p.rate + 0.5);
    return p;
}

const char *batch_run_changed(const BatchRun *r)
{
    return r->changed;
}

long batch_run_resume_row(const BatchRun *r)
{
    if (r->changed)
        return r->changed_row;
    if (!r->stopping)
        return 0;
    long next = r->cursor_done ? 0 : r->cursor.row + 1;
    const Slot *s = r->retry.head ? r->retry.head->data : NULL;
    if (s && (!next || s->row < next))
        next = s->row;
    return next;
}

/* ---- the run -------------------------------------------------------------------------- */

/* --report PATH, appended to: only a regular file of ours, never through a
 * link, and no FIFO to block on (it holds the customers' data: 0600). */
static FILE *open_report(const char *path, char **why)
{
    char *refused = NULL;
    int fd = state_file_open(path, O_WRONLY | O_APPEND | O_CREAT, &refused);
    FILE *f = fd >= 0 ? fdopen(fd, "a") : NULL;
    if (!f) {
        *why = g_strdup_printf("cannot write the report: %s", refused ? refused : g_strerror(errno));
        if (fd >= 0)
            close(fd);
    }
    g_free(refused);
    return f;
}

BatchRun *batch_run_new(Batch *b, const BatchTarget *t, NetThread *nt, const BatchObserver *o, char **why)
{
    static guint lanes; /* a lane of its own on the network thread (one thread makes batches) */
    BatchRun *r = g_new0(BatchRun, 1);
    *r = (BatchRun){ .b = b, .t = t, .nt = nt, .obs = *o, .unique_field = unique_field(b->d), .lane = ++lanes };
    history_store_init(&r->store, NULL);
    history_store_hold_open(&r->store); /* thousands of appends: the files stay open between them */
    *why = NULL;
    r->created = created_before(&r->store, t, r->unique_field, &r->unknown_before, why);
    r->in_flight = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, flight_free);
    r->answered = g_ptr_array_new_with_free_func(flight_free);
    g_queue_init(&r->retry);
    if (r->created && b->report)
        r->report = open_report(b->report, why);
    if (r->created && (!b->report || r->report))
        batch_cursor_open(&r->cursor, b, why);
    if (*why) {
        batch_run_free(r);
        return NULL;
    }
    return r;
}

HistoryStore *batch_run_store(BatchRun *r)
{
    return &r->store;
}

GHashTable *batch_run_created(BatchRun *r)
{
    return r->created;
}

const char *batch_run_unique_field(const BatchRun *r)
{
    return r->unique_field;
}

GHashTable *batch_run_unknowns_held(BatchRun *r)
{
    if (r->b->d->idempotency || !r->unique_field || !r->unknown_before) /* a resend with the row's key is a replay */
        return g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    GHashTable *held_values = r->unknown_before;
    r->unknown_before = NULL;
    return held_values;
}

void batch_run_hold(BatchRun *r, GHashTable *held_values)
{
    if (r->held)
        g_hash_table_destroy(r->held);
    r->held = held_values;
}

/* Where a re-run picks up, as the report's last line. */
static void report_stop(BatchRun *r)
{
    long next = batch_run_resume_row(r);
    if (!next)
        return;
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "row", (double)next);
    cJSON_AddStringToObject(o, "outcome", "stopped");
    cJSON_AddStringToObject(o, "message", "stopped here; run the same command again to resume");
    report_line(r, o);
}

void batch_run_free(BatchRun *r)
{
    if (!r)
        return;
    flush_answered(r); /* nothing answered goes unwritten */
    report_stop(r);
    report_sync(r);
    batch_cursor_close(&r->cursor);
    g_queue_clear_full(&r->retry, slot_free); /* the queue itself is part of R */
    g_hash_table_destroy(r->in_flight);
    g_ptr_array_free(r->answered, TRUE);
    if (r->created)
        g_hash_table_destroy(r->created);
    if (r->unknown_before)
        g_hash_table_destroy(r->unknown_before);
    if (r->held)
        g_hash_table_destroy(r->held);
    if (r->report)
        fclose(r->report);
    history_store_done(&r->store);
    g_free(r->changed);
    g_free(r);
}

long batch_run_count_created(Batch *b, const BatchTarget *t, char **why)
{
    HistoryStore store;
    history_store_init(&store, NULL);
    const char *field = unique_field(b->d);
    GHashTable *created = created_before(&store, t, field, NULL, why);
    history_store_done(&store);
    if (!created)
        return -1;
    long n = 0;
    BatchCursor c = { 0 };
    Values v;
    long line;
    char *bad = NULL;
    if (g_hash_table_size(created) && batch_cursor_open(&c, b, &bad)) {
        while (batch_cursor_next(&c, b, &v, &line, &bad) == ROW_OK) {
            char *key = batch_row_key(b, c.row);
            n += in_created(created, key, field ? values_get(&v, field, NULL) : NULL);
            g_free(key);
            values_done(&v);
        }
        values_done(&v);
    }
    batch_cursor_close(&c); /* opened or not: what a failed open left is let go */
    g_free(bad);
    g_hash_table_destroy(created);
    return n;
}
