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

bool row_values_init(RowValues *rv, const Descriptor *d, const Row *header, char *const *renames, size_t n,
                     char **why)
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
            *why = g_strdup_printf("the column \"%s\" is no field of %s; name it by the field's key or "
                                   "label, or give --map \"%s=FIELD\" (`custty providers %s` lists them)",
                                   name, d->title, column, d->name);
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

/* A key of the object naming no field and holding none (address is the
 * parent of address.city), or NULL. */
static const char *stray_key(const Descriptor *d, const cJSON *obj)
{
    for (const cJSON *item = obj->child; item; item = item->next) {
        bool known = descriptor_field(d, item->string) != NULL;
        size_t len = strlen(item->string);
        for (size_t i = 0; !known && i < d->n_fields; i++)
            known = strncmp(d->fields[i].name, item->string, len) == 0 && d->fields[i].name[len] == '.';
        if (!known)
            return item->string;
    }
    return NULL;
}

bool row_values_get(const RowValues *rv, const Row *row, Values *v, char **why)
{
    *why = NULL;
    if (row->cells)
        return csv_values(rv, row, v, why);
    const char *stray = stray_key(rv->d, row->json);
    if (stray) {
        *why = g_strdup_printf("\"%s\" is no field of %s (`custty providers %s` lists them)", stray,
                               rv->d->title, rv->d->name);
        return false;
    }
    values_from_body(v, rv->d, row->json, true);
    return true;
}
