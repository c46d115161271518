/* The sandbox's memory: customers per provider, bounded, safe across threads. */
#ifndef CUSTTY_NET_SANDBOX_STORE_H
#define CUSTTY_NET_SANDBOX_STORE_H

#include "model/descriptor.h"
#include "net/sandbox.h"

#include <cjson/cJSON.h>
#include <glib.h>
#include <stdbool.h>

typedef struct {
    GMutex lock;
    GQueue order;            /* cJSON records, oldest first (owned) */
    GHashTable *by_id;       /* id → record */
    GHashTable *by_key;      /* unique key (email, username, external_id) → record */
    GHashTable *key_of;      /* record → its key in by_key, so eviction is O(1) */
    const char *id_path;     /* where the id sits in a record */
    size_t cap;
} SbStore;

void sb_store_init(SbStore *s, const char *id_path, size_t cap);
void sb_store_done(SbStore *s);
void sb_store_clear(SbStore *s);

/* Callers hold s->lock around these. */
const cJSON *sb_store_find_key(SbStore *s, const char *key);
const cJSON *sb_store_find_id(SbStore *s, const char *id);
/* Takes RECORD; KEY may be NULL (not unique). Drops the oldest past the cap. */
void sb_store_add(SbStore *s, cJSON *record, const char *key);
bool sb_store_remove(SbStore *s, const char *id);

/* What every sandbox provider keeps: its descriptor, options, customers and
 * the randomness for ids (used under store.lock). */
typedef struct {
    const Descriptor *d;
    const SandboxOptions *opt;
    SbStore store;
    GRand *rng;
} SbBase;

/* SALT keeps the providers' id sequences apart under one --seed. */
void sb_base_init(SbBase *b, const Descriptor *d, const SandboxOptions *opt,
                  const char *id_path, unsigned salt);
void sb_base_done(SbBase *b);
/* Forgets every customer, under the lock. */
void sb_base_reset(SbBase *b);

/* Ids and times, as the providers make them. g_free each. */
char *sb_object_id(GRand *rng);        /* BotPenguin: 24 hex digits */
char *sb_typeid(GRand *rng, const char *prefix); /* billing: cus_ + 26 Crockford base32 */
char *sb_uuid4(GRand *rng);            /* Prolifi */
char *sb_iso_time(gint64 offset_days); /* 2026-01-07T09:49:36.705Z */
char *sb_iso_midnight(gint64 offset_days);

#endif
