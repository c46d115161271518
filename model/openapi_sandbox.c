/* The descriptor's sandbox section, so that `custty sandbox` serves the
 * imported provider as its document describes it: a demo token for its auth,
 * the servers' base path, and a record template from the success response's
 * example (or, without one, its schema), with the id's format guessed from
 * the example. */
#include "model/openapi_internal.h"

#include <string.h>

/* The path of the first environment's URL ("/api/v1/public"), or NULL. */
static const char *oa_base_path(const cJSON *desc)
{
    const char *url = oa_str(cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(desc, "environments"), 0), "base_url");
    const char *host = url ? strstr(url, "://") : NULL;
    const char *path = host ? strchr(host + 3, '/') : NULL;
    return path && path[1] ? path : NULL;
}

/* The example of the success answer: the media type's example, the first of
 * its examples, or the schema's own. */
static const cJSON *oa_example(const cJSON *op, const char *status)
{
    const cJSON *resp = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(op, "responses"), status);
    const cJSON *media;
    cJSON_ArrayForEach(media, cJSON_GetObjectItemCaseSensitive(resp, "content")) {
        if (!media->string || !strstr(media->string, "json"))
            continue;
        const cJSON *ex = cJSON_GetObjectItemCaseSensitive(media, "example");
        const cJSON *many = cJSON_GetObjectItemCaseSensitive(media, "examples");
        if (!ex && cJSON_IsObject(many) && many->child)
            ex = cJSON_GetObjectItemCaseSensitive(many->child, "value");
        return ex;
    }
    return NULL;
}

static bool oa_all_of(const char *s, size_t len, const char *chars)
{
    return strlen(s) == len && strspn(s, chars) == len;
}

/* "cus_01h455vb4pex5vsknk084sn02q" → typeid with prefix "cus_"; 24 hex
 * digits → objectid; anything else a uuid. */
static void oa_id_format(OaCtx *c, const char *id, cJSON *record)
{
    const char *under = strrchr(id, '_');
    const char *rest = under ? under + 1 : id;
    const char *format = oa_all_of(rest, 26, "0123456789abcdefghjkmnpqrstvwxyz") ? "typeid"
                         : oa_all_of(rest, 24, "0123456789abcdefABCDEF")          ? "objectid"
                                                                                  : "uuid";
    cJSON_AddStringToObject(record, "id_format", format);
    if (under) {
        char *prefix = g_strndup(id, (gsize)(rest - id));
        cJSON_AddStringToObject(record, "id_prefix", prefix);
        g_free(prefix);
    }
    oa_mapped(c, "sandbox: ids like the example's, %s%s", under ? "a prefix and " : "", format);
}

/* Times the provider sets itself (created_at…) made "now" by the sandbox. */
static void oa_generate(const cJSON *record_schema, cJSON *record)
{
    cJSON *generate = NULL;
    const cJSON *p;
    cJSON_ArrayForEach(p, cJSON_GetObjectItemCaseSensitive(record_schema, "properties")) {
        const char *format = oa_str(p, "format");
        if (!p->string || !format || strcmp(format, "date-time") != 0 ||
            (!g_str_has_prefix(p->string, "created") && !g_str_has_prefix(p->string, "updated")))
            continue;
        if (!generate)
            generate = cJSON_AddObjectToObject(record, "generate");
        cJSON_AddStringToObject(generate, p->string, "now");
    }
}

static const cJSON *oa_at_path(const cJSON *doc, const char *path)
{
    if (!path || !*path)
        return doc;
    char **parts = g_strsplit(path, ".", -1);
    for (char **p = parts; *p && doc; p++)
        doc = cJSON_GetObjectItemCaseSensitive(doc, *p);
    g_strfreev(parts);
    return doc;
}

/* What a property starts as in a record built from the schema: its default,
 * else its first enum value (Prolifi's status "active"), else null. */
static cJSON *oa_start_value(OaCtx *c, const cJSON *record_schema, const char *name)
{
    cJSON *prop = oa_prop(c, record_schema, name);
    const cJSON *def = cJSON_GetObjectItemCaseSensitive(prop, "default");
    const cJSON *first = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(prop, "enum"), 0);
    cJSON *value = cJSON_Duplicate(def ? def : first, true);
    cJSON_Delete(prop);
    return value ? value : cJSON_CreateNull();
}

/* A template from the record's schema when no example gives one: every
 * property, so a created record has every key the provider's has. */
static cJSON *oa_schema_template(OaCtx *c, const cJSON *record_schema)
{
    const cJSON *props = cJSON_GetObjectItemCaseSensitive(record_schema, "properties"), *p;
    if (!cJSON_IsObject(props) || !props->child)
        return NULL;
    cJSON *template = cJSON_CreateObject();
    cJSON_ArrayForEach(p, props)
        if (p->string)
            cJSON_AddItemToObject(template, p->string, oa_start_value(c, record_schema, p->string));
    return template;
}

static void oa_record(OaCtx *c, const cJSON *op, const cJSON *desc, cJSON *sandbox)
{
    const cJSON *success = cJSON_GetObjectItemCaseSensitive(desc, "success");
    const cJSON *statuses = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(desc, "create"),
                                                             "success_status");
    char code[16];
    g_snprintf(code, sizeof code, "%d", cJSON_GetArrayItem(statuses, 0)->valueint);
    cJSON *flat = oa_flat(c, oa_response_schema(op, code));
    const char *wrap = oa_str(success, "record");
    cJSON *schema = wrap && *wrap ? oa_prop(c, flat, wrap) : cJSON_Duplicate(flat, true);
    const cJSON *example = oa_at_path(oa_example(op, code), wrap);
    if (!example)
        example = cJSON_GetObjectItemCaseSensitive(schema, "example");
    cJSON *record = cJSON_CreateObject();
    if (cJSON_IsObject(example)) {
        cJSON_AddItemToObject(record, "template", cJSON_Duplicate(example, true));
        oa_mapped(c, "sandbox: records made from the %s response's example", code);
        const char *id = oa_str(example, oa_str(success, "id"));
        if (id)
            oa_id_format(c, id, record);
    } else {
        cJSON *template = oa_schema_template(c, schema);
        if (template) {
            cJSON_AddItemToObject(record, "template", template);
            oa_mapped(c, "sandbox: records made from the %s response's schema (%d keys)", code,
                      cJSON_GetArraySize(template));
        }
    }
    oa_generate(schema, record);
    if (record->child)
        cJSON_AddItemToObject(sandbox, "record", record);
    else
        cJSON_Delete(record);
    cJSON_Delete(schema);
    cJSON_Delete(flat);
}

void oa_sandbox(OaCtx *c, const cJSON *op, cJSON *desc)
{
    const char *scheme = oa_str(cJSON_GetObjectItemCaseSensitive(desc, "auth"), "scheme");
    if (!scheme || strcmp(scheme, "none") == 0)
        return;
    cJSON *sandbox = cJSON_AddObjectToObject(desc, "sandbox");
    /* Basic takes user:password; every other scheme one opaque key. */
    const char *token = strcmp(scheme, "basic") == 0 ? "sandbox:sandbox-token" : "sandbox-token";
    cJSON_AddItemToObject(sandbox, "tokens", cJSON_CreateStringArray(&token, 1));
    const char *base = oa_base_path(desc);
    if (base)
        cJSON_AddStringToObject(sandbox, "base_path", base);
    oa_record(c, op, desc, sandbox);
    oa_mapped(c, "sandbox: served by custty sandbox with the demo token %s%s%s", token, base ? " under " : "",
              base ? base : "");
}
