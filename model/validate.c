#include "model/validate.h"

#include "model/auth.h"
#include "model/country.h"
#include "model/field_pattern.h"
#include "model/jsonpath.h"
#include "model/text.h"

#include <glib.h>
#include <regex.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_MAX_CHARS FIELD_DEFAULT_MAX_CHARS
#define JSON_MAX_BYTES FIELD_JSON_MAX_BYTES

void field_check_bad(FieldCheck *out, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(out->message, sizeof out->message, fmt, ap);
    va_end(ap);
    out->ok = false;
    g_free(out->normalized);
    out->normalized = NULL;
}

#define bad field_check_bad
#define good field_check_good

void field_check_good(FieldCheck *out, char *normalized)
{
    out->ok = true;
    out->message[0] = '\0';
    g_free(out->normalized);
    out->normalized = normalized;
}

/* ---- email -------------------------------------------------------------- */

static bool is_atext(char c)
{
    return g_ascii_isalnum(c) || strchr("!#$%&'*+-/=?^_`{|}~", c);
}

static bool check_local_part(const char *local, size_t n, FieldCheck *out)
{
    if (n == 0)
        return bad(out, "needs a name before the @, like name@example.com"), false;
    if (n > 64)
        return bad(out, "the part before @ is %zu characters; at most 64 are allowed", n), false;
    if (local[0] == '.' || local[n - 1] == '.' || g_strstr_len(local, (gssize)n, ".."))
        return bad(out, "the part before @ cannot start or end with a dot or hold two dots in a row"), false;
    for (size_t i = 0; i < n; i++) {
        if (!is_atext(local[i]) && local[i] != '.') {
            if (local[i] == ' ')
                return bad(out, "an email address cannot contain spaces"), false;
            if ((unsigned char)local[i] >= 0x80)
                return bad(out, "the part before @ must be plain ASCII (no accents or other scripts)"), false;
            return bad(out, "the part before @ cannot contain \"%c\"; use letters, digits and . _ - +",
                       local[i]), false;
        }
    }
    return true;
}

static bool check_domain_label(const char *label, FieldCheck *out)
{
    size_t n = strlen(label);
    if (n == 0)
        return bad(out, "the domain has an empty part (two dots in a row, or a dot at an end)"), false;
    if (n > 63)
        return bad(out, "a part of the domain is %zu bytes long; at most 63 are allowed", n), false;
    if (label[0] == '-' || label[n - 1] == '-')
        return bad(out, "a part of the domain cannot start or end with \"-\""), false;
    for (const char *p = label; *p; p++) {
        /* Bytes ≥ 0x80 are UTF-8 of an internationalised domain (already validated). */
        if ((unsigned char)*p < 0x80 && !g_ascii_isalnum(*p) && *p != '-')
            return bad(out, "the domain cannot contain \"%c\"; use letters, digits, - and dots", *p), false;
    }
    return true;
}

static bool check_domain(const char *domain, FieldCheck *out)
{
    if (!*domain)
        return bad(out, "needs a domain after the @, like name@example.com"), false;
    if (strlen(domain) > 253)
        return bad(out, "the domain is longer than 253 bytes"), false;
    gchar **labels = g_strsplit(domain, ".", -1);
    guint n = g_strv_length(labels);
    bool ok = true;
    if (n < 2)
        ok = (bad(out, "the domain needs a dot, like %s.com", domain), false);
    for (guint i = 0; ok && i < n; i++)
        ok = check_domain_label(labels[i], out);
    if (ok && strspn(labels[n - 1], "0123456789") == strlen(labels[n - 1]))
        ok = (bad(out, "the domain must end in a name like .com, not a number"), false);
    if (ok && strlen(labels[n - 1]) < 2)
        ok = (bad(out, "the domain's last part (\"%s\") is too short", labels[n - 1]), false);
    g_strfreev(labels);
    return ok;
}

void validate_email(const char *value, FieldCheck *out)
{
    const char *at = strrchr(value, '@');
    if (!at)
        return bad(out, "needs an @ between the name and the domain, like name@example.com");
    if (strchr(value, '@') != at)
        return bad(out, "has more than one @; an address has exactly one");
    if (strlen(value) > 254)
        return bad(out, "is %zu characters; an email address has at most 254", strlen(value));
    if (!check_local_part(value, (size_t)(at - value), out) || !check_domain(at + 1, out))
        return;
    good(out, g_strdup(value));
}

