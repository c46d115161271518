/* The answers: where the record sits in the success response, where the
 * message and field errors sit in the 4xx ones, and the list and get
 * operations that become endpoints and the lookup. */
#include "model/openapi_internal.h"

#include <stdlib.h>
#include <string.h>

/* SCHEMA with $refs followed and allOf merged, as a copy (cJSON_Delete), or
 * NULL when it cannot be read. */
cJSON *oa_flat(OaCtx *c, const cJSON *schema)
{
    size_t pushed;
    char *why = NULL;
    const cJSON *s = schema ? oa_resolve(c, schema, &pushed, &why) : NULL;
    if (!schema)
        pushed = 0;
    cJSON *merged = s ? oa_merge_all_of(c, s, &why) : NULL;
    cJSON *flat = merged ? merged : s && !why ? cJSON_Duplicate(s, true) : NULL;
    g_free(why);
    oa_pop(c, pushed);
    return flat;
}

cJSON *oa_prop(OaCtx *c, const cJSON *flat, const char *name)
{
    return oa_flat(c, cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(flat, "properties"), name));
}

bool oa_is(const cJSON *flat, const char *type)
{
    const cJSON *t = cJSON_GetObjectItemCaseSensitive(flat, "type");
    if (cJSON_IsString(t))
        return strcmp(t->valuestring, type) == 0;
    const cJSON *each;
    cJSON_ArrayForEach(each, t)
        if (cJSON_IsString(each) && strcmp(each->valuestring, type) == 0)
            return true;
    return strcmp(type, "object") == 0 && cJSON_GetObjectItemCaseSensitive(flat, "properties");
}

const cJSON *oa_response_schema(const cJSON *op, const char *status)
{
    const cJSON *resp = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(op, "responses"), status);
    const cJSON *content = cJSON_GetObjectItemCaseSensitive(resp, "content"), *media;
    cJSON_ArrayForEach(media, content)
        if (media->string && strstr(media->string, "json"))
            return cJSON_GetObjectItemCaseSensitive(media, "schema");
    return NULL;
}

/* The lowest 2xx status OP answers with, or 0. */
static int oa_success_status(const cJSON *op)
{
    int best = 0;
    const cJSON *r;
    cJSON_ArrayForEach(r, cJSON_GetObjectItemCaseSensitive(op, "responses")) {
        int s = r->string ? atoi(r->string) : 0;
        if (s >= 200 && s < 300 && (!best || s < best))
            best = s;
    }
    return best;
}

/* The one key of a {"data": {…}} wrapper (g_free), or NULL. */
static char *oa_wrapper(OaCtx *c, const cJSON *flat, cJSON **inner, const char *want)
{
    const cJSON *props = cJSON_GetObjectItemCaseSensitive(flat, "properties");
    if (!cJSON_IsObject(props) || !props->child || props->child->next || !props->child->string)
        return NULL;
    cJSON *in = oa_prop(c, flat, props->child->string);
    if (!in || !oa_is(in, want)) {
        cJSON_Delete(in);
        return NULL;
    }
    *inner = in;
    return g_strdup(props->child->string);
}

bool oa_has_prop(const cJSON *flat, const char *name)
{
    return cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(flat, "properties"), name) != NULL;
}

static void oa_summary(const cJSON *record, cJSON *success, const char *id)
{
    static const char *const names[] = { "name", "full_name", "display_name", "company_name" };
    cJSON *summary = cJSON_AddArrayToObject(success, "summary");
    for (size_t i = 0; i < G_N_ELEMENTS(names); i++)
        if (oa_has_prop(record, names[i])) {
            cJSON_AddItemToArray(summary, cJSON_CreateString(names[i]));
            break;
        }
    if (oa_has_prop(record, "email"))
        cJSON_AddItemToArray(summary, cJSON_CreateString("email"));
    if (!cJSON_GetArraySize(summary))
        cJSON_AddItemToArray(summary, cJSON_CreateString(id));
}

void oa_success(OaCtx *c, const cJSON *op, cJSON *desc)
{
    int status = oa_success_status(op);
    cJSON_AddItemToArray(cJSON_AddArrayToObject(cJSON_GetObjectItemCaseSensitive(desc, "create"), "success_status"),
                         cJSON_CreateNumber(status ? status : 201));
    if (!status)
        oa_unmapped(c, "responses: no 2xx — success taken as 201");
    char code[8];
    g_snprintf(code, sizeof code, "%d", status);
    cJSON *flat = oa_flat(c, oa_response_schema(op, code)), *record = NULL;
    char *wrap = flat ? oa_wrapper(c, flat, &record, "object") : NULL;
    const cJSON *rec = record ? record : flat;
    const char *id = oa_has_prop(rec, "id") ? "id" : oa_has_prop(rec, "uuid") ? "uuid" : "id";
    if (!oa_has_prop(rec, id))
        oa_unmapped(c, "success: the %d response names no id — \"id\" assumed", status);
    cJSON *success = cJSON_AddObjectToObject(desc, "success");
    cJSON_AddStringToObject(success, "record", wrap ? wrap : "");
    cJSON_AddStringToObject(success, "id", id);
    oa_summary(rec, success, id);
    oa_mapped(c, "success: %d, the record at \"%s\", its id \"%s\"", status ? status : 201, wrap ? wrap : "",
              id);
    g_free(wrap);
    cJSON_Delete(record);
    cJSON_Delete(flat);
}

