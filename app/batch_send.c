/* Sending a checked batch: up to N rows in flight on the one network thread,
 * a 429 pausing the whole batch (the row goes again, nothing lost), a low
 * quota slowing it to one at a time, each outcome written as it comes. */
#include "app/batch_internal.h"

#include "app/cli.h"
#include "app/event_loop.h"
#include "app/history_store.h"
#include "model/jsonpath.h"
#include "model/quota.h"
#include "model/request.h"
#include "model/text.h"
#include "net/netthread.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

/* Once stopped, rows in flight have this long to answer before they are
 * cancelled (and settle as unknown, or not sent). */
#define BATCH_STOP_GRACE_US (1500 * G_TIME_SPAN_MILLISECOND)

/* One row on its way. */
typedef struct {
    long row, line;
    Values values;
    char *key;
    char *unique;            /* the row's unique value (email), or NULL */
} Slot;

typedef struct {
    Batch *b;
    const BatchTarget *t;
    NetThread *nt;
    BatchCursor cursor;
    bool cursor_done;
    GHashTable *in_flight;   /* job id → Slot */
    GQueue retry;            /* Slots a 429 sent back, oldest first */
    GHashTable *created;     /* keys and unique values the history says were created */
    GHashTable *held;        /* unique values of earlier unknown attempts nobody can tell about */
    const char *unique_field;
    HistoryStore store;
    FILE *report;
    gint64 started, pause_until, stop_at, drawn;
    bool stopping, low_quota, tty;
    long done, created_n, refused, unknown, unsent, skipped, paused;
} Run;

static void slot_free(gpointer p)
{
    Slot *s = p;
    if (!s)
        return;
    values_done(&s->values);
    g_free(s->key), g_free(s->unique);
    g_free(s);
}

/* ---- what the history already holds ------------------------------------------- */

static const char *unique_field(const Descriptor *d)
{
    for (size_t i = 0; i < d->n_fields; i++)
        if (d->fields[i].unique)
            return d->fields[i].name;
    return descriptor_email_field(d);
}

/* The keys and unique values of the customers this profile created. */
static GHashTable *created_before(Run *r)
{
    GHashTable *set = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    GString *notes = g_string_new(NULL);
    GPtrArray *entries = history_read_tail(&r->store, 100000, notes);
    history_apply_resolutions(entries);
    for (guint i = 0; i < entries->len; i++) {
        const HistoryEntry *e = entries->pdata[i];
        if (!history_entry_is_create(e) || e->outcome != OUTCOME_CREATED || g_strcmp0(e->profile, r->t->profile->name))
            continue;
        const char *u = r->unique_field ? jsonpath_string(e->request, r->unique_field) : NULL;
        if (e->idempotency_key)
            g_hash_table_add(set, g_strdup_printf("k:%s", e->idempotency_key));
        if (u)
            g_hash_table_add(set, g_strdup_printf("u:%s", u));
    }
    history_entries_free(entries);
    g_string_free(notes, TRUE);
    return set;
}

static bool held(const Run *r, const Slot *s)
{
    char *u = s->unique ? g_strdup_printf("u:%s", s->unique) : NULL;
    bool yes = u && r->held && g_hash_table_contains(r->held, u);
    g_free(u);
    return yes;
}

static bool already_created(const Run *r, const Slot *s)
{
    char *k = g_strdup_printf("k:%s", s->key);
    char *u = s->unique ? g_strdup_printf("u:%s", s->unique) : NULL;
    bool yes = g_hash_table_contains(r->created, k) || (u && g_hash_table_contains(r->created, u));
    g_free(k), g_free(u);
    return yes;
}

/* ---- progress ------------------------------------------------------------------ */

static long to_send(const Run *r)
{
    return r->b->rows - r->skipped;
}

static void progress_bar(const Run *r)
{
    double secs = (double)(g_get_monotonic_time() - r->started) / G_USEC_PER_SEC;
    double rate = secs > 0 ? (double)r->done / secs : 0;
    long left = to_send(r) - r->done;
    int width = 24, filled = to_send(r) ? (int)((double)width * (double)r->done / (double)to_send(r)) : width;
    char bar[32];
    memset(bar, '#', (size_t)filled);
    memset(bar + filled, '.', (size_t)(width - filled));
    bar[width] = '\0';
    fprintf(stderr, "\r\033[K[%s] %ld/%ld  created %ld  refused %ld  unknown %ld  %.1f/s  ETA %s", bar,
            r->done, to_send(r), r->created_n, r->refused, r->unknown + r->unsent, rate,
            rate > 0 ? "" : "-");
    if (rate > 0)
        fprintf(stderr, "%.0fs", (double)left / rate);
    fflush(stderr);
}

