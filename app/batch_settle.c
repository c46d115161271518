/* Before a re-run sends a row whose earlier attempt has an unknown outcome,
 * on a provider without idempotency keys: ask the provider (the lookup of
 * `custty check`). Found: the row was created, and is skipped. Absent: it is
 * sent again. Cannot tell: it is held, not sent, so no customer is made twice. */
#include "app/batch_internal.h"
#include "app/batch_run.h"

#include "app/cli.h"
#include "app/lookup_run.h"
#include "model/jsonpath.h"
#include "model/lookup.h"

#include <string.h>

typedef struct {
    long found, absent, held;
} Tally;

static bool still_unknown(const HistoryEntry *e, const BatchTarget *t)
{
    return !e->resolves && history_entry_is_create(e) &&
           (e->outcome == OUTCOME_UNKNOWN || e->outcome == OUTCOME_SERVER_ERROR) &&
           g_strcmp0(e->profile, t->profile->name) == 0 && g_strcmp0(e->base_url, t->base_url) == 0 && e->email;
}

/* Unique value → the latest unknown entry for it not created since. */
static GHashTable *unknown_entries(GPtrArray *entries, const BatchTarget *t, GHashTable *created, const char *field)
{
    GHashTable *map = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    for (guint i = 0; i < entries->len; i++) {
        HistoryEntry *e = entries->pdata[i];
        const char *u = field ? jsonpath_string(e->request, field) : NULL;
        char *key = u ? g_strdup_printf("u:%s", u) : NULL;
        if (key && still_unknown(e, t) && !g_hash_table_contains(created, key))
            g_hash_table_insert(map, key, e);
        else
            g_free(key);
    }
    return map;
}

static void write_verdict(HistoryStore *store, const HistoryEntry *unknown, LookupVerdict v, const char *id,
                          const cJSON *record, const char *said)
{
    HistoryEntry e;
    history_entry_init(&e);
    char *message = g_strdup_printf("checked before a batch resend: %s (%s)",
                                    v == LOOKUP_FOUND ? "the provider has this customer" : "no such customer", said);
    history_entry_settles(&e, unknown, v == LOOKUP_FOUND ? OUTCOME_CREATED : OUTCOME_NOT_CREATED, id, record,
                          message);
    char *why = NULL;
    if (!history_append(store, &e, &why))
        cli_error("note: the verdict was not recorded: %s", why);
    g_free(why), g_free(message);
    history_entry_done(&e);
}

typedef struct {
    const BatchTarget *t;
    NetThread *nt;
    int sig_fd;
    HistoryStore *store;
    GHashTable *created, *held;
    Tally tally;
    bool interrupted;
} Settle;

/* Asks about one earlier attempt; KEY is its "u:" value. */
static void settle_one(Settle *s, const HistoryEntry *e, const char *key)
{
    char *said = NULL, *id = NULL;
    cJSON *record = NULL;
    LookupVerdict v = LOOKUP_CANNOT_TELL;
    LookupScan *scan = lookup_scan_new(s->t->d, s->t->base_url, e->email, e->request, &said);
    if (scan) {
        long timeout = s->t->timeout_s ? s->t->timeout_s : 60;
        LookupRun *run = lookup_run_start(s->nt, s->t->d, scan, s->t->token, timeout * 1000);
        s->interrupted |= lookup_run_wait(run, s->nt, s->sig_fd);
        v = lookup_run_verdict(run, &id, &record, &said);
        lookup_run_free(run);
    }
    if (v != LOOKUP_CANNOT_TELL)
        write_verdict(s->store, e, v, id, record, said);
    if (v == LOOKUP_FOUND)
        g_hash_table_add(s->created, g_strdup(key)), s->tally.found++;
    else if (v == LOOKUP_ABSENT)
        s->tally.absent++;
    else
        g_hash_table_add(s->held, g_strdup(key)), s->tally.held++;
    if (v == LOOKUP_CANNOT_TELL)
        cli_print_line(stderr, "custty: %s was sent before with an unknown outcome, and the provider cannot tell "
                       "now (%s): held, not sent; `custty check` settles it", e->email, said ? said : "");
    g_free(said), g_free(id);
    cJSON_Delete(record);
}

/* Walks the file for the rows whose earlier attempt is unknown. */
static void settle_rows(Settle *s, Batch *b, GHashTable *unknown, const char *field)
{
    BatchCursor c;
    char *why = NULL;
    if (!batch_cursor_open(&c, b, &why)) {
        g_free(why);
        batch_cursor_close(&c);
        return;
    }
    Values v;
    long line;
    while (!s->interrupted && g_hash_table_size(unknown) && batch_cursor_next(&c, b, &v, &line, &why) == ROW_OK) {
        const char *u = values_get(&v, field, NULL);
        char *key = u ? g_strdup_printf("u:%s", u) : NULL;
        const HistoryEntry *e = key ? g_hash_table_lookup(unknown, key) : NULL;
        if (e)
            settle_one(s, e, key);
        if (e)
            g_hash_table_remove(unknown, key);
        g_free(key);
        values_done(&v);
    }
    values_done(&v);
    g_free(why);
    batch_cursor_close(&c);
}

GHashTable *batch_settle_unknowns(Batch *b, const BatchTarget *t, NetThread *nt, int sig_fd, HistoryStore *store,
                                  GHashTable *created, const char *field, bool *interrupted)
{
    *interrupted = false;
    Settle s = { .t = t, .nt = nt, .sig_fd = sig_fd, .store = store, .created = created,
                 .held = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL) };
    if (b->d->idempotency || !field)
        return s.held; /* a resend with the row's key is the provider's replay */
    GString *notes = g_string_new(NULL);
    GPtrArray *entries = history_read_tail(store, 100000, notes);
    history_apply_resolutions(entries);
    GHashTable *unknown = unknown_entries(entries, t, created, field);
    if (g_hash_table_size(unknown))
        settle_rows(&s, b, unknown, field);
    if (s.tally.found + s.tally.absent + s.tally.held)
    {
        long asked = s.tally.found + s.tally.absent + s.tally.held;
        cli_print_line(stderr, "custty: asked %s about %ld row%s sent before with an unknown outcome: %ld created "
                       "(skipped), %ld not created (sent again), %ld cannot tell (held)", t->d->title, asked,
                       asked == 1 ? "" : "s", s.tally.found, s.tally.absent, s.tally.held);
    }
    *interrupted = s.interrupted;
    g_hash_table_destroy(unknown);
    history_entries_free(entries);
    g_string_free(notes, TRUE);
    return s.held;
}
