#include "net/sandbox_store.h"

#include "model/jsonpath.h"

#include <string.h>

static void keys_free(gpointer keys)
{
    g_ptr_array_free(keys, TRUE);
}

void sb_store_init(SbStore *s, const char *id_path, size_t cap)
{
    g_mutex_init(&s->lock);
    g_queue_init(&s->order);
    s->by_id = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    s->by_key = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    s->keys_of = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, keys_free);
    s->id_path = id_path;
    s->cap = cap ? cap : 10000;
}

void sb_store_clear(SbStore *s)
{
    g_hash_table_remove_all(s->by_id);
    g_hash_table_remove_all(s->by_key);
    g_hash_table_remove_all(s->keys_of);
    cJSON *rec;
    while ((rec = g_queue_pop_head(&s->order)))
        cJSON_Delete(rec);
}

void sb_store_done(SbStore *s)
{
    sb_store_clear(s);
    g_hash_table_destroy(s->by_id);
    g_hash_table_destroy(s->by_key);
    g_hash_table_destroy(s->keys_of);
    g_mutex_clear(&s->lock);
}

/* VALUE may be an id from a request's path, any bytes: g_utf8_casefold
 * trusts a lead byte's length and would step past the NUL after a cut one. */
static char *key_for(const char *field, const char *value)
{
    char *valid = g_utf8_make_valid(value, -1);
    char *folded = g_utf8_casefold(valid, -1);
    char *key = g_strdup_printf("%s\n%s", field, folded);
    g_free(folded), g_free(valid);
    return key;
}

cJSON *sb_store_find_key(SbStore *s, const char *field, const char *value)
{
    char *key = key_for(field, value);
    cJSON *rec = g_hash_table_lookup(s->by_key, key);
    g_free(key);
    return rec;
}

cJSON *sb_store_find_id(SbStore *s, const char *id)
{
    return g_hash_table_lookup(s->by_id, id);
}

void sb_store_remove(SbStore *s, cJSON *rec)
{
    const char *id = jsonpath_string(rec, s->id_path);
    if (id && g_hash_table_lookup(s->by_id, id) == rec)
        g_hash_table_remove(s->by_id, id);
    GPtrArray *keys = g_hash_table_lookup(s->keys_of, rec);
    for (guint i = 0; keys && i < keys->len; i++)
        if (g_hash_table_lookup(s->by_key, keys->pdata[i]) == rec)
            g_hash_table_remove(s->by_key, keys->pdata[i]);
    g_hash_table_remove(s->keys_of, rec);
    g_queue_remove(&s->order, rec);
    cJSON_Delete(rec);
}

void sb_store_add(SbStore *s, cJSON *record, const char *const *fields, const char *const *values, size_t n)
{
    const char *id = jsonpath_string(record, s->id_path);
    g_queue_push_tail(&s->order, record);
    if (id)
        g_hash_table_replace(s->by_id, g_strdup(id), record);
    GPtrArray *keys = g_ptr_array_new_with_free_func(g_free);
    for (size_t i = 0; i < n; i++) {
        if (!values[i] || !*values[i])
            continue;
        char *key = key_for(fields[i], values[i]);
        g_hash_table_replace(s->by_key, g_strdup(key), record); /* a key moves to the newest */
        g_ptr_array_add(keys, key);
    }
    g_hash_table_replace(s->keys_of, record, keys);
    while (s->order.length > s->cap)
        sb_store_remove(s, g_queue_peek_head(&s->order));
}
