/* min_length, pattern, placeholder and default on the command line: a value
 * of the wrong form is refused before anything is sent, naming the hint or
 * the pattern; a placeholder or default is never sent; `custty providers`
 * says them all. */
#include "tests/support/support.h"

#include <criterion/criterion.h>
#include <glib.h>
#include <string.h>

static char *HOME_, *ENV_;

static void start(void)
{
    HOME_ = support_config_home_with("shapeshop", "field_shapes.json");
    ENV_ = g_strdup_printf("XDG_CONFIG_HOME=%s", HOME_);
}

static void stop(void)
{
    support_config_home_remove(HOME_);
    g_free(ENV_);
}

TestSuite(field_shapes_cli, .init = start, .fini = stop);

static RunResult create(const char *set1, const char *set2)
{
    const char *argv[] = { "create", "--provider", "shapeshop", "--base-url", "http://127.0.0.1:9", "--dry-run",
                           "--json", "--set", "email=ann@example.com", "--set", set1, set2 ? "--set" : NULL, set2,
                           NULL };
    const char *env[] = { ENV_, NULL };
    return support_run_custty(argv, env, NULL);
}

static void expect_refused(const char *set, const char *says)
{
    RunResult r = create(set, NULL);
    cr_expect_eq(r.status, 2, "%s: exit 2 (stderr: %s)", set, r.err);
    cr_expect_str_eq(r.out, "", "nothing sent for %s", set);
    cr_expect(strstr(r.err, says), "%s: \"%s\" in:\n%s", set, says, r.err);
    support_run_done(&r);
}

Test(field_shapes_cli, a_value_of_the_wrong_form_is_refused_before_sending)
{
    expect_refused("code=tz-42", "does not have the form the provider requires: two capital letters, a dash and "
                                 "four digits, like TZ-0042");
    expect_refused("ref=ref_ABC-123", "does not have the form the provider requires (it must match ^ref_[a-z0-9]+$)");
    expect_refused("nickname=Al", "is 2 characters; the provider needs at least 3");
    expect_refused("phone=+44 20 7946 0000", "a Tanzanian number");
}

Test(field_shapes_cli, placeholders_and_defaults_are_never_sent)
{
    RunResult r = create("code=TZ-0042", "phone=+255 788 123 456");
    cr_assert_eq(r.status, 0, "%s", r.err);
    cJSON *out = cJSON_Parse(r.out);
    char *body = cJSON_PrintUnformatted(cJSON_GetObjectItem(out, "body"));
    cr_expect(support_json_equal(body, "{\"email\":\"ann@example.com\",\"code\":\"TZ-0042\","
                                       "\"phone\":\"+255788123456\"}"), "%s", body);
    cJSON_free(body);
    cJSON_Delete(out);
    support_run_done(&r);
}

Test(field_shapes_cli, providers_shows_form_default_and_placeholder)
{
    const char *argv[] = { "providers", NULL };
    const char *env[] = { ENV_, NULL };
    RunResult r = support_run_custty(argv, env, NULL);
    cr_expect_eq(r.status, 0, "%s", r.err);
    static const char *const lines[][2] = {
        { "code", "[form: two capital letters, a dash and four digits, like TZ-0042]" },
        { "code", "[e.g. TZ-0042]" },
        { "ref", "[pattern: ^ref_[a-z0-9]+$]" },
        { "ref", "[at least 8 characters]" },
        { "ref", "[default: ref_auto]" },
        { "seats", "[default: 5]" },
    };
    gchar **out = g_strsplit(r.out, "\n", -1);
    for (size_t i = 0; i < G_N_ELEMENTS(lines); i++) {
        bool found = false;
        for (gchar **l = out; *l && !found; l++)
            found = strstr(*l, lines[i][0]) && strstr(*l, lines[i][1]);
        cr_expect(found, "a line with %s says %s:\n%s", lines[i][0], lines[i][1], r.out);
    }
    g_strfreev(out);
    support_run_done(&r);
}
