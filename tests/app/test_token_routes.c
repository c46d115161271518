/* A token goes only where it belongs: plain http stays on this machine (by
 * the host libcurl reads and the address it reaches), proxies never see a
 * loopback request, and sandbox profiles never take CUSTTY_TOKEN. */
#include "app/config.h"
#include "tests/support/recorder.h"
#include "tests/support/support.h"

#include <criterion/criterion.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

#define LIVE_TOKEN "sk_live_4eC39HqLyjWDarjtT1zdp7dc"

/* ---- config.ini base URLs ------------------------------------------------------ */

static ProfileSet load_config(const char *text, char **errors)
{
    ProviderSet providers = { 0 };
    provider_set_load_dir(&providers, "assets/providers", errors);
    g_free(*errors);
    *errors = NULL;
    char *dir = g_dir_make_tmp("custty-cfg-XXXXXX", NULL);
    char *path = g_build_filename(dir, "config.ini", NULL);
    g_file_set_contents(path, text, -1, NULL);
    ProfileSet set = { 0 };
    config_load(path, &providers, &set, errors);
    g_remove(path), g_rmdir(dir);
    g_free(path), g_free(dir);
    provider_set_done(&providers);
    return set;
}

Test(config_urls, plain_http_to_a_name_is_refused_not_listed_as_a_test_profile)
{
    static const char *const refused[] = { "http://127.attacker.example:8080", "http://127.0.0.1.nip.io",
                                           "http://127.0.0.1@evil.example", "HTTP://127.Attacker.Example" };
    for (size_t i = 0; i < G_N_ELEMENTS(refused); i++) {
        char *text = g_strdup_printf("[evil]\nprovider = billing-v1\nbase_url = %s\n", refused[i]);
        char *errors = NULL;
        ProfileSet s = load_config(text, &errors);
        cr_expect_eq(s.count, 0, "%s: not loaded, so never listed as a test profile", refused[i]);
        bool userinfo = strchr(refused[i], '@') != NULL; /* refused first for holding credentials */
        bool said = !errors ? false
                    : userinfo ? strstr(errors, "config.ini:3: [evil] base_url must not hold a user name") != NULL
                             : strstr(errors, "config.ini:3: [evil] base_url must be https://") &&
                                   strstr(errors, "is not one; use https://");
        cr_expect(said, "%s: says what is wrong: %s", refused[i], errors);
        profiles_done(&s);
        g_free(errors), g_free(text);
    }
}

Test(config_urls, loopback_is_decided_by_address_not_by_prefix)
{
    static const struct { const char *url; bool live; } cases[] = {
        { "http://127.0.0.2:8080", false },  { "http://[::1]:8080", false },
        { "http://localhost:8080", false },  { "HTTP://LOCALHOST:8080", false },
        { "https://127.0.0.1:8443", false }, { "https://127.attacker.example", true },
        { "https://localhost.attacker.example", true },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        char *text = g_strdup_printf("[p]\nprovider = billing-v1\nbase_url = %s\n", cases[i].url);
        char *errors = NULL;
        ProfileSet s = load_config(text, &errors);
        cr_assert_eq(s.count, 1, "%s loads: %s", cases[i].url, errors);
        cr_expect_eq(s.items[0].live, cases[i].live, "%s: LIVE %d by default", cases[i].url, cases[i].live);
        cr_expect_eq(s.items[0].confirm, cases[i].live, "%s: asks first when LIVE", cases[i].url);
        profiles_done(&s);
        g_free(errors), g_free(text);
    }
}

/* ---- custty create ---------------------------------------------------------------- */

static void expect_no_token(const RunResult *r, const char *token)
{
    cr_expect_null(strstr(r->out, token), "the token is not on stdout: %s", r->out);
    cr_expect_null(strstr(r->err, token), "the token is not on stderr: %s", r->err);
}

Test(create_routes, plain_http_to_a_name_that_looks_local_sends_nothing)
{
    char *why = NULL;
    if (!recorder_private_network("192.0.2.1", &why) ||
        !recorder_private_hosts("127.0.0.1 localhost\n192.0.2.1 127.evil.test\n", &why))
        cr_skip_test("%s", why);
    Recorder *remote = recorder_start("192.0.2.1", NULL);
    char *base = g_strdup_printf("http://127.evil.test:%u/api/v1/public", recorder_port(remote));
    const char *argv[] = { "create", "--provider", "prolifi", "--base-url", base, "--set", "email=a@b.co", NULL };
    const char *env[] = { "CUSTTY_TOKEN=" LIVE_TOKEN, NULL };
    RunResult r = support_run_custty(argv, env, NULL);
    unsigned connections = 0;
    char *seen = recorder_stop(remote, &connections);
    cr_expect_eq(connections, 0, "127.evil.test (192.0.2.1 here) saw nothing: %s", seen);
    cr_expect_eq(r.status, 2, "%s", r.err);
    cr_expect(strstr(r.err, "must be https://") && strstr(r.err, "127.evil.test is not one") &&
              strstr(r.err, "nothing was sent"), "%s", r.err);
    expect_no_token(&r, LIVE_TOKEN);
    support_run_done(&r);
    g_free(seen), g_free(base);
}

