/* Where a request may go. Request URLs are read with libcurl's own parser
 * (the one that will connect), never by hand; config files are judged
 * before the module loads by model/url_shape.h, with the same rules and
 * words. Plain http carries the token in clear, so it may only stay on this
 * machine: statically, its host must be a
 * loopback literal or "localhost"; and at connect time, the address actually
 * reached must be 127.0.0.0/8 or ::1, checked before a byte of the request
 * is sent. Loopback requests never go through a proxy; others only as a
 * tunnel. */
#ifndef CUSTTY_NET_URL_H
#define CUSTTY_NET_URL_H

#include <curl/curl.h>
#include <stdbool.h>

/* Whether URL may be used: https, or plain http to a loopback host.
 * Returns false and sets *WHY (g_free), a phrase that follows "the URL" or
 * "base_url", otherwise. */
bool net_url_allowed(const char *url, char **why);

/* Whether URL's host is a loopback IP literal (127.0.0.0/8, ::1) or
 * localhost; a name that merely starts with "127." is not. */
bool net_url_is_loopback(const char *url);

/* Whether URL names a user, password or login options (even an empty
 * "@"): a token belongs in the keyring, never in a URL. */
bool net_url_has_credentials(const char *url);

/* URL with NAME=VALUE added to its query, VALUE percent-encoded and a query
 * URL has kept, as libcurl writes it; NULL when URL does not parse. *ENCODED
 * (optional) gets VALUE as it is written there. text_free_secret both: VALUE
 * is a token. */
char *net_url_add_query(const char *url, const char *name, const char *value, char **encoded);

/* Whether the numeric address IP (as curl reports it) is 127.0.0.0/8 or ::1. */
bool net_address_is_loopback(const char *ip);

/* What net_url_guard keeps for one handle; it must outlive the transfer. */
typedef struct {
    bool plain_http;     /* the connected address must be loopback */
    char refused[256];   /* why the connection was refused, or "" */
} NetGuard;

/* Sets C's proxy use and the connect-time check for URL: no proxy for a
 * loopback host, a tunnel for anything else, and for plain http an abort
 * before the request is sent unless the connected address is loopback
 * (the transfer then ends with CURLE_ABORTED_BY_CALLBACK and G->refused). */
void net_url_guard(CURL *c, const char *url, NetGuard *g);

#endif
