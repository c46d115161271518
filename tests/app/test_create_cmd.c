/* `custty create --dry-run` and `custty providers`, run as a script would. */
#include "tests/support/support.h"

#include <criterion/criterion.h>
#include <glib.h>
#include <stdio.h>
#include <string.h>

static const char *const BILLING_SEED[] = {
    "create", "--provider", "billing-v1", "--base-url", "http://127.0.0.1:8080", "--dry-run", "--json",
    "--set", "name=Brighton Mboya", "--set", "email=brighton@jani.com", "--set", "phone=+2557881234567",
    "--set", "address.city=Dar es Salaam", "--set", "address.country=TZ",
    "--set", "payment_method=card_01h3vjs3b16yc3f9q8q9pfrb79", "--set", "status=active",
    "--set", "custom_data={\"loyalty_program\": \"Gold\"}", NULL,
};

Test(create_dry_run, billing_seed_body)
{
    RunResult r = support_run_custty(BILLING_SEED, NULL, NULL);
    cr_assert_eq(r.status, 0, "stderr: %s", r.err);
    cJSON *out = cJSON_Parse(r.out);
    cr_assert_not_null(out, "one JSON object: %s", r.out);
    char *want = support_fixture("billing_create_request.json", NULL);
    cJSON *body = cJSON_Parse(want);
    cJSON_ReplaceItemInObject(cJSON_GetObjectItem(body, "address"), "country", cJSON_CreateString("TZ"));
    cr_expect(cJSON_Compare(cJSON_GetObjectItem(out, "body"), body, true), "body as the seed: %s", r.out);
    cr_expect_str_eq(cJSON_GetObjectItem(out, "method")->valuestring, "POST");
    cr_expect_str_eq(cJSON_GetObjectItem(out, "url")->valuestring, "http://127.0.0.1:8080/api/v1/customers");
    cJSON_Delete(body);
    cJSON_Delete(out);
    g_free(want);
    support_run_done(&r);
}

Test(create_dry_run, tanzania_is_refused_with_exit_2_and_every_problem)
{
    const char *argv[] = { "create", "--provider", "billing-v1", "--base-url", "http://127.0.0.1:1",
                           "--dry-run", "--json", "--set", "name=", "--set", "email=brighton.jani.com",
                           "--set", "address.country=Tanzania", NULL };
    RunResult r = support_run_custty(argv, NULL, NULL);
    cr_expect_eq(r.status, 2);
    cr_expect_str_eq(r.out, "", "nothing on stdout");
    cr_expect(strstr(r.err, "use TZ"), "%s", r.err);
    cr_expect(strstr(r.err, "name") && strstr(r.err, "is required"), "%s", r.err);
    cr_expect(strstr(r.err, "email") && strstr(r.err, "@"), "%s", r.err);
    cr_expect(strstr(r.err, "3 fields"), "%s", r.err);
    support_run_done(&r);
}

Test(create_dry_run, botpenguin_seed_body_and_headers)
{
    const char *argv[] = { "create", "--provider", "botpenguin", "--dry-run", "--json", "--show-secrets",
                           "--set", "username=Garima@test.com", "--set", "name=Garima",
                           "--set", "password=Garima23$", NULL };
    RunResult r = support_run_custty(argv, NULL, NULL);
    cr_assert_eq(r.status, 0, "stderr: %s", r.err);
    cJSON *out = cJSON_Parse(r.out);
    char *want = support_fixture("botpenguin_create_request.json", NULL);
    cJSON *body = cJSON_Parse(want);
    cr_expect(cJSON_Compare(cJSON_GetObjectItem(out, "body"), body, true), "%s", r.out);
    cr_expect_str_eq(cJSON_GetObjectItem(cJSON_GetObjectItem(out, "headers"), "authtype")->valuestring, "Key");
    cr_expect_str_eq(cJSON_GetObjectItem(out, "url")->valuestring, "https://api.v7.botpenguin.com/customer/create");
    cJSON_Delete(body);
    cJSON_Delete(out);
    g_free(want);
    support_run_done(&r);
}

Test(create_dry_run, prolifi_seed_body)
{
    const char *argv[] = { "create", "--provider", "prolifi", "--dry-run", "--json",
                           "--set", "email=john@example.com", "--set", "name=John Doe",
                           "--set", "external_id=user_12345",
                           "--set", "country_id=d290f1ee-6c54-4b01-90e6-d701748f0851", NULL };
    RunResult r = support_run_custty(argv, NULL, NULL);
    cr_assert_eq(r.status, 0, "stderr: %s", r.err);
    cJSON *out = cJSON_Parse(r.out);
    char *want = support_fixture("prolifi_create_request.json", NULL);
    cJSON *body = cJSON_Parse(want);
    cr_expect(cJSON_Compare(cJSON_GetObjectItem(out, "body"), body, true), "%s", r.out);
    cJSON_Delete(body);
    cJSON_Delete(out);
    g_free(want);
    support_run_done(&r);
}

