#include "model/jsonpath.h"

#include <glib.h>
#include <string.h>

const cJSON *jsonpath_get(const cJSON *root, const char *path)
{
    const cJSON *node = root;
    const char *seg = path;
    if (!root || !path)
        return NULL;
    while (node && *seg) {
        const char *dot = strchr(seg, '.');
        size_t n = dot ? (size_t)(dot - seg) : strlen(seg);
        char *key = g_strndup(seg, n);
        node = cJSON_IsObject(node) ? cJSON_GetObjectItemCaseSensitive(node, key) : NULL;
        g_free(key);
        seg = dot ? dot + 1 : seg + n;
    }
    return node;
}

const char *jsonpath_string(const cJSON *root, const char *path)
{
    const cJSON *node = jsonpath_get(root, path);
    return cJSON_IsString(node) ? node->valuestring : NULL;
}

static cJSON *child_object(cJSON *parent, const char *key)
{
    cJSON *child = cJSON_GetObjectItemCaseSensitive(parent, key);
    if (!child) {
        child = cJSON_CreateObject();
        cJSON_AddItemToObject(parent, key, child);
    }
    return cJSON_IsObject(child) ? child : NULL;
}

bool jsonpath_set(cJSON *root, const char *path, cJSON *item)
{
    gchar **parts = g_strsplit(path, ".", -1);
    guint n = g_strv_length(parts);
    cJSON *node = root;
    for (guint i = 0; node && i + 1 < n; i++)
        node = child_object(node, parts[i]);
    bool ok = node && n > 0;
    if (!ok)
        cJSON_Delete(item);
    else if (cJSON_GetObjectItemCaseSensitive(node, parts[n - 1]))
        cJSON_ReplaceItemInObjectCaseSensitive(node, parts[n - 1], item);
    else
        cJSON_AddItemToObject(node, parts[n - 1], item);
    g_strfreev(parts);
    return ok;
}

cJSON *json_parse_located(const char *text, size_t len, int *line, int *column)
{
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(text, len, &end, false);
    if (root || !line || !column)
        return root;
    *line = 1;
    *column = 1;
    for (const char *p = text; end && p < end && p < text + len; p++) {
        if (*p == '\n') {
            (*line)++;
            *column = 1;
        } else {
            (*column)++;
        }
    }
    return NULL;
}

static void *glib_malloc(size_t n) { return g_malloc(n); }
static void glib_free(void *p) { g_free(p); }

void json_use_glib_allocator(void)
{
    cJSON_Hooks hooks = { glib_malloc, glib_free };
    cJSON_InitHooks(&hooks);
}

char *json_print_pretty(const cJSON *doc)
{
    char *tabbed = cJSON_Print(doc);
    GString *out = g_string_sized_new(tabbed ? strlen(tabbed) + 64 : 1);
    bool line_start = true;
    /* A tab inside a string is written as \t, so every tab cJSON prints is layout. */
    for (const char *p = tabbed ? tabbed : ""; *p; p++) {
        if (*p == '\t')
            g_string_append(out, line_start ? "  " : " ");
        else
            g_string_append_c(out, *p), line_start = *p == '\n';
    }
    cJSON_free(tabbed);
    return g_string_free(out, FALSE);
}
