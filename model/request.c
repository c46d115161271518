#include "model/request.h"

#include "model/auth.h"
#include "model/jsonpath.h"
#include "model/text.h"
#include "model/validate.h"

#include <glib.h>
#include <string.h>

char *url_join(const char *base, const char *path)
{
    size_t n = strlen(base);
    while (n > 0 && base[n - 1] == '/')
        n--;
    while (*path == '/')
        path++;
    return g_strdup_printf("%.*s/%s", (int)n, base, path);
}

/* The JSON a checked value becomes: null, an object, an array, a number, a
 * boolean or a string. */
static cJSON *value_item(const Field *f, const FieldCheck *c)
{
    const char *normalized = c->normalized;
    if (c->is_null)
        return cJSON_CreateNull();
    if (f->type == FIELD_JSON || f->type == FIELD_LIST)
        return cJSON_Parse(normalized);
    if (f->type == FIELD_INTEGER)
        return cJSON_CreateNumber((double)g_ascii_strtoll(normalized, NULL, 10));
    if (f->type == FIELD_NUMBER)
        return cJSON_CreateNumber(g_ascii_strtod(normalized, NULL));
    if (f->type == FIELD_BOOLEAN)
        return cJSON_CreateBool(strcmp(normalized, "true") == 0);
    return cJSON_CreateString(normalized);
}

typedef struct {
    cJSON *body;
    char **err;
} Building;

static bool add_field(void *ctx, const Field *f, const FieldCheck *c)
{
    Building *b = ctx;
    if (!c->ok) {
        *b->err = g_strdup_printf("%s %s", f->name, c->message);
        return false;
    }
    /* Only fields that are filled (or set to null) are sent, as every provider asks. */
    if (!c->empty || c->is_null)
        jsonpath_set(b->body, f->name, value_item(f, c));
    return true;
}

cJSON *request_body(const Descriptor *d, const Values *v, char **err)
{
    Building b = { cJSON_CreateObject(), err };
    if (values_each_checked(d, v, add_field, &b))
        return b.body;
    cJSON_Delete(b.body);
    return NULL;
}

/* Whether PARSED is the JSON type field F sends. */
static bool raw_type_fits(const Field *f, const cJSON *parsed)
{
    switch (f->type) {
    case FIELD_JSON: return cJSON_IsObject(parsed);
    case FIELD_INTEGER: case FIELD_NUMBER: return cJSON_IsNumber(parsed);
    case FIELD_BOOLEAN: return cJSON_IsBool(parsed);
    default: return false;
    }
}

static cJSON *raw_item(const Field *f, const char *text)
{
    if (f->type == FIELD_LIST) { /* the items as typed, empty ones kept: QA sees what the provider does */
        cJSON *items = cJSON_CreateArray();
        gchar **parts = g_strsplit(text, ",", -1);
        for (gchar **p = parts; *p; p++)
            cJSON_AddItemToArray(items, cJSON_CreateString(g_strstrip(*p)));
        g_strfreev(parts);
        return items;
    }
    cJSON *parsed = cJSON_Parse(text);
    if (parsed && raw_type_fits(f, parsed))
        return parsed;
    cJSON_Delete(parsed);
    return cJSON_CreateString(text);
}

cJSON *request_body_unchecked(const Descriptor *d, const Values *v)
{
    cJSON *body = cJSON_CreateObject();
    for (size_t i = 0; i < d->n_fields; i++) {
        if (values_is_null(v, d->fields[i].name)) {
            jsonpath_set(body, d->fields[i].name, cJSON_CreateNull());
            continue;
        }
        const char *text = values_get(v, d->fields[i].name, NULL);
        char *trimmed = text ? g_strstrip(g_strdup(text)) : NULL;
        if (trimmed && *trimmed)
            jsonpath_set(body, d->fields[i].name, raw_item(&d->fields[i], trimmed));
        g_free(trimmed);
    }
    return body;
}

static void add_header(Request *r, const char *name, const char *value, bool secret)
{
    r->headers = g_renew(RequestHeader, r->headers, r->n_headers + 1);
    r->headers[r->n_headers++] = (RequestHeader){ g_strdup(name), g_strdup(value), secret };
}

static void add_headers(const Descriptor *d, const RequestOptions *opt, Request *r)
{
    add_header(r, "Content-Type", "application/json", false);
    add_header(r, "Accept", "application/json", false);
    const char *name = NULL;
    char *auth = NULL;
    if (auth_header(d, opt->token, &name, &auth)) {
        add_header(r, name, auth, true);
        text_free_secret(auth);
    }
    if (opt->token && *opt->token && d->auth == AUTH_QUERY)
        r->query_token = (RequestHeader){ g_strdup(d->auth_query_param), g_strdup(opt->token), true };
    for (size_t i = 0; i < d->n_auth_headers; i++)
        add_header(r, d->auth_headers[i].name, d->auth_headers[i].value, false);
    if (d->idempotency && opt->idempotency_key && *opt->idempotency_key)
        add_header(r, d->idempotency_header, opt->idempotency_key, false);
}

/* A UUID (36 characters) where the provider takes one; else as many random
 * base-32 characters as it takes, up to 32 (160 bits). The descriptor is
 * refused below DESCRIPTOR_KEY_MIN, so a short limit still leaves 80 bits:
 * shortening is safe, refusing every create would not help anyone. */
