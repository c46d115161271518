/* Tokens in a real gnome-keyring, in a private D-Bus session (see run-with). */
#include "app/keyring.h"
#include "model/text.h"
#include "tests/support/http.h"
#include "tests/support/support.h"

#include <criterion/criterion.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

Test(keyring, store_lookup_clear)
{
    char *secret = NULL, *why = NULL;
    cr_assert_eq(keyring_store("kr-one", "prolifi", "sk_test_abcdefghijkl", &why), KEYRING_OK, "%s", why);
    cr_assert_eq(keyring_lookup("kr-one", "prolifi", &secret, &why), KEYRING_OK, "%s", why);
    cr_expect_str_eq(secret, "sk_test_abcdefghijkl");
    text_free_secret(secret);
    secret = NULL;
    cr_expect_eq(keyring_lookup("kr-one", "botpenguin", &secret, &why), KEYRING_NOT_FOUND,
                 "both attributes must match");
    cr_expect_eq(keyring_clear("kr-one", "prolifi", &why), KEYRING_OK);
    cr_expect_eq(keyring_lookup("kr-one", "prolifi", &secret, &why), KEYRING_NOT_FOUND);
    cr_expect_eq(keyring_clear("kr-one", "prolifi", &why), KEYRING_NOT_FOUND);
    cr_expect_null(secret);
    g_free(why);
}

static char *run_tool(const char *cmd)
{
    char *out = NULL;
    g_spawn_command_line_sync(cmd, &out, NULL, NULL, NULL);
    return out;
}

/* A temporary HOME with a config for a profile on a test sandbox. */
typedef struct {
    char *home, *config_home, *state_home;
    char *env[4];
} Home;

static Home make_home(const char *config)
{
    Home h = { .home = g_dir_make_tmp("custty-home-XXXXXX", NULL) };
    h.config_home = g_build_filename(h.home, "config", NULL);
    h.state_home = g_build_filename(h.home, "state", NULL);
    char *dir = g_build_filename(h.config_home, "custty", NULL);
    g_mkdir_with_parents(dir, 0700);
    char *file = g_build_filename(dir, "config.ini", NULL);
    g_file_set_contents(file, config, -1, NULL);
    h.env[0] = g_strdup_printf("XDG_CONFIG_HOME=%s", h.config_home);
    h.env[1] = g_strdup_printf("XDG_STATE_HOME=%s", h.state_home);
    h.env[2] = g_strdup_printf("XDG_CACHE_HOME=%s/cache", h.home);
    g_free(dir), g_free(file);
    return h;
}

static void home_done(Home *h)
{
    char *cmd = g_strdup_printf("rm -rf %s", h->home);
    g_spawn_command_line_sync(cmd, NULL, NULL, NULL, NULL);
    for (int i = 0; h->env[i]; i++)
        g_free(h->env[i]);
    g_free(cmd), g_free(h->home), g_free(h->config_home), g_free(h->state_home);
}

/* Whether any file under DIR holds NEEDLE. */
static bool tree_contains(const char *dir, const char *needle)
{
    GDir *d = g_dir_open(dir, 0, NULL);
    const char *name;
    bool hit = false;
    while (d && !hit && (name = g_dir_read_name(d))) {
        char *path = g_build_filename(dir, name, NULL), *text = NULL;
        gsize len = 0;
        if (g_file_test(path, G_FILE_TEST_IS_DIR))
            hit = tree_contains(path, needle);
        else if (g_file_get_contents(path, &text, &len, NULL))
            hit = g_strstr_len(text, (gssize)len, needle) != NULL;
        g_free(text), g_free(path);
    }
    if (d)
        g_dir_close(d);
    return hit;
}

static TestSandbox T;
static void start(void) { test_sandbox_start(&T, NULL); }
static void stop(void) { test_sandbox_stop(&T); }

