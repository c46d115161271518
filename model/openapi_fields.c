/* The request body's schema as form fields: nested objects dotted, one field
 * per scalar, and whatever the descriptor format cannot say reported. */
#include "model/openapi_internal.h"
#include "model/country.h"
#include "model/currency.h"

#include <math.h>
#include <string.h>

/* At least this many codes, every one of them a country (or currency): the
 * list of all of them, which the typed field checks better than a menu. */
#define OA_ISO_ENUM_MIN 100

typedef struct {
    const char *name;     /* dotted, NULL at the body's root */
    bool required;        /* every object above it required too */
    bool nullable;        /* a oneOf with null said so */
    int depth;
} OaAt;

static void oa_walk(OaCtx *c, const cJSON *schema, OaAt at, cJSON *fields);

/* "first_name" → "First name"; the last segment of a dotted name. */
static char *oa_label(const char *name)
{
    const char *dot = strrchr(name, '.');
    char *label = g_strdup(dot ? dot + 1 : name);
    for (char *p = label; *p; p++)
        if (*p == '_' || *p == '-')
            *p = ' ';
    label[0] = g_ascii_toupper(label[0]);
    return label;
}

/* The description's first sentence, on one line (g_free), or NULL. */
static char *oa_help(const cJSON *schema)
{
    const char *d = oa_str(schema, "description");
    if (!d || !*d)
        return NULL;
    GString *s = g_string_new(NULL);
    for (const char *p = d; *p && s->len < 300; p++) {
        if (g_ascii_isspace(*p)) {
            if (s->len && s->str[s->len - 1] != ' ')
                g_string_append_c(s, ' ');
            continue;
        }
        g_string_append_c(s, *p);
        if (*p == '.' && (!p[1] || g_ascii_isspace(p[1])))
            break;
    }
    while (s->len && s->str[s->len - 1] == ' ')
        g_string_truncate(s, s->len - 1);
    return g_string_free(s, FALSE);
}

static cJSON *oa_field(const char *name, const char *type, OaAt at, const cJSON *schema)
{
    cJSON *f = cJSON_CreateObject();
    cJSON_AddStringToObject(f, "name", name);
    char *label = oa_label(name);
    cJSON_AddStringToObject(f, "label", label);
    g_free(label);
    cJSON_AddStringToObject(f, "type", type);
    if (at.required)
        cJSON_AddTrueToObject(f, "required");
    if (at.nullable)
        cJSON_AddTrueToObject(f, "nullable");
    char *help = oa_help(schema);
    if (help)
        cJSON_AddStringToObject(f, "help", help);
    g_free(help);
    return f;
}

static void oa_add_json(OaCtx *c, cJSON *fields, OaAt at, const cJSON *schema, const char *why)
{
    if (!at.name) {
        oa_unmapped(c, "request body: %s — no fields imported", why);
        return;
    }
    cJSON_AddItemToArray(fields, oa_field(at.name, "json", at, schema));
    oa_unmapped(c, "%s: %s — imported as json", at.name, why);
}

/* Whether every value of ENUM is a code of the country (or currency) list. */
static bool oa_iso_enum(const cJSON *values, bool currency)
{
    if (cJSON_GetArraySize(values) < OA_ISO_ENUM_MIN)
        return false;
    const CountryTable *countries = currency ? NULL : country_table_default();
    const CurrencyTable *currencies = currency ? currency_table_default() : NULL;
    if (!countries && !currencies)
        return false;
    const cJSON *v;
    cJSON_ArrayForEach(v, values) {
        if (!cJSON_IsString(v) || strlen(v->valuestring) != (currency ? 3u : 2u))
            return false;
        if (currency ? !currency_by_code(currencies, v->valuestring) : !country_by_alpha2(countries, v->valuestring))
            return false;
    }
    return true;
}

