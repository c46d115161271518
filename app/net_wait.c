#include "app/net_wait.h"

#include "app/event_loop.h"

typedef struct {
    const NetWait *w;
    bool over;
} Waiting;

static void waited_message(void *ctx, NetMessage *m)
{
    Waiting *wt = ctx;
    wt->over |= wt->w->on_message(wt->w->ctx, m);
}

static void waited_signal(void *ctx, int signo)
{
    Waiting *wt = ctx;
    (void)signo;
    if (wt->w->on_signal)
        wt->w->on_signal(wt->w->ctx);
}

static bool waited_enough(void *ctx)
{
    return ((Waiting *)ctx)->over;
}

void net_wait(NetThread *nt, int sig_fd, const NetWait *w)
{
    Waiting wt = { w, false };
    EventLoop loop = { .ctx = &wt, .net = &nt, .on_message = waited_message, .signal_fd = sig_fd,
                       .on_signal = waited_signal, .done = waited_enough };
    event_loop_run(&loop);
}
