/* The console draws its first frame and takes typing before its network
 * module (libcurl, libmicrohttpd and their trees) has loaded. Here the module
 * is a FIFO, so its load blocks until the test writes to it. */
#include "tests/support/tmux.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static Tmux T;
static char *dir, *fifo;

static void stop(void)
{
    if (fifo) { /* a test that failed early leaves the load waiting: let it end, or custty lingers */
        int fd = open(fifo, O_WRONLY | O_NONBLOCK);
        if (fd >= 0)
            close(fd);
    }
    tmux_stop(&T);
    if (fifo)
        unlink(fifo), rmdir(dir);
    g_free(fifo), g_free(dir);
}

/* Lets the blocked load go on: it reads a file that is no module. */
static void end_the_load(void)
{
    int fd = open(fifo, O_WRONLY | O_NONBLOCK); /* the loader waits on the other end */
    cr_assert_geq(fd, 0, "the console is opening its module: %s", g_strerror(errno));
    cr_assert_eq(write(fd, "not a module", 12), 12);
    close(fd);
}

Test(screen_net_module, typing_works_and_f2_waits_while_the_network_module_loads, .fini = stop)
{
    dir = g_dir_make_tmp("custty-net-XXXXXX", NULL);
    fifo = g_build_filename(dir, "custty-net.so", NULL);
    cr_assert_eq(mkfifo(fifo, 0600), 0);
    char *env = g_strdup_printf("CUSTTY_NET_MODULE=%s", fifo);
    tmux_start(&T, 120, 30, env, "--profile billing-sandbox");
    g_free(env);
    TMUX_SEE(&T, "sandbox on 127.0.0.1:"); /* the first frame, port and all */
    tmux_type(&T, "Ann");
    tmux_key(&T, "Tab");
    tmux_type(&T, "ann@example.com");
    TMUX_SEE(&T, "ann@example.com");
    tmux_key(&T, "F2");
    TMUX_SEE(&T, "for the network module to load");
    end_the_load();
    TMUX_SEE(&T, "the network module did not load");
    TMUX_SEE(&T, "billing-sandbox · not sent");
    char *s = tmux_screen(&T);
    cr_expect_null(strstr(s, "created"), "%s", s);
    g_free(s);
}

/* A profile with a base URL is judged without the network module: the first
 * frame does not wait for libcurl to load, and the profile is listed. */
Test(screen_net_module, a_base_url_profile_does_not_hold_the_first_frame, .fini = stop)
{
    dir = g_dir_make_tmp("custty-net-XXXXXX", NULL);
    fifo = g_build_filename(dir, "custty-net.so", NULL);
    cr_assert_eq(mkfifo(fifo, 0600), 0);
    char *env = g_strdup_printf("CUSTTY_NET_MODULE=%s", fifo);
    tmux_start_config(&T, 120, 30, env, "--profile billing-local",
                      "[billing-local]\nprovider = billing-v1\nbase_url = http://127.0.0.1:9/billing-v1\n\n"
                      "[billing-staging]\nprovider = billing-v1\nbase_url = https://billing.staging.example\n");
    g_free(env);
    TMUX_SEE(&T, "billing-staging"); /* the first frame, while the module is still loading */
    TMUX_SEE(&T, "billing-local");
    end_the_load();
    TMUX_SEE(&T, "the network module did not load");
}

/* F8 on an unknown outcome before the module has loaded is not lost: the
 * check waits for it and goes on by itself (here the load fails, and the
 * check says it did not happen). */
Test(screen_net_module, f8_waits_for_the_network_module_and_goes_on, .fini = stop)
{
    const char *config = "[billing-local]\nprovider = billing-v1\nbase_url = http://127.0.0.1:9/billing-v1\n";
    tmux_start_config(&T, 120, 30, NULL, "--profile billing-local", config);
    TMUX_SEE(&T, "New customer");
    tmux_write_history(&T, "{\"entry\":\"h_1\",\"time\":\"2026-11-26T10:00:00Z\",\"profile\":\"billing-local\","
                           "\"provider\":\"billing-v1\",\"base_url\":\"http://127.0.0.1:9/billing-v1\","
                           "\"outcome\":\"unknown\",\"email\":\"probe@example.com\","
                           "\"request\":{\"name\":\"P\",\"email\":\"probe@example.com\"}}\n");
    dir = g_dir_make_tmp("custty-net-XXXXXX", NULL);
    fifo = g_build_filename(dir, "custty-net.so", NULL);
    cr_assert_eq(mkfifo(fifo, 0600), 0);
    char *env = g_strdup_printf("CUSTTY_NET_MODULE=%s", fifo);
    tmux_relaunch(&T, 120, 30, env, "--profile billing-local");
    g_free(env);
    TMUX_SEE(&T, "unknown P");
    tmux_key(&T, "F8");
    TMUX_SEE(&T, "this goes on by itself");
    end_the_load();
    TMUX_SEE(&T, "billing-local · not checked");
}
