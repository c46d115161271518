/* The later field types — boolean, number, date, date-time, url, list,
 * currency — and nullable fields: what passes, what each refusal says, and
 * the JSON body they make. */
#include "model/body_check.h"
#include "model/currency.h"
#include "model/request.h"
#include "model/validate.h"
#include "tests/support/support.h"

#include <criterion/criterion.h>
#include <glib.h>
#include <math.h>
#include <string.h>

/* Checks VALUE against a field of TYPE; the message (or the normalized
 * value when it passes) in OUT. */
static bool check_field(const Field *f, const char *value, char *out, size_t size)
{
    FieldCheck c;
    field_check(f, value, strlen(value), &c);
    g_strlcpy(out, c.ok ? (c.normalized ? c.normalized : "") : c.message, size);
    bool ok = c.ok;
    field_check_done(&c);
    return ok;
}

static bool check(FieldType type, const char *value, char *out)
{
    Field f = { .name = "f", .label = "F", .type = type, .number_min = -INFINITY, .number_max = INFINITY };
    return check_field(&f, value, out, 400);
}

static void expect_good(FieldType type, const char *value, const char *normalized)
{
    char out[400];
    cr_expect(check(type, value, out), "\"%s\" passes as %s: %s", value, field_type_name(type), out);
    if (normalized)
        cr_expect_str_eq(out, normalized, "\"%s\" is sent as %s", value, normalized);
}

/* VALUE fails, and its message holds SAYS. */
static void expect_bad(FieldType type, const char *value, const char *says)
{
    char out[400];
    cr_expect_not(check(type, value, out), "\"%s\" fails as %s", value, field_type_name(type));
    cr_expect(strstr(out, says), "\"%s\": the message \"%s\" says \"%s\"", value, out, says);
}

Test(field_types, boolean_words)
{
    expect_good(FIELD_BOOLEAN, "true", "true");
    expect_good(FIELD_BOOLEAN, "Yes", "true");
    expect_good(FIELD_BOOLEAN, "1", "true");
    expect_good(FIELD_BOOLEAN, "FALSE", "false");
    expect_good(FIELD_BOOLEAN, "no", "false");
    expect_good(FIELD_BOOLEAN, "0", "false");
    expect_bad(FIELD_BOOLEAN, "maybe", "true or false (yes/no and 1/0");
    expect_bad(FIELD_BOOLEAN, "2", "true or false");
}

Test(field_types, numbers_with_decimals_and_what_is_refused)
{
    expect_good(FIELD_NUMBER, "12.5", "12.5");
    expect_good(FIELD_NUMBER, "-0.25", "-0.25");
    expect_good(FIELD_NUMBER, "+3", "3");
    expect_good(FIELD_NUMBER, "1.5e3", "1.5e3");
    expect_bad(FIELD_NUMBER, "NaN", "finite number");
    expect_bad(FIELD_NUMBER, "-inf", "finite number");
    expect_bad(FIELD_NUMBER, "infinity", "finite number");
    expect_bad(FIELD_NUMBER, "0x1A", "not hexadecimal");
    expect_bad(FIELD_NUMBER, "abc12", "must be a number");
    expect_bad(FIELD_NUMBER, "12abc", "must be a number alone");
    expect_bad(FIELD_NUMBER, "12 EUR", "no units");
    expect_bad(FIELD_NUMBER, "1,234.5", "dot for decimals");
    expect_bad(FIELD_NUMBER, ".5", "digit on each side");
    expect_bad(FIELD_NUMBER, "5.", "digit on each side");
    expect_bad(FIELD_NUMBER, "1e", "exponent without digits");
    expect_bad(FIELD_NUMBER, "1e999", "too large");
}

/* What is sent is what shows: a number a double cannot hold as typed
 * (1e-400 would go as 0, 99999999999999999 as 1e+17) is refused, saying why. */
