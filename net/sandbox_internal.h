/* What the sandbox's core and its three provider modules share. */
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
    const char *token;           /* the bearer token, or NULL */
} SbRequest;

typedef struct {
    int status;
    char *body;                  /* g_malloc'd */
    size_t body_len;
    GPtrArray *headers;          /* name, value, name, value… (g_free'd) */
} SbReply;

typedef struct {
    const char *name;            /* descriptor name: "prolifi" */
    const char *mount;           /* URL prefix: "/prolifi" */
    const char *api_root;        /* the base URL's path below the mount */
    void *(*create)(const Descriptor *d, const SandboxOptions *opt);
    void (*destroy)(void *state);
    void (*reset)(void *state);
    void (*handle)(void *state, const SbRequest *req, SbReply *reply);
    /* An error reply in this provider's own format. */
    void (*error)(void *state, const SbRequest *req, SbReply *reply, int status, const char *message);
} SbProviderOps;

extern const SbProviderOps sb_botpenguin_ops;
extern const SbProviderOps sb_billing_ops;
extern const SbProviderOps sb_prolifi_ops;

/* ---- helpers for provider modules (sandbox_http.c) ------------------------ */

const char *sb_header(const SbRequest *req, const char *name);
const char *sb_query(const SbRequest *req, const char *name);
void sb_reply_json(SbReply *reply, int status, cJSON *doc); /* takes DOC */
void sb_reply_header(SbReply *reply, const char *name, const char *value);
/* Whether PATH is PREFIX followed by "/" and one segment; *ID gets it (g_free). */
bool sb_path_id(const char *path, const char *prefix, char **id);
/* Checks a JSON body against D's fields with the client's own validators.
 * Returns true when valid; PROBLEMS lists each bad field otherwise. */
bool sb_check_body(const Descriptor *d, const cJSON *body, Problems *problems);
/* The body's string at PATH, or NULL. */
const char *sb_body_string(const cJSON *body, const char *path);
/* Copies the body's value of each filled field of D into RECORD. */
void sb_copy_fields(const Descriptor *d, const cJSON *body, cJSON *record);

#endif
