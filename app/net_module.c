/* The program's side of the network module: finds custty-net.so, loads it on
 * a thread, and gives its table's functions their usual names (netthread.h,
 * url.h, sandbox.h), so the rest of app/ calls them as if linked in. */
#include "app/net_module.h"

#include "app/cli.h"
#include "net/net_api.h"

#include <dlfcn.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>

#ifndef CUSTTY_LIBDIR
#define CUSTTY_LIBDIR "/usr/local/lib/custty"
#endif

typedef enum { LOAD_IDLE, LOAD_RUNNING, LOAD_DONE } LoadState;

static GMutex lock;
static GCond done;
static LoadState state;
static const NetApi *api;
static char *load_error;
static int done_fd = -1;

/* The table in PATH, or NULL and *WHY. */
static const NetApi *open_at(const char *path, char **why)
{
    void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        *why = g_strdup(dlerror());
        return NULL;
    }
    const NetApi *a = dlsym(h, NET_API_SYMBOL);
    if (a && a->abi == NET_API_ABI && a->size == sizeof(NetApi) && strcmp(a->version, CUSTTY_VERSION) == 0)
        return a; /* never closed: its threads and tables live as long as the program */
    *why = g_strdup_printf("%s is not the network module of custty %s", path, CUSTTY_VERSION);
    dlclose(h);
    return NULL;
}

/* Beside the program (build/custty, build/san/custty, a staged install), then
 * where `make install` puts it; CUSTTY_NET_MODULE names one file instead. */
static const NetApi *find_module(char **why)
{
    const char *forced = getenv("CUSTTY_NET_MODULE");
    char *exe = g_file_read_link("/proc/self/exe", NULL), *dir = exe ? g_path_get_dirname(exe) : NULL;
    char *paths[] = { forced ? g_strdup(forced) : dir ? g_build_filename(dir, NET_MODULE_NAME, NULL) : NULL,
                      forced || !dir ? NULL : g_build_filename(dir, "..", "lib", "custty", NET_MODULE_NAME, NULL),
                      forced ? NULL : g_build_filename(CUSTTY_LIBDIR, NET_MODULE_NAME, NULL) };
    const NetApi *a = NULL;
    GString *tried = g_string_new(NULL);
    for (size_t i = 0; i < G_N_ELEMENTS(paths) && !a; i++) {
        char *err = NULL;
        if (paths[i] && (forced || g_file_test(paths[i], G_FILE_TEST_EXISTS)) && !(a = open_at(paths[i], &err)))
            g_string_append_printf(tried, "%s%s", tried->len ? "; " : "", err);
        g_free(err);
    }
    for (size_t i = 0; i < G_N_ELEMENTS(paths); i++)
        g_free(paths[i]);
    if (!a && !tried->len)
        g_string_printf(tried, "%s is neither beside the program nor in %s", NET_MODULE_NAME, CUSTTY_LIBDIR);
    if (!a)
        *why = g_strdup_printf("the network module did not load (%s): reinstall custty (`make install`), "
                               "or set CUSTTY_NET_MODULE to its path", tried->str);
    g_string_free(tried, TRUE);
    g_free(exe), g_free(dir);
    return a;
}

static gpointer load(gpointer unused)
{
    (void)unused;
    char *why = NULL;
    const NetApi *a = find_module(&why);
    if (a)
        a->global_init(); /* curl_global_init: thread-safe in the libcurl custty needs */
    g_mutex_lock(&lock);
    api = a;
    load_error = why;
    state = LOAD_DONE;
    g_cond_broadcast(&done);
    g_mutex_unlock(&lock);
    eventfd_write(done_fd, 1);
    return NULL;
}

void net_module_start(void)
{
    g_mutex_lock(&lock);
    if (state == LOAD_IDLE) {
        state = LOAD_RUNNING;
        done_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
        sigset_t all, old; /* signals stay with the threads that wait for them */
        sigfillset(&all);
        pthread_sigmask(SIG_BLOCK, &all, &old);
        g_thread_unref(g_thread_new("custty-net-load", load, NULL));
        pthread_sigmask(SIG_SETMASK, &old, NULL);
    }
    g_mutex_unlock(&lock);
}

int net_module_fd(void)
{
    return done_fd;
}

bool net_module_wait(char **why)
{
    net_module_start();
    g_mutex_lock(&lock);
    while (state != LOAD_DONE)
        g_cond_wait(&done, &lock);
    g_mutex_unlock(&lock);
    if (!api && why)
        *why = g_strdup(load_error);
    return api != NULL;
}

/* The table, loading it now if need be. Callers that cannot report a failure
 * (a NetThread is wanted) end the command here, with the reason. */
static const NetApi *net(void)
{
    char *why = NULL;
    if (!net_module_wait(&why)) {
        cli_error("%s", why);
        exit(EXIT_UNSENT);
    }
    return api;
}

/* ---- netthread.h --------------------------------------------------------------------------- */

void net_global_init(void)
{
    net();
}

NetThread *net_thread_start(void)
{
    return net()->thread_start();
}

void net_thread_stop(NetThread *nt)
{
    if (nt) /* NULL: nothing started, nothing to load */
        api->thread_stop(nt);
}

int net_thread_fd(const NetThread *nt)
{
    return net()->thread_fd(nt);
}

void net_thread_drain_fd(NetThread *nt)
{
    net()->thread_drain_fd(nt);
}

guint64 net_submit(NetThread *nt, NetJob *job)
{
    return net()->submit(nt, job);
}

void net_cancel(NetThread *nt, guint64 job_id)
{
    net()->cancel(nt, job_id);
}

void net_unqueue(NetThread *nt, guint64 job_id)
{
    net()->unqueue(nt, job_id);
}

NetMessage *net_next_message(NetThread *nt)
{
    return net()->next_message(nt);
}

void net_message_free(NetMessage *m)
{
    if (m)
        api->message_free(m);
}

void net_job_free(NetJob *job)
{
    if (job)
        net()->job_free(job);
}

void net_result_free(NetResult *r)
{
    if (r)
        api->result_free(r);
}

NetLimits net_limits_default(void)
{
    return net()->limits_default();
}

const char *net_stage_name(NetStage s)
{
    return net()->stage_name(s);
}

/* ---- url.h: the profile check reports a missing module as its reason --------------------- */

bool net_url_allowed(const char *url, char **why)
{
    return net_module_wait(why) && api->url_allowed(url, why);
}

bool net_url_is_loopback(const char *url)
{
    return net_module_wait(NULL) && api->url_is_loopback(url);
}

bool net_url_has_credentials(const char *url)
{
    return net_module_wait(NULL) && api->url_has_credentials(url);
}

/* ---- sandbox.h (sandbox_speaks and sandbox_listen are linked in) ------------------------- */

Sandbox *sandbox_start(const SandboxOptions *opt, const ProviderSet *set, char **err)
{
    return net_module_wait(err) ? api->sandbox_start(opt, set, err) : NULL;
}

void sandbox_stop(Sandbox *sb)
{
    if (sb)
        api->sandbox_stop(sb);
}

unsigned sandbox_port(const Sandbox *sb)
{
    return net()->sandbox_port(sb);
}

char *sandbox_base_url(const Sandbox *sb, const char *provider)
{
    return net()->sandbox_base_url(sb, provider);
}

const char *sandbox_token_for(const Sandbox *sb, const char *provider)
{
    return net()->sandbox_token_for(sb, provider);
}

const char *sandbox_read_token_for(const Sandbox *sb, const char *provider)
{
    return net()->sandbox_read_token_for(sb, provider);
}
