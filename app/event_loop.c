#include "app/event_loop.h"

#include <poll.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <unistd.h>

enum { SLOT_INPUT, SLOT_NET, SLOT_SIGNAL, SLOT_EXTRA };

static void drain_net(const EventLoop *l)
{
    NetThread *nt = *l->net;
    net_thread_drain_fd(nt);
    NetMessage *m;
    while ((m = net_next_message(nt))) {
        l->on_message(l->ctx, m);
        net_message_free(m);
    }
}

static void drain_signals(const EventLoop *l)
{
    struct signalfd_siginfo si;
    while (read(l->signal_fd, &si, sizeof si) == sizeof si)
        if (l->on_signal)
            l->on_signal(l->ctx, (int)si.ssi_signo);
}

/* The terminal is gone (its pty closed) when stdin polls as hung up: read
 * gives nothing for ever, and nobody may send SIGHUP (a parent that
 * ignores it, as make run's shell can, passes SIG_IGN on). Told once, as a
 * SIGHUP, and stdin is watched no more: polled again it would spin. */
static void input_gone(const EventLoop *l, bool *gone)
{
    *gone = true;
    if (l->on_signal)
        l->on_signal(l->ctx, SIGHUP);
}

static void one_round(const EventLoop *l, bool *stdin_gone)
{
    bool reading = l->on_input && !*stdin_gone;
    int timeout = l->before_wait ? l->before_wait(l->ctx) : -1;
    if (l->done(l->ctx))
        return; /* a timer ended it (a batch settled, then quit): no wait for an event that may never come */
    struct pollfd fds[SLOT_EXTRA + EVENT_LOOP_MAX_EXTRA] = {
        [SLOT_INPUT] = { reading ? 0 : -1, POLLIN, 0 },
        [SLOT_NET] = { l->net && *l->net ? net_thread_fd(*l->net) : -1, POLLIN, 0 },
        [SLOT_SIGNAL] = { l->signal_fd, POLLIN, 0 },
    };
    int extra[EVENT_LOOP_MAX_EXTRA];
    size_t n_extra = l->extra_fds ? l->extra_fds(l->ctx, extra, EVENT_LOOP_MAX_EXTRA) : 0;
    for (size_t i = 0; i < n_extra; i++)
        fds[SLOT_EXTRA + i] = (struct pollfd){ extra[i], POLLIN, 0 };
    poll(fds, SLOT_EXTRA + n_extra, timeout);
    if (reading && fds[SLOT_INPUT].revents & (POLLHUP | POLLERR | POLLNVAL))
        input_gone(l, stdin_gone);
    else if (reading)
        l->on_input(l->ctx); /* keys are read without waiting, so this costs nothing when none came */
    if (fds[SLOT_NET].revents && *l->net)
        drain_net(l);
    if (fds[SLOT_SIGNAL].revents)
        drain_signals(l);
    for (size_t i = 0; i < n_extra; i++)
        if (fds[SLOT_EXTRA + i].revents)
            l->on_extra(l->ctx, i);
}

void event_loop_run(const EventLoop *l)
{
    bool stdin_gone = false;
    while (!l->done(l->ctx))
        one_round(l, &stdin_gone);
}
