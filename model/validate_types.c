/* The validators of the later field types: boolean, number, date, date-time,
 * url, list and currency. Each says what is wrong and how to fix it. */
#include "model/validate.h"

#include "model/currency.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define bad field_check_bad
#define good field_check_good

/* ---- boolean ------------------------------------------------------------- */

void validate_boolean(const char *value, FieldCheck *out)
{
    static const char *const yes[] = { "true", "yes", "1", NULL }, *const no[] = { "false", "no", "0", NULL };
    for (size_t i = 0; yes[i]; i++) {
        if (g_ascii_strcasecmp(value, yes[i]) == 0)
            return good(out, g_strdup("true"));
        if (g_ascii_strcasecmp(value, no[i]) == 0)
            return good(out, g_strdup("false"));
    }
    bad(out, "must be true or false (yes/no and 1/0 are taken too)");
}

/* ---- number ------------------------------------------------------------ */

static size_t digits(const char *p)
{
    return strspn(p, "0123456789");
}

/* Why VALUE is not a plain decimal number, or NULL: JSON's own grammar (a
 * sign, digits, a dot with digits on each side, an exponent), so what is
 * checked is exactly what can be sent. */
static const char *number_shape(const char *value)
{
    const char *p = value + (*value == '-' || *value == '+');
    char *lower = g_ascii_strdown(p, -1);
    bool special = g_str_has_prefix(lower, "nan") || g_str_has_prefix(lower, "inf");
    bool hex = g_str_has_prefix(lower, "0x");
    g_free(lower);
    if (special)
        return "must be a finite number, like 12.5 (not NaN or infinity)";
    if (hex)
        return "must be a decimal number, like 26 (not hexadecimal)";
    if (strchr(value, ','))
        return "takes a dot for decimals and no thousands separators, like 1234.5";
    if (*p == '.' || (digits(p) && p[digits(p)] == '.' && !g_ascii_isdigit(p[digits(p) + 1])))
        return "needs a digit on each side of the dot, like 0.5 or 12.0";
    size_t n = digits(p);
    if (!n)
        return "must be a number, like 12.5";
    p += n;
    if (*p == '.')
        p += 1 + digits(p + 1);
    if (*p == 'e' || *p == 'E') {
        p += 1 + (p[1] == '+' || p[1] == '-');
        if (!digits(p))
            return "has an exponent without digits; write it like 1.5e3, or plainly 1500";
        p += digits(p);
    }
    return *p ? "must be a number alone, like 12.5 (no units, spaces or other characters)" : NULL;
}

char *field_number_text(double v)
{
    char *s = g_strdup_printf("%.15g", v);
    if (strtod(s, NULL) != v) {
        g_free(s);
        s = g_strdup_printf("%.17g", v);
    }
    return s;
}

static void number_bounds(double min, double max, FieldCheck *out)
{
    char *lo = field_number_text(min), *hi = field_number_text(max);
    if (isinf(min))
        bad(out, "must be at most %s", hi);
    else if (isinf(max))
        bad(out, "must be at least %s", lo);
    else
        bad(out, "must be between %s and %s", lo, hi);
    g_free(lo), g_free(hi);
}

/* The significant digits of a number of number_shape's form: from the
 * first digit that is not 0 to the last, the dot aside ("0.0120" has 2). */
static size_t significant_digits(const char *value)
{
    size_t n = strcspn(value, "eE"), first = 0, count = 0, zeros = 0;
    for (size_t i = 0; i < n; i++) {
        if (!g_ascii_isdigit(value[i]))
            continue;
        if (value[i] != '0')
            count += zeros + 1, zeros = 0, first = 1;
        else if (first)
            zeros++;
    }
    return count;
}

