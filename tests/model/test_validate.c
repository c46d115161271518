/* Every validator against tables of good and bad values, as a person types them. */
#include "model/validate.h"

#include <criterion/criterion.h>
#include <glib.h>
#include <string.h>

static Field field_of(FieldType type, bool required)
{
    static char *choices[] = { "active", "inactive", "suspended", NULL };
    Field f = { .name = "f", .label = "F", .type = type, .required = required,
                .choices = type == FIELD_ENUM ? choices : NULL, .min = 0, .max = 1000 };
    return f;
}

/* Checks VALUE; returns whether it passed, and copies the message. */
static bool check(FieldType type, const char *value, char *message, char *normalized)
{
    Field f = field_of(type, true);
    FieldCheck c;
    field_check(&f, value, strlen(value), &c);
    if (message)
        strcpy(message, c.message);
    if (normalized)
        strcpy(normalized, c.normalized ? c.normalized : "");
    bool ok = c.ok;
    field_check_done(&c);
    return ok;
}

static void expect_good(FieldType type, const char *const *values)
{
    char msg[400];
    for (size_t i = 0; values[i]; i++)
        cr_expect(check(type, values[i], msg, NULL), "\"%s\" should pass (%s): %s",
                  values[i], field_type_name(type), msg);
}

static void expect_bad(FieldType type, const char *const *values)
{
    char msg[400];
    for (size_t i = 0; values[i]; i++) {
        cr_expect_not(check(type, values[i], msg, NULL), "\"%s\" should fail (%s)", values[i],
                      field_type_name(type));
        cr_expect_gt(strlen(msg), 5, "\"%s\" fails with a message", values[i]);
    }
}

Test(validate_email, accepts_practical_addresses)
{
    static const char *const good[] = {
        "Garima@test.com", "brighton@jani.com", "a.b+tag@sub.example.co.uk",
        "o'brien@example.ie", "x@xn--bcher-kva.example", "user@bücher.de", "yamada@例え.jp",
        "  padded@example.com  ", "a_b-c@e-x.io", NULL,
    };
    expect_good(FIELD_EMAIL, good);
}

Test(validate_email, refuses_broken_addresses)
{
    static const char *const bad[] = {
        "", "plainaddress", "@example.com", "name@", "name@localhost", "a@@b.com",
        "a@b@c.com", ".a@b.com", "a.@b.com", "a..b@c.com", "a b@c.com", "a@b..com",
        "a@-b.com", "a@b-.com", "a@b.c", "a@b.123", "a@exa_mple.com", "a(b)@c.com", "山田@example.jp", NULL,
    };
    expect_bad(FIELD_EMAIL, bad);
}

Test(validate_email, says_what_is_missing)
{
    char msg[400];
    check(FIELD_EMAIL, "garima.test.com", msg, NULL);
    cr_expect(strstr(msg, "@"), "mentions the @: %s", msg);
    check(FIELD_EMAIL, "garima@test", msg, NULL);
    cr_expect(strstr(msg, "dot"), "mentions the dot: %s", msg);
}

Test(validate_phone, accepts_e164_with_separators_and_normalises)
{
    static const char *const good[] = {
        "+2557881234567", "+255 788 123 4567", "+1-555-010-9999", "+44.20.7946.0958",
        "+1 (555) 010-9999", "+12345678", "+123456789012345", NULL,
    };
    expect_good(FIELD_PHONE, good);
    char norm[64];
    check(FIELD_PHONE, "+255 788-123.4567", NULL, norm);
    cr_expect_str_eq(norm, "+2557881234567");
}

Test(validate_phone, refuses_non_e164)
{
    static const char *const bad[] = {
        "2557881234567", "+1234567", "+1234567890123456", "+0255788123456", "+255 788 x23",
        "++255788123456", "+", "0788 123 456", NULL,
    };
    expect_bad(FIELD_PHONE, bad);
    char msg[400];
    check(FIELD_PHONE, "+1234", msg, NULL);
    cr_expect(strstr(msg, "4 digits"), "counts the digits: %s", msg);
}

Test(validate_country, accepts_alpha2_any_case)
{
    static const char *const good[] = { "TZ", "tz", "GB", "US", " de ", NULL };
    expect_good(FIELD_COUNTRY, good);
    char norm[8];
    check(FIELD_COUNTRY, "tz", NULL, norm);
    cr_expect_str_eq(norm, "TZ");
}

Test(validate_country, tanzania_suggests_TZ)
{
    char msg[400];
    cr_assert_not(check(FIELD_COUNTRY, "Tanzania", msg, NULL));
    cr_expect(strstr(msg, "use TZ"), "suggests TZ: %s", msg);
}

Test(validate_country, names_and_alpha3_get_suggestions)
{
    static const struct { const char *typed, *want; } cases[] = {
        { "TZA", "use TZ" },           { "United Kingdom", "use GB" }, { "germany", "use DE" },
        { "Côte d'Ivoire", "use CI" }, { "Bolivia", "use BO" },       { "GBR", "use GB" },
    };
    char msg[400];
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        cr_expect_not(check(FIELD_COUNTRY, cases[i].typed, msg, NULL));
        cr_expect(strstr(msg, cases[i].want), "%s → %s, got: %s", cases[i].typed, cases[i].want, msg);
    }
}

Test(validate_country, refuses_unknown_codes)
{
    static const char *const bad[] = { "XX", "ZZ", "Atlantis", "T", "12", NULL };
    expect_bad(FIELD_COUNTRY, bad);
}

