/* Which operation to import, and the descriptor put together from its parts
 * (model/openapi_fields.c, _parts.c, _response.c, _lookup.c). */
#include "model/openapi_internal.h"

#include <string.h>

static const char *const OA_METHODS[] = { "get", "put", "post", "delete", "options", "head", "patch", "trace" };

char *openapi_slug(const char *title)
{
    GString *s = g_string_new(NULL);
    for (const char *p = title ? title : ""; *p && s->len < 40; p++) {
        if (g_ascii_isalnum(*p))
            g_string_append_c(s, g_ascii_tolower(*p));
        else if (s->len && s->str[s->len - 1] != '-')
            g_string_append_c(s, '-');
    }
    while (s->len && s->str[s->len - 1] == '-')
        g_string_truncate(s, s->len - 1);
    if (!s->len)
        g_string_assign(s, "provider");
    return g_string_free(s, FALSE);
}

static void oa_candidate(OaCtx *c, const char *method, const char *path, const cJSON *op)
{
    const char *id = oa_str(op, "operationId"), *summary = oa_str(op, "summary");
    char *upper = g_ascii_strup(method, -1);
    g_ptr_array_add(c->imp->candidates,
                    g_strdup_printf("%s  %s %s%s%s", id ? id : "(no operationId)", upper, path,
                                    summary ? "  " : "", summary ? summary : ""));
    g_free(upper);
}

/* A POST that creates a customer: its path ends in customers or customer, or
 * its operationId says create…customer. */
static bool oa_creates_customer(const char *path, const cJSON *op)
{
    const char *last = strrchr(path, '/');
    last = last ? last + 1 : path;
    if (g_ascii_strcasecmp(last, "customers") == 0 || g_ascii_strcasecmp(last, "customer") == 0)
        return true;
    const char *id = oa_str(op, "operationId");
    char *low = id ? g_ascii_strdown(id, -1) : NULL;
    bool says = low && strstr(low, "customer") && (strstr(low, "create") || strstr(low, "add") || strstr(low, "new"));
    g_free(low);
    return says;
}

typedef struct {
    const char *path;
    const cJSON *op, *item;
    int found;
} OaPick;

static void oa_consider(OaCtx *c, const OpenapiChoice *choice, const char *path, const char *method,
                        const cJSON *item, OaPick *pick)
{
    const cJSON *op = cJSON_GetObjectItemCaseSensitive(item, method);
    if (!cJSON_IsObject(op))
        return;
    const char *id = oa_str(op, "operationId");
    bool post = strcmp(method, "post") == 0;
    bool hit = choice->operation ? id && strcmp(id, choice->operation) == 0
               : choice->path    ? post && strcmp(path, choice->path) == 0
                                 : post && oa_creates_customer(path, op);
    if (hit) {
        *pick = (OaPick){ path, op, item, pick->found + 1 };
        oa_candidate(c, method, path, op);
    }
}

static bool oa_choose(OaCtx *c, const OpenapiChoice *choice, OaPick *pick)
{
    const cJSON *item;
    cJSON_ArrayForEach(item, cJSON_GetObjectItemCaseSensitive(c->spec, "paths"))
        for (size_t m = 0; m < G_N_ELEMENTS(OA_METHODS); m++)
            oa_consider(c, choice, item->string, OA_METHODS[m], item, pick);
    if (pick->found == 1)
        return true;
    if (pick->found > 1 && !choice->operation && !choice->path) {
        c->fatal = g_strdup_printf("%d operations could create a customer: choose one with --operation ID or "
                                   "--path PATH", pick->found);
        return false;
    }
    g_ptr_array_set_size(c->imp->candidates, 0);
    cJSON_ArrayForEach(item, cJSON_GetObjectItemCaseSensitive(c->spec, "paths"))
        if (cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(item, "post")))
            oa_candidate(c, "post", item->string, cJSON_GetObjectItemCaseSensitive(item, "post"));
    c->fatal = choice->operation ? g_strdup_printf("no operation has the operationId \"%s\"", choice->operation)
               : choice->path    ? g_strdup_printf("no POST operation on the path \"%s\"", choice->path)
               : pick->found > 1 ? g_strdup("several operations match")
                                 : g_strdup("no operation creates a customer (a POST on …/customers): choose one "
                                            "with --operation ID or --path PATH");
    return false;
}