/* ---- phone -------------------------------------------------------------- */

void validate_phone(const char *value, FieldCheck *out)
{
    GString *digits = g_string_new("+");
    const char *p = value;
    if (*p != '+') {
        g_string_free(digits, TRUE);
        return bad(out, "must start with + and the country code, like +255 788 123 456");
    }
    for (p++; *p; p++) {
        if (g_ascii_isdigit(*p))
            g_string_append_c(digits, *p);
        else if (!strchr(" .-()", *p)) {
            bad(out, "may hold only digits after the + (spaces, dots, dashes and brackets are fine), not \"%c\"",
                *p);
            g_string_free(digits, TRUE);
            return;
        }
    }
    size_t n = digits->len - 1;
    if (n < 8 || n > 15)
        bad(out, "has %zu digit%s; an international number has 8 to 15 after the +", n, n == 1 ? "" : "s");
    else if (digits->str[1] == '0')
        bad(out, "a country code never starts with 0; write the number as + and country code");
    if (n < 8 || n > 15 || digits->str[1] == '0')
        g_string_free(digits, TRUE);
    else
        good(out, g_string_free(digits, FALSE));
}

/* ---- country ------------------------------------------------------------ */

void validate_country(const char *value, FieldCheck *out)
{
    const CountryTable *t = country_table_default();
    if (!t)
        return bad(out, "%s", country_table_error());
    const Country *c = country_by_alpha2(t, value);
    if (c) {
        good(out, g_strdup(c->alpha2));
        snprintf(out->hint, sizeof out->hint, "%s", country_display_name(c));
        return;
    }
    c = country_by_alpha3(t, value);
    if (c)
        return bad(out, "is a three-letter code; use %s, the two-letter ISO 3166-1 code for %s",
                   c->alpha2, country_display_name(c));
    c = country_guess(t, value);
    if (c)
        return bad(out, "is a country name; use %s, the two-letter ISO 3166-1 code for %s",
                   c->alpha2, c->name);
    bad(out, "is not a country code; use two letters (ISO 3166-1), like TZ or GB");
}

/* ---- uuid, enum, integer ------------------------------------------------ */

void validate_uuid(const char *value, FieldCheck *out)
{
    static const int groups[] = { 8, 4, 4, 4, 12 };
    const char *p = value;
    for (int g = 0; g < 5; g++) {
        for (int i = 0; i < groups[g]; i++, p++)
            if (!g_ascii_isxdigit(*p))
                return bad(out, "is not a UUID; it looks like d290f1ee-6c54-4b01-90e6-d701748f0851");
        if (g < 4 && *p++ != '-')
            return bad(out, "is not a UUID; it looks like d290f1ee-6c54-4b01-90e6-d701748f0851");
    }
    if (*p)
        return bad(out, "is longer than a UUID (36 characters)");
    good(out, g_ascii_strdown(value, -1));
}

void validate_enum(const char *value, const char *const *choices, FieldCheck *out)
{
    for (size_t i = 0; choices && choices[i]; i++)
        if (g_ascii_strcasecmp(value, choices[i]) == 0)
            return good(out, g_strdup(choices[i]));
    char *all = g_strjoinv(", ", (gchar **)choices);
    const char *guess = text_closest(value, choices);
    if (guess)
        bad(out, "is not one of the choices; did you mean \"%s\"? Choose one of: %s", guess, all);
    else
        bad(out, "must be one of: %s", all);
    g_free(all);
}

void validate_integer(const char *value, long long min, long long max, FieldCheck *out)
{
    char *end = NULL;
    errno = 0;
    long long n = strtoll(value, &end, 10);
    if (!*value || *end || errno)
        return bad(out, "must be a whole number, like 100");
    if (n < min || n > max)
        return bad(out, "must be between %lld and %lld", min, max);
    good(out, g_strdup_printf("%lld", n));
}

/* ---- json ----------------------------------------------------------------- */

void validate_json_object(const char *value, FieldCheck *out)
{
    int line = 0, col = 0;
    if (strlen(value) > JSON_MAX_BYTES)
        return bad(out, "is %zu bytes; at most %d are sent", strlen(value), JSON_MAX_BYTES);
    cJSON *root = json_parse_located(value, strlen(value), &line, &col);
    if (!root)
        return bad(out, "is not valid JSON: check line %d, column %d (keys and strings need \"double quotes\")",
                   line, col);
    if (!cJSON_IsObject(root)) {
        cJSON_Delete(root);
        return bad(out, "must be a JSON object, like {\"plan\": \"gold\"}");
    }
    good(out, cJSON_PrintUnformatted(root));
    cJSON_Delete(root);
}

