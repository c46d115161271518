/* The console starts whatever lies in its state folder: a draft that is a
 * FIFO or a link to /dev/zero. */
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
