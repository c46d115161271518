/* The parts of a descriptor besides its fields: auth from the security
 * schemes, environments from the servers, idempotency from the parameters. */
#include "model/openapi_internal.h"

#include <string.h>

static const cJSON *oa_at(const cJSON *obj, const char *a, const char *b)
{
    return cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(obj, a), b);
}

/* The name of the first scheme OP's security (or the document's) asks for. */
static const char *oa_security_name(OaCtx *c, const cJSON *op)
{
    const cJSON *sec = cJSON_GetObjectItemCaseSensitive(op, "security");
    if (!sec)
        sec = cJSON_GetObjectItemCaseSensitive(c->spec, "security");
    const cJSON *req;
    cJSON_ArrayForEach(req, sec)
        if (cJSON_IsObject(req) && req->child)
            return req->child->string;
    const cJSON *schemes = oa_at(c->spec, "components", "securitySchemes");
    if (cJSON_IsObject(schemes) && schemes->child && !schemes->child->next && !sec) {
        oa_mapped(c, "auth: no security requirement; the one scheme, %s, used", schemes->child->string);
        return schemes->child->string;
    }
    return NULL;
}


static cJSON *oa_auth_of(OaCtx *c, const char *name, const cJSON *scheme)
{
    cJSON *auth = cJSON_CreateObject();
    const char *type = oa_str(scheme, "type"), *how = oa_str(scheme, "scheme"), *in = oa_str(scheme, "in");
    const char *key = oa_str(scheme, "name");
    type = type ? type : "";
    if (strcmp(type, "http") == 0 && how && g_ascii_strcasecmp(how, "basic") == 0) {
        cJSON_AddStringToObject(auth, "scheme", "basic");
    } else if (strcmp(type, "http") == 0 && how && g_ascii_strcasecmp(how, "bearer") == 0) {
        cJSON_AddStringToObject(auth, "scheme", "bearer");
    } else if (strcmp(type, "apiKey") == 0 && in && key && strcmp(in, "header") == 0) {
        cJSON_AddStringToObject(auth, "scheme", "header");
        cJSON_AddStringToObject(cJSON_AddObjectToObject(auth, "header"), "name", key);
    } else if (strcmp(type, "apiKey") == 0 && in && key && strcmp(in, "query") == 0) {
        cJSON_AddStringToObject(auth, "scheme", "query");
        cJSON_AddStringToObject(auth, "query", key);
    } else if (strcmp(type, "oauth2") == 0 || strcmp(type, "openIdConnect") == 0) {
        cJSON_AddStringToObject(auth, "scheme", "bearer");
        oa_unmapped(c, "auth: %s is %s — imported as a bearer token obtained elsewhere", name, type);
    } else {
        cJSON_AddStringToObject(auth, "scheme", "none");
        oa_unmapped(c, "auth: %s (%s%s%s) — not mapped; no auth", name, type, in ? " in " : "", in ? in : "");
        return auth;
    }
    oa_mapped(c, "auth: %s → %s", name, oa_str(auth, "scheme"));
    return auth;
}

void oa_auth(OaCtx *c, const cJSON *op, cJSON *desc)
{
    const char *name = oa_security_name(c, op);
    const cJSON *scheme = name ? cJSON_GetObjectItemCaseSensitive(oa_at(c->spec, "components", "securitySchemes"), name) : NULL;
    size_t pushed = 0;
    char *why = NULL;
    if (scheme)
        scheme = oa_resolve(c, scheme, &pushed, &why);
    cJSON *auth;
    if (scheme) {
        auth = oa_auth_of(c, name, scheme);
    } else if (oa_has_param(c, op, "header", "Authorization")) {
        auth = cJSON_CreateObject();
        cJSON_AddStringToObject(auth, "scheme", "bearer");
        oa_mapped(c, "auth: an Authorization header parameter → bearer");
    } else {
        auth = cJSON_CreateObject();
        cJSON_AddStringToObject(auth, "scheme", "none");
        oa_unmapped(c, "auth: %s — no auth", name ? "a security scheme the document does not define" : "none declared");
    }
    g_free(why);
    oa_pop(c, pushed);
    cJSON_AddItemToObject(desc, "auth", auth);
}

/* ---- environments --------------------------------------------------------- */

/* URL with each {variable} replaced by its default (g_free); NULL when one
 * has none. */
