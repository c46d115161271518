/* The shape a provider asks of a value beyond its type: min_length, a
 * pattern (GRegex, matched at a bounded cost) with its hint, and the
 * placeholder and default a form shows but never sends. */
#include "model/validate.h"
#include "tests/support/support.h"

#include <criterion/criterion.h>
#include <glib.h>
#include <string.h>

static Descriptor *D;

static void start(void)
{
    size_t len = 0;
    char *text = support_fixture("field_shapes.json", &len), *err = NULL;
    D = descriptor_parse(text, len, "field-shapes", "field_shapes.json", &err);
    cr_assert_not_null(D, "the test descriptor loads: %s", err);
    g_free(text);
}

static void stop(void)
{
    descriptor_free(D);
}

TestSuite(field_shapes, .init = start, .fini = stop);

/* The message for VALUE in field NAME, or "" when it passes (g_free). */
static char *problem(const char *name, const char *value)
{
    const Field *f = descriptor_field(D, name);
    cr_assert_not_null(f, "no field %s", name);
    FieldCheck c;
    field_check(f, value, strlen(value), &c);
    char *out = g_strdup(c.ok ? "" : c.message);
    field_check_done(&c);
    return out;
}

static void expect_ok(const char *name, const char *value)
{
    char *p = problem(name, value);
    cr_expect_str_eq(p, "", "%s=\"%s\" passes", name, value);
    g_free(p);
}

static void expect_says(const char *name, const char *value, const char *says)
{
    char *p = problem(name, value);
    cr_expect(strstr(p, says), "%s=\"%s\": \"%s\" says \"%s\"", name, value, p, says);
    g_free(p);
}

Test(field_shapes, a_pattern_is_checked_and_its_hint_named)
{
    expect_ok("code", "TZ-0042");
    expect_says("code", "tz-42", "does not have the form the provider requires: two capital letters, a dash and "
                                 "four digits, like TZ-0042");
    /* without a hint, the pattern itself */
    expect_ok("ref", "ref_abc123");
    expect_says("ref", "ref_ABC-123", "does not have the form the provider requires (it must match ^ref_[a-z0-9]+$)");
}

Test(field_shapes, the_pattern_sees_the_value_as_sent)
{
    expect_ok("phone", "+255 788 123 456"); /* sent as +255788123456 */
    expect_says("phone", "+44 20 7946 0000", "a Tanzanian number");
}

Test(field_shapes, min_length_in_characters)
{
    expect_says("nickname", "Al", "is 2 characters; the provider needs at least 3");
    expect_ok("nickname", "Åsa");
    expect_ok("nickname", "");   /* not required: empty is not sent */
    expect_says("ref", "ref_a", "at least 8");
}

Test(field_shapes, placeholder_and_default_are_read)
{
    const Field *code = descriptor_field(D, "code"), *ref = descriptor_field(D, "ref");
    cr_expect_str_eq(code->placeholder, "TZ-0042");
    cr_expect_null(code->default_text);
    cr_expect_str_eq(ref->default_text, "ref_auto");
    cr_expect_str_eq(descriptor_field(D, "seats")->default_text, "5", "a number default is shown as written");
    cr_expect_eq(descriptor_field(D, "nickname")->min_length, 3);
}

/* A field whose pattern is PATTERN, compiled as a descriptor's is. */
static Descriptor *with_field(const char *field_json, char **err)
{
    char *text = g_strdup_printf("{\"title\": \"T\", \"create\": {\"path\": \"/c\"}, \"auth\": {\"scheme\": \"none\"},"
                                 " \"fields\": [%s], \"success\": {\"id\": \"id\"}, \"error\": {\"message\": \"m\"}}",
                                 field_json);
    Descriptor *d = descriptor_parse(text, strlen(text), "t", "t.json", err);
    g_free(text);
    return d;
}

Test(field_shapes, a_catastrophic_pattern_cannot_stall_the_check)
{
    char *err = NULL;
    Descriptor *d = with_field("{\"name\": \"x\", \"type\": \"string\", \"pattern\": \"(a+)+$\", \"max_length\": 10000}",
                               &err);
    cr_assert_not_null(d, "%s", err);
    const Field *f = &d->fields[0];
    FieldCheck c;
    field_check(f, "aaa", 3, &c);
    cr_expect(c.ok, "%s", c.message);
    field_check_done(&c);
    /* 2^18 ways to fail: past custty's limit, though far within PCRE's own
     * ten million, so the check is held to custty's bound */
    char *value = g_strnfill(18, 'a');
    char *v2 = g_strconcat(value, "!", NULL);
    field_check(f, v2, strlen(v2), &c);
    cr_expect(!c.ok && strstr(c.message, "cannot be checked against the form the provider requires"), "%s", c.message);
    field_check_done(&c);
    g_free(value), g_free(v2);
    /* and a long value ends all the same, with the same answer */
    value = g_strnfill(5000, 'a');
    value[4999] = '!';
    field_check(f, value, strlen(value), &c);
    cr_expect(!c.ok && strstr(c.message, "cannot be checked"), "%s", c.message);
    field_check_done(&c);
    g_free(value);
    descriptor_free(d);
}

static void expect_refused(const char *field_json, const char *says)
{
    char *err = NULL;
    Descriptor *d = with_field(field_json, &err);
    cr_expect_null(d, "%s is refused", field_json);
    cr_expect(err && strstr(err, says), "%s: \"%s\" says \"%s\"", field_json, err, says);
    descriptor_free(d);
    g_free(err);
}

Test(field_shapes, bad_keys_are_load_errors_naming_the_field)
{
    expect_refused("{\"name\": \"code\", \"type\": \"string\", \"pattern\": \"([a-z\"}",
                   "t.json: fields[0].pattern: \"([a-z\" of field \"code\" is not a regular expression custty can "
                   "check (missing terminating ] for character class)");
    /* a pattern may not lift the match limit it is held to */
    expect_refused("{\"name\": \"x\", \"type\": \"string\", \"pattern\": \"(*LIMIT_MATCH=100000000)(a+)+$\"}",
                   "may not start with a (*");
    expect_refused("{\"name\": \"n\", \"type\": \"integer\", \"pattern\": \"^1\"}",
                   "fields[0]: pattern is for fields sent as text, not for one of type integer");
    expect_refused("{\"name\": \"n\", \"type\": \"string\", \"min_length\": 300}",
                   "min_length (300) is more than the most the field takes (255)");
    expect_refused("{\"name\": \"n\", \"type\": \"string\", \"default\": null}", "fields[0].default: must be a value");
    expect_refused("{\"name\": \"n\", \"type\": \"string\", \"pattern_hnt\": \"x\"}",
                   "did you mean \"pattern_hint\"?");
}
