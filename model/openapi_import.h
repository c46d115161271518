/* An OpenAPI 3.0/3.1 document turned into a provider descriptor: the create
 * operation's body into typed fields, its security into auth, its servers
 * into environments, its responses into the success and error readings, the
 * list and get operations into endpoints and lookup. Pure: nothing printed,
 * nothing fetched (a remote $ref is refused). */
#ifndef CUSTTY_MODEL_OPENAPI_IMPORT_H
#define CUSTTY_MODEL_OPENAPI_IMPORT_H

#include <glib.h>
#include <stdbool.h>

struct cJSON;

typedef struct {
    const char *operation;  /* operationId to import, or NULL */
    const char *path;       /* or the POST on this path, or NULL: the create-customer one */
} OpenapiChoice;

typedef struct {
    struct cJSON *descriptor; /* the descriptor, as JSON (NULL on failure) */
    GPtrArray *mapped;        /* lines: what was mapped (g_free'd strings) */
    GPtrArray *unmapped;      /* lines: "where: what, and why" */
    GPtrArray *candidates;    /* when no one operation was chosen: "id  METHOD path  summary" */
    char *error;              /* why nothing was imported (NULL on success) */
} OpenapiImport;

/* Imports from SPEC. True with IMP->descriptor set; false with IMP->error
 * (and IMP->candidates when the operation could not be chosen). Free with
 * openapi_import_done. */
bool openapi_import(const struct cJSON *spec, const OpenapiChoice *choice, OpenapiImport *imp);
void openapi_import_done(OpenapiImport *imp);

/* "Prolifi Public API" → "prolifi-public-api" (g_free); "provider" when
 * nothing is left. */
char *openapi_slug(const char *title);

#endif