static char *oa_expand(const char *url, const cJSON *vars)
{
    GString *s = g_string_new(NULL);
    for (const char *p = url; *p; p++) {
        const char *close = *p == '{' ? strchr(p, '}') : NULL;
        if (!close) {
            g_string_append_c(s, *p);
            continue;
        }
        char *var = g_strndup(p + 1, (size_t)(close - p - 1));
        const char *value = oa_str(cJSON_GetObjectItemCaseSensitive(vars, var), "default");
        g_free(var);
        if (!value) {
            g_string_free(s, TRUE);
            return NULL;
        }
        g_string_append(s, value);
        p = close;
    }
    while (s->len > 1 && s->str[s->len - 1] == '/')
        g_string_truncate(s, s->len - 1);
    return g_string_free(s, FALSE);
}

static bool oa_test_words(const char *text)
{
    char *low = g_ascii_strdown(text, -1);
    bool test = strstr(low, "sandbox") || strstr(low, "test") || strstr(low, "staging") || strstr(low, "mock") ||
                strstr(low, "dev");
    g_free(low);
    return test;
}

static char *oa_env_name(const cJSON *server, const char *url, const cJSON *envs)
{
    const char *desc = oa_str(server, "description");
    char *base = desc && *desc ? openapi_slug(desc) : g_strdup(oa_test_words(url) ? "sandbox" : "live");
    char *name = g_strdup(base);
    for (int n = 2;; n++) {
        bool taken = false;
        const cJSON *e;
        cJSON_ArrayForEach(e, envs)
            taken = taken || strcmp(oa_str(e, "name"), name) == 0;
        if (!taken)
            break;
        g_free(name);
        name = g_strdup_printf("%s-%d", base, n);
    }
    g_free(base);
    return name;
}

static void oa_server(OaCtx *c, const cJSON *server, cJSON *envs)
{
    const char *raw = oa_str(server, "url");
    char *url = raw ? oa_expand(raw, cJSON_GetObjectItemCaseSensitive(server, "variables")) : NULL;
    if (!url || (!g_str_has_prefix(url, "https://") && !g_str_has_prefix(url, "http://"))) {
        oa_unmapped(c, "servers: \"%s\": %s — not an environment", raw ? raw : "",
                    url ? "not an http or https URL" : "a variable with no default");
    } else {
        cJSON *e = cJSON_CreateObject();
        char *name = oa_env_name(server, url, envs);
        cJSON_AddStringToObject(e, "name", name);
        cJSON_AddStringToObject(e, "base_url", url);
        const char *desc = oa_str(server, "description");
        cJSON_AddBoolToObject(e, "live", !oa_test_words(url) && !(desc && oa_test_words(desc)));
        cJSON_AddItemToArray(envs, e);
        oa_mapped(c, "environment %s: %s", name, url);
        g_free(name);
    }
    g_free(url);
}

void oa_environments(OaCtx *c, cJSON *desc)
{
    cJSON *envs = cJSON_AddArrayToObject(desc, "environments");
    const cJSON *server;
    cJSON_ArrayForEach(server, cJSON_GetObjectItemCaseSensitive(c->spec, "servers"))
        oa_server(c, server, envs);
    if (!cJSON_GetArraySize(envs))
        oa_unmapped(c, "servers: none usable — the profile gives the base URL");
}

/* ---- parameters -------------------------------------------------------------- */

bool oa_has_param(OaCtx *c, const cJSON *op, const char *in, const char *name)
{
    bool header = strcmp(in, "header") == 0;
    const cJSON *each;
    bool found = false;
    cJSON_ArrayForEach(each, cJSON_GetObjectItemCaseSensitive(op, "parameters")) {
        size_t pushed;
        char *why = NULL;
        const cJSON *p = oa_resolve(c, each, &pushed, &why);
        const char *where = oa_str(p, "in"), *n = oa_str(p, "name");
        found = found || (where && n && strcmp(where, in) == 0 &&
                          (header ? g_ascii_strcasecmp(n, name) : strcmp(n, name)) == 0);
        g_free(why);
        oa_pop(c, pushed);
    }
    return found;
}

void oa_idempotency(OaCtx *c, const cJSON *op, const cJSON *path_item, cJSON *desc)
{
    if (!oa_has_param(c, op, "header", "Idempotency-Key") && !oa_has_param(c, path_item, "header", "Idempotency-Key"))
        return;
    cJSON *idem = cJSON_AddObjectToObject(desc, "idempotency");
    cJSON_AddTrueToObject(idem, "supported");
    cJSON_AddStringToObject(idem, "header", "Idempotency-Key");
    oa_mapped(c, "idempotency: an Idempotency-Key header parameter → supported");
}