Test(field_types, numbers_a_json_number_would_change_are_refused)
{
    expect_bad(FIELD_NUMBER, "1e-400", "too close to zero");
    expect_bad(FIELD_NUMBER, "-1e-400", "too close to zero");
    expect_bad(FIELD_NUMBER, "99999999999999999", "significant digits");
    expect_bad(FIELD_NUMBER, "12345678901234567.89", "significant digits");
    expect_bad(FIELD_NUMBER, "0.1234567890123456789", "significant digits");
    expect_good(FIELD_NUMBER, "123456789012345", "123456789012345");
    expect_good(FIELD_NUMBER, "0.000000000000000000001", "0.000000000000000000001");
    expect_good(FIELD_NUMBER, "100000000000000000000000", "100000000000000000000000");
    expect_good(FIELD_NUMBER, "-0", "-0");
    expect_good(FIELD_NUMBER, "0.000", "0.000");
    expect_good(FIELD_NUMBER, "1e-300", "1e-300");
}

Test(field_types, number_bounds_are_doubles)
{
    Field f = { .name = "f", .label = "F", .type = FIELD_NUMBER, .number_min = 0, .number_max = 1000.5 };
    char out[400];
    cr_expect(check_field(&f, "1000.5", out, sizeof out), "%s", out);
    cr_expect(check_field(&f, "0", out, sizeof out), "%s", out);
    cr_expect_not(check_field(&f, "1000.51", out, sizeof out));
    cr_expect_str_eq(out, "must be between 0 and 1000.5");
    cr_expect_not(check_field(&f, "-0.01", out, sizeof out));
    f.number_max = INFINITY;
    cr_expect_not(check_field(&f, "-1", out, sizeof out));
    cr_expect_str_eq(out, "must be at least 0");
}

Test(field_types, descriptor_bounds_number_and_integer)
{
    char *err = NULL;
    const char *text = "{\"title\":\"t\",\"create\":{\"path\":\"/c\"},\"auth\":{\"scheme\":\"none\"},"
                       "\"success\":{\"id\":\"id\"},\"error\":{\"message\":\"m\"},\"fields\":["
                       "{\"name\":\"n\",\"type\":\"number\",\"min\":0.5,\"max\":9.75},"
                       "{\"name\":\"i\",\"type\":\"integer\",\"min\":1,\"max\":10}]}";
    Descriptor *d = descriptor_parse(text, strlen(text), "t", "t.json", &err);
    cr_assert_not_null(d, "%s", err);
    cr_expect_eq(d->fields[0].number_min, 0.5);
    cr_expect_eq(d->fields[0].number_max, 9.75);
    cr_expect_eq(d->fields[1].min, 1);
    cr_expect_eq(d->fields[1].max, 10);
    descriptor_free(d);
    const char *decimal_int = "{\"title\":\"t\",\"create\":{\"path\":\"/c\"},\"auth\":{\"scheme\":\"none\"},"
                              "\"success\":{\"id\":\"id\"},\"error\":{\"message\":\"m\"},\"fields\":["
                              "{\"name\":\"i\",\"type\":\"integer\",\"min\":0.5}]}";
    cr_expect_null(descriptor_parse(decimal_int, strlen(decimal_int), "t", "t.json", &err));
    cr_expect(strstr(err, "whole number"), "%s", err);
    g_free(err);
}

Test(field_types, dates_from_the_calendar)
{
    expect_good(FIELD_DATE, "2027-01-31", "2027-01-31");
    expect_good(FIELD_DATE, "2028-02-29", NULL);
    expect_bad(FIELD_DATE, "2027-02-30", "2027-02-30 is not a date: February 2027 has 28 days");
    expect_bad(FIELD_DATE, "2027-02-29", "February 2027 has 28 days");
    expect_bad(FIELD_DATE, "2027-04-31", "April 2027 has 30 days");
    expect_bad(FIELD_DATE, "2027-13-01", "no month 13");
    expect_bad(FIELD_DATE, "2027-00-10", "no month 00");
    expect_bad(FIELD_DATE, "2027-01-00", "January 2027 has 31 days");
    expect_bad(FIELD_DATE, "31/01/2027", "YYYY-MM-DD with dashes");
    expect_bad(FIELD_DATE, "2027-1-5", "two-digit months");
    expect_bad(FIELD_DATE, "2027-01-31T10:00:00Z", "without a time");
    expect_bad(FIELD_DATE, "tomorrow", "YYYY-MM-DD");
}

