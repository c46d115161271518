/* Idempotency keys for any provider whose descriptor supports them, by
 * Stripe's rules (which Prolifi's document leaves open): an answer is kept
 * only once the create ran (2xx, or a 409 about the data); a refusal of the
 * request itself (400, 422) is not, so a corrected body may use the key
 * again; a kept key sent with another body is a conflict, never a replay. */
#include "net/sandbox_engine.h"

#include <string.h>

#define TTL_US (24 * G_TIME_SPAN_HOUR)

static void replay_free(gpointer data)
{
    SbReplay *r = data;
    g_free(r->body);
    g_free(r->request);
    g_free(r);
}

void sb_replays_init(SbReplays *r, size_t cap)
{
    r->replays = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, replay_free);
    g_queue_init(&r->order);
    r->cap = cap;
}

void sb_replays_clear(SbReplays *r)
{
    g_hash_table_remove_all(r->replays);
    g_queue_clear_full(&r->order, g_free);
}

void sb_replays_done(SbReplays *r)
{
    sb_replays_clear(r);
    g_hash_table_destroy(r->replays);
}

static const SbReplay *find(SbReplays *r, const char *slot)
{
    SbReplay *seen = g_hash_table_lookup(r->replays, slot);
    return seen && g_get_monotonic_time() - seen->stored_us < TTL_US ? seen : NULL;
}

static void keep(SbReplays *r, const char *slot, const char *request, const SbReply *reply)
{
    SbReplay *kept = g_new0(SbReplay, 1);
    kept->status = reply->status;
    kept->body = g_strndup(reply->body, reply->body_len);
    kept->request = g_strdup(request);
    kept->stored_us = g_get_monotonic_time();
    g_hash_table_replace(r->replays, g_strdup(slot), kept);
    g_queue_push_tail(&r->order, g_strdup(slot));
    while (r->order.length > r->cap) {
        char *old = g_queue_pop_head(&r->order);
        g_hash_table_remove(r->replays, old);
        g_free(old);
    }
}

static bool worth_keeping(int status)
{
    return (status >= 200 && status <= 299) || status == 409;
}

static void answer_again(const SbReplay *seen, SbReply *reply)
{
    reply->status = seen->status;
    g_free(reply->body);
    reply->body = g_strdup(seen->body);
    reply->body_len = strlen(reply->body);
    sb_reply_header(reply, "Idempotent-Replayed", "true");
}

static void key_reused(const SbProvider *p, const char *key, SbReply *reply)
{
    SbVars v = { 0 };
    sb_vars_text(&v, "header", p->d->idempotency_header);
    sb_vars_text(&v, "key", key);
    char *msg = sb_message(p, "key_reused", "{header} {key} was already used with another request body; a key "
                           "may only be sent again with the same body. Use a new key for a new request.", &v);
    sb_reply_error(p, reply, 409, 409, "key_reused", msg, NULL);
    g_free(msg);
    sb_vars_done(&v);
}

static bool key_acceptable(const SbProvider *p, const char *key, SbReply *reply)
{
    if (strlen(key) <= (size_t)p->d->idempotency_max)
        return true;
    SbVars v = { 0 };
    sb_vars_text(&v, "header", p->d->idempotency_header);
    sb_vars_number(&v, "max", p->d->idempotency_max);
    char *msg = sb_message(p, "key_too_long", "{header} must be at most {max} characters.", &v);
    sb_reply_error(p, reply, 400, 400, "key_too_long", msg, NULL);
    g_free(msg);
    sb_vars_done(&v);
    return false;
}

void sb_replay_create(SbProvider *p, const SbRequest *req, SbReply *reply, const char *key, SbCreateFn create)
{
    if (!key_acceptable(p, key, reply))
        return;
    char *slot = g_strdup_printf("%s\n%s", req->token ? req->token : "", key);
    /* Kept as its SHA-256: a key per create, each body up to 1 MiB, would
     * otherwise hold gigabytes for the cap of keys. */
    char *text = req->json ? cJSON_PrintUnformatted(req->json) : g_strdup("");
    char *request = g_compute_checksum_for_string(G_CHECKSUM_SHA256, text, -1);
    g_free(text);
    /* Held throughout: two requests with one key must not both create. */
    g_mutex_lock(&p->store.lock);
    const SbReplay *seen = find(&p->replays, slot);
    if (seen && strcmp(seen->request, request) != 0) {
        key_reused(p, key, reply);
    } else if (seen) {
        answer_again(seen, reply);
    } else {
        create(p, req, reply);
        if (worth_keeping(reply->status))
            keep(&p->replays, slot, request, reply);
    }
    g_mutex_unlock(&p->store.lock);
    g_free(slot), g_free(request);
}
