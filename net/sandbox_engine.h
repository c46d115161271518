/* Inside the sandbox engine: the provider it serves and the pieces its files
 * share (records, answers, auth, idempotency, rate limits, hooks). */
#ifndef CUSTTY_NET_SANDBOX_ENGINE_H
#define CUSTTY_NET_SANDBOX_ENGINE_H

#include "net/sandbox_internal.h"
#include "net/sandbox_store.h"

/* ---- idempotency (sandbox_replay.c): Stripe's rules, per token and key ---- */

typedef struct {
    int status;
    char *body;
    char *request;           /* the SHA-256 of the body it answered, compact: a key names one body */
    gint64 stored_us;
} SbReplay;

typedef struct {
    GHashTable *replays;     /* token + key → SbReplay */
    GQueue order;            /* keys, oldest first, for the cap */
    size_t cap;
} SbReplays;

void sb_replays_init(SbReplays *r, size_t cap);
void sb_replays_done(SbReplays *r);
void sb_replays_clear(SbReplays *r);

typedef struct SbProvider SbProvider;
/* Validates and creates, store lock held; the answer in REPLY. */
typedef void (*SbCreateFn)(SbProvider *p, const SbRequest *req, SbReply *reply);
/* A create sent with idempotency KEY: the kept answer again, a conflict for
 * another body, or CREATE run (under the store lock) and its answer kept. */
void sb_replay_create(SbProvider *p, const SbRequest *req, SbReply *reply, const char *key, SbCreateFn create);

/* ---- rate limits (sandbox_rate.c): requests a minute per token ----------- */

typedef struct {
    GMutex lock;
    GHashTable *windows;     /* token → window */
    unsigned limit;
} SbRates;

void sb_rates_init(SbRates *r, unsigned limit);
void sb_rates_done(SbRates *r);
void sb_rates_clear(SbRates *r);
/* Counts a request of TOKEN (when COUNT) and writes D's rate headers to
 * REPLY; the seconds to wait when past the limit, else 0. */
long sb_rates_account(SbRates *r, const Descriptor *d, const char *token, SbReply *reply, bool count);

/* ---- hooks (sandbox_hooks.c): what no template can say ------------------ */

/* Finishes RECORD, made from BODY by the template. */
typedef void (*SbHook)(const cJSON *body, cJSON *record);
/* The hook named NAME, or NULL (none, or none of that name). */
SbHook sb_hook_named(const char *name);

/* ---- the provider ------------------------------------------------------------ */

typedef enum { SB_CREATE, SB_LIST, SB_GET, SB_DELETE } SbAction;

typedef struct {
    SbAction action;
    const char *method;
    char *head, *tail;       /* the path; with an id between them when WITH_ID */
    bool with_id;
} SbRoute;

struct SbProvider {
    const Descriptor *d;
    const SandboxSpec *spec;
    const SandboxOptions *opt;
    SbHook hook;
    char *mount;             /* "/NAME" */
    char **tokens;           /* the demo tokens, --token applied */
    SbRoute routes[5];
    size_t n_routes;
    SbStore store;           /* store.lock guards the store, the replays and RNG */
    SbReplays replays;
    SbRates rates;
    GRand *rng;
};

/* ---- answers (sandbox_shape.c) -------------------------------------------------- */

/* Values a template's "{name}" strings are replaced by. */
typedef struct {
    const char *name;
    cJSON *value;            /* owned until used whole once */
    const cJSON *placed;     /* where it went when moved into an answer */
} SbVar;

typedef struct {
    SbVar items[16];
    size_t n;
} SbVars;

void sb_vars_text(SbVars *v, const char *name, const char *text); /* NULL: null */
void sb_vars_number(SbVars *v, const char *name, double n);
void sb_vars_take(SbVars *v, const char *name, cJSON *value);
void sb_vars_done(SbVars *v);
/* A copy of TEMPLATE, its "{name}" strings replaced by V's values (a whole
 * "{name}" by the value itself, typed; inside text by its text). A NULL
 * TEMPLATE is the value of BARE itself. */
cJSON *sb_fill(const cJSON *tmpl, SbVars *v, const char *bare);
char *sb_fill_text(const char *tmpl, const SbVars *v);

/* The message P's descriptor gives REASON, else FALLBACK, filled from V. */
char *sb_message(const SbProvider *p, const char *reason, const char *fallback, const SbVars *v);
/* An error answer in P's shape: STATUS in its body, HTTP_STATUS on the
 * wire; REASON (or NULL) picks the error's vars. FIELDS: a list of field
 * errors put where the descriptor says (taken), or NULL. */
void sb_reply_error(const SbProvider *p, SbReply *reply, int http_status, int status, const char *reason,
                    const char *message, cJSON *fields);
/* A record's answer (create, get, archive) in P's envelope; takes RECORD. */
void sb_reply_record(const SbProvider *p, SbReply *reply, int status, cJSON *record);

/* ---- records (sandbox_record.c) ---------------------------------------------------- */

/* Puts ITEM at PATH under ROOT, making objects of missing or null steps. */
void sb_place(cJSON *root, const char *path, cJSON *item);
/* The record path field F's value goes to, or NULL when it is not kept. */
const char *sb_record_path(const SandboxSpec *s, const Field *f);
/* A new record for BODY (valid): template, values, ids and times, hook.
 * Draws ids from P's RNG: store lock held. */
cJSON *sb_record_new(SbProvider *p, const cJSON *body);
/* REC as a list shows it: the spec's list.item paths, or whole. */
cJSON *sb_record_item(const SandboxSpec *s, const cJSON *rec);

/* ---- lists (sandbox_list.c) ----------------------------------------------------------- */

/* GET of the list endpoint: filtered by email, paged as the lookup pages. */
void sb_list(SbProvider *p, const SbRequest *req, SbReply *reply);

/* ---- auth (sandbox_auth.c) ------------------------------------------------------------ */

/* Reads the credential REQ presents in D's scheme into REQ. */
void sb_auth_read(const Descriptor *d, SbRequest *req);
/* Whether REQ may do what it asks (WRITES: create or delete); an error
 * reply in P's format when not. */
bool sb_auth_check(const SbProvider *p, const SbRequest *req, bool writes, SbReply *reply);
/* Whether TOKEN is one of P's demo tokens (--token applied); NULL is none. */
bool sb_auth_known(const SbProvider *p, const char *token);

#endif
