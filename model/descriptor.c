/* Reading a provider descriptor: the JSON checked key by key, with errors that
 * name the file, the place and the fix. Queries and freeing: descriptor_query.c. */
#include "model/descriptor.h"

#include "model/field_pattern.h"
#include "model/jsonpath.h"
#include "model/safe_text.h"
#include "model/text.h"

#include <cjson/cJSON.h>
#include <glib.h>
#include <math.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>

/* One parse: the file named in errors and the first error met. */
typedef struct {
    const char *source;
    char *error;
} Reader;

static const char *const TYPE_NAMES[] = {
    [FIELD_STRING] = "string", [FIELD_EMAIL] = "email",     [FIELD_PHONE] = "phone",
    [FIELD_COUNTRY] = "country", [FIELD_UUID] = "uuid",     [FIELD_ENUM] = "enum",
    [FIELD_JSON] = "json",     [FIELD_PASSWORD] = "password", [FIELD_INTEGER] = "integer",
    [FIELD_BOOLEAN] = "boolean", [FIELD_NUMBER] = "number", [FIELD_DATE] = "date",
    [FIELD_DATE_TIME] = "date-time", [FIELD_URL] = "url",   [FIELD_LIST] = "list",
    [FIELD_CURRENCY] = "currency",
    NULL,
};

const char *field_type_name(FieldType t)
{
    return TYPE_NAMES[t];
}

bool field_type_is_text(FieldType t)
{
    return t != FIELD_INTEGER && t != FIELD_NUMBER && t != FIELD_BOOLEAN && t != FIELD_JSON && t != FIELD_LIST;
}

G_GNUC_PRINTF(3, 4)
static void fail(Reader *r, const char *where, const char *fmt, ...)
{
    if (r->error)
        return;
    va_list ap;
    va_start(ap, fmt);
    char *what = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    r->error = g_strdup_printf("%s: %s: %s", r->source, where, what);
    g_free(what);
}

static char *join_path(const char *where, const char *key)
{
    return *where ? g_strdup_printf("%s.%s", where, key) : g_strdup(key);
}

/* Unknown keys are errors: a typo must not silently drop a setting. */
static void check_keys(Reader *r, const cJSON *obj, const char *where,
                       const char *const *allowed)
{
    const cJSON *item;
    cJSON_ArrayForEach(item, obj) {
        if (g_strv_contains((const gchar *const *)allowed, item->string))
            continue;
        char *at = join_path(where, item->string);
        const char *guess = text_closest(item->string, allowed);
        if (guess)
            fail(r, at, "unknown key; did you mean \"%s\"?", guess);
        else
            fail(r, at, "unknown key");
        g_free(at);
    }
}

static const cJSON *member(Reader *r, const cJSON *obj, const char *where,
                           const char *key, bool required)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!item && required) {
        char *at = join_path(where, key);
        fail(r, at, "missing (it is required)");
        g_free(at);
    }
    return item;
}

static void wrong_type(Reader *r, const char *where, const char *key, const char *want)
{
    char *at = join_path(where, key);
    fail(r, at, "must be %s", want);
    g_free(at);
}

static char *get_string(Reader *r, const cJSON *obj, const char *where,
                        const char *key, bool required)
{
    const cJSON *item = member(r, obj, where, key, required);
    if (!item)
        return NULL;
    if (!cJSON_IsString(item)) {
        wrong_type(r, where, key, "a string");
        return NULL;
    }
    return g_strdup(item->valuestring);
}

static bool get_bool(Reader *r, const cJSON *obj, const char *where,
                     const char *key, bool fallback)
{
    const cJSON *item = member(r, obj, where, key, false);
    if (!item)
        return fallback;
    if (!cJSON_IsBool(item))
        wrong_type(r, where, key, "true or false");
    return cJSON_IsTrue(item);
}

/* Whole numbers a descriptor may hold: inside long long with room to spare. */
#define INT_LIMIT 9.2e18

/* A whole number from LO to HI. The range is checked on the double first:
 * casting 1e30 or NaN to long long is undefined. */
