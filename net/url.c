#include "net/url.h"

#include "model/safe_text.h"
#include "model/text.h"
#include "model/url_shape.h"

#include <arpa/inet.h>
#include <glib.h>
#include <string.h>

#if LIBCURL_VERSION_NUM < 0x075000
#error "custty needs libcurl 7.80 or later: CURLOPT_PREREQFUNCTION checks the address connected"
#endif

/* SCHEME and HOST as libcurl reads URL (curl_free both, even on failure). */
static bool url_parts(const char *url, char **scheme, char **host)
{
    CURLU *u = curl_url();
    bool ok = u && curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
              curl_url_get(u, CURLUPART_SCHEME, scheme, 0) == CURLUE_OK &&
              curl_url_get(u, CURLUPART_HOST, host, 0) == CURLUE_OK;
    curl_url_cleanup(u);
    return ok;
}

/* A copy of curl's string, curl's own wiped (it holds a token). */
static char *secret_from_curl(char *s)
{
    char *copy = g_strdup(s);
    if (s)
        explicit_bzero(s, strlen(s));
    curl_free(s);
    return copy;
}

/* The value of NAME=, last in QUERY: the one just appended (curl encodes
 * '&' and '=' in a value, so no earlier one can pass for it). */
static char *last_value(const char *query, const char *name)
{
    char *start = g_strdup_printf("%s=", name), *inner = g_strdup_printf("&%s=", name);
    const char *at = g_strrstr(query, inner);
    const char *value = at ? at + strlen(inner) : g_str_has_prefix(query, start) ? query + strlen(start) : "";
    char *out = g_strdup(value);
    g_free(start), g_free(inner);
    return out;
}

char *net_url_add_query(const char *url, const char *name, const char *value, char **encoded)
{
    CURLU *u = curl_url();
    char *pair = g_strdup_printf("%s=%s", name, value), *whole = NULL, *query = NULL;
    /* With CURLU_URLENCODE the first '=' stays as it is and the value is encoded. */
    bool ok = u && curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
              curl_url_set(u, CURLUPART_QUERY, pair, CURLU_APPENDQUERY | CURLU_URLENCODE) == CURLUE_OK &&
              curl_url_get(u, CURLUPART_URL, &whole, 0) == CURLUE_OK &&
              curl_url_get(u, CURLUPART_QUERY, &query, 0) == CURLUE_OK;
    curl_url_cleanup(u);
    char *out = secret_from_curl(whole), *q = secret_from_curl(query);
    if (encoded)
        *encoded = ok ? last_value(q, name) : NULL;
    if (!ok)
        text_free_secret(out), out = NULL;
    text_free_secret(q);
    text_free_secret(pair);
    return out;
}

bool net_address_is_loopback(const char *ip)
{
    return url_shape_literal_is_loopback(ip);
}

bool net_url_is_loopback(const char *url)
{
    char *scheme = NULL, *host = NULL;
    bool yes = url_parts(url, &scheme, &host) && url_shape_host_is_loopback(host);
    curl_free(scheme);
    curl_free(host);
    return yes;
}

bool net_url_allowed(const char *url, char **why)
{
    char *scheme = NULL, *host = NULL;
    bool parsed = url_parts(url, &scheme, &host);
    bool ok = parsed && (g_ascii_strcasecmp(scheme, "https") == 0 ||
                         (g_ascii_strcasecmp(scheme, "http") == 0 && url_shape_host_is_loopback(host)));
    if (!ok)
        *why = url_shape_refusal(url, parsed ? scheme : NULL, parsed ? host : NULL);
    curl_free(scheme);
    curl_free(host);
    return ok;
}

/* Called once connected, before the request is sent: a name that looked local
 * may still have resolved elsewhere. */
static int on_prereq(void *user, char *primary_ip, char *local_ip, int primary_port, int local_port)
{
    NetGuard *g = user;
    (void)local_ip, (void)primary_port, (void)local_port;
    if (!g->plain_http || net_address_is_loopback(primary_ip))
        return CURL_PREREQFUNC_OK;
    g_snprintf(g->refused, sizeof g->refused,
               "plain http reached %.64s, which is not this machine (only 127.0.0.0/8 and ::1 are); use https://",
               primary_ip ? primary_ip : "an unknown address");
    return CURL_PREREQFUNC_ABORT;
}

void net_url_guard(CURL *c, const char *url, NetGuard *g)
{
    char *scheme = NULL, *host = NULL;
    bool parsed = url_parts(url, &scheme, &host);
    g->plain_http = !parsed || g_ascii_strcasecmp(scheme, "https") != 0;
    g->refused[0] = '\0';
    if (g->plain_http || url_shape_host_is_loopback(host)) {
        /* Never through a proxy: it would read the token in clear, or reach
         * its own loopback instead of ours. */
        curl_easy_setopt(c, CURLOPT_PROXY, "");
        curl_easy_setopt(c, CURLOPT_NOPROXY, "*");
    } else {
        curl_easy_setopt(c, CURLOPT_HTTPPROXYTUNNEL, 1L); /* a proxy sees only CONNECT host:443 */
    }
    curl_easy_setopt(c, CURLOPT_PREREQFUNCTION, on_prereq);
    curl_easy_setopt(c, CURLOPT_PREREQDATA, g);
    curl_free(scheme);
    curl_free(host);
}

bool net_url_has_credentials(const char *url)
{
    static const CURLUPart parts[] = { CURLUPART_USER, CURLUPART_PASSWORD, CURLUPART_OPTIONS };
    CURLU *u = curl_url();
    bool has = url_shape_has_credentials(url); /* an "@" in the authority, or GLib's reading */
    if (u && curl_url_set(u, CURLUPART_URL, url, CURLU_NON_SUPPORT_SCHEME) == CURLUE_OK) {
        for (size_t i = 0; i < G_N_ELEMENTS(parts) && !has; i++) {
            char *v = NULL;
            has = curl_url_get(u, parts[i], &v, 0) == CURLUE_OK;
            curl_free(v);
        }
    }
    curl_url_cleanup(u);
    return has;
}