Test(field_types, date_times_rfc3339)
{
    expect_good(FIELD_DATE_TIME, "2027-01-31T23:59:00Z", "2027-01-31T23:59:00Z");
    expect_good(FIELD_DATE_TIME, "2027-01-31t23:59:00.250z", "2027-01-31T23:59:00.250Z");
    expect_good(FIELD_DATE_TIME, "2027-01-31T23:59:00+02:00", NULL);
    expect_good(FIELD_DATE_TIME, "2027-01-31T23:59:00-05:30", NULL);
    expect_bad(FIELD_DATE_TIME, "2027-01-31", "needs a time after the date");
    expect_bad(FIELD_DATE_TIME, "2027-01-31 23:59:00Z", "needs a T between");
    expect_bad(FIELD_DATE_TIME, "2027-01-31T23:59Z", "needs seconds");
    expect_bad(FIELD_DATE_TIME, "2027-01-31T23:59:00", "needs a time zone");
    expect_bad(FIELD_DATE_TIME, "2027-01-31T24:00:00Z", "past the clock");
    expect_bad(FIELD_DATE_TIME, "2027-01-31T23:59:00+0200", "+HH:MM");
    expect_bad(FIELD_DATE_TIME, "2027-02-30T10:00:00Z", "February 2027 has 28 days");
    expect_bad(FIELD_DATE_TIME, "2027-01-31T23:59:00.Z", "without digits");
    expect_bad(FIELD_DATE_TIME, "2027-01-31T23:59:00.2-0", "+HH:MM"); /* read past its end, once (fuzzed) */
}

/* A date that cannot be is said before the missing time: typing 2027-02-30
 * and being asked for a time first sends the person on to fix the wrong thing. */
Test(field_types, a_date_time_with_an_impossible_date_says_the_date_first)
{
    expect_bad(FIELD_DATE_TIME, "2027-02-30", "2027-02-30 is not a date: February 2027 has 28 days");
    expect_bad(FIELD_DATE_TIME, "2027-13-01", "no month 13");
    expect_bad(FIELD_DATE_TIME, "2027-02-28", "needs a time after the date");
}

Test(field_types, urls_http_or_https_with_a_host)
{
    expect_good(FIELD_URL, "https://example.com", "https://example.com");
    expect_good(FIELD_URL, "http://shop.example.co.uk/path?q=1#top", NULL);
    expect_bad(FIELD_URL, "example.com", "needs http:// or https://");
    expect_bad(FIELD_URL, "ftp://example.com", "not ftp://");
    expect_bad(FIELD_URL, "javascript://alert(1)", "http:// or https://");
    expect_bad(FIELD_URL, "https:///path", "needs a host");
    expect_bad(FIELD_URL, "https://exa mple.com", "cannot contain spaces");
    expect_bad(FIELD_URL, "https://example.com/\x01", "control character");
}

/* What a list sends is said while it passes: its items, and that empty ones went. */
static void expect_list_hint(const char *value, const char *hint)
{
    Field f = { .name = "f", .label = "F", .type = FIELD_LIST };
    FieldCheck c;
    field_check(&f, value, strlen(value), &c);
    cr_expect(c.ok, "%s: %s", value, c.message);
    cr_expect_str_eq(c.hint, hint, "%s", value);
    field_check_done(&c);
}

