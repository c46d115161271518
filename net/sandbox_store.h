/* The sandbox's memory: one provider's customers, bounded, found by id or by
 * the value of a unique field. Callers hold the lock. */
#ifndef CUSTTY_NET_SANDBOX_STORE_H
#define CUSTTY_NET_SANDBOX_STORE_H

#include <cjson/cJSON.h>
#include <glib.h>
#include <stdbool.h>

typedef struct {
    GMutex lock;
    GQueue order;            /* cJSON records, oldest first (owned) */
    GHashTable *by_id;       /* id → record */
    GHashTable *by_key;      /* "field\nvalue" (case-folded) → record */
    GHashTable *keys_of;     /* record → GPtrArray of its keys in by_key, so eviction is O(1) */
    const char *id_path;     /* where the id sits in a record */
    size_t cap;
} SbStore;

void sb_store_init(SbStore *s, const char *id_path, size_t cap);
void sb_store_done(SbStore *s);
void sb_store_clear(SbStore *s);

/* The record whose unique FIELD holds VALUE (case-insensitive), or NULL. */
cJSON *sb_store_find_key(SbStore *s, const char *field, const char *value);
cJSON *sb_store_find_id(SbStore *s, const char *id);
/* Takes RECORD, found afterwards by FIELDS[i] = VALUES[i] (N pairs; a NULL
 * value is skipped). Drops the oldest past the cap. */
void sb_store_add(SbStore *s, cJSON *record, const char *const *fields, const char *const *values, size_t n);
void sb_store_remove(SbStore *s, cJSON *record);

#endif
