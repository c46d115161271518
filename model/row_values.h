/* A file's row as the values of a form: CSV columns matched to fields by
 * header (the field's JSON key, like address.country, or its label; a
 * rename COLUMN=FIELD first), a JSON Lines object read as a body. */
#ifndef CUSTTY_MODEL_ROW_VALUES_H
#define CUSTTY_MODEL_ROW_VALUES_H

#include "model/descriptor.h"
#include "model/row_reader.h"
#include "model/values.h"

#include <stdbool.h>

typedef struct {
    const Descriptor *d;
    const Field **columns;   /* per CSV column: its field */
    size_t n_columns;
} RowValues;

/* Matches HEADER's cells to D's fields, RENAMES ("COLUMN=FIELD", N of them)
 * first. False with *WHY (g_free) naming a column that matches no field and
 * the fields it could be; CAN_MAP: the caller takes --map (the console does not). */
bool row_values_init(RowValues *rv, const Descriptor *d, const Row *header, char *const *renames, size_t n,
                     bool can_map, char **why);
/* For JSON Lines: no header. */
void row_values_init_jsonl(RowValues *rv, const Descriptor *d);
void row_values_done(RowValues *rv);
/* ROW's values into V (values_init'ed); an empty cell sets nothing. False
 * with *WHY (g_free) when a CSV row has another number of cells than the
 * header, or a JSON object holds a key that is no field (at any depth), a
 * value of the wrong shape (an object as a name) or a group of fields that
 * is no object. */
bool row_values_get(const RowValues *rv, const Row *row, Values *v, char **why);

#endif
