/* What the command line says: advice that works, a URL that will not outlive
 * the command said so, one token mask, unknown profiles refused, and JSON
 * indented the way people read it. */
#include "tests/support/support.h"

#include <criterion/criterion.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

#define NO_KEYRING "DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent"

static const char *const PROLIFI_NO_TOKEN[] = {
    "create", "--provider", "prolifi", "--base-url", "http://127.0.0.1:1", "--set", "email=john@example.com",
    "--set", "name=John Doe", "--set", "external_id=user_1",
    "--set", "country_id=d290f1ee-6c54-4b01-90e6-d701748f0851", NULL,
};

Test(cli_advice, no_token_for_a_bare_provider_advises_what_works)
{
    const char *env[] = { NO_KEYRING, "CUSTTY_TOKEN=", NULL };
    RunResult r = support_run_custty(PROLIFI_NO_TOKEN, env, NULL);
    cr_expect_eq(r.status, 2, "%s", r.err);
    cr_expect(strstr(r.err, "CUSTTY_TOKEN"), "%s", r.err);
    cr_expect_null(strstr(r.err, "custty token set prolifi"), "no profile is called prolifi: %s", r.err);
    cr_expect(strstr(r.err, "config.ini") && strstr(r.err, "custty token set PROFILE"), "%s", r.err);
    support_run_done(&r);
}

Test(cli_advice, the_advice_it_gives_is_one_that_works)
{
    /* What the old advice said fails: there is no such profile. */
    const char *argv[] = { "token", "set", "prolifi", NULL };
    const char *env[] = { NO_KEYRING, NULL };
    RunResult r = support_run_custty(argv, env, "sk_test_0123456789abcdef\n");
    cr_expect_neq(r.status, 0);
    cr_expect(strstr(r.err, "no profile"), "%s", r.err);
    support_run_done(&r);
}

Test(cli_advice, dry_run_on_a_sandbox_says_its_port_dies_with_the_command)
{
    const char *argv[] = { "create", "--profile", "billing-sandbox", "--dry-run", "--set", "name=Ann",
                           "--set", "email=ann@example.com", NULL };
    RunResult r = support_run_custty(argv, NULL, NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_expect(strstr(r.out, "http://127.0.0.1:"), "%s", r.out);
    cr_expect(strstr(r.err, "port closes as the command ends"), "%s", r.err);
    cr_expect(strstr(r.err, "custty sandbox --port PORT") && strstr(r.err, "http://127.0.0.1:PORT/"), "%s", r.err);
    support_run_done(&r);

    const char *curl[] = { "create", "--profile", "billing-sandbox", "--curl", "--set", "name=Ann",
                           "--set", "email=ann@example.com", NULL };
    r = support_run_custty(curl, NULL, NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_expect(strstr(r.err, "port closes as the command ends"), "%s", r.err);
    support_run_done(&r);
}

Test(cli_advice, a_url_given_gets_no_sandbox_note)
{
    const char *argv[] = { "create", "--profile", "billing-sandbox", "--base-url", "http://127.0.0.1:8080",
                           "--dry-run", "--set", "name=Ann", "--set", "email=ann@example.com", NULL };
    RunResult r = support_run_custty(argv, NULL, NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_expect_null(strstr(r.err, "port closes"), "%s", r.err);
    support_run_done(&r);
}

static char *authorization(const char *token)
{
    char *env_token = g_strdup_printf("CUSTTY_TOKEN=%s", token);
    const char *argv[] = { "create", "--provider", "billing-v1", "--base-url", "http://127.0.0.1:8080",
                           "--dry-run", "--json", "--set", "name=Ann", "--set", "email=ann@example.com", NULL };
    const char *env[] = { NO_KEYRING, env_token, NULL };
    RunResult r = support_run_custty(argv, env, NULL);
    cJSON *out = cJSON_Parse(r.out);
    cr_assert_not_null(out, "%s %s", r.out, r.err);
    const cJSON *h = cJSON_GetObjectItem(cJSON_GetObjectItem(out, "headers"), "Authorization");
    cr_assert(cJSON_IsString(h), "%s", r.out);
    char *value = g_strdup(h->valuestring);
    cJSON_Delete(out);
    support_run_done(&r);
    g_free(env_token);
    return value;
}

Test(cli_advice, one_token_mask_for_short_and_long_tokens)
{
    char *longer = authorization("sandbox-token"), *shorter = authorization("abc123def");
    cr_expect_str_eq(longer, "Bearer san…");
    cr_expect_str_eq(shorter, "Bearer …", "the same form, with nothing of a short token: %s", shorter);
    g_free(longer), g_free(shorter);
}

Test(cli_advice, history_of_an_unknown_profile_says_so_and_exits_2)
{
    const char *argv[] = { "history", "--profile", "no-such-profile", NULL };
    RunResult r = support_run_custty(argv, NULL, NULL);
    cr_expect_eq(r.status, 2, "%s", r.err);
    cr_expect(strstr(r.err, "no profile \"no-such-profile\""), "%s", r.err);
    support_run_done(&r);

    const char *known[] = { "history", "--profile", "billing-sandbox", NULL };
    r = support_run_custty(known, NULL, NULL);
    cr_expect_eq(r.status, 0, "a profile with no entries yet is fine: %s", r.err);
    support_run_done(&r);
}

Test(cli_advice, dry_run_json_is_indented_with_two_spaces)
{
    const char *argv[] = { "create", "--provider", "billing-v1", "--base-url", "http://127.0.0.1:8080",
                           "--dry-run", "--set", "name=Ann", "--set", "email=ann@example.com",
                           "--set", "address.city=Dar es Salaam", NULL };
    RunResult r = support_run_custty(argv, NULL, NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_expect_null(strchr(r.out, '\t'), "no tab: %s", r.out);
    cr_expect(strstr(r.out, "\n  \"method\": \"POST\""), "%s", r.out);
    cr_expect(strstr(r.out, "\n    \"name\": \"Ann\""), "%s", r.out);
    cr_expect(strstr(r.out, "\n      \"city\": \"Dar es Salaam\""), "%s", r.out);
    support_run_done(&r);
}
