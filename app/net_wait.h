/* The command line's one waiting loop: the network thread's messages and
 * the stop signals, until the caller has what it waits for. */
#ifndef CUSTTY_APP_NET_WAIT_H
#define CUSTTY_APP_NET_WAIT_H

#include "net/netthread.h"

#include <stdbool.h>

typedef struct {
    /* Each message; true when the wait is over. */
    bool (*on_message)(void *ctx, NetMessage *m);
    /* A stop signal (SIGINT, SIGTERM, SIGHUP) came; may be NULL. */
    void (*on_signal)(void *ctx);
    void *ctx;
} NetWait;

/* Polls NT and SIG_FD (-1: none) until W.on_message says it is over. */
void net_wait(NetThread *nt, int sig_fd, const NetWait *w);

#endif
