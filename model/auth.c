#include "model/auth.h"

#include "model/text.h"

#include <glib.h>
#include <string.h>

/* The header value for the header scheme: its template with {token} replaced. */
static char *header_value(const Descriptor *d, const char *token)
{
    const char *at = strstr(d->auth_header_value, "{token}");
    if (!at) /* the parse refuses such a descriptor; a token is never dropped */
        return g_strdup(token);
    return g_strdup_printf("%.*s%s%s", (int)(at - d->auth_header_value), d->auth_header_value, token,
                           at + strlen("{token}"));
}

static char *basic_value(const char *token)
{
    char *b64 = g_base64_encode((const guchar *)token, strlen(token));
    char *value = g_strdup_printf("Basic %s", b64);
    text_free_secret(b64);
    return value;
}

/* A line break in a token would end its header and start one of the
 * token's choosing; no scheme's token holds a control character. */
static bool token_has_control(const char *token)
{
    for (const unsigned char *p = (const unsigned char *)token; *p; p++)
        if (*p < 0x20 || *p == 0x7f)
            return true;
    return false;
}

bool auth_header(const Descriptor *d, const char *token, const char **name, char **value)
{
    if (!token || !*token || token_has_control(token))
        return false;
    switch (d->auth) {
    case AUTH_BEARER:
        *name = "Authorization", *value = g_strdup_printf("Bearer %s", token);
        return true;
    case AUTH_BASIC:
        *name = "Authorization", *value = basic_value(token);
        return true;
    case AUTH_HEADER:
        *name = d->auth_header_name, *value = header_value(d, token);
        return true;
    case AUTH_NONE:
    case AUTH_QUERY:
        break;
    }
    return false;
}

char *auth_masked_header_line(const Descriptor *d, const char *token)
{
    const char *name = NULL;
    char *value = NULL;
    if (!auth_header(d, token, &name, &value))
        return NULL;
    char *shown = NULL;
    if (d->auth == AUTH_HEADER) {
        char *mask = text_mask_secret(token);
        shown = header_value(d, mask);
        g_free(mask);
    } else { /* "Bearer sk_t…", "Basic dXNl…": the scheme stays readable */
        const char *secret = strchr(value, ' ') + 1;
        char *mask = text_mask_secret(secret);
        shown = g_strdup_printf("%.*s%s", (int)(secret - value), value, mask);
        g_free(mask);
    }
    char *line = g_strdup_printf("%s: %s", name, shown);
    text_free_secret(value);
    g_free(shown);
    return line;
}

/* URL cut where VALUE goes: *HEAD ends in "NAME=", *TAIL is the fragment or
 * "". g_free both. */
static void auth_url_split(const char *url, const char *name, char **head, char **tail)
{
    const char *hash = strchr(url, '#');
    size_t n = hash ? (size_t)(hash - url) : strlen(url);
    const char *query = memchr(url, '?', n);
    /* "?" alone or a query ending in "&" takes the parameter as it is. */
    const char *sep = !query ? "?" : (query == url + n - 1 || url[n - 1] == '&') ? "" : "&";
    *head = g_strdup_printf("%.*s%s%s=", (int)n, url, sep, name);
    *tail = g_strdup(hash ? hash : "");
}

char *auth_url_with_param(const char *url, const char *name, const char *value)
{
    char *head, *tail;
    auth_url_split(url, name, &head, &tail);
    char *out = g_strdup_printf("%s%s%s", head, value, tail);
    g_free(head), g_free(tail);
    return out;
}

char *auth_masked_url(const Descriptor *d, const char *url, const char *token)
{
    if (d->auth != AUTH_QUERY || !token || !*token)
        return g_strdup(url);
    char *mask = text_mask_secret(token);
    char *out = auth_url_with_param(url, d->auth_query_param, mask);
    g_free(mask);
    return out;
}

char *auth_describe(const Descriptor *d)
{
    switch (d->auth) {
    case AUTH_BEARER: return g_strdup("as a bearer token");
    case AUTH_BASIC: return g_strdup("with HTTP Basic, as user:password");
    case AUTH_HEADER: return g_strdup_printf("in the %s header", d->auth_header_name);
    case AUTH_QUERY: return g_strdup_printf("in the %s query parameter", d->auth_query_param);
    case AUTH_NONE: break;
    }
    return NULL;
}

const char *auth_token_form_problem(const Descriptor *d, const char *token)
{
    /* RFC 7617: the user name holds no colon, the password may; an API key
     * sent as the user name alone is "KEY:". */
    if (token && token_has_control(token))
        return "holds a control character (a line break or tab, often from a copy): paste the token again";
    if (d->auth == AUTH_BASIC && token && !strchr(token, ':'))
        return "is sent with HTTP Basic: give it as user:password (a key alone as KEY:)";
    return NULL;
}