/* The field type of a string schema: its format, or its enum. */
static const char *oa_string_type(OaCtx *c, const char *name, const cJSON *schema)
{
    const cJSON *values = cJSON_GetObjectItemCaseSensitive(schema, "enum");
    if (cJSON_IsArray(values))
        return oa_iso_enum(values, false) ? "country" : oa_iso_enum(values, true) ? "currency" : "enum";
    const char *format = oa_str(schema, "format");
    static const char *const formats[][2] = {
        { "email", "email" }, { "uuid", "uuid" }, { "date", "date" }, { "date-time", "date-time" },
        { "uri", "url" }, { "url", "url" }, { "password", "password" }, { "phone", "phone" },
    };
    for (size_t i = 0; format && i < G_N_ELEMENTS(formats); i++)
        if (strcmp(format, formats[i][0]) == 0)
            return formats[i][1];
    if (format)
        oa_unmapped(c, "%s: format \"%s\" — imported as string", name, format);
    return "string";
}

static void oa_enum_values(OaCtx *c, cJSON *f, const cJSON *schema)
{
    cJSON *values = cJSON_AddArrayToObject(f, "values");
    const cJSON *v;
    cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(schema, "enum")) {
        if (cJSON_IsString(v))
            cJSON_AddItemToArray(values, cJSON_CreateString(v->valuestring));
        else if (!cJSON_IsNull(v))
            oa_unmapped(c, "%s: an enum value that is not a string — left out", oa_str(f, "name"));
    }
}

/* maxLength, minimum/maximum; what the format has no key for, reported
 * (minLength, pattern, default and example: oa_shape). */
static void oa_bounds(OaCtx *c, cJSON *f, const cJSON *schema, bool integer)
{
    const char *name = oa_str(f, "name");
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(schema, "maxLength");
    if (cJSON_IsNumber(v) && v->valuedouble >= 0 && v->valuedouble < 1e9)
        cJSON_AddNumberToObject(f, "max_length", floor(v->valuedouble));
    static const char *const keys[][2] = { { "minimum", "min" }, { "maximum", "max" } };
    for (size_t i = 0; i < 2; i++) {
        v = cJSON_GetObjectItemCaseSensitive(schema, keys[i][0]);
        if (!cJSON_IsNumber(v))
            continue;
        if (integer && (v->valuedouble != floor(v->valuedouble) || fabs(v->valuedouble) > 9007199254740991.0))
            oa_unmapped(c, "%s: %s %g is not a whole number — not mapped", name, keys[i][0], v->valuedouble);
        else
            cJSON_AddNumberToObject(f, keys[i][1], v->valuedouble);
    }
    static const char *const unsaid[] = { "exclusiveMinimum", "exclusiveMaximum", "multipleOf" };
    for (size_t i = 0; i < G_N_ELEMENTS(unsaid); i++)
        if (cJSON_GetObjectItemCaseSensitive(schema, unsaid[i]))
            oa_unmapped(c, "%s: %s — the descriptor format has no key for it; not mapped", name, unsaid[i]);
}

static void oa_scalar(OaCtx *c, const cJSON *schema, const char *type, OaAt at, cJSON *fields)
{
    const char *ftype = strcmp(type, "string") == 0 ? oa_string_type(c, at.name, schema)
                        : strcmp(type, "integer") == 0 ? "integer"
                        : strcmp(type, "number") == 0  ? "number"
                                                       : "boolean";
    cJSON *f = oa_field(at.name, ftype, at, schema);
    if (strcmp(ftype, "enum") == 0)
        oa_enum_values(c, f, schema);
    if (strcmp(ftype, "boolean") != 0)
        oa_bounds(c, f, schema, strcmp(ftype, "integer") == 0);
    oa_shape(c, f, schema, ftype);
    if (strcmp(ftype, "country") == 0 || strcmp(ftype, "currency") == 0)
        oa_mapped(c, "%s: an enum of every ISO code — a %s field", at.name, ftype);
    cJSON_AddItemToArray(fields, f);
}

