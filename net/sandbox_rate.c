/* Rate limits for any provider whose descriptor has a rate_limit section:
 * requests a minute per token, the limit and what is left in the headers it
 * names, 429 with Retry-After past it. */
#include "net/sandbox_engine.h"

typedef struct {
    gint64 start_us;
    unsigned count;
} Window;

void sb_rates_init(SbRates *r, unsigned limit)
{
    g_mutex_init(&r->lock);
    r->windows = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    r->limit = limit;
}

void sb_rates_done(SbRates *r)
{
    g_hash_table_destroy(r->windows);
    g_mutex_clear(&r->lock);
}

void sb_rates_clear(SbRates *r)
{
    g_mutex_lock(&r->lock);
    g_hash_table_remove_all(r->windows);
    g_mutex_unlock(&r->lock);
}

static bool has_header(const SbReply *reply, const char *name)
{
    for (guint i = 0; i + 1 < reply->headers->len; i += 2)
        if (g_ascii_strcasecmp(reply->headers->pdata[i], name) == 0)
            return true;
    return false;
}

static void write_headers(const Descriptor *d, unsigned limit, unsigned count, SbReply *reply)
{
    char *max = g_strdup_printf("%u", limit), *left = g_strdup_printf("%u", limit - MIN(count, limit));
    if (d->ratelimit_limit_header && !has_header(reply, d->ratelimit_limit_header))
        sb_reply_header(reply, d->ratelimit_limit_header, max);
    if (d->ratelimit_remaining_header && !has_header(reply, d->ratelimit_remaining_header))
        sb_reply_header(reply, d->ratelimit_remaining_header, left);
    g_free(max), g_free(left);
}

long sb_rates_account(SbRates *r, const Descriptor *d, const char *token, SbReply *reply, bool count)
{
    const char *key = token ? token : "";
    gint64 now = g_get_monotonic_time();
    g_mutex_lock(&r->lock);
    Window *w = g_hash_table_lookup(r->windows, key);
    if (!w) {
        w = g_new0(Window, 1);
        g_hash_table_insert(r->windows, g_strdup(key), w);
    }
    if (w->start_us == 0 || now - w->start_us >= G_TIME_SPAN_MINUTE)
        w->start_us = now, w->count = 0;
    bool over = count && w->count >= r->limit;
    if (count && !over)
        w->count++;
    write_headers(d, r->limit, w->count, reply);
    long wait = over ? MAX(1, (long)((w->start_us + G_TIME_SPAN_MINUTE - now) / G_USEC_PER_SEC) + 1) : 0;
    g_mutex_unlock(&r->lock);
    return wait;
}
