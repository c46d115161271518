/* What a person typed into a form: field name → text, in the order set. */
#ifndef CUSTTY_MODEL_VALUES_H
#define CUSTTY_MODEL_VALUES_H

#include "model/descriptor.h"
#include "model/validate.h"

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct {
    char *name;
    char *text;      /* may hold NULs: LEN says how long it is */
    size_t len;
    bool null;       /* an explicit null (TEXT is then ""): sent as JSON null */
} Value;

typedef struct {
    Value *items;
    size_t count;
} Values;

void values_init(Values *v);
/* Frees everything and wipes the texts (some are passwords). */
void values_done(Values *v);
/* Sets NAME to TEXT (LEN bytes), replacing an earlier value. */
void values_set(Values *v, const char *name, const char *text, size_t len);
/* Sets NAME to an explicit null. */
void values_set_null(Values *v, const char *name);
/* Whether NAME is set to an explicit null. */
bool values_is_null(const Values *v, const char *name);
/* Sets F's value from NODE, a JSON value as a body holds it: a string as it
 * is, null as null, a list's strings joined by ", ", anything else as its
 * JSON text (true, 12.5, {"a":1}). Nothing when NODE is NULL. */
void values_set_json(Values *v, const Field *f, const cJSON *node);
/* The values of D's fields in BODY (a request body): what a resend shows and
 * a draft like a history entry starts from. Secret fields only WITH_SECRETS. */
void values_from_body(Values *v, const Descriptor *d, const cJSON *body, bool with_secrets);
/* The text for NAME, or NULL; *LEN (optional) gets its length. */
const char *values_get(const Values *v, const char *name, size_t *len);

/* One invalid field, for the list a refused submit shows. */
typedef struct {
    char *field;
    char *label;
    char *message;
} Problem;

typedef struct {
    Problem *items;
    size_t count;
} Problems;

/* Checks every field of D (and that each value names a field of D).
 * Returns true when all are valid; PROBLEMS lists the rest in field order. */
bool values_check(const Descriptor *d, const Values *v, Problems *problems);

/* The one walk over D's fields with V's values checked: VISIT(CTX, f, check)
 * for each field in order, until it returns false. Returns whether every
 * visit returned true. What the body builder and values_check share. */
bool values_each_checked(const Descriptor *d, const Values *v,
                         bool (*visit)(void *ctx, const Field *f, const FieldCheck *check), void *ctx);
void problems_done(Problems *p);

#endif
