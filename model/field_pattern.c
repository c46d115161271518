/* Field patterns: compiled once, matched with a limit. */
#include "model/field_pattern.h"

#include <stdbool.h>
#include <string.h>

/* PCRE2 reads (*LIMIT_MATCH=N) at a pattern's start as a cap on its own
 * backtracking; a pattern of the file's own that starts with (* could raise
 * it again, so those are refused (ECMA-262 has no such syntax). */
#define LIMIT_PREFIX "(*LIMIT_MATCH=" G_STRINGIFY(FIELD_PATTERN_MATCH_LIMIT) ")"

GRegex *field_pattern_compile(const char *pattern, char **why)
{
    if (g_str_has_prefix(pattern, "(*")) {
        *why = g_strdup("a pattern may not start with a (*…) setting");
        return NULL;
    }
    char *limited = g_strconcat(LIMIT_PREFIX, pattern, NULL);
    GError *err = NULL;
    GRegex *re = g_regex_new(limited, 0, 0, &err);
    g_free(limited);
    if (!re) {
        /* GLib's message quotes the pattern with the prefix and a position
         * counted with it; the reason itself is after the last colon. */
        const char *reason = strrchr(err->message, ':');
        *why = g_strstrip(g_strdup(reason && reason[1] ? reason + 1 : err->message));
        g_error_free(err);
    }
    return re;
}

FieldPatternResult field_pattern_match(const GRegex *re, const char *value)
{
    GError *err = NULL;
    gboolean hit = g_regex_match_full(re, value, -1, 0, 0, NULL, &err);
    if (err) {
        g_error_free(err);
        return FIELD_PATTERN_TOO_COSTLY;
    }
    return hit ? FIELD_PATTERN_MATCHES : FIELD_PATTERN_DIFFERS;
}

/* \uXXXX (four hex digits) or \u{X…} (one to six) at P, just past the \u:
 * its digits appended to OUT as \x{…}; the bytes read, or 0. */
static size_t ecma_unicode_escape(const char *p, GString *out)
{
    size_t n = 0;
    if (*p == '{') {
        while (n < 6 && g_ascii_isxdigit(p[1 + n]))
            n++;
        if (!n || p[1 + n] != '}')
            return 0;
        g_string_append_printf(out, "\\x{%.*s}", (int)n, p + 1);
        return n + 2;
    }
    while (n < 4 && g_ascii_isxdigit(p[n]))
        n++;
    if (n != 4)
        return 0;
    g_string_append_printf(out, "\\x{%.4s}", p);
    return 4;
}

/* ECMA-262's \d, \w and \b are ASCII; GRegex reads them as Unicode (it
 * compiles with PCRE2_UCP), so they are written out. */
#define ECMA_WORD "A-Za-z0-9_"
#define ECMA_BOUNDARY "(?:(?<=[" ECMA_WORD "])(?![" ECMA_WORD "])|(?<![" ECMA_WORD "])(?=[" ECMA_WORD "]))"
#define ECMA_NOT_BOUNDARY "(?:(?<=[" ECMA_WORD "])(?=[" ECMA_WORD "])|(?<![" ECMA_WORD "])(?![" ECMA_WORD "]))"

/* The escape \C (C one of dDwWbB) as GRegex reads ECMA-262's, or NULL when
 * it has no form inside a class. */
static const char *ecma_class_escape(char c, bool in_class)
{
    switch (c) {
    case 'd': return in_class ? "0-9" : "[0-9]";
    case 'w': return in_class ? ECMA_WORD : "[" ECMA_WORD "]";
    case 'D': return in_class ? NULL : "[^0-9]";
    case 'W': return in_class ? NULL : "[^" ECMA_WORD "]";
    case 'b': return in_class ? "\\x08" : ECMA_BOUNDARY; /* in a class, a backspace */
    case 'B': return in_class ? NULL : ECMA_NOT_BOUNDARY;
    default: return "";
    }
}

static char *ecma_refuse(GString *out, char **why, char *reason)
{
    *why = reason;
    g_string_free(out, TRUE);
    return NULL;
}

char *field_pattern_from_ecma(const char *ecma, char **why)
{
    GString *out = g_string_new(NULL);
    bool in_class = false;
    for (const char *p = ecma; *p; p++) {
        if (*p == '\\' && p[1] == 'u') {
            size_t used = ecma_unicode_escape(p + 2, out);
            if (!used)
                return ecma_refuse(out, why, g_strdup("a \\u escape that is neither \\uXXXX nor \\u{…}"));
            p += 1 + used;
            continue;
        }
        if (*p == '\\' && p[1]) {
            const char *as = strchr("dDwWbB", p[1]) ? ecma_class_escape(p[1], in_class) : "";
            if (!as)
                return ecma_refuse(out, why, g_strdup_printf("\\%c inside a character class", p[1]));
            if (*as)
                g_string_append(out, as);
            else
                g_string_append_len(out, p, 2);
            p++;
            continue;
        }
        /* [] matches nothing and [^] anything in ECMA-262; PCRE reads a ] there as a member. */
        if (!in_class && *p == '[' && (p[1] == ']' || (p[1] == '^' && p[2] == ']')))
            return ecma_refuse(out, why, g_strdup_printf("the ECMA-262 class %s, which PCRE reads otherwise",
                                                         p[1] == ']' ? "[]" : "[^]"));
        if (*p == '[')
            in_class = true;
        else if (*p == ']')
            in_class = false;
        g_string_append_c(out, *p);
    }
    return g_string_free(out, FALSE);
}
