/* The later field types on the command line: `custty create --dry-run --json`
 * with a provider of the person's own (in $XDG_CONFIG_HOME/custty/providers)
 * that has every type, the JSON body it sends, and the refusals (exit 2).
 * `custty providers` says what each type takes. */
#include "tests/support/support.h"

#include <criterion/criterion.h>
#include <glib.h>
#include <string.h>

static char *HOME_, *ENV_;

static void start(void)
{
    HOME_ = support_config_home_with("typeshop", "field_types.json");
    ENV_ = g_strdup_printf("XDG_CONFIG_HOME=%s", HOME_);
}

static void stop(void)
{
    support_config_home_remove(HOME_);
    g_free(ENV_);
}

TestSuite(field_types_cli, .init = start, .fini = stop);

/* custty create --provider typeshop --dry-run --json with the given --set/--null. */
static RunResult create(const char *const *extra)
{
    GPtrArray *argv = g_ptr_array_new();
    const char *head[] = { "create", "--provider", "typeshop", "--base-url", "http://127.0.0.1:9",
                           "--dry-run", "--json", "--set", "email=ann@example.com" };
    for (size_t i = 0; i < G_N_ELEMENTS(head); i++)
        g_ptr_array_add(argv, (gpointer)head[i]);
    for (const char *const *e = extra; *e; e++)
        g_ptr_array_add(argv, (gpointer)*e);
    g_ptr_array_add(argv, NULL);
    const char *env[] = { ENV_, NULL };
    RunResult r = support_run_custty((const char *const *)argv->pdata, env, NULL);
    g_ptr_array_free(argv, TRUE);
    return r;
}

Test(field_types_cli, every_type_in_the_json_body)
{
    const char *extra[] = { "--set", "active=yes", "--set", "limit=12.5", "--set", "born=2001-02-03",
                            "--set", "ends_at=2027-01-31T23:59:00Z", "--set", "site=https://example.com",
                            "--set", "tags=a, b,,", "--set", "currency=eur", "--null", "referrer",
                            "--set", "count=3", NULL };
    RunResult r = create(extra);
    cr_assert_eq(r.status, 0, "stderr: %s", r.err);
    cJSON *out = cJSON_Parse(r.out);
    cr_assert_not_null(out, "%s", r.out);
    char *body = cJSON_PrintUnformatted(cJSON_GetObjectItem(out, "body"));
    cr_expect(support_json_equal(body, "{\"email\":\"ann@example.com\",\"active\":true,\"limit\":12.5,"
                                       "\"born\":\"2001-02-03\",\"ends_at\":\"2027-01-31T23:59:00Z\","
                                       "\"site\":\"https://example.com\",\"tags\":[\"a\",\"b\"],"
                                       "\"currency\":\"EUR\",\"referrer\":null,\"count\":3}"),
              "%s", body);
    cJSON_free(body);
    cJSON_Delete(out);
    support_run_done(&r);
}

Test(field_types_cli, false_words)
{
    const char *extra[] = { "--set", "active=0", NULL };
    RunResult r = create(extra);
    cr_assert_eq(r.status, 0, "stderr: %s", r.err);
    cr_expect(strstr(r.out, "\"active\": false") || strstr(r.out, "\"active\":false"), "%s", r.out);
    support_run_done(&r);
}

/* Each refused with exit 2, nothing on stdout, and the message on stderr. */
static void expect_refused(const char *const *extra, const char *says)
{
    RunResult r = create(extra);
    cr_expect_eq(r.status, 2, "%s: exit 2 (stderr: %s)", extra[1], r.err);
    cr_expect_str_eq(r.out, "", "nothing sent or printed for %s", extra[1]);
    cr_expect(strstr(r.err, says), "%s: \"%s\" in:\n%s", extra[1], says, r.err);
    support_run_done(&r);
}

Test(field_types_cli, refusals_exit_2_with_the_reason)
{
    expect_refused((const char *[]){ "--set", "active=maybe", NULL }, "true or false (yes/no and 1/0");
    expect_refused((const char *[]){ "--set", "limit=NaN", NULL }, "finite number");
    expect_refused((const char *[]){ "--set", "limit=0x10", NULL }, "not hexadecimal");
    expect_refused((const char *[]){ "--set", "limit=2000", NULL }, "between 0 and 1000.5");
    expect_refused((const char *[]){ "--set", "born=2027-02-30", NULL }, "February 2027 has 28 days");
    expect_refused((const char *[]){ "--set", "ends_at=2027-01-31T10:00:00", NULL }, "time zone");
    expect_refused((const char *[]){ "--set", "site=example.com", NULL }, "http:// or https://");
    expect_refused((const char *[]){ "--set", "tags=,,", NULL }, "holds no items");
    expect_refused((const char *[]){ "--set", "currency=euro", NULL }, "use EUR");
    expect_refused((const char *[]){ "--null", "site", NULL }, "cannot be null");
    expect_refused((const char *[]){ "--null", "sitee", NULL }, "did you mean \"site\"");
}

Test(field_types_cli, the_help_says_how_to_send_null)
{
    const char *argv[] = { "create", "--help", NULL };
    RunResult r = support_run_custty(argv, NULL, NULL);
    cr_expect_eq(r.status, 0);
    cr_expect(strstr(r.out, "--null FIELD") && strstr(r.out, "send FIELD as JSON null"), "%s", r.out);
    support_run_done(&r);
}

Test(field_types_cli, providers_says_what_each_type_takes)
{
    const char *argv[] = { "providers", NULL };
    const char *env[] = { ENV_, NULL };
    RunResult r = support_run_custty(argv, env, NULL);
    cr_expect_eq(r.status, 0, "%s", r.err);
    static const char *const lines[][2] = {
        { "active", "boolean" }, { "limit", "number" }, { "limit", "0 to 1000.5" },
        { "born", "YYYY-MM-DD" }, { "ends_at", "2027-01-31T23:59:00Z" }, { "site", "url" },
        { "tags", "comma-separated" }, { "currency", "ISO 4217" }, { "referrer", "[nullable]" },
        { "count", "1 to 10" },
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
    const char *help[] = { "providers", "--help", NULL };
    r = support_run_custty(help, NULL, NULL);
    static const char *const types[] = { "boolean", "number", "date-time", "url", "list", "currency",
                                         "nullable", NULL };
    for (const char *const *t = types; *t; t++)
        cr_expect(strstr(r.out, *t), "providers --help names %s:\n%s", *t, r.out);
    support_run_done(&r);
}
