/* Local $refs ("#/components/schemas/Customer") followed with the chain kept,
 * so that a cycle is named; a remote one is refused, never fetched. And allOf
 * merged into one schema. */
#include "model/openapi_internal.h"

#include <stdarg.h>
#include <string.h>

const char *oa_str(const cJSON *obj, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static void oa_line(GPtrArray *lines, const char *fmt, va_list ap)
{
    g_ptr_array_add(lines, g_strdup_vprintf(fmt, ap));
}

void oa_mapped(OaCtx *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    oa_line(c->imp->mapped, fmt, ap);
    va_end(ap);
}

void oa_unmapped(OaCtx *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    oa_line(c->imp->unmapped, fmt, ap);
    va_end(ap);
}

/* One JSON pointer segment, ~1 and ~0 decoded (g_free). */
static char *oa_segment(const char *start, size_t len)
{
    GString *s = g_string_new(NULL);
    for (size_t i = 0; i < len; i++) {
        if (start[i] == '~' && i + 1 < len && (start[i + 1] == '0' || start[i + 1] == '1'))
            g_string_append_c(s, start[++i] == '0' ? '~' : '/');
        else
            g_string_append_c(s, start[i]);
    }
    return g_string_free(s, FALSE);
}

static const cJSON *oa_pointer(const cJSON *root, const char *ref)
{
    const cJSON *at = root;
    for (const char *p = ref + 1; at && *p == '/';) {
        const char *next = strchr(p + 1, '/');
        size_t len = next ? (size_t)(next - p - 1) : strlen(p + 1);
        char *seg = oa_segment(p + 1, len);
        at = cJSON_IsArray(at) ? cJSON_GetArrayItem(at, atoi(seg)) : cJSON_GetObjectItemCaseSensitive(at, seg);
        g_free(seg);
        p += len + 1;
    }
    return at;
}

static char *oa_chain_text(OaCtx *c, const char *ref)
{
    GString *s = g_string_new(NULL);
    bool on = false;
    for (guint i = 0; i < c->chain->len; i++) {
        const char *each = g_ptr_array_index(c->chain, i);
        on = on || strcmp(each, ref) == 0;
        if (on)
            g_string_append_printf(s, "%s → ", each);
    }
    g_string_append(s, ref);
    return g_string_free(s, FALSE);
}

static bool oa_in_chain(OaCtx *c, const char *ref)
{
    for (guint i = 0; i < c->chain->len; i++)
        if (strcmp(g_ptr_array_index(c->chain, i), ref) == 0)
            return true;
    return false;
}

const cJSON *oa_resolve(OaCtx *c, const cJSON *schema, size_t *pushed, char **why)
{
    *pushed = 0;
    *why = NULL;
    while (schema && cJSON_GetObjectItemCaseSensitive(schema, "$ref")) {
        const char *ref = oa_str(schema, "$ref");
        if (!ref || strncmp(ref, "#/", 2) != 0) {
            if (!c->fatal)
                c->fatal = g_strdup_printf("$ref \"%s\": only references inside the document (#/...) are "
                                           "followed; custty never fetches another file or URL", ref ? ref : "");
            return NULL;
        }
        if (++c->refs > OA_MAX_REFS) {
            if (!c->fatal)
                c->fatal = g_strdup_printf("the document's $refs expand past %d schemas (a $ref bomb?): refused",
                                           OA_MAX_REFS);
            return NULL;
        }
        if (oa_in_chain(c, ref)) {
            char *chain = oa_chain_text(c, ref);
            *why = g_strdup_printf("a $ref cycle: %s", chain);
            g_free(chain);
            return NULL;
        }
        g_ptr_array_add(c->chain, g_strdup(ref));
        (*pushed)++;
        schema = oa_pointer(c->spec, ref);
        if (!schema)
            *why = g_strdup_printf("$ref \"%s\" points at nothing in the document", ref);
    }
    if (schema && !cJSON_IsObject(schema) && !*why)
        *why = g_strdup("a schema that is not an object");
    return *why ? NULL : schema;
}

void oa_pop(OaCtx *c, size_t pushed)
{
    while (pushed--)
        g_ptr_array_remove_index(c->chain, c->chain->len - 1);
}

/* Adds what PART says to MERGED: properties and required joined, other keys
 * kept from the first that says them. */
static void oa_merge_into(cJSON *merged, const cJSON *part)
{
    const cJSON *each;
    cJSON_ArrayForEach(each, part) {
        cJSON *have = cJSON_GetObjectItemCaseSensitive(merged, each->string);
        if (strcmp(each->string, "allOf") == 0)
            continue;
        if (!have) {
            cJSON_AddItemToObject(merged, each->string, cJSON_Duplicate(each, true));
        } else if (cJSON_IsObject(have) && cJSON_IsObject(each) && strcmp(each->string, "properties") == 0) {
            const cJSON *p;
            cJSON_ArrayForEach(p, each)
                if (!cJSON_GetObjectItemCaseSensitive(have, p->string))
                    cJSON_AddItemToObject(have, p->string, cJSON_Duplicate(p, true));
        } else if (cJSON_IsArray(have) && strcmp(each->string, "required") == 0) {
            const cJSON *r;
            cJSON_ArrayForEach(r, each)
                cJSON_AddItemToArray(have, cJSON_Duplicate(r, true));
        }
    }
}

static bool oa_merge_part(OaCtx *c, cJSON *merged, const cJSON *part, char **why)
{
    size_t pushed;
    const cJSON *s = oa_resolve(c, part, &pushed, why);
    if (!s) {
        oa_pop(c, pushed);
        return false;
    }
    cJSON *inner = oa_merge_all_of(c, s, why);
    bool ok = !*why;
    if (ok)
        oa_merge_into(merged, inner ? inner : s);
    cJSON_Delete(inner);
    oa_pop(c, pushed);
    return ok;
}

cJSON *oa_merge_all_of(OaCtx *c, const cJSON *schema, char **why)
{
    *why = NULL;
    const cJSON *all = cJSON_GetObjectItemCaseSensitive(schema, "allOf");
    if (!cJSON_IsArray(all))
        return NULL;
    cJSON *merged = cJSON_CreateObject();
    oa_merge_into(merged, schema);
    const cJSON *part;
    cJSON_ArrayForEach(part, all)
        if (!oa_merge_part(c, merged, part, why))
            break;
    if (*why || c->fatal) {
        cJSON_Delete(merged);
        return NULL;
    }
    return merged;
}