Test(field_types, a_list_says_its_items_and_that_empty_ones_were_dropped)
{
    expect_list_hint("a,,b, ,c", "3 items: a, b, c; empty items dropped");
    expect_list_hint("wholesale, north", "2 items: wholesale, north");
    expect_list_hint("one", "1 item: one");
    GString *items = g_string_new(NULL);
    for (int i = 0; i < 20; i++)
        g_string_append(items, "abcdéfghi,"); /* 200 bytes of the 160 a hint holds, cut after a letter é */
    char *many = g_string_free(items, FALSE);
    Field f = { .name = "f", .label = "F", .type = FIELD_LIST };
    FieldCheck c;
    field_check(&f, many, strlen(many), &c);
    cr_expect(g_str_has_suffix(c.hint, "…") && g_utf8_validate(c.hint, -1, NULL), "cut whole: %s", c.hint);
    field_check_done(&c);
    g_free(many);
}

Test(field_types, lists_trimmed_and_without_empty_items)
{
    expect_good(FIELD_LIST, "a, b ,c", "[\"a\",\"b\",\"c\"]");
    expect_good(FIELD_LIST, "wholesale,, north,", "[\"wholesale\",\"north\"]");
    expect_good(FIELD_LIST, "one", "[\"one\"]");
    expect_bad(FIELD_LIST, " , ,", "holds no items");
}

Test(field_types, currencies_iso_4217_and_names_get_their_code)
{
    char out[400];
    expect_good(FIELD_CURRENCY, "EUR", "EUR");
    expect_good(FIELD_CURRENCY, "tzs", "TZS");
    expect_bad(FIELD_CURRENCY, "euro", "use EUR, the ISO 4217 code for Euro");
    expect_bad(FIELD_CURRENCY, "Euro", "use EUR");
    expect_bad(FIELD_CURRENCY, "Pound Sterling", "use GBP");
    expect_bad(FIELD_CURRENCY, "dollar", "names more than one currency");
    expect_bad(FIELD_CURRENCY, "EUX", "did you mean");
    expect_bad(FIELD_CURRENCY, "€", "ISO 4217");
    expect_bad(FIELD_CURRENCY, "€", "use EUR"); /* the sign means one currency, not three */
    /* Three letters that are no code: not told to use three letters. */
    expect_bad(FIELD_CURRENCY, "ZZZ", "is not an ISO 4217 currency code");
    cr_expect_not(check(FIELD_CURRENCY, "ZZZ", out));
    cr_expect_null(strstr(out, "use three letters"), "ZZZ has three letters: %s", out);
    cr_expect_not(check(FIELD_CURRENCY, "dollar", out));
    cr_expect(strstr(out, "USD") || strstr(out, "AUD"), "the codes are named: %s", out);
    const Currency *found[3];
    cr_expect_geq(currency_complete(currency_table_default(), "eu", found, 3), 1);
    cr_expect_str_eq(found[0]->code, "EUR", "\"eu\" completes to EUR first");
}

Test(field_types, null_only_for_nullable_fields)
{
    Field f = { .name = "f", .label = "F", .type = FIELD_DATE, .nullable = true };
    FieldCheck c;
    field_check_null(&f, &c);
    cr_expect(c.ok && c.is_null);
    field_check_done(&c);
    f.nullable = false;
    field_check_null(&f, &c);
    cr_expect_not(c.ok);
    cr_expect(strstr(c.message, "cannot be null"), "%s", c.message);
    field_check_done(&c);
}

static Descriptor *types_descriptor(void)
{
    size_t len = 0;
    char *text = support_fixture("field_types.json", &len), *err = NULL;
    Descriptor *d = descriptor_parse(text, len, "field-types", "field_types.json", &err);
    cr_assert_not_null(d, "the test descriptor loads: %s", err);
    g_free(text);
    return d;
}

static void set(Values *v, const char *name, const char *text)
{
    values_set(v, name, text, strlen(text));
}

