/* The one event loop: stdin, the network thread's messages, the stop
 * signals, a controller's descriptors and timers. The console, `custty
 * view` and the command line's waiting each fill in what they watch. */
#ifndef CUSTTY_APP_EVENT_LOOP_H
#define CUSTTY_APP_EVENT_LOOP_H

#include "net/netthread.h"

#include <stdbool.h>
#include <stddef.h>

#define EVENT_LOOP_MAX_EXTRA 8

typedef struct {
    void *ctx;
    /* Before each wait: draw; how long it may sleep in ms (-1: until
     * something happens). NULL: -1. */
    int (*before_wait)(void *ctx);
    /* Keys wait on stdin. NULL: stdin is not watched. */
    void (*on_input)(void *ctx);
    /* Each message of *NET (NULL, or pointing at NULL: not watched), freed
     * after the call; read every round, so a thread started later is seen. */
    NetThread *const *net;
    void (*on_message)(void *ctx, NetMessage *m);
    /* A signal read from SIGNAL_FD (a signalfd; -1: none). */
    int signal_fd;
    void (*on_signal)(void *ctx, int signo);
    /* More descriptors to watch this round, up to ROOM into FDS; ON_EXTRA
     * when the I-th is readable. May be NULL. */
    size_t (*extra_fds)(void *ctx, int *fds, size_t room);
    void (*on_extra)(void *ctx, size_t i);
    /* Whether to stop; asked after every round. */
    bool (*done)(void *ctx);
} EventLoop;

void event_loop_run(const EventLoop *l);

#endif
