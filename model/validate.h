/* Field validators: pure, fast (no I/O but the country table, read once), and
 * each with a message fit to show a person under the field. */
#ifndef CUSTTY_MODEL_VALIDATE_H
#define CUSTTY_MODEL_VALIDATE_H

#include "model/descriptor.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct {
    bool ok;
    bool empty;          /* nothing typed (ok when the field is optional) */
    char message[320];   /* what is wrong and how to fix it; "" when ok */
    char hint[160];      /* advice shown even when ok (password strength) */
    char *normalized;    /* what is sent when ok (g_free via field_check_done) */
} FieldCheck;

/* Checks VALUE (LEN bytes, may hold NULs) against F. Always fills OUT. */
void field_check(const Field *f, const char *value, size_t len, FieldCheck *out);
void field_check_done(FieldCheck *c);

/* The most F holds as typed: its max_length in characters (default
 * FIELD_DEFAULT_MAX_CHARS), passwords FIELD_PASSWORD_MAX_CHARS, JSON fields
 * FIELD_JSON_MAX_BYTES bytes (*IN_BYTES). The form refuses typing past it and
 * a draft holding more is not restored. */
#define FIELD_DEFAULT_MAX_CHARS 255
#define FIELD_PASSWORD_MAX_CHARS 128
#define FIELD_JSON_MAX_BYTES (32 * 1024)
size_t field_max_length(const Field *f, bool *in_bytes);
/* Whether VALUE (LEN bytes) is within field_max_length of F. */
bool field_fits(const Field *f, const char *value, size_t len);

/* The single validators; each fills OUT as field_check does. VALUE has been
 * checked for UTF-8, NULs and control characters and trimmed. */
void validate_email(const char *value, FieldCheck *out);
void validate_phone(const char *value, FieldCheck *out);
void validate_country(const char *value, FieldCheck *out);
void validate_uuid(const char *value, FieldCheck *out);
void validate_enum(const char *value, const char *const *choices, FieldCheck *out);
void validate_json_object(const char *value, FieldCheck *out);
void validate_password(const char *value, FieldCheck *out);
void validate_integer(const char *value, long long min, long long max, FieldCheck *out);

/* Checks an API token's shape for D; FOR_CREATE refuses read-only kinds. */
void validate_token(const Descriptor *d, const char *token, bool for_create, FieldCheck *out);

#endif
