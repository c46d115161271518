/* No Secret Service at all: plain messages, nothing written, never a hang. */
#include "app/keyring.h"
#include "tests/support/support.h"

#include <criterion/criterion.h>
#include <gio/gio.h>
#include <gio/gunixsocketaddress.h>
#include <glib.h>
#include <string.h>

/* No bus: the answer is the connection's refusal, not the 3 s deadline
 * running out (which would say "did not answer"). */
Test(nokeyring, lookup_says_why_at_once, .timeout = 60)
{
    char *secret = NULL, *why = NULL;
    cr_expect_eq(keyring_lookup("p", "prolifi", &secret, &why), KEYRING_UNAVAILABLE);
    cr_expect(why && strstr(why, "no Secret Service answers"), "no bus: an answer, not a wait: %s", why);
    cr_expect(why && !strstr(why, "did not answer"), "%s", why);
    cr_expect(why && strstr(why, "CUSTTY_TOKEN"), "says what to do: %s", why);
    cr_expect_null(secret);
    g_free(why);
}

Test(nokeyring, token_set_refuses_and_writes_no_file)
{
    char *home = g_dir_make_tmp("custty-home-XXXXXX", NULL);
    char *cfg = g_strdup_printf("XDG_CONFIG_HOME=%s/config", home), *st = g_strdup_printf("XDG_STATE_HOME=%s/state", home);
    char *dir = g_build_filename(home, "config", "custty", NULL);
    g_mkdir_with_parents(dir, 0700);
    char *file = g_build_filename(dir, "config.ini", NULL);
    g_file_set_contents(file, "[p]\nprovider = prolifi\nenvironment = sandbox\n", -1, NULL);
    const char *env[] = { cfg, st, NULL };
    const char *set[] = { "token", "set", "p", NULL };
    RunResult r = support_run_custty(set, env, "sk_test_abcdefghijkl\n");
    cr_expect_eq(r.status, 3);
    cr_expect(strstr(r.err, "not stored") && strstr(r.err, "never writes tokens to files"), "%s", r.err);
    support_run_done(&r);
    const char *status[] = { "token", "status", "p", NULL };
    r = support_run_custty(status, env, NULL);
    cr_expect(strstr(r.out, "none") && strstr(r.out, "Secret Service"), "%s", r.out);
    support_run_done(&r);
    char *listing = NULL;
    char *cmd = g_strdup_printf("grep -rl sk_test_abcdefghijkl %s", home);
    g_spawn_command_line_sync(cmd, &listing, NULL, NULL, NULL);
    cr_expect_str_eq(listing ? listing : "", "", "no file holds the token");
    g_free(listing), g_free(cmd), g_free(file), g_free(dir), g_free(cfg), g_free(st), g_free(home);
}

Test(nokeyring, sandbox_profiles_need_no_keyring)
{
    const char *argv[] = { "create", "--profile", "prolifi-sandbox", "--set", "email=a@b.co", NULL };
    RunResult r = support_run_custty(argv, NULL, NULL);
    cr_expect_eq(r.status, 0, "%s", r.err);
    support_run_done(&r);
}

/* A bus that accepts a connection and never says a word, until the test
 * lets it go: the lookup must give up while the bus is still silent. */
typedef struct {
    GSocket *socket;
    GCancellable *release;
} SilentBus;

static gpointer silent_bus(gpointer data)
{
    SilentBus *b = data;
    GSocket *c = g_socket_accept(b->socket, b->release, NULL);
    if (c) {
        g_socket_condition_wait(c, G_IO_HUP, b->release, NULL); /* returns once released */
        g_object_unref(c);
    }
    return NULL;
}

Test(nokeyring, a_silent_bus_times_out_instead_of_hanging, .timeout = 60)
{
    char *dir = g_dir_make_tmp("custty-bus-XXXXXX", NULL);
    char *path = g_build_filename(dir, "bus", NULL);
    SilentBus b = { g_socket_new(G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_DEFAULT, NULL),
                    g_cancellable_new() };
    GSocketAddress *addr = g_unix_socket_address_new(path);
    cr_assert(g_socket_bind(b.socket, addr, TRUE, NULL) && g_socket_listen(b.socket, NULL));
    GThread *t = g_thread_new("bus", silent_bus, &b);
    char *bus = g_strdup_printf("unix:path=%s", path);
    g_setenv("DBUS_SESSION_BUS_ADDRESS", bus, TRUE);
    char *secret = NULL, *why = NULL;
    cr_expect_eq(keyring_lookup("p", "prolifi", &secret, &why), KEYRING_UNAVAILABLE);
    /* Only now may the bus go: the lookup came back on its own deadline. */
    cr_expect(why && strstr(why, "did not answer within 3 s"), "gives up after its deadline: %s", why);
    cr_expect_null(secret);
    g_cancellable_cancel(b.release);
    g_thread_join(t);
    g_free(why), g_free(bus), g_free(path), g_free(dir);
    g_object_unref(addr), g_object_unref(b.socket), g_object_unref(b.release);
}
