/* `custty create --idempotency-key K`: a key names one body. Before K is
 * sent again, the history says whether that is safe: only to send the very
 * body K went with, and only while its outcome is unknown. */
#ifndef CUSTTY_APP_KEY_REUSE_H
#define CUSTTY_APP_KEY_REUSE_H

#include "app/history_store.h"
#include "model/descriptor.h"

/* Why KEY must not go with BODY (the request's JSON text) to PROVIDER, as a
 * sentence saying what to do instead (g_free); NULL when it may. */
char *key_reuse_refusal(HistoryStore *store, const Descriptor *d, const char *key, const char *body);

#endif