Test(keyring_cli, set_status_create_clear_leave_no_token_on_disk, .init = start, .fini = stop)
{
    char *base = sandbox_base_url(T.sb, "prolifi");
    char *config = g_strdup_printf("[qa-prolifi]\nprovider = prolifi\nbase_url = %s\n", base);
    Home h = make_home(config);
    const char *const *env = (const char *const *)h.env;

    const char *set[] = { "token", "set", "qa-prolifi", NULL };
    RunResult r = support_run_custty(set, env, "sk_test_sandbox\n");
    cr_assert_eq(r.status, 0, "%s%s", r.out, r.err);
    cr_expect(strstr(r.out, "Stored") && !strstr(r.out, "sk_test_sandbox"), "%s", r.out);
    support_run_done(&r);

    char *found = run_tool("secret-tool search profile qa-prolifi");
    cr_expect(found && strstr(found, "sk_test_sandbox"), "secret-tool finds what custty stored: %s", found);
    cr_expect(found && strstr(found, "custty token for qa-prolifi"), "with its label: %s", found);
    g_free(found);

    const char *status[] = { "token", "status", "qa-prolifi", NULL };
    r = support_run_custty(status, env, NULL);
    cr_expect(strstr(r.out, "keyring") && strstr(r.out, "sk_…"), "%s", r.out);
    cr_expect_null(strstr(r.out, "sk_test_sandbox"), "masked");
    support_run_done(&r);

    const char *create[] = { "create", "--profile", "qa-prolifi", "--verbose", "--set", "email=k@example.com", NULL };
    r = support_run_custty(create, env, NULL);
    cr_expect_eq(r.status, 0, "%s", r.err);
    cr_expect_null(strstr(r.err, "sk_test_sandbox"), "not in the log: %s", r.err);
    cr_expect_null(strstr(r.out, "sk_test_sandbox"));
    support_run_done(&r);

    const char *clear[] = { "token", "clear", "qa-prolifi", NULL };
    r = support_run_custty(clear, env, NULL);
    cr_expect(strstr(r.out, "Removed"), "%s", r.out);
    support_run_done(&r);
    found = run_tool("secret-tool search profile qa-prolifi");
    cr_expect(!found || !strstr(found, "sk_test_sandbox"), "gone: %s", found);
    g_free(found);

    cr_expect_not(tree_contains(h.home, "sk_test_sandbox"), "no file custty wrote holds the token");
    home_done(&h);
    g_free(base), g_free(config);
}

Test(keyring_cli, set_refuses_a_read_only_key_and_stores_nothing)
{
    Home h = make_home("[qa-pk]\nprovider = prolifi\nenvironment = sandbox\n");
    const char *set[] = { "token", "set", "qa-pk", NULL };
    RunResult r = support_run_custty(set, (const char *const *)h.env, "pk_test_sandbox\n");
    cr_expect_eq(r.status, 2);
    cr_expect(strstr(r.err, "read-only"), "%s", r.err);
    support_run_done(&r);
    char *found = run_tool("secret-tool search profile qa-pk");
    cr_expect(!found || !*found, "nothing stored: %s", found);
    g_free(found);
    home_done(&h);
}

Test(keyring_cli, profiles_lists_live_and_token_source)
{
    Home h = make_home("[prolifi-live]\nprovider = prolifi\nenvironment = live\n"
                       "[bp-live]\nprovider = botpenguin\n");
    char *why = NULL;
    keyring_store("prolifi-live", "prolifi", "sk_live_0123456789abcdef", &why);
    const char *argv[] = { "profiles", NULL };
    RunResult r = support_run_custty(argv, (const char *const *)h.env, NULL);
    cr_expect_eq(r.status, 0);
    cr_expect(strstr(r.out, "prolifi-live") && strstr(r.out, "LIVE"), "%s", r.out);
    cr_expect(strstr(r.out, "https://api.prolifi.co/api/v1/public"), "%s", r.out);
    cr_expect(strstr(r.out, "token: keyring sk_liv…"), "masked: %s", r.out);
    cr_expect(strstr(r.out, "bp-live") && strstr(r.out, "token: none"), "%s", r.out);
    cr_expect(strstr(r.out, "billing-sandbox"), "built-ins are still there: %s", r.out);
    support_run_done(&r);
    keyring_clear("prolifi-live", "prolifi", &why);
    g_free(why);
    home_done(&h);
}

Test(keyring_cli, live_profile_asks_before_creating)
{
    Home h = make_home("[prolifi-live]\nprovider = prolifi\nenvironment = live\n");
    const char *argv[] = { "create", "--profile", "prolifi-live", "--set", "email=a@b.co", NULL };
    const char *env[] = { h.env[0], h.env[1], "CUSTTY_TOKEN=sk_live_0123456789abcdef", NULL };
    RunResult r = support_run_custty(argv, env, NULL);
    cr_expect_eq(r.status, 2, "no terminal to ask on: refused");
    cr_expect(strstr(r.err, "LIVE") && strstr(r.err, "--yes"), "%s", r.err);
    support_run_done(&r);
    home_done(&h);
}