static long long get_int(Reader *r, const cJSON *obj, const char *where, const char *key,
                         long long fallback, double lo, double hi)
{
    const cJSON *item = member(r, obj, where, key, false);
    if (!item)
        return fallback;
    double v = cJSON_IsNumber(item) ? item->valuedouble : 0;
    if (!cJSON_IsNumber(item) || !(v >= lo && v <= hi) || v != (double)(long long)v) {
        char *want = g_strdup_printf("a whole number from %.15g to %.15g", lo, hi);
        wrong_type(r, where, key, want);
        g_free(want);
        return fallback;
    }
    return (long long)v;
}

/* Any finite number; FALLBACK when absent. */
static double get_double(Reader *r, const cJSON *obj, const char *where, const char *key, double fallback)
{
    const cJSON *item = member(r, obj, where, key, false);
    if (!item)
        return fallback;
    if (!cJSON_IsNumber(item) || !isfinite(item->valuedouble)) {
        wrong_type(r, where, key, "a number");
        return fallback;
    }
    return item->valuedouble;
}

/* A string or an array of strings, as a NULL-terminated vector. */
static char **get_strings(Reader *r, const cJSON *obj, const char *where,
                          const char *key, bool required)
{
    const cJSON *item = member(r, obj, where, key, required);
    if (!item)
        return NULL;
    GPtrArray *out = g_ptr_array_new();
    if (cJSON_IsString(item))
        g_ptr_array_add(out, g_strdup(item->valuestring));
    const cJSON *each;
    if (cJSON_IsArray(item)) {
        cJSON_ArrayForEach(each, item) {
            if (cJSON_IsString(each))
                g_ptr_array_add(out, g_strdup(each->valuestring));
            else
                wrong_type(r, where, key, "a list of strings");
        }
    } else if (!cJSON_IsString(item)) {
        wrong_type(r, where, key, "a string or a list of strings");
    }
    g_ptr_array_add(out, NULL);
    return (char **)g_ptr_array_free(out, FALSE);
}

static const cJSON *get_object(Reader *r, const cJSON *obj, const char *where,
                               const char *key, bool required)
{
    const cJSON *item = member(r, obj, where, key, required);
    if (item && !cJSON_IsObject(item)) {
        wrong_type(r, where, key, "an object");
        return NULL;
    }
    return item;
}

/* ---- what goes into a request line or a header ------------------------- */

/* A control character in a header or a path would end the line early: a
 * second header, or a second request, chosen by whoever wrote the file. */
static bool has_control(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7f)
            return true;
    return false;
}

/* What an HTTP header name or method may be (RFC 9110's token). */
static bool is_token(const char *s)
{
    if (!*s)
        return false;
    for (; *s; s++)
        if (!g_ascii_isalnum(*s) && !strchr("!#$%&'*+-.^_`|~", *s))
            return false;
    return true;
}

static void check_token(Reader *r, const char *where, const char *what, const char *s)
{
    if (!s || is_token(s))
        return;
    char *shown = safe_text(s, strlen(s));
    fail(r, where, "%s \"%s\" must be letters, digits and !#$%%&'*+-.^_`|~ only "
         "(no spaces or control characters)", what, shown);
    g_free(shown);
}

static void check_header(Reader *r, const char *where, const char *name, const char *value)
{
    check_token(r, where, "header name", name);
    if (name && is_token(name) && value && has_control(value)) {
        char *at = join_path(where, name);
        fail(r, at, "the value must not hold control characters such as line breaks");
        g_free(at);
    }
}

/* Why one segment of a path is refused, or NULL: "." and ".." (also %-encoded)
 * would step out of the API, an empty one ("//") is not a path a server
 * treats alike, and %2F or %00 hide what the path really is. */
static const char *segment_problem(const char *seg, bool first_or_last)
{
    if (!*seg)
        return first_or_last ? NULL : "must not hold an empty segment (//)";
    char *plain = g_uri_unescape_string(seg, "/");
    const char *why = NULL;
    if (!plain || has_control(plain))
        why = "must not hold a bad %-escape, an encoded / or an encoded control character";
    else if (strcmp(plain, ".") == 0 || strcmp(plain, "..") == 0)
        why = "must not hold . or .. segments (plain or %-encoded)";
    g_free(plain);
    return why;
}