void validate_number(const char *value, double min, double max, FieldCheck *out)
{
    const char *why = number_shape(value);
    if (why)
        return bad(out, "%s", why);
    errno = 0;
    double v = g_ascii_strtod(value, NULL);
    if (!isfinite(v))
        return bad(out, "is too large to be sent as a number");
    /* A JSON number is a double: past 15 significant digits, or below its
     * smallest normal value, what is sent would not be what shows. */
    size_t digits_n = significant_digits(value);
    if (digits_n > DBL_DIG)
        return bad(out, "has %zu significant digits; a number keeps %d, so round it or send it as text",
                   digits_n, DBL_DIG);
    if (digits_n && errno == ERANGE)
        return bad(out, "is too close to zero to be sent as a number; write 0 or a larger value");
    if (v < min || v > max)
        return number_bounds(min, max, out);
    good(out, g_strdup(value + (*value == '+')));
}

/* ---- date, date-time ---------------------------------------------------- */

/* The digits of VALUE at AT..AT+N as a number, or -1 when one is not a digit. */
static int number_at(const char *value, size_t at, size_t n)
{
    int v = 0;
    for (size_t i = at; i < at + n; i++) {
        if (!g_ascii_isdigit(value[i]))
            return -1;
        v = v * 10 + (value[i] - '0');
    }
    return v;
}

static const char *const MONTHS[] = { "January", "February", "March", "April", "May", "June", "July",
                                      "August", "September", "October", "November", "December" };

/* The date at the start of VALUE (10 bytes, checked for length by the caller). */
static bool check_date_part(const char *value, FieldCheck *out)
{
    int y = number_at(value, 0, 4), m = number_at(value, 5, 2), d = number_at(value, 8, 2);
    if (y < 0 || m < 0 || d < 0 || value[4] != '-' || value[7] != '-')
        return bad(out, "%s", strchr(value, '/') || strchr(value, '.')
                                  ? "must be written YYYY-MM-DD with dashes, year first, like 2027-01-31"
                                  : "must be a date as YYYY-MM-DD, like 2027-01-31"), false;
    if (y == 0)
        return bad(out, "has year 0000; years start at 0001"), false;
    if (m < 1 || m > 12)
        return bad(out, "has no month %02d: months run from 01 to 12 (YYYY-MM-DD)", m), false;
    int days = g_date_get_days_in_month((GDateMonth)m, (GDateYear)y);
    if (d < 1 || d > days)
        return bad(out, "%.10s is not a date: %s %04d has %d days", value, MONTHS[m - 1], y, days), false;
    return true;
}

void validate_date(const char *value, FieldCheck *out)
{
    size_t n = strlen(value);
    if (n > 10 && (value[10] == 'T' || value[10] == 't' || value[10] == ' '))
        return bad(out, "takes a date only, YYYY-MM-DD, without a time");
    if (n != 10 && strspn(value, "0123456789-") == n)
        return bad(out, "must be a date as YYYY-MM-DD, with two-digit months and days, like 2027-01-05");
    if (n != 10)
        return bad(out, "must be a date as YYYY-MM-DD, like 2027-01-31");
    if (check_date_part(value, out))
        good(out, g_strdup(value));
}

/* HH:MM:SS and an optional fraction at P; returns past it, or NULL. */
static const char *check_time_part(const char *p, FieldCheck *out)
{
    int h = number_at(p, 0, 2), m = h < 0 || p[2] != ':' ? -1 : number_at(p, 3, 2);
    if (h < 0 || m < 0)
        return bad(out, "needs the time as HH:MM:SS after the T, like 2027-01-31T23:59:00Z"), NULL;
    int s = p[5] == ':' ? number_at(p, 6, 2) : -1;
    if (s < 0)
        return bad(out, "needs seconds in the time: HH:MM:SS, like T23:59:00"), NULL;
    if (h > 23 || m > 59 || s > 60)
        return bad(out, "has a time past the clock: hours 00-23, minutes and seconds 00-59"), NULL;
    p += 8;
    if (*p == '.' && !digits(p + 1))
        return bad(out, "has a dot after the seconds without digits; write T23:59:00.5 or T23:59:00"), NULL;
    return *p == '.' ? p + 1 + digits(p + 1) : p;
}