/* The JSON schema of OP's request body, or NULL with c->fatal. */
static const cJSON *oa_body_schema(OaCtx *c, const cJSON *op, size_t *pushed)
{
    char *why = NULL;
    const cJSON *body = oa_resolve(c, cJSON_GetObjectItemCaseSensitive(op, "requestBody"), pushed, &why);
    const cJSON *media, *schema = NULL;
    cJSON_ArrayForEach(media, cJSON_GetObjectItemCaseSensitive(body, "content"))
        if (!schema && media->string && strstr(media->string, "json"))
            schema = cJSON_GetObjectItemCaseSensitive(media, "schema");
    if (!schema && !c->fatal)
        c->fatal = why ? g_strdup_printf("requestBody: %s", why)
                       : g_strdup("the operation has no JSON request body: nothing to make a form of");
    g_free(why);
    return schema;
}

static void oa_head(OaCtx *c, const OaPick *pick, cJSON *desc)
{
    const cJSON *info = cJSON_GetObjectItemCaseSensitive(c->spec, "info");
    const char *title = oa_str(info, "title");
    cJSON_AddNumberToObject(desc, "format", 1);
    cJSON_AddStringToObject(desc, "title", title && *title ? title : "Imported provider");
    const char *docs = oa_str(cJSON_GetObjectItemCaseSensitive(pick->op, "externalDocs"), "url");
    if (!docs)
        docs = oa_str(cJSON_GetObjectItemCaseSensitive(c->spec, "externalDocs"), "url");
    if (docs && (g_str_has_prefix(docs, "https://") || g_str_has_prefix(docs, "http://")))
        cJSON_AddStringToObject(desc, "docs", docs);
    oa_environments(c, desc);
    cJSON *create = cJSON_AddObjectToObject(desc, "create");
    cJSON_AddStringToObject(create, "method", "POST");
    cJSON_AddStringToObject(create, "path", pick->path);
    oa_mapped(c, "create: POST %s%s%s", pick->path, oa_str(pick->op, "operationId") ? " — " : "",
              oa_str(pick->op, "operationId") ? oa_str(pick->op, "operationId") : "");
}

static void oa_build(OaCtx *c, const OaPick *pick)
{
    cJSON *desc = cJSON_CreateObject();
    oa_head(c, pick, desc);
    oa_auth(c, pick->op, desc);
    size_t pushed = 0;
    const cJSON *schema = oa_body_schema(c, pick->op, &pushed);
    cJSON *fields = cJSON_AddArrayToObject(desc, "fields");
    if (schema && oa_fields(c, schema, fields))
        oa_mapped(c, "fields: %d", cJSON_GetArraySize(fields));
    oa_pop(c, pushed);
    oa_success(c, pick->op, desc);
    oa_errors(c, pick->op, desc);
    oa_idempotency(c, pick->op, pick->item, desc);
    oa_lookup(c, pick->path, desc);
    oa_sandbox(c, pick->op, desc);
    if (c->fatal)
        cJSON_Delete(desc);
    else
        c->imp->descriptor = desc;
}

bool openapi_import(const cJSON *spec, const OpenapiChoice *choice, OpenapiImport *imp)
{
    *imp = (OpenapiImport){ .mapped = g_ptr_array_new_with_free_func(g_free),
                            .unmapped = g_ptr_array_new_with_free_func(g_free),
                            .candidates = g_ptr_array_new_with_free_func(g_free) };
    OaCtx c = { .spec = spec, .imp = imp, .chain = g_ptr_array_new_with_free_func(g_free) };
    OaPick pick = { 0 };
    if (!cJSON_IsObject(spec) || !cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(spec, "paths")))
        c.fatal = g_strdup("not an OpenAPI document: it has no \"paths\"");
    else if (oa_choose(&c, choice, &pick))
        oa_build(&c, &pick);
    g_ptr_array_free(c.chain, TRUE);
    imp->error = c.fatal;
    if (!c.fatal)
        g_ptr_array_set_size(imp->candidates, 0);
    return !c.fatal;
}

void openapi_import_done(OpenapiImport *imp)
{
    cJSON_Delete(imp->descriptor);
    if (imp->mapped)
        g_ptr_array_free(imp->mapped, TRUE);
    if (imp->unmapped)
        g_ptr_array_free(imp->unmapped, TRUE);
    if (imp->candidates)
        g_ptr_array_free(imp->candidates, TRUE);
    g_free(imp->error);
    *imp = (OpenapiImport){ 0 };
}