/* A path below the base URL; its query string is left to the server. */
static void check_path(Reader *r, const char *where, const char *path)
{
    if (!path)
        return;
    if (has_control(path)) {
        fail(r, where, "must not hold control characters such as line breaks");
        return;
    }
    char *head = g_strndup(path, strcspn(path, "?#"));
    gchar **segs = g_strsplit(head, "/", -1);
    for (size_t i = 0; segs[i]; i++) {
        const char *why = segment_problem(segs[i], i == 0 || !segs[i + 1]);
        if (why) {
            char *shown = safe_text(path, strlen(path));
            fail(r, where, "\"%s\" %s", shown, why);
            g_free(shown);
            break;
        }
    }
    g_strfreev(segs);
    g_free(head);
}

/* ---- fields ------------------------------------------------------------- */

static const char *const FIELD_KEYS[] = {
    "name", "label", "type", "required", "secret", "help", "values",
    "max_length", "min", "max", "nullable", "unique", "min_length", "pattern", "pattern_hint",
    "placeholder", "default", NULL,
};

static bool valid_field_name(const char *name)
{
    if (!*name || name[0] == '.' || name[strlen(name) - 1] == '.' || strstr(name, ".."))
        return false;
    for (const char *p = name; *p; p++)
        if (!g_ascii_isalnum(*p) && *p != '_' && *p != '.' && *p != '-')
            return false;
    return true;
}

static void read_field_type(Reader *r, const cJSON *obj, const char *where, Field *f)
{
    char *type = get_string(r, obj, where, "type", true);
    if (!type)
        return;
    for (int i = 0; TYPE_NAMES[i]; i++)
        if (strcmp(type, TYPE_NAMES[i]) == 0)
            f->type = (FieldType)i;
    if (strcmp(type, TYPE_NAMES[f->type]) != 0) {
        char *at = join_path(where, "type");
        const char *guess = text_closest(type, TYPE_NAMES);
        char *all = g_strjoinv(", ", (gchar **)TYPE_NAMES);
        fail(r, at, "unknown type \"%s\"%s%s%s (types: %s)", type,
             guess ? "; did you mean \"" : "", guess ? guess : "", guess ? "\"?" : "", all);
        g_free(all);
        g_free(at);
    }
    g_free(type);
}

/* min and max: whole numbers for an integer field, any number for a number
 * field (decimals allowed), and min no more than max. */
static void read_bounds(Reader *r, const cJSON *obj, const char *where, Field *f)
{
    f->number_min = -INFINITY;
    f->number_max = INFINITY;
    f->min = G_MININT64;
    f->max = G_MAXINT64;
    if (f->type == FIELD_NUMBER) {
        f->number_min = get_double(r, obj, where, "min", -INFINITY);
        f->number_max = get_double(r, obj, where, "max", INFINITY);
        if (f->number_min > f->number_max)
            fail(r, where, "min (%.15g) is more than max (%.15g)", f->number_min, f->number_max);
        return;
    }
    f->min = get_int(r, obj, where, "min", G_MININT64, -INT_LIMIT, INT_LIMIT);
    f->max = get_int(r, obj, where, "max", G_MAXINT64, -INT_LIMIT, INT_LIMIT);
}

/* min_length and pattern: about text, so refused on a field sent otherwise. */
static void read_text_rules(Reader *r, const cJSON *obj, const char *where, Field *f)
{
    f->min_length = (int)get_int(r, obj, where, "min_length", 0, 0, G_MAXINT);
    f->pattern = get_string(r, obj, where, "pattern", false);
    f->pattern_hint = get_string(r, obj, where, "pattern_hint", false);
    if ((f->min_length || f->pattern) && !field_type_is_text(f->type))
        fail(r, where, "%s is for fields sent as text, not for one of type %s",
             f->pattern ? "pattern" : "min_length", TYPE_NAMES[f->type]);
    int max = f->type == FIELD_PASSWORD ? 128 : f->max_length > 0 ? f->max_length : 255;
    if (f->min_length > max)
        fail(r, where, "min_length (%d) is more than the most the field takes (%d)", f->min_length, max);
    char *why = NULL;
    if (f->pattern && !(f->pattern_re = field_pattern_compile(f->pattern, &why))) {
        char *at = join_path(where, "pattern"), *shown = safe_text(f->pattern, strlen(f->pattern));
        fail(r, at, "\"%s\" of field \"%s\" is not a regular expression custty can check (%s); "
             "fix it or leave it out", shown, f->name ? f->name : "", why);
        g_free(at), g_free(shown);
    }
    g_free(why);
}

