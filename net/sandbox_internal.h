/* What the sandbox's server core (sandbox.c) and its engine share: one
 * SbProvider per descriptor with a "sandbox" section, served from data. */
#ifndef CUSTTY_NET_SANDBOX_INTERNAL_H
#define CUSTTY_NET_SANDBOX_INTERNAL_H

#include "model/descriptor.h"
#include "model/values.h"
#include "net/sandbox.h"

#include <cjson/cJSON.h>
#include <glib.h>

struct MHD_Connection;
struct sockaddr_storage;

/* HOST (an IP literal) and PORT as a socket address; false when HOST is not one. */
bool sandbox_address(const char *host, unsigned port, struct sockaddr_storage *ss, bool *v6);

typedef struct {
    const char *method;
    const char *path;            /* below the provider's mount: "/customers/abc" */
    struct MHD_Connection *conn;
    const cJSON *json;           /* the parsed body, or NULL when there is none */
    const char *token;           /* the credential presented, or NULL (logged masked) */
    char *token_buf;             /* what TOKEN points into, when made here (g_free) */
    bool token_sent;             /* the credential's place was used at all (a bad one is not none) */
} SbRequest;

typedef struct {
    int status;
    char *body;                  /* g_malloc'd */
    size_t body_len;
    GPtrArray *headers;          /* name, value, name, value… (g_free'd) */
} SbReply;

/* ---- the engine (sandbox_engine.c) --------------------------------------- */

typedef struct SbProvider SbProvider;

/* A provider served from D's sandbox section. D and OPT outlive it. */
SbProvider *sb_provider_new(const Descriptor *d, const SandboxOptions *opt);
void sb_provider_free(SbProvider *p);
/* Forgets every customer, idempotency key and rate window. */
void sb_provider_reset(SbProvider *p);
const Descriptor *sb_provider_descriptor(const SbProvider *p);
/* "/NAME": where it is served (percent-decoded, as requests arrive). */
const char *sb_provider_mount(const SbProvider *p);
/* The demo token that may create (CREATES) or only read, --token applied; or NULL. */
const char *sb_provider_token(const SbProvider *p, bool creates);
/* Reads the credential REQ presents in the provider's scheme into REQ. */
void sb_provider_credential(const SbProvider *p, SbRequest *req);
void sb_provider_handle(SbProvider *p, const SbRequest *req, SbReply *reply);
/* Creates N sample customers (model/sample_customer.h) through the
 * create path a POST takes, drawn from SEED. False and *ERR when the
 * provider refuses one (a descriptor whose fields no sample fits). */
bool sb_provider_seed(SbProvider *p, size_t n, unsigned seed, char **err);
/* An error reply in the provider's own format (rate headers too). */
void sb_provider_error(SbProvider *p, const SbRequest *req, SbReply *reply, int status, const char *message);

/* ---- helpers (sandbox_http.c) -------------------------------------------------- */

const char *sb_header(const SbRequest *req, const char *name);
const char *sb_query(const SbRequest *req, const char *name);
void sb_reply_json(SbReply *reply, int status, cJSON *doc); /* takes DOC */
void sb_reply_header(SbReply *reply, const char *name, const char *value);
/* Checks a JSON body against D's fields with the client's own validators.
 * Returns true when valid; PROBLEMS lists each bad field otherwise. */
bool sb_check_body(const Descriptor *d, const cJSON *body, Problems *problems);

#endif