Test(field_types, the_body_has_json_types)
{
    Descriptor *d = types_descriptor();
    Values v;
    values_init(&v);
    set(&v, "email", "ann@example.com");
    set(&v, "active", "yes");
    set(&v, "limit", "12.5");
    set(&v, "born", "2001-02-03");
    set(&v, "ends_at", "2027-01-31T23:59:00Z");
    set(&v, "site", "https://example.com");
    set(&v, "tags", "a, b");
    set(&v, "currency", "eur");
    values_set_null(&v, "referrer");
    set(&v, "count", "3");
    char *err = NULL;
    cJSON *body = request_body(d, &v, &err);
    cr_assert_not_null(body, "%s", err);
    char *text = cJSON_PrintUnformatted(body);
    cr_expect(support_json_equal(text, "{\"email\":\"ann@example.com\",\"active\":true,\"limit\":12.5,"
                                       "\"born\":\"2001-02-03\",\"ends_at\":\"2027-01-31T23:59:00Z\","
                                       "\"site\":\"https://example.com\",\"tags\":[\"a\",\"b\"],"
                                       "\"currency\":\"EUR\",\"referrer\":null,\"count\":3}"),
              "%s", text);
    cJSON_free(text);
    cJSON_Delete(body);
    values_done(&v);
    descriptor_free(d);
}

Test(field_types, a_null_for_a_field_that_is_not_nullable_is_refused)
{
    Descriptor *d = types_descriptor();
    Values v;
    values_init(&v);
    set(&v, "email", "ann@example.com");
    values_set_null(&v, "site");
    Problems p;
    cr_expect_not(values_check(d, &v, &p));
    cr_assert_eq(p.count, 1);
    cr_expect_str_eq(p.items[0].field, "site");
    cr_expect(strstr(p.items[0].message, "cannot be null"), "%s", p.items[0].message);
    problems_done(&p);
    set(&v, "site", "null"); /* the text "null" is not null: a URL, and not one */
    cr_expect_not(values_is_null(&v, "site"));
    cr_expect_not(values_check(d, &v, &p));
    cr_expect(strstr(p.items[0].message, "http://"), "%s", p.items[0].message);
    problems_done(&p);
    values_done(&v);
    descriptor_free(d);
}

Test(field_types, a_body_read_back_keeps_null_and_lists)
{
    Descriptor *d = types_descriptor();
    cJSON *body = cJSON_Parse("{\"email\":\"a@b.co\",\"active\":false,\"limit\":7,\"tags\":[\"x\",\"y\"],"
                              "\"referrer\":null}");
    Values v;
    values_init(&v);
    values_from_body(&v, d, body, false);
    cr_expect_str_eq(values_get(&v, "active", NULL), "false");
    cr_expect_str_eq(values_get(&v, "limit", NULL), "7");
    cr_expect_str_eq(values_get(&v, "tags", NULL), "x, y");
    cr_expect(values_is_null(&v, "referrer"));
    cr_expect_str_eq(values_get(&v, "referrer", NULL), "");
    char *err = NULL;
    cJSON *again = request_body(d, &v, &err);
    cr_assert_not_null(again, "%s", err);
    cr_expect(cJSON_Compare(body, again, true), "read back, the same body is built");
    cJSON_Delete(again);
    cJSON_Delete(body);
    values_done(&v);
    descriptor_free(d);
}

Test(field_types, unchecked_bodies_keep_types_where_they_parse)
{
    Descriptor *d = types_descriptor();
    Values v;
    values_init(&v);
    set(&v, "active", "true");
    set(&v, "limit", "abc");
    set(&v, "tags", "a,,b");
    values_set_null(&v, "referrer");
    cJSON *body = request_body_unchecked(d, &v);
    char *text = cJSON_PrintUnformatted(body);
    cr_expect(support_json_equal(text, "{\"active\":true,\"limit\":\"abc\",\"tags\":[\"a\",\"\",\"b\"],"
                                       "\"referrer\":null}"), "%s", text);
    cJSON_free(text);
    cJSON_Delete(body);
    values_done(&v);
    descriptor_free(d);
}

