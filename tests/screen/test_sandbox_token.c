/* The console on a sandbox profile with a real key exported in the shell. */
#include "tests/support/support.h"
#include "tests/support/tmux.h"

#include <criterion/criterion.h>
#include <fcntl.h>
#include <glib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

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

/* What reached the socket FD within a few seconds: one request, or "". */
static char *request_at(int fd)
{
    int conn = -1;
    for (int i = 0; i < 40 && conn < 0; i++) {
        conn = accept(fd, NULL, NULL);
        if (conn < 0)
            g_usleep(100 * 1000);
    }
    char buf[4096] = "";
    if (conn >= 0) {
        struct timeval tv = { 2, 0 };
        setsockopt(conn, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        ssize_t n = recv(conn, buf, sizeof buf - 1, 0);
        buf[n > 0 ? n : 0] = '\0';
        close(conn);
    }
    return g_strdup(buf);
}

/* With several profiles, a console that opens on one nobody named (a typo in
 * --profile, or none given) must not hand it the exported key: that key is
 * for the profile the person meant, maybe of another provider. */
static void expect_key_kept_from(const char *args)
{
    unsigned port;
    int fd = support_listen_loopback(&port);
    fcntl(fd, F_SETFL, O_NONBLOCK);
    char *config = g_strdup_printf("[billing-first]\nprovider = billing-v1\nbase_url = http://127.0.0.1:%u/b\n\n"
                                   "[prolifi-second]\nprovider = prolifi\nbase_url = http://127.0.0.1:9/p\n", port);
    tmux_start_config(&T, 120, 30, "DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent CUSTTY_TOKEN=" LIVE_TOKEN, args,
                      config);
    TMUX_SEE(&T, "Billing API");
    TMUX_SEE(&T, "CUSTTY_TOKEN is ignored for billing-first");
    tmux_type(&T, "Ann");
    tmux_key(&T, "Tab");
    tmux_type(&T, "ann@example.com");
    tmux_key(&T, "F2");
    char *got = request_at(fd);
    cr_expect_null(strstr(got, LIVE_TOKEN), "Prolifi's key did not go to billing:\n%s", got);
    close(fd);
    g_free(got), g_free(config);
}

Test(screen_sandbox_token, a_mistyped_profile_does_not_get_the_exported_key, .fini = stop)
{
    expect_key_kept_from("--profile prolfi-second");
}

Test(screen_sandbox_token, no_profile_named_among_several_gets_no_exported_key, .fini = stop)
{
    expect_key_kept_from(NULL);
}