static bool check_offset(const char *p, FieldCheck *out)
{
    if ((*p == 'Z' || *p == 'z') && !p[1])
        return true;
    if (!*p)
        return bad(out, "needs a time zone at the end: Z for UTC, or an offset like +02:00"), false;
    int h = (*p == '+' || *p == '-') && strlen(p) == 6 && p[3] == ':' ? number_at(p, 1, 2) : -1;
    int m = h < 0 ? -1 : number_at(p, 4, 2);
    if (h < 0 || m < 0 || p[6])
        return bad(out, "must end with Z or an offset as +HH:MM or -HH:MM, like +02:00"), false;
    if (h > 23 || m > 59)
        return bad(out, "has an offset past the clock: hours 00-23, minutes 00-59"), false;
    return true;
}

void validate_date_time(const char *value, FieldCheck *out)
{
    size_t n = strlen(value);
    /* The date first: 2027-02-30 asked for a time sends the person on with a
     * day that cannot be. */
    if (n == 10 && strspn(value, "0123456789-") == 10 && check_date_part(value, out))
        return bad(out, "needs a time after the date: add T, the time and a zone, like 2027-01-31T23:59:00Z");
    if (n == 10 && strspn(value, "0123456789-") == 10)
        return;
    if (n <= 10 || (value[10] != 'T' && value[10] != 't' && value[10] != ' '))
        return bad(out, "must be a date and time as YYYY-MM-DDTHH:MM:SSZ, like 2027-01-31T23:59:00Z");
    if (!check_date_part(value, out))
        return;
    if (value[10] == ' ')
        return bad(out, "needs a T between the date and the time, like 2027-01-31T23:59:00Z");
    const char *p = check_time_part(value + 11, out);
    if (!p || !check_offset(p, out))
        return;
    char *upper = g_ascii_strup(value, -1); /* 't' and 'z' are allowed; T and Z are what everyone reads */
    good(out, upper);
}

/* ---- url ------------------------------------------------------------------- */

void validate_url(const char *value, FieldCheck *out)
{
    if (strpbrk(value, " \t"))
        return bad(out, "cannot contain spaces; write a space as %%20");
    if (!strstr(value, "://"))
        return bad(out, "needs http:// or https:// before the host, like https://example.com");
    GError *err = NULL;
    GUri *uri = g_uri_parse(value, G_URI_FLAGS_NONE, &err);
    if (!uri) {
        bad(out, "is not a URL a browser would open (%s); it looks like https://example.com/page",
            err->message);
        g_error_free(err);
        return;
    }
    const char *scheme = g_uri_get_scheme(uri), *host = g_uri_get_host(uri);
    if (g_ascii_strcasecmp(scheme, "http") != 0 && g_ascii_strcasecmp(scheme, "https") != 0)
        bad(out, "must start with http:// or https://, not %s://", scheme);
    else if (!host || !*host)
        bad(out, "needs a host after %s://, like %s://example.com", scheme, scheme);
    else
        good(out, g_strdup(value));
    g_uri_unref(uri);
}

/* ---- list ------------------------------------------------------------------ */

/* What a list sends, said while it passes ("3 items: a, b, c; empty items
 * dropped"): trimming and dropping must not pass silently. Cut whole
 * characters with an ellipsis where the hint is full. */