/* ---- errors ---------------------------------------------------------------- */

typedef struct {
    char *message, *type, *field_errors;
} OaErrorShape;

static char *oa_join(const char *prefix, const char *key)
{
    return prefix ? g_strdup_printf("%s.%s", prefix, key) : g_strdup(key);
}

static bool oa_field_list(OaCtx *c, const cJSON *flat)
{
    if (!oa_is(flat, "array"))
        return false;
    cJSON *items = oa_flat(c, cJSON_GetObjectItemCaseSensitive(flat, "items"));
    bool yes = items && oa_has_prop(items, "field") && (oa_has_prop(items, "message") || oa_has_prop(items, "detail"));
    cJSON_Delete(items);
    return yes;
}

/* Looks for message, type/code and a {field, message} list in FLAT, then one
 * level of wrapper below it ({"error": {…}}). */
static void oa_error_walk(OaCtx *c, const cJSON *flat, const char *prefix, int depth, OaErrorShape *out)
{
    const cJSON *p;
    cJSON_ArrayForEach(p, cJSON_GetObjectItemCaseSensitive(flat, "properties")) {
        cJSON *s = p->string ? oa_flat(c, p) : NULL;
        if (!s)
            continue;
        if (!out->message && (strcmp(p->string, "message") == 0 || strcmp(p->string, "detail") == 0) && oa_is(s, "string"))
            out->message = oa_join(prefix, p->string);
        else if (!out->type && (strcmp(p->string, "type") == 0 || strcmp(p->string, "code") == 0) && oa_is(s, "string"))
            out->type = oa_join(prefix, p->string);
        else if (!out->field_errors && oa_field_list(c, s))
            out->field_errors = oa_join(prefix, p->string);
        else if (depth < 2 && oa_is(s, "object")) {
            char *inner = oa_join(prefix, p->string);
            oa_error_walk(c, s, inner, depth + 1, out);
            g_free(inner);
        }
        cJSON_Delete(s);
    }
}

static void oa_error_shape(OaCtx *c, const cJSON *op, OaErrorShape *shape)
{
    const cJSON *r;
    cJSON_ArrayForEach(r, cJSON_GetObjectItemCaseSensitive(op, "responses")) {
        if (!r->string || (r->string[0] != '4' && g_ascii_strcasecmp(r->string, "default") != 0))
            continue;
        cJSON *flat = oa_flat(c, oa_response_schema(op, r->string));
        if (flat)
            oa_error_walk(c, flat, NULL, 0, shape);
        cJSON_Delete(flat);
    }
}

void oa_errors(OaCtx *c, const cJSON *op, cJSON *desc)
{
    OaErrorShape shape = { 0 };
    oa_error_shape(c, op, &shape);
    cJSON *error = cJSON_AddObjectToObject(desc, "error");
    cJSON *message = cJSON_AddArrayToObject(error, "message");
    static const char *const generic[] = { "message", "error.message", "error", "detail" };
    if (shape.message)
        cJSON_AddItemToArray(message, cJSON_CreateString(shape.message));
    if (shape.message && strcmp(shape.message, "message") != 0)
        cJSON_AddItemToArray(message, cJSON_CreateString("message"));
    for (size_t i = 0; !shape.message && i < G_N_ELEMENTS(generic); i++)
        cJSON_AddItemToArray(message, cJSON_CreateString(generic[i]));
    if (shape.type)
        cJSON_AddStringToObject(error, "type", shape.type);
    if (shape.field_errors)
        cJSON_AddStringToObject(error, "field_errors", shape.field_errors);
    if (shape.message)
        oa_mapped(c, "errors: the message at \"%s\"%s%s", shape.message, shape.field_errors ? ", field errors at " : "",
                  shape.field_errors ? shape.field_errors : "");
    else
        oa_unmapped(c, "errors: no 4xx schema custty recognises — the message read from the usual places");
    g_free(shape.message), g_free(shape.type), g_free(shape.field_errors);
}
