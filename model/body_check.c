#include "model/body_check.h"

#include "model/jsonpath.h"

#include <glib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What a field of TYPE must be, when the JSON type is wrong. */
static const char *type_words(FieldType t)
{
    switch (t) {
    case FIELD_JSON: return "must be an object";
    case FIELD_INTEGER: return "must be an integer";
    case FIELD_NUMBER: return "must be a number";
    case FIELD_BOOLEAN: return "must be true or false";
    case FIELD_LIST: return "must be a list of strings";
    default: return "must be a string";
    }
}

/* The text a person would have typed for NODE, so the validators judge it;
 * NULL when its JSON type is wrong for the field. */
static char *node_text(const Field *f, const cJSON *node)
{
    bool textual = f->type != FIELD_JSON && f->type != FIELD_INTEGER && f->type != FIELD_NUMBER &&
                   f->type != FIELD_BOOLEAN && f->type != FIELD_LIST;
    if (cJSON_IsString(node))
        return textual ? g_strdup(node->valuestring) : NULL;
    if (f->type == FIELD_JSON && cJSON_IsObject(node))
        return cJSON_PrintUnformatted(node);
    if (f->type == FIELD_INTEGER && cJSON_IsNumber(node))
        return g_strdup_printf("%.17g", node->valuedouble);
    if (f->type == FIELD_NUMBER && cJSON_IsNumber(node))
        return field_number_text(node->valuedouble);
    if (f->type == FIELD_BOOLEAN && cJSON_IsBool(node))
        return g_strdup(cJSON_IsTrue(node) ? "true" : "false");
    return NULL;
}

/* Why ITEM may not be in a list, or NULL (its trimmed text then in *KEPT). */
static char *list_item_problem(const Field *f, const cJSON *item, char **kept)
{
    if (!cJSON_IsString(item))
        return g_strdup("must be a list of strings");
    Field as_text = { .name = f->name, .label = f->label, .type = FIELD_STRING, .max_length = f->max_length };
    FieldCheck c;
    field_check(&as_text, item->valuestring, strlen(item->valuestring), &c);
    char *why = !c.ok ? g_strdup_printf("has an item that %s", c.message)
                : c.empty ? g_strdup("has an empty item; leave empty items out") : NULL;
    *kept = why ? NULL : g_strdup(c.normalized);
    field_check_done(&c);
    return why;
}

/* Why ITEMS, typed into the form with commas, would not fit F, or NULL: a
 * list sent as JSON holds no more than the form takes (20000 one-letter
 * items fit in a 1 MiB body, not in 255 characters). */
static char *list_length_problem(const Field *f, const cJSON *items)
{
    bool in_bytes = false;
    long max = (long)field_max_length(f, &in_bytes), chars = 0;
    const cJSON *each;
    cJSON_ArrayForEach(each, items)
        chars += (chars ? 2 : 0) + g_utf8_strlen(each->valuestring, -1);
    if (chars <= max)
        return NULL;
    return g_strdup_printf("is %ld characters long written as a list with commas; at most %ld are allowed",
                           chars, max);
}

/* A list as JSON: strings only, none blank, no control characters (an item
 * may hold a comma here: it is not typed into a form). */
static void check_list(const Field *f, const cJSON *node, FieldCheck *out)
{
    cJSON *items = cJSON_CreateArray();
    const cJSON *each;
    char *why = NULL;
    cJSON_ArrayForEach(each, node) {
        char *kept = NULL;
        why = why ? why : list_item_problem(f, each, &kept);
        if (kept)
            cJSON_AddItemToArray(items, cJSON_CreateString(kept));
        g_free(kept);
    }
    if (!why && cJSON_GetArraySize(items) == 0)
        why = g_strdup("holds no items");
    if (!why)
        why = list_length_problem(f, items);
    if (why)
        field_check_bad(out, "%s", why);
    else
        field_check_good(out, cJSON_PrintUnformatted(items));
    g_free(why);
    cJSON_Delete(items);
}

void field_check_json(const Field *f, const cJSON *node, FieldCheck *out)
{
    if (node && cJSON_IsNull(node))
        return field_check_null(f, out);
    if (!node)
        return field_check(f, NULL, 0, out);
    if (f->type == FIELD_LIST && cJSON_IsArray(node)) {
        memset(out, 0, sizeof *out);
        return check_list(f, node, out);
    }
    char *text = node_text(f, node);
    if (text)
        field_check(f, text, strlen(text), out);
    else
        memset(out, 0, sizeof *out), field_check_bad(out, "%s", type_words(f->type));
    if (text && f->secret)
        explicit_bzero(text, strlen(text));
    g_free(text);
}

bool body_check(const Descriptor *d, const cJSON *body, Problems *problems)
{
    problems->items = NULL;
    problems->count = 0;
    for (size_t i = 0; i < d->n_fields; i++) {
        const Field *f = &d->fields[i];
        FieldCheck c;
        field_check_json(f, jsonpath_get(body, f->name), &c);
        if (!c.ok) {
            problems->items = g_renew(Problem, problems->items, problems->count + 1);
            problems->items[problems->count++] = (Problem){ g_strdup(f->name), g_strdup(f->label),
                                                            g_strdup(c.message) };
        }
        field_check_done(&c);
    }
    return problems->count == 0;
}