/* placeholder and default: shown, never sent. A default may be any value
 * but null (which says nothing); it is kept as the text shown. */
static void read_shown_values(Reader *r, const cJSON *obj, const char *where, Field *f)
{
    f->placeholder = get_string(r, obj, where, "placeholder", false);
    const cJSON *def = member(r, obj, where, "default", false);
    if (cJSON_IsString(def))
        f->default_text = g_strdup(def->valuestring);
    else if (def && !cJSON_IsNull(def))
        f->default_text = cJSON_PrintUnformatted(def);
    else if (def)
        wrong_type(r, where, "default", "a value (leave it out when there is none)");
}

static void read_field(Reader *r, const cJSON *obj, const char *where, Field *f)
{
    if (!cJSON_IsObject(obj)) {
        fail(r, where, "must be an object");
        return;
    }
    check_keys(r, obj, where, FIELD_KEYS);
    f->name = get_string(r, obj, where, "name", true);
    if (f->name && !valid_field_name(f->name))
        fail(r, where, "name \"%s\" must be letters, digits, _ and -, dotted for nesting", f->name);
    f->label = get_string(r, obj, where, "label", false);
    if (!f->label && f->name)
        f->label = g_strdup(f->name);
    f->help = get_string(r, obj, where, "help", false);
    read_field_type(r, obj, where, f);
    f->required = get_bool(r, obj, where, "required", false);
    f->secret = get_bool(r, obj, where, "secret", f->type == FIELD_PASSWORD);
    f->unique = get_bool(r, obj, where, "unique", false);
    f->max_length = (int)get_int(r, obj, where, "max_length", 0, 0, G_MAXINT);
    f->nullable = get_bool(r, obj, where, "nullable", false);
    read_bounds(r, obj, where, f);
    read_text_rules(r, obj, where, f);
    read_shown_values(r, obj, where, f);
    f->choices = get_strings(r, obj, where, "values", f->type == FIELD_ENUM);
    if (f->type == FIELD_ENUM && f->choices && !f->choices[0])
        fail(r, where, "an enum field needs at least one value");
}

static void read_fields(Reader *r, const cJSON *root, Descriptor *d)
{
    const cJSON *arr = member(r, root, "", "fields", true);
    if (arr && (!cJSON_IsArray(arr) || cJSON_GetArraySize(arr) == 0)) {
        fail(r, "fields", "must be a non-empty list of fields");
        return;
    }
    d->n_fields = (size_t)cJSON_GetArraySize(arr);
    d->fields = g_new0(Field, d->n_fields);
    for (size_t i = 0; i < d->n_fields; i++) {
        char *where = g_strdup_printf("fields[%zu]", i);
        read_field(r, cJSON_GetArrayItem(arr, (int)i), where, &d->fields[i]);
        for (size_t j = 0; j < i && d->fields[i].name; j++)
            if (d->fields[j].name && strcmp(d->fields[j].name, d->fields[i].name) == 0)
                fail(r, where, "field \"%s\" is listed twice", d->fields[i].name);
        g_free(where);
    }
}

/* ---- environments, create, auth --------------------------------------- */

static void read_environments(Reader *r, const cJSON *root, Descriptor *d)
{
    static const char *const keys[] = { "name", "base_url", "live", NULL };
    const cJSON *arr = member(r, root, "", "environments", false);
    if (arr && !cJSON_IsArray(arr)) {
        fail(r, "environments", "must be a list");
        return;
    }
    d->n_envs = (size_t)cJSON_GetArraySize(arr);
    d->envs = g_new0(Environment, d->n_envs + 1);
    for (size_t i = 0; i < d->n_envs; i++) {
        const cJSON *e = cJSON_GetArrayItem(arr, (int)i);
        char *where = g_strdup_printf("environments[%zu]", i);
        check_keys(r, e, where, keys);
        d->envs[i].name = get_string(r, e, where, "name", true);
        d->envs[i].base_url = get_string(r, e, where, "base_url", true);
        d->envs[i].live = get_bool(r, e, where, "live", true);
        if (d->envs[i].base_url && !g_str_has_prefix(d->envs[i].base_url, "https://") &&
            !g_str_has_prefix(d->envs[i].base_url, "http://"))
            fail(r, where, "base_url must start with https://");
        g_free(where);
    }
}

