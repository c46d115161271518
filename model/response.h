/* A provider's answer → created record, or what went wrong and where. */
#ifndef CUSTTY_MODEL_RESPONSE_H
#define CUSTTY_MODEL_RESPONSE_H

#include "model/descriptor.h"

#include <cjson/cJSON.h>
#include <stddef.h>

typedef enum {
    OUTCOME_CREATED,       /* the provider made the customer */
    OUTCOME_REJECTED,      /* it refused (4xx, success:false): nothing was made */
    OUTCOME_SERVER_ERROR,  /* 5xx: the customer may or may not exist */
    OUTCOME_RATE_LIMITED,  /* 429: nothing was made; retry after a while */
    OUTCOME_NOT_SENT,      /* failed before the request left: safe to retry */
    OUTCOME_UNKNOWN,       /* sent, but no answer: nobody can tell yet */
    OUTCOME_NOT_CREATED,   /* an unknown one, checked with the provider: no such customer */
} Outcome;

/* The outcome named NAME ("created", "unknown"…), or -1. */
int outcome_from_name(const char *name);

typedef struct {
    char *field;     /* our field name (the provider's key) */
    char *message;
} FieldError;

typedef struct {
    Outcome outcome;
    int status;              /* HTTP status, 0 when none came */
    cJSON *document;         /* the whole body as JSON, or NULL */
    const cJSON *record;     /* the customer inside DOCUMENT, on CREATED */
    char *id;                /* the record's id as text, or NULL */
    char *summary;           /* one line: name · email · id */
    char *message;           /* the provider's message, or why we could not read it */
    char *error_type;        /* Prolifi's error.type, or NULL */
    FieldError *field_errors;
    size_t n_field_errors;
    char *parse_error;       /* why the body is not JSON, with the byte position */
} Response;

/* Reads the answer to a create. BODY need not be NUL-terminated or valid. */
void response_read(const Descriptor *d, int status, const char *body, size_t len, Response *out);
/* Reads the answer to a GET or DELETE of what exists: any 2xx the envelope
 * does not contradict is OUTCOME_CREATED (read as "done"), RECORD the
 * object at RECORD_PATH when there is one (else NULL, no message); other
 * answers as response_read's failures, the provider's message in MESSAGE. */
void response_read_any(const Descriptor *d, int status, const char *body, size_t len, const char *record_path,
                       Response *out);
void response_done(Response *r);

/* The error for FIELD, or NULL. */
const char *response_field_error(const Response *r, const char *field);

const char *outcome_name(Outcome o);
/* A plain sentence: may the customer exist, and what is safe to do now. */
const char *outcome_advice(Outcome o, bool idempotent);

#endif
