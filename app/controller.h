/* A console controller: one flow (the token, a submission, the history, the
 * drafts, a view) with its own state, composed by the console. The console
 * holds a list of them and routes to each what it may want — network
 * messages, Esc, timers, a descriptor to watch — without knowing their
 * fields. Every hook but free may be NULL. */
#ifndef CUSTTY_APP_CONTROLLER_H
#define CUSTTY_APP_CONTROLLER_H

#include "net/netthread.h"

#include <stdbool.h>

typedef struct {
    const char *name;
    /* A message of the network thread; true when it was this one's. */
    bool (*on_net)(void *self, NetMessage *m);
    /* Esc: stops what it has under way; true when it had something. */
    bool (*cancel)(void *self);
    /* Milliseconds until it wants tick (0: now), or -1. */
    int (*due_ms)(void *self);
    void (*tick)(void *self);
    /* A descriptor to watch beside stdin, or -1; on_fd when it is readable. */
    int (*fd)(const void *self);
    void (*on_fd)(void *self);
    void (*free)(void *self);
} ControllerOps;

typedef struct {
    const ControllerOps *ops;
    void *self;
} Controller;

#endif
