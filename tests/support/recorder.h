/* A listening socket that records what it receives: a stand-in for a proxy or
 * a host that must never see a request, or for a target that must. */
#ifndef CUSTTY_TESTS_RECORDER_H
#define CUSTTY_TESTS_RECORDER_H

#include <stdbool.h>

typedef struct Recorder Recorder;

/* Listens on ADDRESS (an IPv4 literal: loopback, or an address in a network
 * namespace the test made) at a free port, on a thread of its own. Each
 * connection is read to the end of its request (headers and Content-Length
 * body), answered with ANSWER (a whole HTTP response; NULL: 502) and closed.
 * The test fails when the socket cannot be made. */
Recorder *recorder_start(const char *address, const char *answer);
unsigned recorder_port(const Recorder *r);
/* Stops and frees R; returns every byte received (g_free) and, in
 * *CONNECTIONS (optional), how many connections came. */
char *recorder_stop(Recorder *r, unsigned *connections);

/* Moves this test process into network and mount namespaces of its own,
 * whose loopback interface is up and also carries ADDRESS (say 192.0.2.1), a
 * host that looks remote while no packet leaves the machine. False with *WHY
 * (g_free) where that is not permitted: skip the test then. */
bool recorder_private_network(const char *address, char **why);
/* In that namespace: /etc/hosts reads HOSTS (bind-mounted over it). */
bool recorder_private_hosts(const char *hosts, char **why);

#endif
