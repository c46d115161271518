/* The Idempotency-Key of a draft. A key names one body: it is kept only
 * while the outcome of that body is unknown (sent, no answer; a 5xx), and
 * only to send that same body again. After a definite answer, or any edit,
 * the next send gets a new key, so a provider can never replay a stale
 * answer to a new body nor refuse a corrected one. */
#ifndef CUSTTY_APP_DRAFT_KEY_H
#define CUSTTY_APP_DRAFT_KEY_H

#include "model/descriptor.h"
#include "model/response.h"

#include <stdbool.h>

typedef enum {
    DRAFT_KEY_UNUSED,      /* never sent */
    DRAFT_KEY_OPEN,        /* sent with body `sum`; its outcome is not known (yet) */
    DRAFT_KEY_SPENT,       /* the provider answered definitely: never again */
    DRAFT_KEY_RESTORED,    /* from a saved draft: the history says how it went */
} DraftKeyState;

typedef struct {
    char *key;
    DraftKeyState state;
    char *sum;       /* SHA-256 of the whole body sent with it; in memory only */
} DraftKey;

/* A fresh key for a new draft, fitting D's idempotency.max_length (D may be NULL). */
void draft_key_new(DraftKey *k, const Descriptor *d);
/* The key a saved draft had. */
void draft_key_restore(DraftKey *k, const char *key);
/* Sending a body: keeps the key when SAME_AS_UNKNOWN (this very body was sent
 * with it and its outcome is unknown), else takes a new one. Then the key is
 * open for SUM. Returns the key to send. */
const char *draft_key_for_send(DraftKey *k, const Descriptor *d, bool same_as_unknown, const char *sum);
/* The answer came: an unknown outcome or a 5xx keeps the key open for the
 * same body; anything else spends it. */
void draft_key_answered(DraftKey *k, Outcome o);
void draft_key_done(DraftKey *k);

/* SHA-256 of BODY, what a key is compared by (g_free). */
char *draft_key_body_sum(const char *body);

#endif