Test(create_routes, a_proxy_in_the_environment_never_sees_a_sandbox_request)
{
    Recorder *proxy = recorder_start("127.0.0.1", NULL);
    char *url = g_strdup_printf("http://127.0.0.1:%u", recorder_port(proxy));
    char *vars[] = { g_strdup_printf("http_proxy=%s", url), g_strdup_printf("HTTP_PROXY=%s", url),
                     g_strdup_printf("ALL_PROXY=%s", url), g_strdup_printf("all_proxy=%s", url),
                     g_strdup("no_proxy="), g_strdup("NO_PROXY="), NULL };
    const char *argv[] = { "create", "--profile", "billing-sandbox", "--set", "name=Brighton Mboya",
                           "--set", "email=brighton@jani.com", NULL };
    RunResult r = support_run_custty(argv, (const char *const *)vars, NULL);
    unsigned connections = 0;
    char *seen = recorder_stop(proxy, &connections);
    cr_expect_eq(r.status, 0, "created by the sandbox itself: %s", r.err);
    cr_expect_eq(connections, 0, "the proxy saw nothing: %s", seen);
    support_run_done(&r);
    for (size_t i = 0; vars[i]; i++)
        g_free(vars[i]);
    g_free(seen), g_free(url);
}

/* ---- sandbox profiles and CUSTTY_TOKEN ------------------------------------------------ */

Test(sandbox_token, a_live_key_in_the_environment_never_reaches_the_sandbox)
{
    const char *argv[] = { "create", "--profile", "prolifi-sandbox", "--verbose", "--set", "email=john@example.com",
                           "--set", "name=John Doe", NULL };
    const char *env[] = { "CUSTTY_TOKEN=" LIVE_TOKEN, NULL };
    RunResult r = support_run_custty(argv, env, NULL);
    cr_expect_eq(r.status, 0, "created with the demo token, not refused with 401: %s", r.err);
    cr_expect(strstr(r.out, "Created: "), "%s", r.out);
    cr_expect(strstr(r.err, "CUSTTY_TOKEN is ignored for prolifi-sandbox") &&
              strstr(r.err, "demo token"), "says so: %s", r.err);
    cr_expect(strstr(r.err, "Authorization: Bearer sk_…"), "the verbose log masks the token: %s", r.err);
    expect_no_token(&r, LIVE_TOKEN);
    expect_no_token(&r, "sk_test_sandbox");
    support_run_done(&r);
}

Test(sandbox_token, every_builtin_sandbox_profile_keeps_its_demo_token)
{
    const char *const *cases[] = {
        (const char *const[]){ "create", "--profile", "botpenguin-sandbox", "--set", "username=Garima@test.com",
                               "--set", "name=Garima", "--set", "password=Garima23$", NULL },
        (const char *const[]){ "create", "--profile", "billing-sandbox", "--set", "name=Brighton Mboya",
                               "--set", "email=brighton@jani.com", NULL },
    };
    const char *env[] = { "CUSTTY_TOKEN=" LIVE_TOKEN, NULL };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        RunResult r = support_run_custty(cases[i], env, NULL);
        cr_expect_eq(r.status, 0, "case %zu: %s", i, r.err);
        cr_expect(strstr(r.err, "CUSTTY_TOKEN is ignored"), "case %zu: %s", i, r.err);
        expect_no_token(&r, LIVE_TOKEN);
        support_run_done(&r);
    }
}

Test(sandbox_token, token_status_says_the_environment_is_ignored)
{
    const char *argv[] = { "token", "status", "prolifi-sandbox", NULL };
    const char *env[] = { "CUSTTY_TOKEN=" LIVE_TOKEN, NULL };
    RunResult r = support_run_custty(argv, env, NULL);
    cr_expect_eq(r.status, 0, "%s", r.err);
    cr_expect(strstr(r.out, "prolifi-sandbox: sandbox demo token"), "%s", r.out);
    cr_expect(strstr(r.out, "CUSTTY_TOKEN is ignored for prolifi-sandbox"), "%s", r.out);
    expect_no_token(&r, LIVE_TOKEN);
    support_run_done(&r);
}
