/* A descriptor's "sandbox" section: what custty's loopback sandbox needs to
 * serve a provider from data alone (assets/providers/README.md, "sandbox").
 * The JSON trees below are templates: a string "{name}" in them is replaced
 * by a value when an answer is made (net/sandbox_shape.c). */
#ifndef CUSTTY_MODEL_SANDBOX_SPEC_H
#define CUSTTY_MODEL_SANDBOX_SPEC_H

#include <stdbool.h>
#include <stddef.h>

struct cJSON;
struct Descriptor;

typedef enum { SANDBOX_ID_UUID, SANDBOX_ID_OBJECTID, SANDBOX_ID_TYPEID } SandboxIdFormat;

typedef struct {
    bool present;                 /* the sandbox serves it: a section, or the defaults fit */
    char *why_not;                /* !present: why the sandbox cannot serve it, a sentence */
    char **tokens;                /* demo tokens, NULL-terminated */
    char *base_path;              /* the base URL's path below the provider's mount, "" or "/api/v1/public" */
    char *hook;                   /* a named hook of net/sandbox_hooks.c, or NULL */
    /* record */
    struct cJSON *record;         /* the record template */
    SandboxIdFormat id_format;
    char *id_prefix;              /* before every id: "cus_" */
    char *time_format;            /* g_date_time_format's, %f for milliseconds */
    char *body_root;              /* where the fields' values sit in a body, stripped from their names */
    struct cJSON *place;          /* field name → record path, or null (not kept) */
    struct cJSON *generate;       /* record path → "id", "uuid", "objectid", "typeid", "now", "today", "today+N" */
    /* answers */
    struct cJSON *envelope;       /* a record's answer, "{record}" inside; NULL: the record itself */
    struct cJSON *error_body;     /* an error's answer, "{message}", "{status}", "{VAR}" inside */
    struct cJSON *error_vars;     /* VAR → {reason, "409", "4xx", "*" → value} */
    int invalid_status;
    char *invalid_message;        /* "{problems}": every bad field in one sentence */
    struct cJSON *invalid_item;   /* one field error ("{field}", "{problem}"); NULL: no list */
    int duplicate_status;         /* the HTTP status of a duplicate (its body says 409) */
    char *duplicate_message;      /* "{field}", "{value}", "{id}" */
    struct cJSON *messages;       /* reason → message */
    /* list, delete */
    bool list_newest_first;
    long page_size, max_page_size;
    struct cJSON *list_envelope;  /* "{items}" inside; NULL: the bare list */
    char **list_item;             /* record paths an item keeps; NULL: the whole record */
    bool delete_archives;         /* archive (set delete_set) or remove */
    struct cJSON *delete_set;     /* archive: values put in the record */
    struct cJSON *delete_reply;   /* remove: the answer ("{id}"); NULL: the record's answer */
} SandboxSpec;

/* The reasons an error has, which error.vars and messages may name. */
extern const char *const SANDBOX_REASONS[];
/* The hooks net/sandbox_hooks.c has; tests/net checks the two agree. */
extern const char *const SANDBOX_HOOKS[];

/* Reads OBJ, D's "sandbox" object, into SPEC (D's other sections read
 * already: defaults come from them). On a problem returns false with *WHERE
 * and *WHAT (a sentence), g_free both. */
bool sandbox_spec_read(const struct cJSON *obj, const struct Descriptor *d, SandboxSpec *spec,
                       char **where, char **what);
void sandbox_spec_done(SandboxSpec *spec);

/* Whether TOKEN may create on D (no auth.token.kinds entry says it may not). */
bool sandbox_token_may_create(const struct Descriptor *d, const char *token);
/* D's first demo token that may create, or NULL. */
const char *sandbox_demo_token(const struct Descriptor *d);

#endif
