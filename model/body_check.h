/* A request body as a server receives it, checked with the form's own
 * validators: the sandbox's validation entry point. Values arrive as JSON
 * (true, 12.5, ["a","b"], null), not as text typed into a form. */
#ifndef CUSTTY_MODEL_BODY_CHECK_H
#define CUSTTY_MODEL_BODY_CHECK_H

#include "model/descriptor.h"
#include "model/validate.h"
#include "model/values.h"

#include <cjson/cJSON.h>
#include <stdbool.h>

/* Checks NODE (NULL when absent) against F. Always fills OUT. */
void field_check_json(const Field *f, const cJSON *node, FieldCheck *out);
/* Checks every field of D in BODY; PROBLEMS lists the bad ones in field
 * order (problems_done). Returns whether all are valid. */
bool body_check(const Descriptor *d, const cJSON *body, Problems *problems);

#endif