/* create.success_status: the 2xx statuses that mean "created"; any other
 * 2xx is an unknown outcome (response_read). Never empty: [201] unless said. */
static void read_success_status(Reader *r, const cJSON *c, Descriptor *d)
{
    const cJSON *st = member(r, c, "create", "success_status", false), *n;
    if (st && (!cJSON_IsArray(st) || cJSON_GetArraySize(st) == 0))
        fail(r, "create.success_status", "must be a non-empty list of 2xx status codes, e.g. [201]");
    d->n_success_status = 1;
    d->success_status = g_new0(int, MAX(1, cJSON_GetArraySize(st)));
    d->success_status[0] = 201;
    if (!cJSON_IsArray(st) || cJSON_GetArraySize(st) == 0)
        return;
    d->n_success_status = 0;
    cJSON_ArrayForEach(n, st) {
        double v = cJSON_IsNumber(n) ? n->valuedouble : 0;
        if (!(v >= 200 && v <= 299) || v != (double)(int)v)
            fail(r, "create.success_status", "must be a list of 2xx status codes, e.g. [201]");
        else
            d->success_status[d->n_success_status++] = (int)v;
    }
}

static void read_create(Reader *r, const cJSON *root, Descriptor *d)
{
    static const char *const keys[] = { "method", "path", "success_status", NULL };
    const cJSON *c = get_object(r, root, "", "create", true);
    if (!c)
        return;
    check_keys(r, c, "create", keys);
    d->create_method = get_string(r, c, "create", "method", false);
    if (!d->create_method)
        d->create_method = g_strdup("POST");
    d->create_path = get_string(r, c, "create", "path", true);
    if (d->create_path && d->create_path[0] != '/')
        fail(r, "create.path", "must start with /");
    check_token(r, "create.method", "method", d->create_method);
    check_path(r, "create.path", d->create_path);
    read_success_status(r, c, d);
}

static void read_token_kinds(Reader *r, const cJSON *tok, Descriptor *d)
{
    static const char *const keys[] = { "prefix", "can_create", "reason", NULL };
    const cJSON *arr = member(r, tok, "auth.token", "kinds", false);
    d->n_token_kinds = (size_t)cJSON_GetArraySize(arr);
    d->token_kinds = g_new0(TokenKind, d->n_token_kinds + 1);
    for (size_t i = 0; i < d->n_token_kinds; i++) {
        const cJSON *k = cJSON_GetArrayItem(arr, (int)i);
        char *where = g_strdup_printf("auth.token.kinds[%zu]", i);
        check_keys(r, k, where, keys);
        d->token_kinds[i].prefix = get_string(r, k, where, "prefix", true);
        d->token_kinds[i].can_create = get_bool(r, k, where, "can_create", true);
        d->token_kinds[i].reason = get_string(r, k, where, "reason", false);
        g_free(where);
    }
}

static void read_token(Reader *r, const cJSON *auth, Descriptor *d)
{
    static const char *const keys[] = { "pattern", "hint", "kinds", NULL };
    const cJSON *tok = get_object(r, auth, "auth", "token", false);
    if (!tok)
        return;
    check_keys(r, tok, "auth.token", keys);
    d->token_pattern = get_string(r, tok, "auth.token", "pattern", false);
    d->token_hint = get_string(r, tok, "auth.token", "hint", false);
    regex_t re;
    if (d->token_pattern && regcomp(&re, d->token_pattern, REG_EXTENDED | REG_NOSUB) != 0)
        fail(r, "auth.token.pattern", "not a valid regular expression");
    else if (d->token_pattern)
        regfree(&re);
    read_token_kinds(r, tok, d);
}

static void read_auth_headers(Reader *r, const cJSON *auth, Descriptor *d)
{
    const cJSON *h = get_object(r, auth, "auth", "headers", false);
    d->n_auth_headers = (size_t)cJSON_GetArraySize(h);
    d->auth_headers = g_new0(Header, d->n_auth_headers + 1);
    size_t i = 0;
    const cJSON *each;
    cJSON_ArrayForEach(each, h) {
        if (!cJSON_IsString(each))
            wrong_type(r, "auth.headers", each->string, "a string");
        d->auth_headers[i].name = g_strdup(each->string);
        d->auth_headers[i].value = g_strdup(cJSON_IsString(each) ? each->valuestring : "");
        check_header(r, "auth.headers", d->auth_headers[i].name, d->auth_headers[i].value);
        i++;
    }
}

