#include "model/tree_text.h"

#include "model/safe_text.h"

#include <glib.h>
#include <stdbool.h>
#include <string.h>

static void append_scalar(GString *out, const cJSON *node)
{
    if (cJSON_IsString(node)) {
        char *safe = safe_text(node->valuestring, strlen(node->valuestring));
        g_string_append_printf(out, "\"%s\"", safe);
        g_free(safe);
    } else if (cJSON_IsNumber(node)) {
        g_string_append_printf(out, "%.17g", node->valuedouble);
    } else if (cJSON_IsBool(node)) {
        g_string_append(out, cJSON_IsTrue(node) ? "true" : "false");
    } else {
        g_string_append(out, "null");
    }
}

static void append_key(GString *out, const cJSON *node, int index, int depth)
{
    g_string_append_printf(out, "%*s", depth * 2, "");
    if (node->string) {
        char *safe = safe_text(node->string, strlen(node->string));
        g_string_append(out, safe);
        g_free(safe);
    } else {
        g_string_append_printf(out, "[%d]", index);
    }
}

/* Iterative, so a 1,000-level document cannot exhaust the stack. */
static void append_tree(GString *out, const cJSON *root)
{
    GPtrArray *stack = g_ptr_array_new();
    GArray *indices = g_array_new(FALSE, FALSE, sizeof(int));
    const cJSON *node = root->child;
    int index = 0;
    while (node || stack->len) {
        if (!node) {
            node = ((const cJSON *)g_ptr_array_steal_index(stack, stack->len - 1))->next;
            index = g_array_index(indices, int, indices->len - 1) + 1;
            g_array_set_size(indices, indices->len - 1);
            continue;
        }
        append_key(out, node, index, (int)stack->len);
        bool container = cJSON_IsObject(node) || cJSON_IsArray(node);
        if (container && node->child) {
            g_string_append_c(out, '\n');
            g_ptr_array_add(stack, (gpointer)node);
            g_array_append_val(indices, index);
            node = node->child;
            index = 0;
            continue;
        }
        g_string_append(out, ": ");
        if (container)
            g_string_append(out, cJSON_IsObject(node) ? "{}" : "[]");
        else
            append_scalar(out, node);
        g_string_append_c(out, '\n');
        node = node->next;
        index++;
    }
    g_array_free(indices, TRUE);
    g_ptr_array_free(stack, TRUE);
}

char *tree_text(const cJSON *root)
{
    GString *out = g_string_new(NULL);
    if (cJSON_IsObject(root) || cJSON_IsArray(root)) {
        if (!root->child)
            g_string_append(out, cJSON_IsObject(root) ? "{}\n" : "[]\n");
        else
            append_tree(out, root);
    } else if (root) {
        append_scalar(out, root);
        g_string_append_c(out, '\n');
    }
    return g_string_free(out, FALSE);
}
