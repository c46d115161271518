/* F10 with a create waiting on the in-process sandbox: custty quits at once,
 * not when the sandbox's latency is over. */
#include "tests/support/tmux.h"

#include <criterion/criterion.h>
#include <glib.h>
#include <string.h>

static Tmux T;
static void stop(void) { tmux_stop(&T); }

/* The pane runs `custty; sleep 60`: custty is gone once sleep runs. */
static bool custty_gone(void)
{
    char *cmd = tmux_format(&T, "#{pane_current_command}");
    bool gone = cmd && strncmp(cmd, "sleep", 5) == 0;
    g_free(cmd);
    return gone;
}

Test(screen_quit, f10_quits_while_the_sandbox_delays_a_create, .fini = stop)
{
    tmux_start(&T, 100, 30, NULL, "--profile prolifi-sandbox --sandbox-latency 60000");
    TMUX_SEE(&T, "New customer");
    tmux_type(&T, "slow@example.com");
    tmux_key(&T, "F2");
    TMUX_SEE(&T, "sending");
    tmux_key(&T, "F10");
    TMUX_SEE(&T, "Quit anyway?");
    tmux_key(&T, "y");
    /* A watchdog far above a prompt quit and far below the 60 s latency. */
    for (int i = 0; i < 200 && !custty_gone(); i++)
        g_usleep(100 * 1000);
    cr_expect(custty_gone(), "custty has quit while the sandbox still held the create");
}
