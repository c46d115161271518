/* Who may use a provider of the sandbox: the credential in the descriptor's
 * scheme (bearer, basic, header, query) matched against its demo tokens,
 * its extra auth headers, and the token kinds that may not create. */
#include "net/sandbox_engine.h"

#include <microhttpd.h>
#include <string.h>

/* The text between PREFIX and SUFFIX of VALUE ("Key {token}"), or NULL. */
static char *between(const char *value, const char *tmpl)
{
    const char *at = strstr(tmpl, "{token}");
    size_t head = (size_t)(at - tmpl), tail = strlen(at + 7), n = strlen(value);
    if (n < head + tail || strncmp(value, tmpl, head) != 0 || strcmp(value + n - tail, at + 7) != 0)
        return NULL;
    return g_strndup(value + head, n - head - tail);
}

static char *basic_credential(const char *auth)
{
    if (g_ascii_strncasecmp(auth, "Basic ", 6) != 0)
        return NULL;
    gsize len = 0;
    guchar *raw = g_base64_decode(auth + 6, &len);
    char *text = raw && len && !memchr(raw, '\0', len) ? g_strndup((char *)raw, len) : NULL;
    if (raw)
        explicit_bzero(raw, len);
    g_free(raw);
    return text;
}

void sb_auth_read(const Descriptor *d, SbRequest *req)
{
    const char *value = NULL;
    switch (d->auth) {
    case AUTH_NONE:
        return;
    case AUTH_BEARER:
        value = sb_header(req, "Authorization");
        if (value && g_ascii_strncasecmp(value, "Bearer ", 7) == 0)
            req->token = value + 7;
        break;
    case AUTH_BASIC:
        value = sb_header(req, "Authorization");
        req->token = req->token_buf = value ? basic_credential(value) : NULL;
        break;
    case AUTH_HEADER:
        value = sb_header(req, d->auth_header_name);
        req->token = req->token_buf = value ? between(value, d->auth_header_value) : NULL;
        break;
    case AUTH_QUERY:
        req->token = value = sb_query(req, d->auth_query_param);
        break;
    }
    req->token_sent = value != NULL;
}

bool sb_auth_known(const SbProvider *p, const char *token)
{
    return token && g_strv_contains((const gchar *const *)p->tokens, token);
}

static bool refuse(const SbProvider *p, SbReply *reply, int status, const char *reason, const char *fallback,
                   SbVars *v)
{
    char *msg = sb_message(p, reason, fallback, v);
    sb_reply_error(p, reply, status, status, reason, msg, NULL);
    g_free(msg);
    sb_vars_done(v);
    return false;
}

bool sb_auth_check(const SbProvider *p, const SbRequest *req, bool writes, SbReply *reply)
{
    const Descriptor *d = p->d;
    SbVars v = { 0 };
    if (d->auth == AUTH_NONE)
        return true;
    /* A credential need not come where auth is optional; one that comes must be right. */
    if ((req->token_sent || d->auth_required) && !sb_auth_known(p, req->token))
        return refuse(p, reply, 401, "unauthorized", "Invalid or missing API key.", &v);
    for (size_t i = 0; i < d->n_auth_headers; i++) {
        const char *got = sb_header(req, d->auth_headers[i].name);
        if (!got || strcmp(got, d->auth_headers[i].value) != 0) {
            sb_vars_text(&v, "name", d->auth_headers[i].name);
            sb_vars_text(&v, "value", d->auth_headers[i].value);
            return refuse(p, reply, 401, "header", "{name} header must be {value}", &v);
        }
    }
    if (writes && req->token && !sandbox_token_may_create(d, req->token))
        return refuse(p, reply, 403, "forbidden", "This key may only read; use one that may create.", &v);
    return true;
}