Test(validate_uuid, shapes)
{
    static const char *const good[] = {
        "d290f1ee-6c54-4b01-90e6-d701748f0851", "D290F1EE-6C54-4B01-90E6-D701748F0851", NULL,
    };
    static const char *const bad[] = {
        "d290f1ee6c544b0190e6d701748f0851", "d290f1ee-6c54-4b01-90e6-d701748f085",
        "d290f1ee-6c54-4b01-90e6-d701748f08511", "g290f1ee-6c54-4b01-90e6-d701748f0851", NULL,
    };
    expect_good(FIELD_UUID, good);
    expect_bad(FIELD_UUID, bad);
}

Test(validate_enum, choices_and_suggestion)
{
    static const char *const good[] = { "active", "Inactive", "SUSPENDED", NULL };
    expect_good(FIELD_ENUM, good);
    char msg[400];
    cr_expect_not(check(FIELD_ENUM, "actve", msg, NULL));
    cr_expect(strstr(msg, "did you mean \"active\""), "%s", msg);
    cr_expect_not(check(FIELD_ENUM, "closed", msg, NULL));
    cr_expect(strstr(msg, "active, inactive, suspended"), "%s", msg);
}

Test(validate_json, objects_only_and_errors_say_where)
{
    static const char *const good[] = { "{}", "{\"loyalty_program\": \"Gold\"}", "{\n \"a\": [1, {\"b\": null}]\n}", NULL };
    static const char *const bad[] = { "[]", "\"x\"", "42", "{", "{'a': 1}", "{\"a\": }", NULL };
    expect_good(FIELD_JSON, good);
    expect_bad(FIELD_JSON, bad);
    char msg[400];
    check(FIELD_JSON, "{\n  \"a\": 1,\n  \"b\": ,\n}", msg, NULL);
    cr_expect(strstr(msg, "line 3"), "names the line: %s", msg);
    check(FIELD_JSON, "[1,2]", msg, NULL);
    cr_expect(strstr(msg, "JSON object"), "%s", msg);
}

Test(validate_password, length_and_strength_hint)
{
    Field f = field_of(FIELD_PASSWORD, true);
    FieldCheck c;
    field_check(&f, "Garima23$", 9, &c);
    cr_expect(c.ok);
    cr_expect(strstr(c.hint, "strength"), "hint given: %s", c.hint);
    field_check_done(&c);
    field_check(&f, "short", 5, &c);
    cr_expect_not(c.ok);
    cr_expect(strstr(c.message, "at least 8"), "%s", c.message);
    field_check_done(&c);
    field_check(&f, "Correct-Horse-Battery-9", 23, &c);
    cr_expect(strstr(c.hint, "strong"), "%s", c.hint);
    field_check_done(&c);
}

Test(validate_integer, range)
{
    static const char *const good[] = { "0", "100", "1000", NULL };
    static const char *const bad[] = { "-1", "1001", "1e3", "ten", "99999999999999999999999", NULL };
    expect_good(FIELD_INTEGER, good);
    expect_bad(FIELD_INTEGER, bad);
}

Test(validate_required, empty_and_blank)
{
    char msg[400];
    cr_expect_not(check(FIELD_STRING, "", msg, NULL));
    cr_expect_str_eq(msg, "is required");
    cr_expect_not(check(FIELD_STRING, "   ", msg, NULL));
    Field opt = field_of(FIELD_EMAIL, false);
    FieldCheck c;
    field_check(&opt, "", 0, &c);
    cr_expect(c.ok && c.empty, "an empty optional field is fine");
    field_check_done(&c);
}

Test(validate_text, utf8_names_pass)
{
    static const char *const good[] = { "Zoë Ñúñez", "山田太郎", "Brighton Mboya", "O'Brien-Smith", NULL };
    expect_good(FIELD_STRING, good);
}

Test(validate_hostile, invalid_utf8_nul_controls_and_64k)
{
    static const FieldType types[] = { FIELD_STRING, FIELD_EMAIL, FIELD_PHONE, FIELD_COUNTRY,
                                       FIELD_UUID, FIELD_ENUM, FIELD_JSON, FIELD_PASSWORD, FIELD_INTEGER };
    char *big = g_malloc(65537);
    memset(big, 'a', 65536);
    big[65536] = '\0';
    for (size_t t = 0; t < G_N_ELEMENTS(types); t++) {
        Field f = field_of(types[t], true);
        FieldCheck c;
        static const struct { const char *bytes; size_t len; const char *want; } cases[] = {
            { "ab\xff\xfe", 4, "UTF-8" },  { "ab\0cd", 5, "NUL" }, { "a\x1b[2Jb", 6, "control" },
            { "\xc3", 1, "UTF-8" },
        };
        for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
            field_check(&f, cases[i].bytes, cases[i].len, &c);
            cr_expect_not(c.ok, "%s refuses case %zu", field_type_name(types[t]), i);
            cr_expect(strstr(c.message, cases[i].want), "%s: %s", field_type_name(types[t]), c.message);
            field_check_done(&c);
        }
        field_check(&f, big, 65536, &c);
        cr_expect_not(c.ok, "%s refuses 64 KiB", field_type_name(types[t]));
        cr_expect_gt(strlen(c.message), 5);
        field_check_done(&c);
    }
    g_free(big);
}