static const char *const AUTH_SCHEMES[] = { "none", "bearer", "basic", "header", "query", NULL };

static AuthScheme auth_scheme_named(Reader *r, const char *name)
{
    for (size_t i = 0; AUTH_SCHEMES[i]; i++)
        if (strcmp(name, AUTH_SCHEMES[i]) == 0)
            return (AuthScheme)i;
    fail(r, "auth.scheme", "must be \"bearer\", \"basic\", \"header\", \"query\" or \"none\", not \"%s\"", name);
    return AUTH_NONE;
}

/* auth.header: {"name": "X-Api-Key", "value": "{token}"}; the value holds
 * {token} exactly once, so the token is neither lost nor sent twice. */
static void read_auth_header(Reader *r, const cJSON *auth, Descriptor *d)
{
    static const char *const keys[] = { "name", "value", NULL };
    const cJSON *h = get_object(r, auth, "auth", "header", d->auth == AUTH_HEADER);
    if (h && d->auth != AUTH_HEADER)
        fail(r, "auth.header", "is only for the \"header\" scheme");
    if (!h || d->auth != AUTH_HEADER)
        return;
    check_keys(r, h, "auth.header", keys);
    d->auth_header_name = get_string(r, h, "auth.header", "name", true);
    d->auth_header_value = get_string(r, h, "auth.header", "value", false);
    if (!d->auth_header_value)
        d->auth_header_value = g_strdup("{token}");
    const char *at = strstr(d->auth_header_value, "{token}");
    if (!at || strstr(at + 1, "{token}"))
        fail(r, "auth.header.value", "must hold {token} exactly once, e.g. \"{token}\" or \"Key {token}\"");
    if (d->auth_header_name)
        check_header(r, "auth.header", d->auth_header_name, d->auth_header_value);
}

