/* A field's pattern: a regular expression its value must match, compiled
 * with GLib's GRegex (PCRE, close to ECMA-262 as OpenAPI means it) at load,
 * and matched with a bounded cost, so that no pattern a descriptor holds can
 * stall the form while a person types. */
#ifndef CUSTTY_MODEL_FIELD_PATTERN_H
#define CUSTTY_MODEL_FIELD_PATTERN_H

#include <glib.h>

/* The most backtracking steps one match may take: far more than any sane
 * pattern needs on a form value, and well under a millisecond. */
#define FIELD_PATTERN_MATCH_LIMIT 100000

typedef enum {
    FIELD_PATTERN_MATCHES,
    FIELD_PATTERN_DIFFERS,
    FIELD_PATTERN_TOO_COSTLY, /* the match gave up at the limit */
} FieldPatternResult;

/* PATTERN compiled (g_regex_unref), or NULL with *WHY (g_free) saying why. */
GRegex *field_pattern_compile(const char *pattern, char **why);
/* Whether VALUE matches RE anywhere (an ECMA-262 pattern is not anchored). */
FieldPatternResult field_pattern_match(const GRegex *re, const char *value);

/* An ECMA-262 pattern (OpenAPI's) as GRegex reads it alike: \uXXXX and
 * \u{X…} written as \x{…}; \d, \w and \b, ASCII in ECMA-262 but Unicode in
 * GRegex, written out. NULL with *WHY (g_free) for what it cannot say alike
 * ([], [^], \D or \W inside a class). */
char *field_pattern_from_ecma(const char *ecma, char **why);

#endif
