/* How a token travels (Descriptor.auth): the header or query parameter that
 * carries it, the same masked for what is shown, and the form the scheme
 * asks of it. Text only: the network thread attaches the real token. */
#ifndef CUSTTY_MODEL_AUTH_H
#define CUSTTY_MODEL_AUTH_H

#include "model/descriptor.h"

#include <stdbool.h>

/* The header that carries TOKEN for D: bearer "Authorization" / "Bearer
 * TOKEN", basic "Authorization" / "Basic base64(user:password)", header its
 * name / its value with {token} replaced. False (and nothing set) for the
 * query scheme, none, or no token. *NAME points into D; text_free_secret
 * *VALUE. */
bool auth_header(const Descriptor *d, const char *token, const char **name, char **value);

/* The same header as one line with the token masked, for logs: "Authorization:
 * Bearer sk_t…", "X-Api-Key: Key sk_t…"; NULL where auth_header is false.
 * g_free. */
char *auth_masked_header_line(const Descriptor *d, const char *token);

/* URL with NAME=VALUE added to its query (before any #fragment), a query it
 * has kept: VALUE as given, for showing only (the network thread encodes the
 * real one with libcurl). g_free. */
char *auth_url_with_param(const char *url, const char *name, const char *value);
/* URL as it may be shown for D with TOKEN: for the query scheme, with the
 * parameter and the token masked; else a copy. g_free. */
char *auth_masked_url(const Descriptor *d, const char *url, const char *token);

/* How D's token is sent, for a person: "as a bearer token", "with HTTP
 * Basic, as user:password", "in the X-Api-Key header", "in the api_key query
 * parameter"; NULL for none. g_free. */
char *auth_describe(const Descriptor *d);

/* Why TOKEN does not have the form D's scheme asks (basic: user:password),
 * or NULL. */
const char *auth_token_form_problem(const Descriptor *d, const char *token);

#endif
