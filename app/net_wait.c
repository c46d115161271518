#include "app/net_wait.h"

#include <poll.h>
#include <sys/signalfd.h>
#include <unistd.h>

void net_wait(NetThread *nt, int sig_fd, const NetWait *w)
{
    for (bool over = false; !over;) {
        struct pollfd fds[2] = { { net_thread_fd(nt), POLLIN, 0 }, { sig_fd, POLLIN, 0 } };
        poll(fds, 2, -1);
        struct signalfd_siginfo si;
        if (sig_fd >= 0 && fds[1].revents && read(sig_fd, &si, sizeof si) > 0 && w->on_signal)
            w->on_signal(w->ctx);
        net_thread_drain_fd(nt);
        NetMessage *m;
        while ((m = net_next_message(nt))) {
            over |= w->on_message(w->ctx, m);
            net_message_free(m);
        }
    }
}
