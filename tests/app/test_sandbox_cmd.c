/* `custty sandbox` on an address beyond loopback: refused unless asked for,
 * and then with a warning and no token printed. */
#include "tests/support/support.h"

#include <criterion/criterion.h>
#include <glib.h>
#include <signal.h>
#include <stdbool.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *const DEMO_TOKENS[] = { "sandbox-token", "sk_test_sandbox", "pk_test_sandbox" };

/* Whether this machine lets us make a network namespace (root, unshare). */
static bool can_unshare_net(void)
{
    const char *argv[] = { "unshare", "-n", "true", NULL };
    int status = -1;
    return g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL |
                        G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, NULL) && status == 0;
}

static char *read_all(int fd)
{
    GString *s = g_string_new(NULL);
    char buf[4096];
    ssize_t n;
    while ((n = read(fd, buf, sizeof buf)) > 0)
        g_string_append_len(s, buf, n);
    close(fd);
    return g_string_free(s, FALSE);
}

/* `custty sandbox --host HOST ARGS…` in a network namespace of its own: a
 * sandbox that does bind (a custty without the check) reaches no network,
 * and `timeout` stops it rather than let the test hang. */
static GPid spawn_in_netns(const char *host, const char *extra, int *out_fd, int *err_fd)
{
    const char *argv[] = { "unshare", "-n", "timeout", "20", "build/custty", "sandbox", "--host", host,
                           "--port", "0", extra, NULL };
    char *cwd = g_get_current_dir();
    char *config = g_build_filename(cwd, "build", "test-home", "config", NULL);
    char **env = g_environ_setenv(g_get_environ(), "XDG_CONFIG_HOME", config, TRUE);
    GPid pid;
    cr_assert(g_spawn_async_with_pipes(NULL, (char **)argv, env, G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD,
                                       NULL, NULL, &pid, NULL, out_fd, err_fd, NULL));
    g_strfreev(env);
    g_free(config), g_free(cwd);
    return pid;
}

static int wait_status(GPid pid)
{
    int wstatus = 0;
    waitpid(pid, &wstatus, 0);
    g_spawn_close_pid(pid);
    return WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : 128 + WTERMSIG(wstatus);
}

static void expect_refused(const char *host, int status, const char *out, const char *err)
{
    cr_expect_eq(status, 2, "%s refused: %s", host, err);
    cr_expect(strstr(err, "--allow-remote"), "the message says how: %s", err);
    for (size_t k = 0; k < G_N_ELEMENTS(DEMO_TOKENS); k++)
        cr_expect_null(strstr(out, DEMO_TOKENS[k]), "no token printed: %s", out);
}

Test(sandbox_cmd, a_non_loopback_host_needs_allow_remote)
{
    /* 192.0.2.1 is no address of this machine: safe to try outside a namespace. */
    const char *argv[] = { "sandbox", "--host", "192.0.2.1", "--port", "0", NULL };
    RunResult r = support_run_custty(argv, NULL, NULL);
    expect_refused("192.0.2.1", r.status, r.out, r.err);
    support_run_done(&r);
    if (!can_unshare_net())
        cr_skip_test("unshare -n is not permitted here: 0.0.0.0 and :: not tried");
    static const char *const hosts[] = { "0.0.0.0", "::" };
    for (size_t i = 0; i < G_N_ELEMENTS(hosts); i++) {
        int out_fd = -1, err_fd = -1;
        GPid pid = spawn_in_netns(hosts[i], NULL, &out_fd, &err_fd);
        char *out = read_all(out_fd), *err = read_all(err_fd);
        expect_refused(hosts[i], wait_status(pid), out, err);
        g_free(out), g_free(err);
    }
}

/* Serving on 0.0.0.0 inside a network namespace of its own: no packet can
 * come from, or go to, anywhere but that namespace's loopback. */
Test(sandbox_cmd, allow_remote_warns_and_prints_no_token)
{
    if (!can_unshare_net())
        cr_skip_test("unshare -n is not permitted here");
    int out_fd = -1, err_fd = -1;
    GPid pid = spawn_in_netns("0.0.0.0", "--allow-remote", &out_fd, &err_fd);
    /* The banner is whole once the prolifi line is out; then stop it. */
    GString *out = g_string_new(NULL);
    char c;
    while (!strstr(out->str, "prolifi ") || out->str[out->len - 1] != '\n') {
        if (read(out_fd, &c, 1) != 1)
            break;
        g_string_append_c(out, c);
    }
    kill(pid, SIGTERM); /* timeout hands it on to custty */
    char *rest = read_all(out_fd), *err = read_all(err_fd);
    g_string_append(out, rest);
    cr_expect_eq(wait_status(pid), 0, "stops cleanly: %s", err);
    cr_expect(strstr(out->str, "listening"), "it served: %s / %s", out->str, err);
    cr_expect(strstr(err, "warning") && strstr(err, "0.0.0.0"), "a warning on stderr: %s", err);
    for (size_t k = 0; k < G_N_ELEMENTS(DEMO_TOKENS); k++)
        cr_expect_null(strstr(out->str, DEMO_TOKENS[k]), "no token printed: %s", out->str);
    g_string_free(out, TRUE);
    g_free(rest), g_free(err);
}
