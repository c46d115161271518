/* `custty check`: the history's unknown outcomes settled from the command
 * line, with exit codes a script can act on. */
#include "tests/support/http.h"
#include "tests/support/support.h"

#include <criterion/criterion.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

typedef struct {
    TestSandbox sb;
    char *home, *state_env, *config_env;
} Fixture;

static Fixture F;

static void start(const SandboxOptions *opt)
{
    test_sandbox_start(&F.sb, opt);
    F.home = g_dir_make_tmp("custty-check-XXXXXX", NULL);
    char *config_dir = g_build_filename(F.home, "config", "custty", NULL);
    char *config = g_build_filename(config_dir, "config.ini", NULL);
    char *billing = sandbox_base_url(F.sb.sb, "billing-v1");
    char *text = g_strdup_printf("[billing-local]\nprovider = billing-v1\nbase_url = %s\n", billing);
    g_mkdir_with_parents(config_dir, 0700);
    cr_assert(g_file_set_contents(config, text, -1, NULL));
    F.state_env = g_strdup_printf("XDG_STATE_HOME=%s/state", F.home);
    F.config_env = g_strdup_printf("XDG_CONFIG_HOME=%s/config", F.home);
    g_free(config_dir), g_free(config), g_free(billing), g_free(text);
}

static void stop(void)
{
    char *rm = g_strdup_printf("rm -rf %s", F.home);
    g_spawn_command_line_sync(rm, NULL, NULL, NULL, NULL);
    g_free(rm), g_free(F.home), g_free(F.state_env), g_free(F.config_env);
    test_sandbox_stop(&F.sb);
}

static RunResult custty(const char *const *argv)
{
    const char *env[] = { F.state_env, F.config_env, "CUSTTY_TOKEN=" SANDBOX_TOKEN,
                          "DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent", NULL };
    return support_run_custty(argv, env, NULL);
}

/* An unknown entry for EMAIL on PROFILE, as a crash after sending leaves it. */
static void history_with_unknown(const char *profile, const char *email)
{
    char *dir = g_build_filename(F.home, "state", "custty", NULL), *file = g_build_filename(dir, "history.jsonl", NULL);
    char *base = sandbox_base_url(F.sb.sb, "billing-v1");
    char *line = g_strdup_printf("{\"entry\":\"h_%s\",\"time\":\"2026-11-26T10:00:00Z\",\"profile\":\"%s\","
                                 "\"provider\":\"billing-v1\",\"base_url\":\"%s\",\"outcome\":\"unknown\","
                                 "\"email\":\"%s\",\"request\":{\"name\":\"N\",\"email\":\"%s\"}}\n",
                                 email, profile, base, email, email);
    g_mkdir_with_parents(dir, 0700);
    cr_assert(g_file_set_contents(file, line, -1, NULL));
    g_chmod(file, 0600);
    g_free(dir), g_free(file), g_free(base), g_free(line);
}

Test(check_cmd, an_unknown_create_that_went_through_is_found_and_recorded, .fini = stop)
{
    SandboxOptions opt = { .create_faults = "reset" };
    start(&opt);
    const char *create[] = { "create", "--profile", "billing-local", "--set", "name=Rae", "--set",
                             "email=rae@example.com", NULL };
    RunResult r = custty(create);
    cr_assert_eq(r.status, 3, "created, then no answer: unknown\n%s", r.err);
    support_run_done(&r);
    const char *check[] = { "check", "--profile", "billing-local", NULL };
    r = custty(check);
    cr_expect_eq(r.status, 0, "%s%s", r.out, r.err);
    cr_expect(strstr(r.out, "rae@example.com (billing-local): created, id cus_"), "%s", r.out);
    cr_expect(strstr(r.out, "read 1 page, 1 customer"), "says what it read: %s", r.out);
    support_run_done(&r);
    const char *history[] = { "history", "--json", NULL };
    r = custty(history);
    cr_expect(strstr(r.out, "\"outcome\":\"created\""), "the history keeps the verdict: %s", r.out);
    support_run_done(&r);
    r = custty(check);
    cr_expect_eq(r.status, 0);
    cr_expect(strstr(r.out, "nothing to check"), "settled once: %s", r.out);
    support_run_done(&r);
}

Test(check_cmd, one_that_never_arrived_is_not_created, .fini = stop)
{
    start(NULL);
    history_with_unknown("billing-local", "nobody@example.com");
    const char *check[] = { "check", "--json", NULL };
    RunResult r = custty(check);
    cr_expect_eq(r.status, 0, "%s", r.err);
    cJSON *doc = cJSON_Parse(r.out);
    cr_assert_not_null(doc, "one JSON object: %s", r.out);
    cr_expect_str_eq(cJSON_GetObjectItem(doc, "verdict")->valuestring, "not created");
    cr_expect_str_eq(cJSON_GetObjectItem(doc, "email")->valuestring, "nobody@example.com");
    cJSON_Delete(doc);
    support_run_done(&r);
}

Test(check_cmd, a_lookup_that_fails_leaves_it_unknown_and_exits_3, .fini = stop)
{
    SandboxOptions opt = { .read_faults = "status=500" };
    start(&opt);
    history_with_unknown("billing-local", "maybe@example.com");
    const char *check[] = { "check", NULL };
    RunResult r = custty(check);
    cr_expect_eq(r.status, 3, "%s%s", r.out, r.err);
    cr_expect(strstr(r.out, "maybe@example.com (billing-local): still unknown — page 1 failed: the provider answered 500"),
              "%s", r.out);
    support_run_done(&r);
    const char *history[] = { "history", "--outcome", "unknown", NULL };
    r = custty(history);
    cr_expect(strstr(r.out, "maybe@example.com"), "nothing recorded: still unknown\n%s", r.out);
    support_run_done(&r);
}

Test(check_cmd, a_sandbox_entry_says_its_sandbox_has_ended, .fini = stop)
{
    start(NULL);
    history_with_unknown("billing-sandbox", "gone@example.com");
    const char *check[] = { "check", "--all", NULL };
    RunResult r = custty(check);
    cr_expect_eq(r.status, 3);
    cr_expect(strstr(r.out, "still unknown — the in-process sandbox that served it has ended"), "%s", r.out);
    support_run_done(&r);
}