Test(create_cli, unknown_field_and_provider_and_usage)
{
    const char *typo[] = { "create", "--provider", "prolifi", "--dry-run", "--set", "email=a@b.co",
                           "--set", "emial=x", NULL };
    RunResult r = support_run_custty(typo, NULL, NULL);
    cr_expect_eq(r.status, 2);
    cr_expect(strstr(r.err, "did you mean \"email\""), "%s", r.err);
    support_run_done(&r);
    const char *noprov[] = { "create", "--provider", "nope", "--dry-run", NULL };
    r = support_run_custty(noprov, NULL, NULL);
    cr_expect_eq(r.status, 2);
    cr_expect(strstr(r.err, "no provider \"nope\""), "%s", r.err);
    support_run_done(&r);
    const char *noset[] = { "create", "--provider", "prolifi", "--set", "email", NULL };
    r = support_run_custty(noset, NULL, NULL);
    cr_expect_eq(r.status, 2);
    cr_expect(strstr(r.err, "FIELD=VALUE"), "%s", r.err);
    support_run_done(&r);
    const char *neither[] = { "create", "--set", "name=A", NULL };
    r = support_run_custty(neither, NULL, NULL);
    cr_expect_eq(r.status, 2);
    cr_expect(strstr(r.err, "--profile NAME or --provider NAME"), "%s", r.err);
    support_run_done(&r);
}

Test(cli, help_and_version_everywhere)
{
    const char *const *cases[] = {
        (const char *const[]){ "--help", NULL },           (const char *const[]){ "--version", NULL },
        (const char *const[]){ "create", "--help", NULL }, (const char *const[]){ "create", "--version", NULL },
        (const char *const[]){ "providers", "--help", NULL }, (const char *const[]){ "providers", "--version", NULL },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        RunResult r = support_run_custty(cases[i], NULL, NULL);
        cr_expect_eq(r.status, 0, "case %zu", i);
        cr_expect(strstr(r.out, "Usage:") || strstr(r.out, "custty "), "case %zu: %s", i, r.out);
        support_run_done(&r);
    }
    const char *bad[] = { "frobnicate", NULL };
    RunResult r = support_run_custty(bad, NULL, NULL);
    cr_expect_eq(r.status, 2);
    cr_expect(strstr(r.err, "unknown command"));
    support_run_done(&r);
}

Test(cli, providers_lists_fields)
{
    const char *argv[] = { "providers", NULL };
    RunResult r = support_run_custty(argv, NULL, NULL);
    cr_expect_eq(r.status, 0);
    cr_expect(strstr(r.out, "botpenguin") && strstr(r.out, "billing-v1") && strstr(r.out, "prolifi"));
    cr_expect(strstr(r.out, "address.country"), "%s", r.out);
    support_run_done(&r);
}

/* A person looking up one provider's field keys (for create --set) names it:
 * only its fields, and a name that is no provider is said so. */
Test(cli, providers_name_lists_that_provider_alone)
{
    const char *argv[] = { "providers", "prolifi", NULL };
    RunResult r = support_run_custty(argv, NULL, NULL);
    cr_expect_eq(r.status, 0, "%s", r.err);
    cr_expect(strstr(r.out, "prolifi — ") && strstr(r.out, "country_id"), "%s", r.out);
    cr_expect_null(strstr(r.out, "billing-v1"), "prolifi alone:\n%s", r.out);
    support_run_done(&r);
    const char *nope[] = { "providers", "nope", NULL };
    r = support_run_custty(nope, NULL, NULL);
    cr_expect_eq(r.status, 2);
    cr_expect(strstr(r.err, "no provider \"nope\"") && strstr(r.err, "custty providers"), "%s", r.err);
    support_run_done(&r);
    /* The help says where the field keys are, not a list of three providers
     * that any descriptor file makes out of date. */
    const char *help[] = { "create", "--help", NULL };
    r = support_run_custty(help, NULL, NULL);
    cr_expect(strstr(r.out, "custty providers NAME"), "%s", r.out);
    cr_expect(strstr(r.out, "NAME-sandbox"), "%s", r.out);
    support_run_done(&r);
    const char *top[] = { "--help", NULL };
    r = support_run_custty(top, NULL, NULL);
    cr_expect_null(strstr(r.out, "the three providers"), "%s", r.out);
    support_run_done(&r);
}

Test(cli, user_descriptor_with_typo_is_named_and_rest_still_load)
{
    char *home = g_dir_make_tmp("custty-home-XXXXXX", NULL);
    char *dir = g_build_filename(home, "custty", "providers", NULL);
    g_mkdir_with_parents(dir, 0700);
    char *file = g_build_filename(dir, "mine.json", NULL);
    g_file_set_contents(file, "{\"format\": 1, \"titel\": \"Mine\"}", -1, NULL);
    char *env = g_strdup_printf("XDG_CONFIG_HOME=%s", home);
    const char *envs[] = { env, NULL };
    const char *argv[] = { "providers", NULL };
    RunResult r = support_run_custty(argv, envs, NULL);
    cr_expect_eq(r.status, 0);
    cr_expect(strstr(r.err, "mine.json") && strstr(r.err, "titel") && strstr(r.err, "did you mean \"title\""),
              "%s", r.err);
    cr_expect(strstr(r.out, "prolifi"));
    support_run_done(&r);
    remove(file);
    g_free(file);
    g_free(env);
    g_free(dir);
    g_free(home);
}

Test(cli, the_console_explains_an_unusable_terminal)
{
    const char *argv[] = { "--profile", "billing-sandbox", NULL };
    const char *env[] = { "TERM=no-such-terminal-xyz", NULL };
    RunResult r = support_run_custty(argv, env, NULL);
    cr_expect_eq(r.status, 2);
    cr_expect(strstr(r.err, "no-such-terminal-xyz") && strstr(r.err, "TERM=xterm-256color"), "%s", r.err);
    cr_expect_str_eq(r.out, "", "no garbled screen");
    support_run_done(&r);
}