/* auth.query: the parameter's name, a plain word so it needs no escaping. */
static void read_auth_query(Reader *r, const cJSON *auth, Descriptor *d)
{
    d->auth_query_param = get_string(r, auth, "auth", "query", d->auth == AUTH_QUERY);
    if (d->auth_query_param && d->auth != AUTH_QUERY)
        fail(r, "auth.query", "is only for the \"query\" scheme");
    const char *p = d->auth_query_param;
    if (p && (!*p || strspn(p, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.") != strlen(p)))
        fail(r, "auth.query", "must be a parameter name of letters, digits, '_', '-' or '.', e.g. \"api_key\"");
}

static void read_auth(Reader *r, const cJSON *root, Descriptor *d)
{
    static const char *const keys[] = { "scheme", "required", "headers", "header", "query", "token", NULL };
    const cJSON *auth = get_object(r, root, "", "auth", true);
    if (!auth)
        return;
    check_keys(r, auth, "auth", keys);
    d->auth_scheme = get_string(r, auth, "auth", "scheme", false);
    if (!d->auth_scheme)
        d->auth_scheme = g_strdup("bearer");
    d->auth = auth_scheme_named(r, d->auth_scheme);
    d->auth_required = get_bool(r, auth, "auth", "required", d->auth != AUTH_NONE);
    read_auth_header(r, auth, d);
    read_auth_query(r, auth, d);
    read_auth_headers(r, auth, d);
    read_token(r, auth, d);
}

/* ---- responses ---------------------------------------------------------- */

static void read_success(Reader *r, const cJSON *root, Descriptor *d)
{
    static const char *const keys[] = { "record", "id", "flag", "code", "summary", NULL };
    const cJSON *s = get_object(r, root, "", "success", true);
    if (!s)
        return;
    check_keys(r, s, "success", keys);
    d->record_path = get_string(r, s, "success", "record", false);
    if (!d->record_path)
        d->record_path = g_strdup("");
    d->id_path = get_string(r, s, "success", "id", true);
    d->flag_path = get_string(r, s, "success", "flag", false);
    d->code_path = get_string(r, s, "success", "code", false);
    d->summary = get_strings(r, s, "success", "summary", false);
}

static void read_status_fields(Reader *r, const cJSON *e, Descriptor *d)
{
    const cJSON *sf = get_object(r, e, "error", "status_fields", false);
    d->n_status_fields = (size_t)cJSON_GetArraySize(sf);
    d->status_fields = g_new0(StatusField, d->n_status_fields + 1);
    size_t i = 0;
    const cJSON *each;
    cJSON_ArrayForEach(each, sf) {
        char *end = NULL;
        long status = strtol(each->string, &end, 10);
        if (!end || *end || status < 400 || status > 599 || !cJSON_IsString(each))
            fail(r, "error.status_fields", "\"%s\" must map a 4xx/5xx status to a field name",
                 each->string);
        d->status_fields[i].status = (int)status;
        d->status_fields[i].field = g_strdup(cJSON_IsString(each) ? each->valuestring : "");
        i++;
    }
}

static void read_error(Reader *r, const cJSON *root, Descriptor *d)
{
    static const char *const keys[] = { "message", "type", "field_errors", "status_fields", NULL };
    const cJSON *e = get_object(r, root, "", "error", true);
    if (!e)
        return;
    check_keys(r, e, "error", keys);
    d->message_paths = get_strings(r, e, "error", "message", true);
    d->error_type_path = get_string(r, e, "error", "type", false);
    d->field_errors_path = get_string(r, e, "error", "field_errors", false);
    read_status_fields(r, e, d);
}

static void read_extras(Reader *r, const cJSON *root, Descriptor *d)
{
    static const char *const idem_keys[] = { "supported", "header", "max_length", NULL };
    static const char *const rl_keys[] = { "limit_header", "remaining_header", NULL };
    static const char *const ep_keys[] = { "list", "get", "delete", "legacy_create", NULL };
    const cJSON *idem = get_object(r, root, "", "idempotency", false);
    check_keys(r, idem, "idempotency", idem_keys);
    d->idempotency = get_bool(r, idem, "idempotency", "supported", false);
    d->idempotency_header = get_string(r, idem, "idempotency", "header", false);
    if (!d->idempotency_header)
        d->idempotency_header = g_strdup("Idempotency-Key");
    d->idempotency_max = (int)get_int(r, idem, "idempotency", "max_length", 255, 0, G_MAXINT);
    if (d->idempotency && d->idempotency_max < DESCRIPTOR_KEY_MIN)
        fail(r, "idempotency.max_length", "%d is too short for a key that cannot collide: custty's keys need at "
             "least %d characters (80 random bits); if the provider takes no more, set \"supported\": false "
             "and no key is sent", d->idempotency_max, DESCRIPTOR_KEY_MIN);
    const cJSON *rl = get_object(r, root, "", "rate_limit", false);
    check_keys(r, rl, "rate_limit", rl_keys);
    d->ratelimit_limit_header = get_string(r, rl, "rate_limit", "limit_header", false);
    d->ratelimit_remaining_header = get_string(r, rl, "rate_limit", "remaining_header", false);
    if (d->ratelimit_limit_header && !d->ratelimit_remaining_header)
        fail(r, "rate_limit.limit_header", "does nothing without remaining_header: the quota is what is left");
    check_header(r, "idempotency.header", d->idempotency_header, NULL);
    check_header(r, "rate_limit.limit_header", d->ratelimit_limit_header, NULL);
    check_header(r, "rate_limit.remaining_header", d->ratelimit_remaining_header, NULL);
    const cJSON *ep = get_object(r, root, "", "endpoints", false);
    check_keys(r, ep, "endpoints", ep_keys);
    d->list_path = get_string(r, ep, "endpoints", "list", false);
    d->get_path = get_string(r, ep, "endpoints", "get", false);
    d->delete_path = get_string(r, ep, "endpoints", "delete", false);
    d->legacy_create_path = get_string(r, ep, "endpoints", "legacy_create", false);
    check_path(r, "endpoints.list", d->list_path);
    check_path(r, "endpoints.get", d->get_path);
    check_path(r, "endpoints.delete", d->delete_path);
    check_path(r, "endpoints.legacy_create", d->legacy_create_path);
}

static const char *const TOP_KEYS[] = {
    "format", "title", "docs", "environments", "create", "auth", "fields",
    "success", "error", "idempotency", "rate_limit", "endpoints", "lookup", "sandbox", NULL,
};

static void read_lookup(Reader *r, const cJSON *root, Descriptor *d)
{
    const cJSON *l = get_object(r, root, "", "lookup", false);
    char *where = NULL, *what = NULL;
    LookupDefaults from = { d->list_path, d->get_path, d->summary ? d->summary[0] : NULL };
    if (l && !lookup_spec_read(l, &from, &d->lookup, &where, &what))
        fail(r, where, "%s", what);
    g_free(where), g_free(what);
    check_path(r, "lookup.path", d->lookup.path);
    for (size_t i = 0; i < d->lookup.n_exact; i++)
        check_path(r, "lookup.exact.path", d->lookup.exact[i].path);
}

/* Without a sandbox section a provider is still served when the defaults
 * fit it: its record built from the fields, and the demo token
 * "sandbox-token" (none without auth). When they do not, the descriptor
 * still loads for real hosts and *why_not says what its section needs. */
static void default_sandbox(Descriptor *d)
{
    cJSON *implicit = cJSON_CreateObject();
    if (d->auth != AUTH_NONE)
        cJSON_AddItemToObject(implicit, "tokens", cJSON_CreateStringArray((const char *[]){ "sandbox-token" }, 1));
    char *where = NULL, *what = NULL;
    if (!sandbox_spec_read(implicit, d, &d->sandbox, &where, &what)) {
        sandbox_spec_done(&d->sandbox);
        memset(&d->sandbox, 0, sizeof d->sandbox);
        d->sandbox.why_not = g_strdup_printf("it has no \"sandbox\" section and the defaults do not fit (%s: %s); "
                                             "add one naming a demo token (assets/providers/README.md, \"sandbox\")",
                                             where, what);
    }
    cJSON_Delete(implicit);
    g_free(where), g_free(what);
}

/* Last: its defaults come from the other sections. */
static void read_sandbox(Reader *r, const cJSON *root, Descriptor *d)
{
    const cJSON *s = member(r, root, "", "sandbox", false);
    char *where = NULL, *what = NULL;
    if (s && !r->error && !sandbox_spec_read(s, d, &d->sandbox, &where, &what))
        fail(r, where, "%s", what);
    else if (!s && !r->error)
        default_sandbox(d);
    g_free(where), g_free(what);
}

static void read_descriptor(Reader *r, const cJSON *root, Descriptor *d)
{
    check_keys(r, root, "", TOP_KEYS);
    if (get_int(r, root, "", "format", 1, -INT_LIMIT, INT_LIMIT) != 1)
        fail(r, "format", "this custty reads format 1 only");
    d->title = get_string(r, root, "", "title", true);
    d->docs = get_string(r, root, "", "docs", false);
    read_environments(r, root, d);
    read_create(r, root, d);
    read_auth(r, root, d);
    read_fields(r, root, d);
    read_success(r, root, d);
    read_error(r, root, d);
    read_extras(r, root, d);
    read_lookup(r, root, d);
    read_sandbox(r, root, d);
}

Descriptor *descriptor_parse(const char *text, size_t len, const char *name,
                             const char *source, char **err)
{
    Reader r = { .source = source, .error = NULL };
    int line = 0, col = 0;
    cJSON *root = json_parse_located(text, len, &line, &col);
    if (!root) {
        *err = g_strdup_printf("%s:%d:%d: not valid JSON here", source, line, col);
        return NULL;
    }
    Descriptor *d = g_new0(Descriptor, 1);
    d->name = g_strdup(name);
    d->path = g_strdup(source);
    if (cJSON_IsObject(root))
        read_descriptor(&r, root, d);
    else
        fail(&r, "top level", "must be a JSON object");
    cJSON_Delete(root);
    if (r.error) {
        descriptor_free(d);
        *err = r.error;
        return NULL;
    }
    return d;
}

static char *provider_name_from_path(const char *path)
{
    char *base = g_path_get_basename(path);
    if (g_str_has_suffix(base, ".json"))
        base[strlen(base) - 5] = '\0';
    return base;
}

Descriptor *descriptor_load(const char *path, char **err)
{
    size_t len = 0;
    char *text = text_read_file(path, DESCRIPTOR_MAX_BYTES, &len, err);
    if (!text)
        return NULL;
    char *name = provider_name_from_path(path);
    Descriptor *d = descriptor_parse(text, len, name, path, err);
    g_free(name);
    g_free(text);
    return d;
}
