/* Provider descriptors: what a provider needs, read from assets/providers/NAME.json.
 * The format is documented in assets/providers/README.md. */
#ifndef CUSTTY_MODEL_DESCRIPTOR_H
#define CUSTTY_MODEL_DESCRIPTOR_H

#include "model/lookup_spec.h"
#include "model/sandbox_spec.h"

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>

typedef enum {
    FIELD_STRING,
    FIELD_EMAIL,
    FIELD_PHONE,
    FIELD_COUNTRY,
    FIELD_UUID,
    FIELD_ENUM,
    FIELD_JSON,
    FIELD_PASSWORD,
    FIELD_INTEGER,
    FIELD_BOOLEAN,   /* sent as true or false */
    FIELD_NUMBER,    /* sent as a JSON number; decimals allowed */
    FIELD_DATE,      /* YYYY-MM-DD, a real calendar date */
    FIELD_DATE_TIME, /* RFC 3339: 2027-01-31T23:59:00Z or with an offset */
    FIELD_URL,       /* http or https with a host */
    FIELD_LIST,      /* typed comma-separated, sent as an array of strings */
    FIELD_CURRENCY,  /* ISO 4217 code */
} FieldType;

typedef struct {
    char *name;          /* the provider's JSON key, dotted when nested */
    char *label;
    char *help;
    FieldType type;
    bool required;
    bool secret;         /* never written to disk or logs */
    bool unique;         /* the sandbox keeps one customer per value (409 otherwise) */
    char **choices;      /* NULL-terminated, enum fields only */
    int max_length;      /* in characters; 0 = the validator's default */
    long long min, max;  /* integer fields */
    double number_min, number_max; /* number fields (-inf, inf when not given) */
    bool nullable;       /* may be sent as an explicit JSON null */
    int min_length;      /* in characters; 0 = none. Text fields only */
    char *pattern;       /* a regular expression the value must match, or NULL. Text fields only */
    char *pattern_hint;  /* what a matching value looks like, or NULL */
    GRegex *pattern_re;  /* PATTERN compiled at load (model/field_pattern.h) */
    char *placeholder;   /* shown dim in an empty field; never sent */
    char *default_text;  /* what the provider uses when the field is left empty, as text; never sent */
} Field;

typedef struct {
    char *name;
    char *base_url;
    bool live;
} Environment;

typedef struct {
    char *name;
    char *value;
} Header;

/* How a token travels (auth.scheme). */
typedef enum {
    AUTH_NONE,
    AUTH_BEARER,   /* Authorization: Bearer TOKEN */
    AUTH_BASIC,    /* Authorization: Basic base64(TOKEN), TOKEN being user:password */
    AUTH_HEADER,   /* auth.header.name: auth.header.value with {token} replaced */
    AUTH_QUERY,    /* ?auth.query=TOKEN on every request */
} AuthScheme;

typedef struct {
    char *prefix;
    bool can_create;
    char *reason;
} TokenKind;

typedef struct {
    int status;
    char *field;
} StatusField;

typedef struct Descriptor {
    char *name;          /* file name without .json: "billing-v1" */
    char *path;          /* where it was read from */
    char *title;
    char *docs;

    Environment *envs;
    size_t n_envs;

    char *create_method;
    char *create_path;
    int *success_status;
    size_t n_success_status;

    char *auth_scheme;   /* its name as written: "bearer", "basic", "header", "query", "none" */
    AuthScheme auth;
    char *auth_header_name;  /* AUTH_HEADER: "X-Api-Key" */
    char *auth_header_value; /* AUTH_HEADER: holds "{token}" once: "{token}", "Key {token}" */
    char *auth_query_param;  /* AUTH_QUERY: "api_key" */
    bool auth_required;
    Header *auth_headers;
    size_t n_auth_headers;
    char *token_pattern; /* POSIX extended regex, or NULL */
    char *token_hint;
    TokenKind *token_kinds;
    size_t n_token_kinds;

    Field *fields;
    size_t n_fields;

    char *record_path;   /* "" = the body itself */
    char *id_path;       /* relative to the record */
    char *flag_path;     /* envelope flag that must be true, or NULL */
    char *code_path;     /* envelope code that must be < 400, or NULL */
    char **summary;      /* NULL-terminated record paths */

    char **message_paths;     /* NULL-terminated, tried in order */
    char *error_type_path;
    char *field_errors_path;
    StatusField *status_fields;
    size_t n_status_fields;

    bool idempotency;
    char *idempotency_header;
    int idempotency_max;     /* the longest key it takes; at least DESCRIPTOR_KEY_MIN */

    char *ratelimit_limit_header;
    char *ratelimit_remaining_header;

    LookupSpec lookup;       /* lookup.path NULL: the provider has none */
    SandboxSpec sandbox;     /* sandbox.present false: the sandbox does not serve it */

    /* endpoints: what the sandbox serves, what a lookup uses where it names
     * no path (list; get for an exact one), what the admin views use. */
    char *list_path;
    char *get_path;
    char *delete_path;
    char *legacy_create_path;
} Descriptor;

/* The shortest idempotency.max_length custty accepts: a key it makes must
 * hold 80 random bits (16 base-32 characters) for two drafts never to share
 * one. A provider that takes less is refused at load, not sent weak keys. */
#define DESCRIPTOR_KEY_MIN 16

/* Reads a descriptor from TEXT; NAME is its provider name and SOURCE the file
 * named in errors. Returns NULL and sets *ERR (g_free it) on any problem. */
Descriptor *descriptor_parse(const char *text, size_t len, const char *name,
                             const char *source, char **err);
/* The same from the file PATH: a regular file of at most this size (a FIFO
 * or device in a providers folder must not hang every command). */
#define DESCRIPTOR_MAX_BYTES (1024 * 1024)
Descriptor *descriptor_load(const char *path, char **err);
void descriptor_free(Descriptor *d);

const Field *descriptor_field(const Descriptor *d, const char *name);
const Environment *descriptor_environment(const Descriptor *d, const char *name);
/* The field a provider's error for STATUS is about (409 → email), or NULL. */
const char *descriptor_status_field(const Descriptor *d, int status);
bool descriptor_is_success_status(const Descriptor *d, int status);
/* The name of D's first email field: the customer's address, what duplicate
 * checks, lookups and LIVE confirmations name. NULL when it has none. */
const char *descriptor_email_field(const Descriptor *d);

const char *field_type_name(FieldType t);
/* Whether a field of type T is sent as a JSON string (what min_length and
 * pattern are about). */
bool field_type_is_text(FieldType t);

/* The providers known to this run, in load order. */
typedef struct {
    Descriptor **items;
    size_t count;
} ProviderSet;

/* Loads every *.json in DIR (sorted by name). A later one with the same name
 * replaces an earlier one. Problems are appended to ERRORS (one per line) and
 * the rest still load. Returns the number loaded. */
size_t provider_set_load_dir(ProviderSet *set, const char *dir, char **errors);
const Descriptor *provider_set_find(const ProviderSet *set, const char *name);
void provider_set_done(ProviderSet *set);

#endif
