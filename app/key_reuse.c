#include "app/key_reuse.h"

#include "model/jsonpath.h"
#include "model/request.h"

#include <glib.h>
#include <string.h>

/* Outcomes after which the provider may hold an answer for the key. */
static bool may_be_stored(Outcome o)
{
    return o != OUTCOME_NOT_SENT && o != OUTCOME_RATE_LIMITED;
}

static bool unknown(Outcome o)
{
    return o == OUTCOME_UNKNOWN || o == OUTCOME_SERVER_ERROR;
}

static char *refusal_for(const HistoryEntry *e, const Descriptor *d, const char *key, const cJSON *masked)
{
    if (!unknown(e->outcome))
        return g_strdup_printf("--idempotency-key %s already has a definite answer (%s, %s): a new request needs a "
                               "new key; leave the option out and custty makes one", key, outcome_name(e->outcome),
                               e->time ? e->time : "earlier");
    if (!cJSON_Compare(e->request, masked, true) || request_has_secret_values(d, masked))
        return g_strdup_printf("--idempotency-key %s went with another body (%s): a key may only send that same body "
                               "again (`custty history --json` shows it), or leave the option out for a new request",
                               key, e->time ? e->time : "earlier");
    return NULL;
}

char *key_reuse_refusal(HistoryStore *store, const Descriptor *d, const char *key, const char *body)
{
    GString *notes = g_string_new(NULL);
    GPtrArray *entries = history_read_tail(store, 100000, notes);
    history_apply_resolutions(entries);
    cJSON *masked = request_masked_body(d, body);
    char *why = NULL;
    for (guint i = entries->len; i-- > 0 && !why;) {
        const HistoryEntry *e = entries->pdata[i];
        if (!e->resolves && g_strcmp0(e->idempotency_key, key) == 0 && g_strcmp0(e->provider, d->name) == 0 &&
            may_be_stored(e->outcome))
            why = refusal_for(e, d, key, masked);
    }
    cJSON_Delete(masked);
    history_entries_free(entries);
    g_string_free(notes, TRUE);
    return why;
}