static const char *outcome_word(Outcome o)
{
    switch (o) {
    case OUTCOME_CREATED: return "created";
    case OUTCOME_REJECTED: case OUTCOME_NOT_CREATED: return "refused";
    case OUTCOME_NOT_SENT: case OUTCOME_RATE_LIMITED: return "not sent";
    default: return "unknown";
    }
}

static void progress_line(const Run *r, const Slot *s, const NetResult *res)
{
    const char *msg = res->response.message ? res->response.message : res->error;
    cli_print_line(stderr, "custty: %s:%ld: row %ld %s%s%s%s%s (%ld/%ld)", r->b->name, s->line, s->row,
                   outcome_word(res->outcome), res->response.id ? " " : "", res->response.id ? res->response.id : "",
                   msg && res->outcome != OUTCOME_CREATED ? ": " : "",
                   msg && res->outcome != OUTCOME_CREATED ? msg : "", r->done, to_send(r));
}

/* ---- outcomes --------------------------------------------------------------------- */

static void report_line(const Run *r, cJSON *o)
{
    if (!r->report) {
        cJSON_Delete(o);
        return;
    }
    char *text = cJSON_PrintUnformatted(o);
    fprintf(r->report, "%s\n", text);
    fflush(r->report);
    fsync(fileno(r->report));
    cJSON_free(text);
    cJSON_Delete(o);
}

static void report_row(const Run *r, const Slot *s, const NetResult *res)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "row", (double)s->row);
    cJSON_AddNumberToObject(o, "line", (double)s->line);
    cJSON_AddStringToObject(o, "outcome", outcome_word(res->outcome));
    cJSON_AddNumberToObject(o, "status", res->status);
    res->response.id ? cJSON_AddStringToObject(o, "id", res->response.id) : cJSON_AddNullToObject(o, "id");
    const char *msg = res->response.message ? res->response.message : res->error;
    msg ? cJSON_AddStringToObject(o, "message", msg) : cJSON_AddNullToObject(o, "message");
    report_line(r, o);
}

static void record(Run *r, const Slot *s, const char *body, const NetResult *res)
{
    HistoryEntry e;
    cJSON *masked = request_masked_body(r->b->d, body);
    history_entry_from_result(&e, r->t->profile->name, r->b->d, r->t->base_url, masked, s->key, res);
    cJSON_Delete(masked);
    char *why = NULL;
    if (!history_append(&r->store, &e, &why))
        cli_error("note: %s (row %ld is not in the history)", why, s->row);
    g_free(why);
    history_entry_done(&e);
}

static void count(Run *r, Outcome o)
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
static void hold_row(Run *r, const Slot *s)
{
    NetResult res = { .outcome = OUTCOME_UNKNOWN,
                      .error = "an earlier attempt's outcome is unknown and the provider cannot tell: not sent; "
                               "settle it with `custty check`" };
    report_row(r, s, &res);
    count(r, OUTCOME_UNKNOWN);
    if (!r->tty)
        progress_line(r, s, &res);
}

/* ---- sending ------------------------------------------------------------------------ */

static NetJob *job_for(Run *r, const Slot *s, char **body)
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
    long timeout = r->t->timeout_s ? r->t->timeout_s : r->t->profile->timeout_s;
    if (timeout)
        job->limits.total_timeout_ms = timeout * 1000;
    return job;
}

