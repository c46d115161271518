/* The console starts whatever lies in its state folder: a history without
 * line ends, a draft that is a FIFO or a link to /dev/zero; and SIGTERM ends
 * it while it loads. */
#include "tests/support/tmux.h"

#include <criterion/criterion.h>
#include <fcntl.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static Tmux T;
static void stop(void) { tmux_stop(&T); }

#define SEE(needle) TMUX_SEE(&T, needle)

/* A home for the run with nothing started in it yet (custty --help only
 * prints), so that the state can be laid out before the console starts. */
static char *state_folder(void)
{
    tmux_start(&T, 200, 40, NULL, "--help");
    char *dir = g_build_filename(T.home, "state", "custty", "drafts", NULL);
    g_mkdir_with_parents(dir, 0700);
    g_free(dir);
    return g_build_filename(T.home, "state", "custty", NULL);
}

/* A 1 GiB history of NUL bytes (sparse: it costs no disk). */
static void history_without_line_ends(const char *state)
{
    char *path = g_build_filename(state, "history.jsonl", NULL);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    cr_assert(fd >= 0 && ftruncate(fd, (off_t)1 << 30) == 0);
    close(fd);
    g_free(path);
}

/* Whether custty runs in the pane (the shell there starts it, then sleeps). */
static bool custty_running(void)
{
    char *pid = tmux_format(&T, "#{pane_pid}");
    char *cmd = g_strdup_printf("pgrep -P %s -x custty", pid), *out = NULL;
    g_spawn_command_line_sync(cmd, &out, NULL, NULL, NULL);
    bool running = out && *out;
    g_free(cmd), g_free(pid), g_free(out);
    return running;
}

/* Waits (up to the watchdog, not a measure) for custty to be RUNNING or not. */
static bool custty_becomes(bool running)
{
    gint64 watchdog = g_get_monotonic_time() + TMUX_WATCHDOG_MS * (gint64)1000;
    for (; g_get_monotonic_time() < watchdog; g_usleep(50 * 1000))
        if (custty_running() == running)
            return true;
    return false;
}

Test(state_screen, a_history_without_line_ends_lets_the_console_start, .fini = stop)
{
    char *state = state_folder();
    history_without_line_ends(state);
    tmux_relaunch(&T, 200, 40, NULL, NULL);
    SEE("New customer");
    SEE("has no line end in its last 64 MiB");
    g_free(state);
}

Test(state_screen, sigterm_ends_the_console_while_it_loads_a_history, .fini = stop)
{
    char *state = state_folder();
    history_without_line_ends(state);
    tmux_relaunch(&T, 200, 40, NULL, NULL);
    cr_assert(custty_becomes(true), "custty starts");
    char *pid = tmux_format(&T, "#{pane_pid}");
    char *cmd = g_strdup_printf("pkill -TERM -P %s -x custty", pid);
    g_spawn_command_line_sync(cmd, NULL, NULL, NULL, NULL);
    cr_expect(custty_becomes(false), "SIGTERM ends it, whatever it was loading");
    g_free(cmd), g_free(pid), g_free(state);
}

Test(state_screen, a_draft_that_is_a_fifo_is_named_and_the_console_starts, .fini = stop)
{
    char *state = state_folder();
    char *fifo = g_build_filename(state, "drafts", "billing-sandbox.json", NULL);
    cr_assert_eq(mkfifo(fifo, 0600), 0);
    tmux_relaunch(&T, 200, 40, NULL, "--profile billing-sandbox");
    SEE("New customer");
    SEE("drafts/billing-sandbox.json: it is not a regular file");
    g_free(fifo), g_free(state);
}

Test(state_screen, a_draft_linked_to_dev_zero_is_refused_and_the_console_starts, .fini = stop)
{
    char *state = state_folder();
    char *link = g_build_filename(state, "drafts", "billing-sandbox.json", NULL);
    cr_assert_eq(symlink("/dev/zero", link), 0);
    /* Under a memory limit, so that a regression fails here instead of filling the machine. */
    tmux_relaunch(&T, 200, 40, "sh -c 'ulimit -v 4000000; exec \"$0\" \"$@\"'", "--profile billing-sandbox");
    SEE("New customer");
    SEE("drafts/billing-sandbox.json: it is a symbolic link");
    g_free(link), g_free(state);
}
