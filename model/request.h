/* Form values → the exact HTTP request a provider expects. */
#ifndef CUSTTY_MODEL_REQUEST_H
#define CUSTTY_MODEL_REQUEST_H

#include "model/descriptor.h"
#include "model/values.h"

#include <cjson/cJSON.h>
#include <stdbool.h>

typedef struct {
    char *name;
    char *value;
    bool secret;     /* masked wherever it is printed */
} RequestHeader;

typedef struct {
    char *method;
    char *url;       /* never holds a token: a query token is query_token */
    RequestHeader *headers;
    size_t n_headers;
    char *body;      /* compact JSON */
    RequestHeader query_token; /* the query scheme's parameter (name) and token (value), given a token: shown
                                  masked, never sent (the network thread adds the real one); name NULL otherwise */
} Request;

typedef struct {
    const char *base_url;        /* required */
    const char *token;           /* for printed forms only, masked there; may be NULL: then omitted */
    const char *idempotency_key; /* used where the descriptor supports it */
    bool unchecked;              /* QA: send the texts as typed, valid or not */
    const cJSON *body;           /* sent exactly as it is instead of the values (a resend); may be NULL */
} RequestOptions;

/* A new idempotency key that fits D's idempotency.max_length (g_free). */
char *request_new_idempotency_key(const Descriptor *d);

/* Builds the create request for D from valid values V. Returns false and sets
 * *ERR (g_free) when a value is invalid or the base URL is missing. */
bool request_build(const Descriptor *d, const Values *v, const RequestOptions *opt,
                   Request *out, char **err);
/* The body alone, as a JSON tree (caller deletes); NULL when a value is invalid. */
cJSON *request_body(const Descriptor *d, const Values *v, char **err);
/* The body of the texts as typed (trimmed), for QA of a provider's own checks:
 * JSON and integer fields keep their type when they parse, else go as strings. */
cJSON *request_body_unchecked(const Descriptor *d, const Values *v);
/* BODY (JSON text) with D's secret fields replaced by "***", as a tree the
 * caller deletes; NULL when BODY is not JSON. What logs and history keep. */
cJSON *request_masked_body(const Descriptor *d, const char *body);
/* Whether BODY (a tree) holds any of D's secret fields: such a body, as the
 * history keeps it (masked), cannot be proven the one that was sent. */
bool request_has_secret_values(const Descriptor *d, const cJSON *body);
/* Frees the request, wiping secret header values. */
void request_done(Request *r);

/* The request as one printable JSON object {method, url, headers, body},
 * secret headers masked. Caller frees. */
char *request_to_printable_json(const Request *r, bool pretty);
/* The value of header NAME (case-insensitive), or NULL. */
const char *request_header(const Request *r, const char *name);

/* Joins a base URL and a path with exactly one slash between them. */
char *url_join(const char *base, const char *path);

#endif
