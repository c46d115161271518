#include "model/row_values.h"

#include <string.h>

/* The rename of COLUMN in RENAMES, or COLUMN itself. */
static const char *renamed(const char *column, char *const *renames, size_t n)
{
    size_t len = strlen(column);
    for (size_t i = 0; i < n; i++)
        if (strncmp(renames[i], column, len) == 0 && renames[i][len] == '=')
            return renames[i] + len + 1;
    return column;
}

static const Field *field_by_header(const Descriptor *d, const char *name)
{
    const Field *f = descriptor_field(d, name);
    for (size_t i = 0; !f && i < d->n_fields; i++)
        if (d->fields[i].label && g_ascii_strcasecmp(d->fields[i].label, name) == 0)
            f = &d->fields[i];
    return f;
}

/* "name, email, phone, …": the first few fields' keys, for a header that
 * names none (the console has no `custty providers` beside it). */
static char *some_keys(const Descriptor *d)
{
    GString *s = g_string_new(NULL);
    for (size_t i = 0; i < d->n_fields && i < 6; i++)
        g_string_append_printf(s, "%s%s", i ? ", " : "", d->fields[i].name);
    if (d->n_fields > 6)
        g_string_append(s, ", …");
    return g_string_free(s, FALSE);
}

static char *no_field(const Descriptor *d, const char *name, const char *column, bool can_map)
{
    char *keys = some_keys(d);
    char *map = can_map ? g_strdup_printf(", or give --map \"%s=FIELD\"", column) : g_strdup("");
    char *why = g_strdup_printf("the column \"%s\" is no field of %s; name it by a field's key (%s) or label%s "
                                "(`custty providers %s` lists them)", name, d->title, keys, map, d->name);
    g_free(keys), g_free(map);
    return why;
}

bool row_values_init(RowValues *rv, const Descriptor *d, const Row *header, char *const *renames, size_t n,
                     bool can_map, char **why)
{
    *rv = (RowValues){ d, g_new0(const Field *, header->cells->len + 1), header->cells->len };
    *why = NULL;
    for (size_t i = 0; i < header->cells->len && !*why; i++) {
        const char *column = header->cells->pdata[i];
        const char *name = renamed(column, renames, n);
        rv->columns[i] = field_by_header(d, name);
        for (size_t j = 0; j < i && rv->columns[i] && !*why; j++)
            if (rv->columns[j] == rv->columns[i])
                *why = g_strdup_printf("columns %zu and %zu are both the field %s", j + 1, i + 1,
                                       rv->columns[i]->name);
        if (!rv->columns[i])
            *why = no_field(d, name, column, can_map);
    }
    return *why == NULL;
}

void row_values_init_jsonl(RowValues *rv, const Descriptor *d)
{
    *rv = (RowValues){ d, NULL, 0 };
}

void row_values_done(RowValues *rv)
{
    g_free(rv->columns);
    rv->columns = NULL;
}

static bool csv_values(const RowValues *rv, const Row *row, Values *v, char **why)
{
    if (row->cells->len != rv->n_columns) {
        *why = g_strdup_printf("%u cells where the header has %zu columns; a cell holding a comma is "
                               "written in double quotes", row->cells->len, rv->n_columns);
        return false;
    }
    for (size_t i = 0; i < rv->n_columns; i++) {
        const char *text = row->cells->pdata[i];
        if (*text)
            values_set(v, rv->columns[i]->name, text, strlen(text));
    }
    return true;
}

/* Whether a field's name starts with PATH and a dot: PATH holds fields
 * (address holds address.city). */
static bool holds_fields(const Descriptor *d, const char *path)
{
    size_t len = strlen(path);
    for (size_t i = 0; i < d->n_fields; i++)
        if (strncmp(d->fields[i].name, path, len) == 0 && d->fields[i].name[len] == '.')
            return true;
    return false;
}

/* A value a field cannot hold as it is: an object or a list where text is
 * wanted would be sent as its JSON text ("{\"first\":\"A\"}" as a name). */
static bool wrong_shape(const Field *f, const cJSON *node)
{
    if (!cJSON_IsObject(node) && !cJSON_IsArray(node))
        return false;
    return f->type != FIELD_JSON && !(f->type == FIELD_LIST && cJSON_IsArray(node));
}

/* What is wrong with OBJ's keys under PREFIX ("" at the top), or NULL
 * (g_free): a key naming no field, a value of the wrong shape, or a group
 * of fields that is no object (it was left out of the body without a word). */
static char *shape_problem(const Descriptor *d, const cJSON *obj, const char *prefix)
{
    char *why = NULL;
    for (const cJSON *item = obj->child; item && !why; item = item->next) {
        char *path = *prefix ? g_strdup_printf("%s.%s", prefix, item->string) : g_strdup(item->string);
        const Field *f = descriptor_field(d, path);
        if (f && wrong_shape(f, item))
            why = g_strdup_printf("%s (%s): %s where one value is wanted", f->label ? f->label : "", path,
                                  cJSON_IsArray(item) ? "a list" : "an object");
        else if (!f && holds_fields(d, path) && cJSON_IsObject(item))
            why = shape_problem(d, item, path);
        else if (!f && holds_fields(d, path) && !cJSON_IsNull(item))
            why = g_strdup_printf("\"%s\" holds fields (like %s.…), so it must be an object {…}", path, path);
        else if (!f && !holds_fields(d, path))
            why = g_strdup_printf("\"%s\" is no field of %s (`custty providers %s` lists them)", path, d->title,
                                  d->name);
        g_free(path);
    }
    return why;
}

bool row_values_get(const RowValues *rv, const Row *row, Values *v, char **why)
{
    *why = NULL;
    if (row->cells)
        return csv_values(rv, row, v, why);
    *why = shape_problem(rv->d, row->json, "");
    if (*why)
        return false;
    values_from_body(v, rv->d, row->json, true);
    return true;
}
