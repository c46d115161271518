/* The GET operations beside the create (`/customers`, `/customers/{id}`):
 * endpoints.list and endpoints.get, and a lookup when the list can be read
 * to its end the ways lookup_spec knows (page or offset paging). */
#include "model/openapi_internal.h"

#include <string.h>

static const cJSON *oa_get_op(const cJSON *spec, const char *path)
{
    return cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(spec, "paths"), path), "get");
}

/* PATH + "/{something}" with a GET, as PATH/{id} (g_free), or NULL. */
static char *oa_item_path(const cJSON *spec, const char *path)
{
    const cJSON *p;
    size_t n = strlen(path);
    cJSON_ArrayForEach(p, cJSON_GetObjectItemCaseSensitive(spec, "paths")) {
        if (!p->string || strncmp(p->string, path, n) != 0 || strncmp(p->string + n, "/{", 2) != 0)
            continue;
        const char *close = strchr(p->string + n, '}');
        if (close && !close[1] && cJSON_GetObjectItemCaseSensitive(p, "get"))
            return g_strdup_printf("%s/{id}", path);
    }
    return NULL;
}

/* The paging object, or NULL when the list pages some other way (cursors). */
static cJSON *oa_paging(OaCtx *c, const cJSON *op)
{
    cJSON *paging = cJSON_CreateObject();
    if (oa_has_param(c, op, "query", "offset") && oa_has_param(c, op, "query", "limit")) {
        cJSON_AddStringToObject(paging, "style", "offset");
        cJSON_AddStringToObject(paging, "param", "offset");
        cJSON_AddStringToObject(paging, "limit_param", "limit");
        cJSON_AddNumberToObject(paging, "limit", 100);
    } else if (oa_has_param(c, op, "query", "page")) {
        cJSON_AddStringToObject(paging, "style", "page");
        cJSON_AddStringToObject(paging, "param", "page");
        if (oa_has_param(c, op, "query", "per_page"))
            oa_unmapped(c, "lookup: per_page — the page size is left to the provider");
    } else {
        static const char *const cursors[] = { "cursor", "starting_after", "after", "page_token", "next" };
        for (size_t i = 0; i < G_N_ELEMENTS(cursors); i++)
            if (oa_has_param(c, op, "query", cursors[i])) {
                oa_unmapped(c, "lookup: cursor paging (%s) — not mapped: a lookup reads page or offset paging only",
                            cursors[i]);
                cJSON_Delete(paging);
                return NULL;
            }
        cJSON_AddStringToObject(paging, "style", "none");
    }
    return paging;
}

/* Where the list sits in the list GET's answer (g_free), its item schema in *ITEM. */
static char *oa_items(OaCtx *c, const cJSON *op, cJSON **item)
{
    cJSON *flat = oa_flat(c, oa_response_schema(op, "200")), *list = NULL;
    char *where = NULL;
    if (flat && oa_is(flat, "array")) {
        where = g_strdup("");
        list = cJSON_Duplicate(flat, true);
    }
    const cJSON *p, *props = where ? NULL : cJSON_GetObjectItemCaseSensitive(flat, "properties");
    cJSON_ArrayForEach(p, props) {
        cJSON *s = p->string ? oa_prop(c, flat, p->string) : NULL;
        if (s && oa_is(s, "array") && !where) {
            where = g_strdup(p->string);
            list = s;
        } else {
            cJSON_Delete(s);
        }
    }
    *item = list ? oa_flat(c, cJSON_GetObjectItemCaseSensitive(list, "items")) : NULL;
    cJSON_Delete(list);
    cJSON_Delete(flat);
    return where;
}

static void oa_lookup_of(OaCtx *c, const char *path, const cJSON *op, cJSON *desc)
{
    cJSON *item = NULL;
    char *items = oa_items(c, op, &item);
    cJSON *paging = items && item && oa_has_prop(item, "email") ? oa_paging(c, op) : NULL;
    if (!items || !item || !oa_has_prop(item, "email")) {
        oa_unmapped(c, "lookup: the list's items hold no email to match — no lookup");
    } else if (paging) {
        cJSON *lookup = cJSON_AddObjectToObject(desc, "lookup");
        cJSON_AddStringToObject(lookup, "path", path);
        cJSON_AddStringToObject(lookup, "items", items);
        cJSON_AddStringToObject(lookup, "match", "email");
        cJSON_AddStringToObject(lookup, "id", oa_has_prop(item, "id") ? "id" : "uuid");
        if (oa_has_prop(item, "created_at"))
            cJSON_AddStringToObject(lookup, "created", "created_at");
        if (oa_has_param(c, op, "query", "email"))
            cJSON_AddStringToObject(lookup, "filter", "email");
        cJSON_AddItemToObject(lookup, "paging", paging);
        paging = NULL;
        oa_mapped(c, "lookup: GET %s, %s paging", path, oa_str(cJSON_GetObjectItemCaseSensitive(lookup, "paging"), "style"));
    }
    cJSON_Delete(paging);
    cJSON_Delete(item);
    g_free(items);
}

void oa_lookup(OaCtx *c, const char *path, cJSON *desc)
{
    const cJSON *list = oa_get_op(c->spec, path);
    char *get = oa_item_path(c->spec, path);
    if (!list && !get)
        return;
    cJSON *endpoints = cJSON_AddObjectToObject(desc, "endpoints");
    if (list)
        cJSON_AddStringToObject(endpoints, "list", path);
    if (get)
        cJSON_AddStringToObject(endpoints, "get", get);
    oa_mapped(c, "endpoints:%s%s%s%s", list ? " list " : "", list ? path : "", get ? " get " : "", get ? get : "");
    g_free(get);
    if (list)
        oa_lookup_of(c, path, list, desc);
}
