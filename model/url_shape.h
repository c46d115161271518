/* What a URL says before anything connects to it, read with GLib's RFC 3986
 * parser (GUri): its scheme, whether its host is this machine, whether it
 * names a user. Config files are judged by this without loading the network
 * module, so the console's first frame does not wait for libcurl; the module
 * reads every request's URL again with libcurl's own parser and checks, once
 * connected, the address actually reached (net/url.h). */
#ifndef CUSTTY_MODEL_URL_SHAPE_H
#define CUSTTY_MODEL_URL_SHAPE_H

#include <stdbool.h>

/* Whether URL may be a base URL: https, or plain http to a loopback host.
 * Returns false and sets *WHY (g_free), a phrase that follows "base_url". */
bool url_shape_allowed(const char *url, char **why);
/* Whether URL's host is a loopback IP literal (127.0.0.0/8, ::1) or localhost. */
bool url_shape_is_loopback(const char *url);
/* Whether URL names a user, password or login options (even an empty "@"). */
bool url_shape_has_credentials(const char *url);

/* IP a numeric loopback address, bracketed or not ("127.0.0.2", "::1",
 * "[::1]"): 127.0.0.0/8 or ::1. The one such test, for URLs, the address a
 * connection reached and the sandbox's --host. */
bool url_shape_literal_is_loopback(const char *ip);
/* HOST a loopback literal or localhost. */
bool url_shape_host_is_loopback(const char *host);
/* Why URL is refused, given the SCHEME and HOST read from it (both NULL when
 * it could not be read): the one wording both parsers use (g_free). */
char *url_shape_refusal(const char *url, const char *scheme, const char *host);

/* PATH with PLACEHOLDER ("{id}") replaced by VALUE as one path segment,
 * percent-encoded, or NULL when VALUE cannot be one: empty, or "." or ".."
 * (which the client or the server would take as a step along the path: a
 * DELETE of ".." would go to the collection above). g_free. */
char *url_shape_fill_segment(const char *path, const char *placeholder, const char *value);

#endif