/* An array of strings is a list; of anything else, nothing the form can type. */
static void oa_array(OaCtx *c, const cJSON *schema, OaAt at, cJSON *fields)
{
    size_t pushed;
    char *why = NULL;
    const cJSON *items = oa_resolve(c, cJSON_GetObjectItemCaseSensitive(schema, "items"), &pushed, &why);
    const char *type = items ? oa_str(items, "type") : NULL;
    if (!at.name) {
        oa_unmapped(c, "request body: an array — no fields imported");
    } else if (type && strcmp(type, "string") == 0) {
        cJSON *f = oa_field(at.name, "list", at, schema);
        oa_shape(c, f, schema, "list");
        cJSON_AddItemToArray(fields, f);
    } else {
        oa_unmapped(c, "%s: an array of %s — not mapped (a list field holds strings)", at.name,
                    why ? why : type ? type : "mixed items");
    }
    g_free(why);
    oa_pop(c, pushed);
}

static bool oa_in_list(const cJSON *list, const char *name)
{
    const cJSON *v;
    cJSON_ArrayForEach(v, list)
        if (cJSON_IsString(v) && strcmp(v->valuestring, name) == 0)
            return true;
    return false;
}

static bool oa_valid_key(const char *k)
{
    if (!*k)
        return false;
    for (const char *p = k; *p; p++)
        if (!g_ascii_isalnum(*p) && *p != '_' && *p != '-')
            return false;
    return true;
}

static void oa_object(OaCtx *c, const cJSON *schema, OaAt at, cJSON *fields)
{
    const cJSON *props = cJSON_GetObjectItemCaseSensitive(schema, "properties");
    if (!cJSON_IsObject(props) || !props->child) {
        oa_add_json(c, fields, at, schema, "a free object (no properties)");
        return;
    }
    const cJSON *extra = cJSON_GetObjectItemCaseSensitive(schema, "additionalProperties");
    if (extra && !cJSON_IsFalse(extra))
        oa_unmapped(c, "%s: additionalProperties beside the named ones — not mapped", at.name ? at.name : "request body");
    const cJSON *required = cJSON_GetObjectItemCaseSensitive(schema, "required");
    bool wrapper = !at.name && !props->child->next;   /* {"customer": {…}} is the customer */
    const cJSON *p;
    cJSON_ArrayForEach(p, props) {
        char *name = at.name ? g_strdup_printf("%s.%s", at.name, p->string) : g_strdup(p->string);
        if (oa_valid_key(p->string)) {
            OaAt child = { name, at.required && (wrapper || oa_in_list(required, p->string)), false, at.depth + 1 };
            oa_walk(c, p, child, fields);
        } else {
            oa_unmapped(c, "%s: a key a field name cannot hold (letters, digits, _ and -) — not mapped", name);
        }
        g_free(name);
        if (c->fatal)
            return;
    }
}

/* The one non-null schema of a oneOf/anyOf, or NULL; *NULLABLE when null was
 * one of them. */
static const cJSON *oa_one_of(const cJSON *list, bool *nullable, int *count)
{
    const cJSON *only = NULL, *each;
    *count = 0;
    cJSON_ArrayForEach(each, list) {
        const char *t = oa_str(each, "type");
        if (t && strcmp(t, "null") == 0) {
            *nullable = true;
            continue;
        }
        only = each;
        (*count)++;
    }
    return *count == 1 ? only : NULL;
}

/* The schema's type, "null" set aside (3.1 lists, 3.0 nullable); NULL when it
 * says several. */
static const char *oa_type(const cJSON *schema, bool *nullable, bool *several)
{
    const cJSON *type = cJSON_GetObjectItemCaseSensitive(schema, "type");
    if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(schema, "nullable")))
        *nullable = true;
    if (cJSON_IsString(type))
        return type->valuestring;
    const char *one = NULL;
    const cJSON *t;
    cJSON_ArrayForEach(t, type) {
        if (!cJSON_IsString(t))
            continue;
        if (strcmp(t->valuestring, "null") == 0)
            *nullable = true;
        else if (one)
            *several = true;
        else
            one = t->valuestring;
    }
    if (!one && cJSON_GetObjectItemCaseSensitive(schema, "properties"))
        return "object";
    return one;
}

