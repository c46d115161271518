#include "net/sandbox_store.h"

#include "model/jsonpath.h"

#include <string.h>

void sb_store_init(SbStore *s, const char *id_path, size_t cap)
{
    g_mutex_init(&s->lock);
    g_queue_init(&s->order);
    s->by_id = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    s->by_key = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    s->key_of = g_hash_table_new(g_direct_hash, g_direct_equal);
    s->id_path = id_path;
    s->cap = cap ? cap : 10000;
}

void sb_store_clear(SbStore *s)
{
    g_hash_table_remove_all(s->by_id);
    g_hash_table_remove_all(s->by_key);
    g_hash_table_remove_all(s->key_of);
    cJSON *rec;
    while ((rec = g_queue_pop_head(&s->order)))
        cJSON_Delete(rec);
}

void sb_store_done(SbStore *s)
{
    sb_store_clear(s);
    g_hash_table_destroy(s->by_id);
    g_hash_table_destroy(s->by_key);
    g_hash_table_destroy(s->key_of);
    g_mutex_clear(&s->lock);
}

const cJSON *sb_store_find_key(SbStore *s, const char *key)
{
    char *folded = g_utf8_casefold(key, -1);
    const cJSON *rec = g_hash_table_lookup(s->by_key, folded);
    g_free(folded);
    return rec;
}

const cJSON *sb_store_find_id(SbStore *s, const char *id)
{
    return g_hash_table_lookup(s->by_id, id);
}

static void forget(SbStore *s, cJSON *rec)
{
    const char *id = jsonpath_string(rec, s->id_path);
    if (id)
        g_hash_table_remove(s->by_id, id);
    const char *key = g_hash_table_lookup(s->key_of, rec);
    if (key)
        g_hash_table_remove(s->by_key, key); /* frees KEY too */
    g_hash_table_remove(s->key_of, rec);
    g_queue_remove(&s->order, rec);
    cJSON_Delete(rec);
}

void sb_store_add(SbStore *s, cJSON *record, const char *key)
{
    const char *id = jsonpath_string(record, s->id_path);
    g_queue_push_tail(&s->order, record);
    if (id)
        g_hash_table_replace(s->by_id, g_strdup(id), record);
    if (key && *key) {
        char *folded = g_utf8_casefold(key, -1);
        cJSON *previous = g_hash_table_lookup(s->by_key, folded);
        if (previous) /* the key moves to the new record */
            g_hash_table_remove(s->key_of, previous);
        g_hash_table_replace(s->by_key, folded, record);
        g_hash_table_replace(s->key_of, record, folded);
    }
    while (s->order.length > s->cap)
        forget(s, g_queue_peek_head(&s->order));
}

bool sb_store_remove(SbStore *s, const char *id)
{
    cJSON *rec = g_hash_table_lookup(s->by_id, id);
    if (rec)
        forget(s, rec);
    return rec != NULL;
}

/* ---- ids and times -------------------------------------------------------- */

static char *hex_bytes(const guint8 *bytes, size_t n)
{
    GString *s = g_string_sized_new(n * 2);
    for (size_t i = 0; i < n; i++)
        g_string_append_printf(s, "%02x", bytes[i]);
    return g_string_free(s, FALSE);
}

char *sb_object_id(GRand *rng)
{
    guint8 b[12];
    guint32 secs = (guint32)(g_get_real_time() / G_USEC_PER_SEC);
    b[0] = secs >> 24, b[1] = secs >> 16, b[2] = secs >> 8, b[3] = secs;
    for (int i = 4; i < 12; i++)
        b[i] = (guint8)g_rand_int_range(rng, 0, 256);
    return hex_bytes(b, sizeof b);
}

char *sb_typeid(GRand *rng, const char *prefix)
{
    static const char alphabet[] = "0123456789abcdefghjkmnpqrstvwxyz";
    /* A UUIDv7-like 128-bit value: 48 bits of milliseconds, then randomness,
     * written as 26 five-bit digits (the first holds only 3 bits: 0-7). */
    guint64 hi = (guint64)(g_get_real_time() / 1000) << 16 | (guint64)g_rand_int_range(rng, 0, 65536);
    guint64 lo = (guint64)g_rand_int(rng) << 32 | g_rand_int(rng);
    char out[27];
    for (int i = 25; i >= 0; i--) {
        out[i] = alphabet[lo & 31];
        lo = (lo >> 5) | (hi << 59);
        hi >>= 5;
    }
    out[26] = '\0';
    return g_strdup_printf("%s%s", prefix, out);
}

char *sb_uuid4(GRand *rng)
{
    guint8 b[16];
    for (int i = 0; i < 16; i++)
        b[i] = (guint8)g_rand_int_range(rng, 0, 256);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    char *h = hex_bytes(b, 16);
    char *u = g_strdup_printf("%.8s-%.4s-%.4s-%.4s-%.12s", h, h + 8, h + 12, h + 16, h + 20);
    g_free(h);
    return u;
}

/* FORMAT for g_date_time_format; "%f" stands for milliseconds. */
static char *format_day(gint64 offset_days, const char *format)
{
    GDateTime *now = g_date_time_new_now_utc();
    GDateTime *t = g_date_time_add_days(now, (gint)offset_days);
    char *millis = g_strdup_printf("%03d", g_date_time_get_microsecond(t) / 1000);
    gchar **parts = g_strsplit(format, "%f", -1);
    char *expanded = g_strjoinv(millis, parts);
    char *out = g_date_time_format(t, expanded);
    g_strfreev(parts);
    g_free(expanded);
    g_free(millis);
    g_date_time_unref(t);
    g_date_time_unref(now);
    return out;
}

char *sb_iso_time(gint64 offset_days)
{
    return format_day(offset_days, "%Y-%m-%dT%H:%M:%S.%fZ");
}

char *sb_iso_midnight(gint64 offset_days)
{
    return format_day(offset_days, "%Y-%m-%dT00:00:00.000Z");
}

/* ---- the provider base ------------------------------------------------------ */

void sb_base_init(SbBase *b, const Descriptor *d, const SandboxOptions *opt,
                  const char *id_path, unsigned salt)
{
    b->d = d;
    b->opt = opt;
    sb_store_init(&b->store, id_path, opt->max_customers);
    b->rng = g_rand_new_with_seed(opt->seed ^ salt);
}

void sb_base_done(SbBase *b)
{
    sb_store_done(&b->store);
    g_rand_free(b->rng);
}

void sb_base_reset(SbBase *b)
{
    g_mutex_lock(&b->store.lock);
    sb_store_clear(&b->store);
    g_mutex_unlock(&b->store.lock);
}
