#include "model/url_shape.h"

#include "model/safe_text.h"

#include <arpa/inet.h>
#include <glib.h>
#include <string.h>

bool url_shape_literal_is_loopback(const char *ip)
{
    size_t len = ip ? strlen(ip) : 0;
    char bare[INET6_ADDRSTRLEN + 1];
    if (len >= 2 && ip[0] == '[' && ip[len - 1] == ']' && len - 2 < sizeof bare) {
        memcpy(bare, ip + 1, len - 2);
        bare[len - 2] = '\0';
        ip = bare;
    }
    struct in_addr v4;
    struct in6_addr v6;
    if (!ip)
        return false;
    if (inet_pton(AF_INET, ip, &v4) == 1)
        return (ntohl(v4.s_addr) >> 24) == 127;
    return inet_pton(AF_INET6, ip, &v6) == 1 && IN6_IS_ADDR_LOOPBACK(&v6);
}

bool url_shape_host_is_loopback(const char *host)
{
    return url_shape_literal_is_loopback(host) || (host && g_ascii_strcasecmp(host, "localhost") == 0);
}

char *url_shape_refusal(const char *url, const char *scheme, const char *host)
{
    char *safe = scheme && host ? safe_text(host, strlen(host)) : safe_text(url, strlen(url));
    char *why;
    if (!scheme || !host)
        why = g_strdup_printf("is not a URL like https://api.example.com (got \"%s\")", safe);
    else if (g_ascii_strcasecmp(scheme, "http") == 0)
        why = g_strdup_printf("must be https://, as plain http would send the token in clear: it may only go to "
                              "this machine (127.x.x.x, [::1] or localhost), and %s is not one; use https://%s",
                              safe, safe);
    else
        why = g_strdup_printf("must be https:// (or plain http to this machine), not %.16s://", scheme);
    g_free(safe);
    return why;
}

/* SCHEME and HOST of URL (g_free both), or false when it is not an absolute
 * URL with a host. */
static bool shape(const char *url, char **scheme, char **host)
{
    *scheme = *host = NULL;
    if (!g_uri_split(url, G_URI_FLAGS_NONE, scheme, NULL, host, NULL, NULL, NULL, NULL, NULL) || !*host ||
        !**host) {
        g_free(*scheme), g_free(*host);
        *scheme = *host = NULL;
        return false;
    }
    return *scheme != NULL;
}

bool url_shape_allowed(const char *url, char **why)
{
    char *scheme = NULL, *host = NULL;
    bool parsed = url && shape(url, &scheme, &host);
    bool ok = parsed && (g_ascii_strcasecmp(scheme, "https") == 0 ||
                         (g_ascii_strcasecmp(scheme, "http") == 0 && url_shape_host_is_loopback(host)));
    if (!ok)
        *why = url_shape_refusal(url ? url : "", scheme, host);
    g_free(scheme), g_free(host);
    return ok;
}

bool url_shape_is_loopback(const char *url)
{
    char *scheme = NULL, *host = NULL;
    bool yes = url && shape(url, &scheme, &host) && url_shape_host_is_loopback(host);
    g_free(scheme), g_free(host);
    return yes;
}

/* RFC 3986: the authority ends at the first '/', '?' or '#', and holds user
 * information exactly when it holds an '@'. */
static bool authority_has_at(const char *url)
{
    const char *scheme_end = strstr(url, "://");
    const char *authority = scheme_end ? scheme_end + 3 : url;
    return memchr(authority, '@', strcspn(authority, "/?#")) != NULL;
}

bool url_shape_has_credentials(const char *url)
{
    char *user = NULL, *password = NULL, *params = NULL;
    bool has = !url || authority_has_at(url);
    if (!has && g_uri_split_with_user(url, G_URI_FLAGS_HAS_PASSWORD | G_URI_FLAGS_HAS_AUTH_PARAMS, NULL, &user,
                                      &password, &params, NULL, NULL, NULL, NULL, NULL, NULL))
        has = user || password || params;
    g_free(user), g_free(password), g_free(params);
    return has;
}

char *url_shape_fill_segment(const char *path, const char *placeholder, const char *value)
{
    if (!value || !*value || strcmp(value, ".") == 0 || strcmp(value, "..") == 0)
        return NULL;
    char *escaped = g_uri_escape_string(value, NULL, FALSE);
    gchar **parts = g_strsplit(path, placeholder, -1);
    char *filled = g_strjoinv(escaped, parts);
    g_strfreev(parts);
    g_free(escaped);
    return filled;
}
