/* The console on a sandbox profile with a real key exported in the shell. */
#include "tests/support/tmux.h"

#include <criterion/criterion.h>
#include <glib.h>
#include <string.h>

#define LIVE_TOKEN "sk_live_4eC39HqLyjWDarjtT1zdp7dc"

static Tmux T;
static void stop(void) { tmux_stop(&T); }

Test(screen_sandbox_token, a_live_key_in_the_environment_is_ignored_and_said_so, .fini = stop)
{
    tmux_start(&T, 120, 30, "CUSTTY_TOKEN=" LIVE_TOKEN, "--profile prolifi-sandbox");
    TMUX_SEE(&T, "CUSTTY_TOKEN is ignored for prolifi-sandbox");
    tmux_type(&T, "john@example.com");
    tmux_key(&T, "Tab");
    tmux_type(&T, "John Doe");
    tmux_key(&T, "F2");
    TMUX_SEE(&T, "prolifi-sandbox · created"); /* the demo token went, not the live key (a 401) */
    char *s = tmux_screen(&T);
    cr_expect_null(strstr(s, LIVE_TOKEN), "the key is never on screen");
    g_free(s);
}
