/* What the files of the OpenAPI importer share (model/openapi_*.c). */
#ifndef CUSTTY_MODEL_OPENAPI_INTERNAL_H
#define CUSTTY_MODEL_OPENAPI_INTERNAL_H

#include "model/openapi_import.h"

#include <cjson/cJSON.h>

/* Deeper nesting of body objects is imported as one json field. */
#define OA_MAX_DEPTH 8
/* $refs followed in one import: a few hundred in a real one; a document whose
 * refs fan out (A = allOf of B ten times, B of C ten times…) is refused here
 * instead of taking forever. */
#define OA_MAX_REFS 20000
/* More fields than any form a person fills. */
#define OA_MAX_FIELDS 1000

typedef struct {
    const cJSON *spec;
    OpenapiImport *imp;
    GPtrArray *chain;     /* the $refs being followed, outermost first */
    char *fatal;          /* a problem that stops the import (a remote $ref) */
    size_t refs;          /* $refs followed so far */
} OaCtx;

void oa_mapped(OaCtx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void oa_unmapped(OaCtx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* SCHEMA with its $refs followed (pushed on c->chain; oa_pop them after use).
 * NULL when it cannot be: a cycle or a missing target (*WHY, g_free), or a
 * remote $ref (c->fatal set). */
const cJSON *oa_resolve(OaCtx *c, const cJSON *schema, size_t *pushed, char **why);
void oa_pop(OaCtx *c, size_t pushed);
/* The allOf of SCHEMA merged into one schema (cJSON_Delete it), or NULL when
 * SCHEMA has none. */
cJSON *oa_merge_all_of(OaCtx *c, const cJSON *schema, char **why);
/* A member's string value, or NULL. */
const char *oa_str(const cJSON *obj, const char *key);
/* Whether OP (an operation or path item) declares the parameter NAME in IN
 * ("query", "header"); header names compare as HTTP's do, without case. */
bool oa_has_param(OaCtx *c, const cJSON *op, const char *in, const char *name);

/* Fields from the request body SCHEMA into the array FIELDS. */
bool oa_fields(OaCtx *c, const cJSON *schema, cJSON *fields);

/* minLength, pattern, default and example of SCHEMA into the field F of
 * type FTYPE, or reported. */
void oa_shape(OaCtx *c, cJSON *f, const cJSON *schema, const char *ftype);

/* The parts of a descriptor besides fields, each into DESC. */
void oa_auth(OaCtx *c, const cJSON *op, cJSON *desc);
void oa_environments(OaCtx *c, cJSON *desc);
void oa_success(OaCtx *c, const cJSON *op, cJSON *desc);
void oa_errors(OaCtx *c, const cJSON *op, cJSON *desc);
void oa_lookup(OaCtx *c, const char *path, cJSON *desc);
/* The sandbox section, from the parts already in DESC. */
void oa_sandbox(OaCtx *c, const cJSON *op, cJSON *desc);
void oa_idempotency(OaCtx *c, const cJSON *op, const cJSON *path_item, cJSON *desc);
/* SCHEMA with $refs followed and allOf merged, a copy (cJSON_Delete), or NULL;
 * one property of such a schema the same way; whether it is of TYPE; whether
 * it has the property NAME. */
cJSON *oa_flat(OaCtx *c, const cJSON *schema);
cJSON *oa_prop(OaCtx *c, const cJSON *flat, const char *name);
bool oa_is(const cJSON *flat, const char *type);
bool oa_has_prop(const cJSON *flat, const char *name);
/* The JSON schema of OP's response for STATUS ("201"), or NULL. */
const cJSON *oa_response_schema(const cJSON *op, const char *status);

#endif
