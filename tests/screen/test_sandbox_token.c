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

/* CUSTTY_TOKEN is for the profile the console opened on: moving to a profile
 * of another provider must not carry it there. */
Test(screen_sandbox_token, the_exported_token_stays_with_the_profile_it_opened_on, .fini = stop)
{
    tmux_start_config(&T, 100, 30, "DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent CUSTTY_TOKEN=billing-token-0123456789",
                      "--profile billing-local",
                      "[billing-local]\nprovider = billing-v1\nbase_url = http://127.0.0.1:9/billing-v1\n\n"
                      "[prolifi-local]\nprovider = prolifi\nbase_url = http://127.0.0.1:9/prolifi\n");
    TMUX_SEE(&T, "Billing API");
    tmux_key(&T, "F6");
    tmux_key(&T, "F6");
    TMUX_SEE(&T, "d Draft");
    tmux_key(&T, "Down"); /* billing-sandbox */
    tmux_key(&T, "Down"); /* prolifi-local */
    tmux_key(&T, "Enter");
    TMUX_SEE(&T, "CUSTTY_TOKEN is ignored for prolifi-local");
    tmux_type(&T, "ann@example.com");
    tmux_key(&T, "F2");
    TMUX_SEE(&T, "Token needed"); /* asked for Prolifi's own, not sent with billing's */
}