char *request_new_idempotency_key(const Descriptor *d)
{
    static const char digits[] = "0123456789abcdefghjkmnpqrstvwxyz"; /* Crockford's, in lower case */
    if (!d || !d->idempotency || d->idempotency_max >= 36)
        return g_uuid_string_random();
    int n = MIN(d->idempotency_max, 32);
    char *key = g_malloc((size_t)n + 1);
    for (int i = 0; i < n; i++)
        key[i] = digits[g_random_int_range(0, 32)];
    key[n] = '\0';
    return key;
}

/* A key goes into a header line as it is: one CR/LF in it (from argv, or a
 * history file sent again) would add headers of its writer's choosing. */
static bool key_is_printable(const char *key)
{
    for (; *key; key++)
        if ((unsigned char)*key < 0x20 || (unsigned char)*key > 0x7e)
            return false;
    return true;
}

/* Why KEY cannot go to D (g_free), or NULL: checked before sending, since a
 * provider answers a key too long with a refusal at best. */
static char *key_problem(const Descriptor *d, const char *key)
{
    if (!key_is_printable(key))
        return g_strdup("the idempotency key must be printable ASCII (no line breaks or control characters), "
                        "like the one custty printed");
    size_t n = strlen(key);
    if (n > (size_t)d->idempotency_max)
        return g_strdup_printf("the idempotency key is %zu characters long; %s takes at most %d "
                               "(its idempotency.max_length): give a shorter one, like the one custty printed",
                               n, d->title, d->idempotency_max);
    return NULL;
}

bool request_build(const Descriptor *d, const Values *v, const RequestOptions *opt,
                   Request *out, char **err)
{
    memset(out, 0, sizeof *out);
    if (!opt->base_url || !*opt->base_url) {
        *err = g_strdup_printf("%s has no public host: give its base URL", d->title);
        return false;
    }
    if (d->idempotency && opt->idempotency_key && (*err = key_problem(d, opt->idempotency_key)))
        return false;
    cJSON *body = opt->body ? cJSON_Duplicate(opt->body, true)
                  : opt->unchecked ? request_body_unchecked(d, v) : request_body(d, v, err);
    if (!body)
        return false;
    out->method = g_strdup(d->create_method);
    out->url = url_join(opt->base_url, d->create_path);
    out->body = cJSON_PrintUnformatted(body);
    cJSON_Delete(body);
    add_headers(d, opt, out);
    return true;
}

cJSON *request_masked_body(const Descriptor *d, const char *body)
{
    cJSON *doc = body ? cJSON_Parse(body) : NULL;
    for (size_t i = 0; doc && i < d->n_fields; i++)
        if (d->fields[i].secret && jsonpath_get(doc, d->fields[i].name))
            jsonpath_set(doc, d->fields[i].name, cJSON_CreateString("***"));
    return doc;
}

bool request_has_secret_values(const Descriptor *d, const cJSON *body)
{
    for (size_t i = 0; d && i < d->n_fields; i++)
        if (d->fields[i].secret && jsonpath_get(body, d->fields[i].name))
            return true;
    return false;
}

void request_done(Request *r)
{
    for (size_t i = 0; i < r->n_headers; i++) {
        if (r->headers[i].secret)
            explicit_bzero(r->headers[i].value, strlen(r->headers[i].value));
        g_free(r->headers[i].name);
        g_free(r->headers[i].value);
    }
    g_free(r->headers);
    g_free(r->query_token.name);
    text_free_secret(r->query_token.value);
    g_free(r->method);
    g_free(r->url);
    if (r->body)
        explicit_bzero(r->body, strlen(r->body)); /* it may carry a password */
    g_free(r->body);
    memset(r, 0, sizeof *r);
}

/* "Bearer sk_t…": the scheme stays readable, the secret does not. */
static char *masked_header_value(const char *value)
{
    const char *space = strchr(value, ' ');
    const char *secret = space ? space + 1 : value;
    char *mask = text_mask_secret(secret);
    char *out = g_strdup_printf("%.*s%s", (int)(secret - value), value, mask);
    g_free(mask);
    return out;
}

char *request_to_printable_json(const Request *r, bool pretty)
{
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "method", r->method);
    char *url = NULL;
    if (r->query_token.name) {
        char *mask = text_mask_secret(r->query_token.value);
        url = auth_url_with_param(r->url, r->query_token.name, mask);
        g_free(mask);
    }
    cJSON_AddStringToObject(root, "url", url ? url : r->url);
    g_free(url);
    cJSON *headers = cJSON_AddObjectToObject(root, "headers");
    for (size_t i = 0; i < r->n_headers; i++) {
        char *shown = r->headers[i].secret ? masked_header_value(r->headers[i].value)
                                           : g_strdup(r->headers[i].value);
        cJSON_AddStringToObject(headers, r->headers[i].name, shown);
        g_free(shown);
    }
    cJSON *body = cJSON_Parse(r->body);
    cJSON_AddItemToObject(root, "body", body ? body : cJSON_CreateNull());
    char *text = pretty ? json_print_pretty(root) : cJSON_PrintUnformatted(root);
    cJSON_Delete(root);
    return text;
}

const char *request_header(const Request *r, const char *name)
{
    for (size_t i = 0; i < r->n_headers; i++)
        if (g_ascii_strcasecmp(r->headers[i].name, name) == 0)
            return r->headers[i].value;
    return NULL;
}