/* The next row to send: one a 429 sent back, else the file's next not yet created. */
static Slot *next_slot(Run *r)
{
    Slot *s = g_queue_pop_head(&r->retry);
    while (!s && !r->cursor_done) {
        s = g_new0(Slot, 1);
        char *why = NULL;
        if (batch_cursor_next(&r->cursor, r->b, &s->values, &s->line, &why) != ROW_OK) {
            r->cursor_done = true; /* every row was checked: only the end comes here */
            g_free(why);
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

typedef struct {
    Slot *slot;
    char *body;
} Flight;

static void flight_free(gpointer p)
{
    Flight *f = p;
    slot_free(f->slot);
    g_free(f->body);
    g_free(f);
}

static void submit(Run *r, Slot *s)
{
    Flight *f = g_new0(Flight, 1);
    f->slot = s;
    NetJob *job = job_for(r, s, &f->body);
    if (!job) {
        flight_free(f);
        return;
    }
    guint64 id = net_submit(r->nt, job);
    g_hash_table_insert(r->in_flight, g_memdup2(&id, sizeof id), f);
}

static long limit_now(const Run *r)
{
    return r->low_quota ? 1 : r->b->concurrency;
}

static bool finished(void *ctx);

/* Fills the free places; how long the loop may sleep (ms). */
static int pump(void *ctx)
{
    Run *r = ctx;
    gint64 now = g_get_monotonic_time();
    if (r->stopping) {
        if (now >= r->stop_at) {
            GHashTableIter it;
            gpointer key;
            g_hash_table_iter_init(&it, r->in_flight);
            while (g_hash_table_iter_next(&it, &key, NULL))
                net_cancel(r->nt, *(guint64 *)key);
            return 100;
        }
        return (int)((r->stop_at - now) / 1000) + 1;
    }
    if (now < r->pause_until)
        return (int)((r->pause_until - now) / 1000) + 1;
    while ((long)g_hash_table_size(r->in_flight) < limit_now(r)) {
        Slot *s = next_slot(r);
        if (!s)
            break;
        submit(r, s);
    }
    /* The file's end is seen here, after the last answer: say so now, not after a wait for nothing. */
    if (finished(r))
        return 0;
    /* A bar redrawn for every answer would cost more than the answers. */
    if (r->tty && now - r->drawn >= 100 * G_TIME_SPAN_MILLISECOND) {
        progress_bar(r);
        r->drawn = now;
    }
    return r->tty ? 200 : -1;
}

static void on_rate_limited(Run *r, Flight *f, const NetResult *res)
{
    long wait = res->retry_after_s > 0 ? res->retry_after_s : 1;
    gint64 until = g_get_monotonic_time() + wait * G_USEC_PER_SEC;
    if (until > r->pause_until) {
        r->pause_until = until;
        r->paused++;
        if (r->tty)
            fputs("\r\033[K", stderr);
        cli_print_line(stderr, "custty: %s is rate limiting: the batch pauses for %ld s, then goes on", r->b->d->title,
                       wait);
    }
    g_queue_push_tail(&r->retry, f->slot);
    f->slot = NULL;
}

static void on_done(Run *r, NetMessage *m)
{
    Flight *f = g_hash_table_lookup(r->in_flight, &m->job_id);
    if (!f)
        return;
    NetResult *res = m->result;
    r->low_quota = quota_is_low(res->quota);
    if (res->outcome == OUTCOME_RATE_LIMITED && !r->stopping) {
        on_rate_limited(r, f, res);
    } else {
        record(r, f->slot, f->body, res);
        report_row(r, f->slot, res);
        count(r, res->outcome);
        if (!r->tty)
            progress_line(r, f->slot, res);
    }
    g_hash_table_remove(r->in_flight, &m->job_id);
}

static void on_message(void *ctx, NetMessage *m)
{
    Run *r = ctx;
    if (m->kind == NET_MSG_DONE)
        on_done(r, m);
    else if (m->kind == NET_MSG_LOG && r->t->verbose && m->level != NET_LOG_DEBUG)
    {
        cli_print_lines(stderr, m->text);
        fputc('\n', stderr);
    }
}

static void on_signal(void *ctx, int signo)
{
    Run *r = ctx;
    (void)signo;
    if (r->stopping)
        return;
    r->stopping = true;
    r->stop_at = g_get_monotonic_time() + BATCH_STOP_GRACE_US;
    if (r->tty)
        fputs("\r\033[K", stderr);
    cli_print_line(stderr, "custty: stopping: no new rows; %u in flight may still answer",
                   g_hash_table_size(r->in_flight));
}

static bool finished(void *ctx)
{
    Run *r = ctx;
    bool idle = g_hash_table_size(r->in_flight) == 0;
    return idle && (r->stopping || (r->cursor_done && g_queue_is_empty(&r->retry)));
}

/* ---- the run -------------------------------------------------------------------------- */

static bool run_open(Run *r, Batch *b, const BatchTarget *t)
{
    *r = (Run){ .b = b, .t = t, .unique_field = unique_field(b->d), .tty = isatty(STDERR_FILENO) };
    history_store_init(&r->store, NULL);
    r->created = created_before(r);
    r->in_flight = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, flight_free);
    g_queue_init(&r->retry);
    char *why = NULL;
    if (b->report && !(r->report = fopen(b->report, "a"))) {
        cli_error("cannot write the report %s: %s; nothing was sent", b->report, g_strerror(errno));
        return false;
    }
    if (!batch_cursor_open(&r->cursor, b, &why)) {
        cli_error("%s; nothing was sent", why);
        g_free(why);
        return false;
    }
    return true;
}

static void run_close(Run *r)
{
    batch_cursor_close(&r->cursor);
    g_queue_clear_full(&r->retry, slot_free); /* the queue itself is part of R */
    g_hash_table_destroy(r->in_flight);
    g_hash_table_destroy(r->created);
    if (r->held)
        g_hash_table_destroy(r->held);
    if (r->report)
        fclose(r->report);
    history_store_done(&r->store);
}

/* Rows never sent because of a stop: the row to resume from. */
static long resume_row(Run *r)
{
    long next = r->cursor_done ? 0 : r->cursor.row + 1;
    const Slot *s = g_queue_peek_head(&r->retry);
    if (s && (!next || s->row < next))
        next = s->row;
    return next;
}

static int summary(Run *r)
{
    if (r->tty)
        fputs("\r\033[K", stderr);
    long left = to_send(r) - r->done;
    cli_print_line(stderr, "custty: %s: %ld rows: %ld created, %ld refused, %ld unknown%s; %ld skipped (created "
                   "before)", r->b->name, r->b->rows, r->created_n, r->refused, r->unknown + r->unsent,
                   r->unsent ? " or not sent" : "", r->skipped);
    if (r->paused)
        cli_print_line(stderr, "custty: paused %ld time%s for %s's rate limit", r->paused, r->paused == 1 ? "" : "s",
                       r->b->d->title);
    long next = r->stopping ? resume_row(r) : 0;
    if (r->stopping && next) {
        cli_print_line(stderr, "custty: stopped before row %ld (about %ld rows not sent); run the same command "
                       "again to resume: rows already created are skipped", next, left);
        cJSON *o = cJSON_CreateObject();
        cJSON_AddNumberToObject(o, "row", (double)next);
        cJSON_AddStringToObject(o, "outcome", "stopped");
        cJSON_AddStringToObject(o, "message", "stopped here; run the same command again to resume");
        report_line(r, o);
    } else if (r->unknown + r->unsent) {
        cli_print_line(stderr, "custty: run the same command again to retry the rows not created: "
                       "rows already created are skipped%s", r->b->d->idempotency ? " (and resent with the "
                       "same idempotency keys)" : "");
    }
    if (r->unknown + r->unsent || (r->stopping && next))
        return EXIT_UNSENT;
    return r->refused ? EXIT_REJECTED : EXIT_OK;
}

int batch_send(Batch *b, const BatchTarget *t)
{
    Run r;
    int status = EXIT_INVALID;
    if (run_open(&r, b, t)) {
        int sig_fd = cli_stop_signals_fd();
        r.nt = net_thread_start();
        bool interrupted;
        r.held = batch_settle_unknowns(b, t, r.nt, sig_fd, &r.store, r.created, r.unique_field, &interrupted);
        r.stopping = interrupted; /* Ctrl-C while asking: nothing more goes out */
        r.started = g_get_monotonic_time();
        EventLoop loop = { .ctx = &r, .before_wait = pump, .net = &r.nt, .on_message = on_message,
                           .signal_fd = sig_fd, .on_signal = on_signal, .done = finished };
        pump(&r);
        if (!finished(&r))
            event_loop_run(&loop);
        if (r.skipped)
            cli_print_line(stderr, "custty: skipped %ld rows created by an earlier run", r.skipped);
        status = summary(&r);
        net_thread_stop(r.nt);
        if (sig_fd >= 0)
            close(sig_fd);
    }
    run_close(&r);
    return status;
}