/* What the sandbox checks: values as JSON, judged by the same validators. */
static char *body_problems(const Descriptor *d, const char *json)
{
    cJSON *body = cJSON_Parse(json);
    cr_assert_not_null(body, "%s", json);
    Problems p;
    bool ok = body_check(d, body, &p);
    GString *s = g_string_new(NULL);
    for (size_t i = 0; i < p.count; i++)
        g_string_append_printf(s, "%s %s\n", p.items[i].field, p.items[i].message);
    cr_expect_eq(ok, p.count == 0);
    problems_done(&p);
    cJSON_Delete(body);
    return g_string_free(s, FALSE);
}

Test(field_types, bodies_as_json_values_are_checked_like_the_form)
{
    Descriptor *d = types_descriptor();
    char *none = body_problems(d, "{\"email\":\"ann@example.com\",\"active\":true,\"limit\":12.5,"
                                  "\"tags\":[\"a\",\"b\"],\"referrer\":null,\"count\":3,\"currency\":\"EUR\","
                                  "\"born\":\"2001-02-03\",\"ends_at\":\"2027-01-31T23:59:00Z\"}");
    cr_expect_str_eq(none, "", "a good body passes");
    char *bad = body_problems(d, "{\"email\":\"ann@example.com\",\"active\":\"true\",\"limit\":1000.75,"
                                 "\"tags\":[\"a\",3],\"site\":null,\"count\":2.5,\"currency\":\"euro\","
                                 "\"born\":\"2027-02-30\"}");
    cr_expect(strstr(bad, "active must be true or false\n"), "a string is not a boolean:\n%s", bad);
    cr_expect(strstr(bad, "limit must be between 0 and 1000.5\n"), "%s", bad);
    cr_expect(strstr(bad, "tags must be a list of strings\n"), "%s", bad);
    cr_expect(strstr(bad, "site cannot be null"), "%s", bad);
    cr_expect(strstr(bad, "count must be a whole number"), "%s", bad);
    cr_expect(strstr(bad, "currency is a currency name; use EUR"), "%s", bad);
    cr_expect(strstr(bad, "born 2027-02-30 is not a date"), "%s", bad);
    char *more = body_problems(d, "{\"email\":null,\"tags\":[\" \"],\"limit\":\"12\"}");
    cr_expect(strstr(more, "email cannot be null"), "%s", more);
    cr_expect(strstr(more, "tags has an empty item"), "%s", more);
    cr_expect(strstr(more, "limit must be a number\n"), "a number as a string is refused:\n%s", more);
    g_free(none), g_free(bad), g_free(more);
    descriptor_free(d);
}

/* A list as JSON holds no more than the form could: its items, typed with
 * commas, fit the field's max_length (255 without one), however many. */
Test(field_types, a_list_as_json_is_bounded_like_the_typed_list)
{
    Descriptor *d = types_descriptor();
    GString *json = g_string_new("{\"email\":\"ann@example.com\",\"tags\":[");
    for (int i = 0; i < 20000; i++)
        g_string_append_printf(json, "%s\"a\"", i ? "," : "");
    g_string_append(json, "]}");
    char *many = body_problems(d, json->str);
    cr_expect(strstr(many, "tags "), "20000 items are refused: \"%s\"", many);
    cr_expect(strstr(many, "at most 255"), "and the limit is named: \"%s\"", many);
    char *fits = body_problems(d, "{\"email\":\"ann@example.com\",\"tags\":[\"wholesale\",\"north\"]}");
    cr_expect_str_eq(fits, "");
    g_free(many), g_free(fits);
    g_string_free(json, TRUE);
    descriptor_free(d);
}