static void oa_typed(OaCtx *c, const cJSON *s, OaAt at, cJSON *fields)
{
    bool several = false;
    const char *type = oa_type(s, &at.nullable, &several);
    if (several || !type) {
        oa_add_json(c, fields, at, s, several ? "several types" : "no type");
    } else if (strcmp(type, "object") == 0) {
        oa_object(c, s, at, fields);
    } else if (strcmp(type, "array") == 0) {
        oa_array(c, s, at, fields);
    } else if (!at.name) {
        oa_unmapped(c, "request body: a %s, not an object — no fields imported", type);
    } else if (strcmp(type, "string") == 0 || strcmp(type, "integer") == 0 || strcmp(type, "number") == 0 ||
               strcmp(type, "boolean") == 0) {
        oa_scalar(c, s, type, at, fields);
    } else {
        oa_unmapped(c, "%s: type \"%s\" — not mapped", at.name, type);
    }
}

static void oa_composed(OaCtx *c, const cJSON *s, OaAt at, cJSON *fields)
{
    const char *kind = cJSON_GetObjectItemCaseSensitive(s, "oneOf") ? "oneOf" : "anyOf";
    int count = 0;
    const cJSON *only = oa_one_of(cJSON_GetObjectItemCaseSensitive(s, kind), &at.nullable, &count);
    if (only) {
        oa_walk(c, only, at, fields);
        return;
    }
    char *why = g_strdup_printf("%s of %d schemas", kind, count);
    oa_add_json(c, fields, at, s, why);
    g_free(why);
}

static void oa_walk_resolved(OaCtx *c, const cJSON *s, OaAt at, cJSON *fields)
{
    char *why = NULL;
    cJSON *merged = oa_merge_all_of(c, s, &why);
    if (why) {
        oa_add_json(c, fields, at, s, why);
    } else if (!c->fatal) {
        s = merged ? merged : s;
        if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(s, "readOnly")))
            oa_mapped(c, "%s: readOnly — skipped", at.name ? at.name : "request body");
        else if (at.depth > OA_MAX_DEPTH)
            oa_add_json(c, fields, at, s, "nested deeper than custty follows");
        else if (cJSON_GetObjectItemCaseSensitive(s, "oneOf") || cJSON_GetObjectItemCaseSensitive(s, "anyOf"))
            oa_composed(c, s, at, fields);
        else
            oa_typed(c, s, at, fields);
    }
    g_free(why);
    cJSON_Delete(merged);
}

static void oa_walk(OaCtx *c, const cJSON *schema, OaAt at, cJSON *fields)
{
    if (cJSON_GetArraySize(fields) >= OA_MAX_FIELDS) {
        if (!c->fatal)
            c->fatal = g_strdup_printf("the request body has more than %d fields: refused", OA_MAX_FIELDS);
        return;
    }
    size_t pushed;
    char *why = NULL;
    const cJSON *s = oa_resolve(c, schema, &pushed, &why);
    if (s)
        oa_walk_resolved(c, s, at, fields);
    else if (why && at.name)
        oa_add_json(c, fields, at, schema, why);
    else if (why && !c->fatal)
        c->fatal = g_strdup_printf("request body: %s", why);
    g_free(why);
    oa_pop(c, pushed);
}

bool oa_fields(OaCtx *c, const cJSON *schema, cJSON *fields)
{
    OaAt root = { NULL, true, false, 0 };
    oa_walk(c, schema, root, fields);
    if (!c->fatal && cJSON_GetArraySize(fields) == 0)
        c->fatal = g_strdup("the request body has no field custty can type: nothing to import");
    return !c->fatal;
}