/* ---- password --------------------------------------------------------------- */

static const char *password_strength(const char *value, long chars)
{
    int classes = 0;
    bool lower = false, upper = false, digit = false, other = false;
    for (const char *p = value; *p; p++) {
        lower |= g_ascii_islower(*p);
        upper |= g_ascii_isupper(*p);
        digit |= g_ascii_isdigit(*p);
        other |= !g_ascii_isalnum(*p);
    }
    classes = lower + upper + digit + other;
    if (chars >= 16 || (chars >= 12 && classes >= 3))
        return "strong";
    if (chars >= 10 && classes >= 3)
        return "fair: 12 characters or more would make it strong";
    return "weak: mix upper and lower case, digits and symbols, or make it longer";
}

void validate_password(const char *value, FieldCheck *out)
{
    long chars = g_utf8_strlen(value, -1);
    if (chars < 8)
        return bad(out, "is %ld character%s; use at least 8", chars, chars == 1 ? "" : "s");
    if (chars > FIELD_PASSWORD_MAX_CHARS)
        return bad(out, "is %ld characters; at most %d are accepted", chars, FIELD_PASSWORD_MAX_CHARS);
    snprintf(out->hint, sizeof out->hint, "strength: %s", password_strength(value, chars));
    good(out, g_strdup(value));
}

/* ---- token -------------------------------------------------------------- */

static bool token_matches(const char *pattern, const char *token)
{
    regex_t re;
    if (regcomp(&re, pattern, REG_EXTENDED | REG_NOSUB) != 0)
        return false;
    bool hit = regexec(&re, token, 0, NULL, 0) == 0;
    regfree(&re);
    return hit;
}

void validate_token(const Descriptor *d, const char *token, bool for_create, FieldCheck *out)
{
    memset(out, 0, sizeof *out);
    if (!token || !*token) {
        out->empty = true;
        if (d->auth_required)
            return bad(out, "%s needs a token: %s", d->title, d->token_hint ? d->token_hint : "an API token");
        return good(out, NULL);
    }
    const char *form = auth_token_form_problem(d, token);
    if (form)
        return bad(out, "a %s token %s", d->title, form);
    for (size_t i = 0; i < d->n_token_kinds; i++) {
        const TokenKind *k = &d->token_kinds[i];
        if (for_create && !k->can_create && g_str_has_prefix(token, k->prefix))
            return bad(out, "%s", k->reason ? k->reason : "this kind of key cannot create customers");
    }
    if (d->token_pattern && !token_matches(d->token_pattern, token))
        return bad(out, "this does not look like a %s token; expected %s", d->title,
                   d->token_hint ? d->token_hint : "another form");
    good(out, NULL);
}

/* ---- the dispatcher ------------------------------------------------------ */

/* Rejects what no field may hold, whatever its type. */
static bool check_bytes(const Field *f, const char *value, size_t len, FieldCheck *out)
{
    if (text_has_nul(value, len))
        return bad(out, "contains a NUL byte; retype or paste the value again"), false;
    if (!g_utf8_validate(value, (gssize)len, NULL))
        return bad(out, "is not valid UTF-8 text; retype it or paste it from another source"), false;
    for (const char *p = value; p < value + len; p++) {
        bool allowed = f->type == FIELD_JSON && (*p == '\n' || *p == '\t' || *p == '\r');
        if (((unsigned char)*p < 0x20 || *p == 0x7f) && !allowed)
            return bad(out, "contains a control character (such as a tab or newline); remove it"), false;
    }
    return true;
}

static bool check_length(const Field *f, const char *value, FieldCheck *out)
{
    if (f->type == FIELD_JSON)
        return true;
    long chars = g_utf8_strlen(value, -1);
    if (f->min_length > 0 && chars < f->min_length)
        return bad(out, "is %ld character%s; the provider needs at least %d", chars, chars == 1 ? "" : "s",
                   f->min_length), false;
    if (f->type == FIELD_PASSWORD)
        return true;
    long max = f->max_length > 0 ? f->max_length : DEFAULT_MAX_CHARS;
    if (chars > max)
        return bad(out, "is %ld characters long; at most %ld are allowed", chars, max), false;
    return true;
}