static void list_hint(const cJSON *array, bool dropped, FieldCheck *out)
{
    int n = cJSON_GetArraySize(array);
    GString *s = g_string_new(NULL);
    g_string_printf(s, "%d item%s: ", n, n == 1 ? "" : "s");
    for (int i = 0; i < n; i++)
        g_string_append_printf(s, "%s%s", i ? ", " : "", cJSON_GetArrayItem(array, i)->valuestring);
    if (dropped)
        g_string_append(s, "; empty items dropped");
    if (s->len >= sizeof out->hint) {
        const char *end = s->str + sizeof out->hint - sizeof "…";
        while (end > s->str && (*end & 0xC0) == 0x80) /* not inside a character */
            end--;
        g_string_truncate(s, (gsize)(end - s->str));
        g_string_append(s, "…");
    }
    g_strlcpy(out->hint, s->str, sizeof out->hint);
    g_string_free(s, TRUE);
}

void validate_list(const char *value, FieldCheck *out)
{
    gchar **items = g_strsplit(value, ",", -1);
    cJSON *array = cJSON_CreateArray();
    bool dropped = false;
    for (gchar **it = items; *it; it++)
        if (*g_strstrip(*it))
            cJSON_AddItemToArray(array, cJSON_CreateString(*it));
        else
            dropped = true;
    if (cJSON_GetArraySize(array) == 0) {
        bad(out, "holds no items; separate items with commas, like wholesale, north");
    } else {
        good(out, cJSON_PrintUnformatted(array));
        list_hint(array, dropped, out);
    }
    cJSON_Delete(array);
    g_strfreev(items);
}

/* ---- currency ---------------------------------------------------------------- */

/* "use its ISO 4217 code: USD (US Dollar), AUD (Australian Dollar)" for a
 * name several currencies share. */
static bool several_currencies(const CurrencyTable *t, const char *value, FieldCheck *out)
{
    const Currency *found[3];
    size_t n = strlen(value) >= 3 ? currency_complete(t, value, found, 3) : 0;
    if (n < 2)
        return false;
    GString *s = g_string_new(NULL);
    for (size_t i = 0; i < n; i++)
        g_string_append_printf(s, "%s%s (%s)", i ? ", " : "", found[i]->code, found[i]->name);
    bad(out, "names more than one currency; use its ISO 4217 code, like %s", s->str);
    g_string_free(s, TRUE);
    return true;
}

/* "€": a sign whose ASCII spelling is a code (GLib writes € as EUR). */
static const Currency *currency_of_sign(const CurrencyTable *t, const char *value)
{
    bool ascii = true;
    for (const char *p = value; *p; p++)
        ascii = ascii && !((unsigned char)*p & 0x80);
    if (ascii)
        return NULL;
    char *spelled = g_str_to_ascii(value, "C");
    const Currency *c = currency_by_code(t, g_strstrip(spelled));
    g_free(spelled);
    return c;
}

static bool three_letters(const char *value)
{
    return strlen(value) == 3 && g_ascii_isalpha(value[0]) && g_ascii_isalpha(value[1]) && g_ascii_isalpha(value[2]);
}

void validate_currency(const char *value, FieldCheck *out)
{
    const CurrencyTable *t = currency_table_default();
    if (!t)
        return bad(out, "%s", currency_table_error());
    const Currency *c = currency_by_code(t, value);
    if (c) {
        good(out, g_strdup(c->code));
        snprintf(out->hint, sizeof out->hint, "%s", c->name);
        return;
    }
    c = currency_guess(t, value);
    if (c)
        return bad(out, "is a currency name; use %s, the ISO 4217 code for %s", c->code, c->name);
    c = currency_of_sign(t, value);
    if (c)
        return bad(out, "is a currency sign; use %s, the ISO 4217 code for %s", c->code, c->name);
    if (several_currencies(t, value, out))
        return;
    c = currency_closest_code(t, value);
    if (c)
        return bad(out, "is not an ISO 4217 currency code; did you mean %s (%s)?", c->code, c->name);
    if (three_letters(value)) /* "use three letters" would only puzzle */
        return bad(out, "is not an ISO 4217 currency code; type the currency's name (like euro) to find its "
                        "code, or use one like EUR or USD");
    bad(out, "is not a currency code; use three letters (ISO 4217), like EUR or USD");
}
