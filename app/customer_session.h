/* What `custty list`, `get` and `delete` share: the profile, its provider,
 * where it lives, its token and the network thread, and one request sent
 * and waited for at a time. The token joins each request on the network
 * thread as it is sent, and is wiped when the session closes. */
#ifndef CUSTTY_APP_CUSTOMER_SESSION_H
#define CUSTTY_APP_CUSTOMER_SESSION_H

#include "app/profile.h"
#include "model/customer_list.h"
#include "net/netthread.h"
#include "net/sandbox.h"

typedef struct {
    ProviderSet providers;
    ProfileSet profiles;
    Sandbox *sandbox;        /* a sandbox profile's, in-process */
    const Profile *profile;
    const Descriptor *d;
    char *base_url;
    char *token;             /* wiped at close */
    NetThread *nt;
    int sig_fd;
    bool stopped;            /* a stop signal came: what was in flight was cancelled */
    long timeout_s;          /* per request; 0: the profile's, else the default */
} CustomerSession;

/* Opens PROFILE for COMMAND ("list"): loads what it needs and says on
 * stderr what is wrong. WRITES: the token must be one that may change
 * customers (a delete). Returns -1 when open, else the exit status. */
int customer_session_open(CustomerSession *s, const char *command, const char *profile, bool writes);
void customer_session_close(CustomerSession *s);
/* Sends REQ (taken) and waits for its result (net_result_free it); a stop
 * signal cancels it and sets s->stopped. */
NetResult *customer_session_send(CustomerSession *s, Request *req);
/* The exit status of an answer that did not do what was asked: 3 when none
 * came (STATUS 0), else 1. */
int customer_session_failed(int status);

#endif
