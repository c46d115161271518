/* The one event loop: a terminal that goes away (its pty closed) is a
 * hang-up even when no SIGHUP comes (a parent that ignores it, as `make run`
 * can, passes SIG_IGN on), not a stdin that reads nothing for ever. */
#include "app/event_loop.h"

#include <criterion/criterion.h>
#include <pty.h>
#include <signal.h>
#include <unistd.h>

typedef struct {
    int signo;
    long reads;
} Loop;

static void on_input(void *ctx)
{
    char buf[64];
    ((Loop *)ctx)->reads++;
    (void)!read(STDIN_FILENO, buf, sizeof buf);
}

static void on_signal(void *ctx, int signo)
{
    ((Loop *)ctx)->signo = signo;
}

static bool ended(void *ctx)
{
    const Loop *l = ctx;
    return l->signo != 0 || l->reads > 100000; /* a spin, ended so the test can say so */
}

Test(event_loop, a_terminal_that_goes_away_is_a_hang_up)
{
    int controller, terminal;
    cr_assert_eq(openpty(&controller, &terminal, NULL, NULL, NULL), 0);
    int saved = dup(STDIN_FILENO);
    dup2(terminal, STDIN_FILENO); /* the loop's keys come from the pty's terminal side */
    close(terminal);
    close(controller); /* the terminal window closes */
    void (*was)(int) = signal(SIGHUP, SIG_IGN); /* as a parent that ignores it leaves it: no SIGHUP comes */
    Loop l = { 0 };
    EventLoop loop = { .ctx = &l, .on_input = on_input, .signal_fd = -1, .on_signal = on_signal, .done = ended };
    event_loop_run(&loop);
    signal(SIGHUP, was);
    dup2(saved, STDIN_FILENO);
    close(saved);
    cr_expect_eq(l.signo, SIGHUP, "the loop heard a hang-up rather than spin on an empty stdin (%ld reads)", l.reads);
}
