#include "app/draft_key.h"

#include "model/request.h"

#include <glib.h>

static void replace_key(DraftKey *k, char *key)
{
    g_free(k->key);
    k->key = key;
    g_free(k->sum);
    k->sum = NULL;
}

void draft_key_new(DraftKey *k, const Descriptor *d)
{
    replace_key(k, request_new_idempotency_key(d));
    k->state = DRAFT_KEY_UNUSED;
}

void draft_key_restore(DraftKey *k, const char *key)
{
    replace_key(k, g_strdup(key));
    k->state = DRAFT_KEY_RESTORED;
}

const char *draft_key_for_send(DraftKey *k, const Descriptor *d, bool same_as_unknown, const char *sum)
{
    if (!same_as_unknown || !k->key)
        replace_key(k, request_new_idempotency_key(d));
    g_free(k->sum);
    k->sum = g_strdup(sum);
    k->state = DRAFT_KEY_OPEN;
    return k->key;
}

void draft_key_answered(DraftKey *k, Outcome o)
{
    k->state = o == OUTCOME_UNKNOWN || o == OUTCOME_SERVER_ERROR ? DRAFT_KEY_OPEN : DRAFT_KEY_SPENT;
}

void draft_key_done(DraftKey *k)
{
    g_free(k->key);
    g_free(k->sum);
    *k = (DraftKey){ 0 };
}

char *draft_key_body_sum(const char *body)
{
    return g_compute_checksum_for_string(G_CHECKSUM_SHA256, body ? body : "", -1);
}
