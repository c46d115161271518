/* The network layer as a loadable module (custty-net.so): the program maps
 * libcurl, libmicrohttpd and what they pull in (TLS, Kerberos, LDAP, SSH …)
 * only after the console's first frame. The module exports this one table;
 * app/net_module.c loads it and gives the functions of netthread.h, url.h and
 * sandbox.h their usual names, so callers do not change. Bump NET_API_ABI
 * whenever the table or a type it passes changes. */
#ifndef CUSTTY_NET_NET_API_H
#define CUSTTY_NET_NET_API_H

#include "net/netthread.h"
#include "net/sandbox.h"
#include "net/url.h"

#define NET_API_ABI 2
#define NET_API_SYMBOL "custty_net_api"
#define NET_MODULE_NAME "custty-net.so"

typedef struct {
    unsigned abi;
    size_t size;
    const char *version;
    void (*global_init)(void);
    NetThread *(*thread_start)(void);
    void (*thread_stop)(NetThread *nt);
    int (*thread_fd)(const NetThread *nt);
    void (*thread_drain_fd)(NetThread *nt);
    guint64 (*submit)(NetThread *nt, NetJob *job);
    void (*cancel)(NetThread *nt, guint64 job_id);
    void (*unqueue)(NetThread *nt, guint64 job_id);
    NetMessage *(*next_message)(NetThread *nt);
    void (*message_free)(NetMessage *m);
    void (*job_free)(NetJob *job);
    void (*result_free)(NetResult *r);
    NetLimits (*limits_default)(void);
    const char *(*stage_name)(NetStage s);
    bool (*url_allowed)(const char *url, char **why);
    bool (*url_is_loopback)(const char *url);
    bool (*url_has_credentials)(const char *url);
    Sandbox *(*sandbox_start)(const SandboxOptions *opt, const ProviderSet *set, char **err);
    void (*sandbox_stop)(Sandbox *sb);
    unsigned (*sandbox_port)(const Sandbox *sb);
    char *(*sandbox_base_url)(const Sandbox *sb, const char *provider);
    const char *(*sandbox_token_for)(const Sandbox *sb, const char *provider);
    const char *(*sandbox_read_token_for)(const Sandbox *sb, const char *provider);
} NetApi;

extern const NetApi custty_net_api;

#endif