/* The value as sent against the provider's pattern, at a bounded cost. */
static void check_pattern(const Field *f, FieldCheck *out)
{
    if (!out->ok || !out->normalized || !f->pattern_re || !field_type_is_text(f->type))
        return;
    FieldPatternResult m = field_pattern_match(f->pattern_re, out->normalized);
    if (m == FIELD_PATTERN_DIFFERS && f->pattern_hint)
        bad(out, "does not have the form the provider requires: %s", f->pattern_hint);
    else if (m == FIELD_PATTERN_DIFFERS)
        bad(out, "does not have the form the provider requires (it must match %s)", f->pattern);
    else if (m == FIELD_PATTERN_TOO_COSTLY)
        bad(out, "cannot be checked against the form the provider requires: its pattern gives up on this "
            "value (too much backtracking); check the value, or the pattern in the provider's file");
}

static void check_typed(const Field *f, const char *v, FieldCheck *out)
{
    switch (f->type) {
    case FIELD_EMAIL: validate_email(v, out); break;
    case FIELD_PHONE: validate_phone(v, out); break;
    case FIELD_COUNTRY: validate_country(v, out); break;
    case FIELD_UUID: validate_uuid(v, out); break;
    case FIELD_ENUM: validate_enum(v, (const char *const *)f->choices, out); break;
    case FIELD_JSON: validate_json_object(v, out); break;
    case FIELD_PASSWORD: validate_password(v, out); break;
    case FIELD_INTEGER: validate_integer(v, f->min, f->max, out); break;
    case FIELD_BOOLEAN: validate_boolean(v, out); break;
    case FIELD_NUMBER: validate_number(v, f->number_min, f->number_max, out); break;
    case FIELD_DATE: validate_date(v, out); break;
    case FIELD_DATE_TIME: validate_date_time(v, out); break;
    case FIELD_URL: validate_url(v, out); break;
    case FIELD_LIST: validate_list(v, out); break;
    case FIELD_CURRENCY: validate_currency(v, out); break;
    case FIELD_STRING: good(out, g_strdup(v)); break;
    }
}

void field_check(const Field *f, const char *value, size_t len, FieldCheck *out)
{
    memset(out, 0, sizeof *out);
    if (!value)
        value = "", len = 0;
    if (!check_bytes(f, value, len, out))
        return;
    /* VALUE need not be NUL-terminated. Passwords keep their spaces; everything
     * else is trimmed, as pasted values often carry a stray space. */
    char *v = g_strndup(value, len);
    if (f->type != FIELD_PASSWORD)
        g_strstrip(v);
    out->empty = *v == '\0';
    if (out->empty && f->required)
        bad(out, "is required");
    else if (out->empty)
        good(out, NULL);
    else if (check_length(f, v, out)) {
        check_typed(f, v, out);
        check_pattern(f, out);
    }
    if (f->secret)
        explicit_bzero(v, strlen(v));
    g_free(v);
}

void field_check_null(const Field *f, FieldCheck *out)
{
    memset(out, 0, sizeof *out);
    if (!f->nullable)
        return bad(out, "cannot be null; give it a value%s", f->required ? "" : " or leave it empty");
    out->is_null = true;
    good(out, NULL);
}

void field_check_done(FieldCheck *c)
{
    if (c->normalized) {
        explicit_bzero(c->normalized, strlen(c->normalized));
        g_free(c->normalized);
    }
    c->normalized = NULL;
}

size_t field_max_length(const Field *f, bool *in_bytes)
{
    *in_bytes = f->type == FIELD_JSON;
    if (f->type == FIELD_JSON)
        return FIELD_JSON_MAX_BYTES;
    if (f->type == FIELD_PASSWORD)
        return FIELD_PASSWORD_MAX_CHARS;
    return f->max_length > 0 ? (size_t)f->max_length : FIELD_DEFAULT_MAX_CHARS;
}

bool field_fits(const Field *f, const char *value, size_t len)
{
    bool in_bytes = false;
    size_t max = field_max_length(f, &in_bytes);
    /* Counting stops past the limit: a huge value costs no more than a fitting one. */
    return in_bytes ? len <= max : (size_t)g_utf8_strlen(value, (gssize)MIN(len, 4 * (max + 1))) <= max;
}
