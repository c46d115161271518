/* Field validators: pure, fast (no I/O but the country table, read once), and
 * each with a message fit to show a person under the field. */
#ifndef CUSTTY_MODEL_VALIDATE_H
#define CUSTTY_MODEL_VALIDATE_H

#include "model/descriptor.h"

#include <glib.h>

#include <stdbool.h>
#include <stddef.h>

typedef struct {
    bool ok;
    bool empty;          /* nothing typed (ok when the field is optional) */
    bool is_null;        /* an explicit null, for a nullable field: sent as JSON null */
    char message[320];   /* what is wrong and how to fix it; "" when ok */
    char hint[160];      /* advice shown even when ok (password strength) */
    char *normalized;    /* what is sent when ok (g_free via field_check_done) */
} FieldCheck;

/* Checks VALUE (LEN bytes, may hold NULs) against F. Always fills OUT. */
void field_check(const Field *f, const char *value, size_t len, FieldCheck *out);
void field_check_done(FieldCheck *c);
/* Checks an explicit null for F: fine for a nullable field, else refused. */
void field_check_null(const Field *f, FieldCheck *out);

/* What every validator ends with: a problem (the message says what is wrong
 * and how to fix it), or the value that is sent (NORMALIZED, taken). */
G_GNUC_PRINTF(2, 3) void field_check_bad(FieldCheck *out, const char *fmt, ...);
void field_check_good(FieldCheck *out, char *normalized);

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
/* true/false, yes/no, 1/0 (any case): normalized "true" or "false". */
void validate_boolean(const char *value, FieldCheck *out);
/* A decimal number from MIN to MAX (-INFINITY, INFINITY: unbounded). */
void validate_number(const char *value, double min, double max, FieldCheck *out);
/* The shortest text that reads back as V: 0.1, 1000000, 1e+300 (g_free).
 * How bounds and JSON numbers are written for a person. */
char *field_number_text(double v);
/* YYYY-MM-DD, a date the calendar has. */
void validate_date(const char *value, FieldCheck *out);
/* RFC 3339: 2027-01-31T23:59:00Z, 2027-01-31T23:59:00.5+02:00. */
void validate_date_time(const char *value, FieldCheck *out);
/* An http or https URL with a host. */
void validate_url(const char *value, FieldCheck *out);
/* Comma-separated items, each trimmed, empty ones dropped: normalized is a
 * JSON array of strings. */
void validate_list(const char *value, FieldCheck *out);
/* An ISO 4217 code (any case): normalized upper case, hint the name. */
void validate_currency(const char *value, FieldCheck *out);

/* Checks an API token's shape for D; FOR_CREATE refuses read-only kinds. */
void validate_token(const Descriptor *d, const char *token, bool for_create, FieldCheck *out);

#endif
