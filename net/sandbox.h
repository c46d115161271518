/* The sandbox: every provider whose descriptor has a "sandbox" section, on
 * loopback, for demos, QA and every network test. Driven by the same
 * descriptors and validators as the client, so the two cannot drift apart. */
#ifndef CUSTTY_NET_SANDBOX_H
#define CUSTTY_NET_SANDBOX_H

#include "model/descriptor.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct Sandbox Sandbox;

/* One line per request (no newline), token masked; called from server threads. */
typedef void (*SandboxLogFn)(void *user, const char *line);

typedef struct {
    const char *host;            /* default 127.0.0.1 */
    unsigned port;               /* 0 picks a free one */
    unsigned latency_ms;         /* added to every request */
    unsigned rate_limit;         /* requests a minute per key where a descriptor has rate_limit; default 1000 */
    double fault_rate;           /* 0..1: chance of a random fault per request */
    unsigned seed;               /* for fault_rate and ids; 0 = from the clock */
    size_t max_customers;        /* per provider; oldest dropped past it; default 10000 (or seed_customers) */
    size_t seed_customers;       /* plausible customers each provider starts with, made from SEED */
    const char *create_faults;   /* faults for every create (POST), e.g. "reset"; reads answer normally */
    const char *read_faults;     /* faults for GETs from the read_faults_from-th on (QA of lookups) */
    unsigned read_faults_from;   /* 1-based; 0 means from the first */
    unsigned read_faults_count;  /* how many GETs from there fault (a page that fails once); 0: all */
    bool ignore_filters;         /* lists ignore ?email=, as a provider that does not filter would */
    /* Tokens in place of the descriptors' demo ones, NULL-terminated: "NAME=T"
     * for provider NAME, a bare "T" for every provider whose token pattern
     * takes it; each replaces the demo token of its kind (creates or reads). */
    const char *const *tokens;
    SandboxLogFn log;
    void *log_user;
    bool allow_remote;           /* serve on a non-loopback host (refused otherwise) */
    unsigned idle_timeout_s;     /* a connection silent this long is closed; default 10 */
    int listen_fd;               /* > 0: serve on this socket from sandbox_listen (port must be its port) */
} SandboxOptions;

/* The most a fault may delay: latency=MS (and --latency) up to this, and
 * trickle for this long before the rest goes at once. */
#define SANDBOX_MAX_LATENCY_MS 60000u
/* Connections served at once, and (bound to a non-loopback host) from one
 * address: slow clients are cut after the idle timeout and cannot take all. */
#define SANDBOX_MAX_CONNECTIONS 512u
#define SANDBOX_MAX_PER_ADDRESS 32u

/* Starts serving the providers of SET that have a sandbox section, each
 * under /NAME. SET must outlive the sandbox. NULL and *ERR on failure. */
Sandbox *sandbox_start(const SandboxOptions *opt, const ProviderSet *set, char **err);
/* Stops it and frees everything; NULL is fine. Prompt even with requests
 * in flight: their latency and trickle waits end and their connections close. */
void sandbox_stop(Sandbox *sb);
/* Whether HOST is an address in 127.0.0.0/8 or ::1. */
bool sandbox_host_is_loopback(const char *host);

unsigned sandbox_port(const Sandbox *sb);
/* The base URL a profile of PROVIDER uses against this sandbox (g_free), or
 * NULL for a provider it does not speak. */
char *sandbox_base_url(const Sandbox *sb, const char *provider);
/* Whether the sandbox serves D (its descriptor has a sandbox section). */
bool sandbox_speaks(const Descriptor *d);
/* A listening socket on HOST (an IP address) and PORT (0: a free one), its
 * port in *BOUND; -1 and *ERR (g_free) on failure. Hand it to sandbox_start
 * as listen_fd. This and sandbox_speaks are linked into the program itself:
 * the console knows its sandbox's port before the network module loads. */
int sandbox_listen(const char *host, unsigned port, unsigned *bound, char **err);
/* The token SB accepts for creating on PROVIDER (its descriptor's demo
 * token unless --token said another), or NULL. Without a running sandbox,
 * sandbox_demo_token (model/sandbox_spec.h) says what one would accept. */
const char *sandbox_token_for(const Sandbox *sb, const char *provider);
/* The token SB accepts for reading only on PROVIDER (Prolifi's pk_…), or NULL. */
const char *sandbox_read_token_for(const Sandbox *sb, const char *provider);

#endif
