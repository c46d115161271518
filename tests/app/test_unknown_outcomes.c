/* Unknown outcomes from the command line: `custty check` settles them, with
 * exit codes a script can act on, and `--idempotency-key` may only send the
 * very body of one again. */
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
    char *prolifi = sandbox_base_url(F.sb.sb, "prolifi");
    char *text = g_strdup_printf("[billing-local]\nprovider = billing-v1\nbase_url = %s\n\n"
                                 "[prolifi-local]\nprovider = prolifi\nbase_url = %s\n\n"
                                 "[billing-careful]\nprovider = billing-v1\nbase_url = %s\n"
                                 "check_before_create = true\n", billing, prolifi, billing);
    g_free(prolifi);
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

static RunResult custty_with(const char *token, const char *const *argv)
{
    char *token_env = g_strdup_printf("CUSTTY_TOKEN=%s", token);
    const char *env[] = { F.state_env, F.config_env, token_env,
                          "DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent", NULL };
    RunResult r = support_run_custty(argv, env, NULL);
    g_free(token_env);
    return r;
}

static RunResult custty(const char *const *argv)
{
    return custty_with(SANDBOX_TOKEN, argv);
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

/* ---- --idempotency-key ---------------------------------------------------------- */

static RunResult prolifi_create(const char *email, const char *key)
{
    char *set = g_strdup_printf("email=%s", email);
    const char *argv[] = { "create", "--profile", "prolifi-local", "--set", set, "--idempotency-key", key, NULL };
    RunResult r = custty_with(SANDBOX_PROLIFI_SECRET, argv);
    g_free(set);
    return r;
}

Test(create_key, a_key_sends_only_its_own_body_again_and_never_after_a_definite_answer, .fini = stop)
{
    SandboxOptions opt = { .create_faults = "reset" };
    start(&opt);
    RunResult r = prolifi_create("kay@example.com", "key-1");
    cr_assert_eq(r.status, 3, "created, then no answer: unknown\n%s", r.err);
    support_run_done(&r);
    r = prolifi_create("other@example.com", "key-1");
    cr_expect_eq(r.status, 2, "another body with the key is refused before sending\n%s", r.err);
    cr_expect(strstr(r.err, "--idempotency-key key-1 went with another body"), "%s", r.err);
    cr_expect(strstr(r.err, "nothing was sent"), "%s", r.err);
    support_run_done(&r);
}

Test(create_key, the_same_body_again_is_the_safe_retry_and_then_the_key_is_spent, .fini = stop)
{
    start(NULL);
    RunResult r = prolifi_create("kay@example.com", "key-2");
    cr_assert_eq(r.status, 0, "%s", r.err);
    support_run_done(&r);
    r = prolifi_create("kay@example.com", "key-2");
    cr_expect_eq(r.status, 2, "created: a definite answer, the key is spent\n%s", r.err);
    cr_expect(strstr(r.err, "already has a definite answer (created"), "%s", r.err);
    support_run_done(&r);
}

/* ---- check_before_create -------------------------------------------------------- */

static RunResult careful_create(const char *email, bool anyway)
{
    char *set = g_strdup_printf("email=%s", email);
    const char *argv[] = { "create", "--profile", "billing-careful", "--set", "name=Ann", "--set", set,
                           anyway ? "--create-anyway" : NULL, NULL };
    RunResult r = custty(argv);
    g_free(set);
    return r;
}

Test(look_first_cli, a_customer_already_there_is_named_and_nothing_is_sent, .fini = stop)
{
    start(NULL);
    RunResult r = careful_create("ann@example.com", false);
    cr_assert_eq(r.status, 0, "nobody has it yet: created\n%s", r.err);
    support_run_done(&r);
    r = careful_create("ANN@example.com", false);
    cr_expect_eq(r.status, 2, "%s", r.err);
    cr_expect(strstr(r.err, "ANN@example.com already exists on billing-careful (id cus_"), "%s", r.err);
    cr_expect(strstr(r.err, ", created 20"), "with its date: %s", r.err);
    cr_expect(strstr(r.err, "nothing was sent"), "%s", r.err);
    support_run_done(&r);
}

Test(look_first_cli, cannot_tell_stops_unless_told_to_go_on, .fini = stop)
{
    SandboxOptions opt = { .read_faults = "status=500" };
    start(&opt);
    RunResult r = careful_create("bo@example.com", false);
    cr_expect_eq(r.status, 3, "%s", r.err);
    cr_expect(strstr(r.err, "could not tell whether bo@example.com exists"), "%s", r.err);
    support_run_done(&r);
    r = careful_create("bo@example.com", true);
    cr_expect_eq(r.status, 0, "--create-anyway goes on: %s", r.err);
    support_run_done(&r);
}
