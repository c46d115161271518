#include "app/customer_session.h"

#include "app/catalog.h"
#include "app/cli.h"
#include "app/config.h"
#include "app/net_wait.h"
#include "app/tokens.h"
#include "model/text.h"
#include "model/validate.h"

#include <glib.h>
#include <string.h>
#include <unistd.h>

static bool find_profile(CustomerSession *s, const char *command, const char *name)
{
    if (!name) {
        cli_error("%s needs --profile NAME; `custty profiles` lists them", command);
        return false;
    }
    s->profile = profiles_find(&s->profiles, name);
    if (!s->profile) {
        cli_error("no profile \"%s\"; `custty profiles` lists them", name);
        return false;
    }
    s->d = provider_set_find(&s->providers, s->profile->provider);
    if (!s->d)
        cli_error("no provider \"%s\" (profile %s); see `custty providers`", s->profile->provider, name);
    return s->d != NULL;
}

static bool find_base_url(CustomerSession *s)
{
    char *err = NULL;
    if (s->profile->sandbox) {
        SandboxOptions so = { 0 };
        s->sandbox = sandbox_start(&so, &s->providers, &err);
        if (!s->sandbox) {
            cli_error("cannot start the built-in sandbox: %s", err);
            g_free(err);
            return false;
        }
    }
    char *sb_url = s->sandbox ? sandbox_base_url(s->sandbox, s->d->name) : NULL;
    s->base_url = profile_base_url(s->profile, s->d, sb_url, &err);
    g_free(sb_url);
    if (!s->base_url)
        cli_error("%s", err);
    g_free(err);
    char *why = NULL;
    if (s->base_url && !net_url_allowed(s->base_url, &why)) {
        cli_error("the base URL %s; nothing was sent", why);
        g_free(s->base_url), s->base_url = NULL;
    }
    g_free(why);
    return s->base_url != NULL;
}

static bool find_token(CustomerSession *s, bool writes)
{
    TokenOrigin origin;
    char *why = NULL;
    const char *demo = s->profile->sandbox ? sandbox_token_for(s->sandbox, s->d->name) : NULL;
    s->token = tokens_lookup(s->profile, demo, &origin, &why);
    FieldCheck c;
    validate_token(s->d, s->token, writes, &c);
    if (!c.ok && c.empty)
        cli_error("%s; set CUSTTY_TOKEN, or store one with `custty token set %s`%s%s%s", c.message,
                  s->profile->name, why ? " (the keyring: " : "", why ? why : "", why ? ")" : "");
    else if (!c.ok)
        cli_error("the token from %s: %s", token_origin_name(origin), c.message);
    bool ok = c.ok;
    field_check_done(&c);
    g_free(why);
    return ok;
}

int customer_session_open(CustomerSession *s, const char *command, const char *profile, bool writes)
{
    memset(s, 0, sizeof *s);
    s->sig_fd = -1;
    char *errors = NULL;
    catalog_load(&s->providers, &errors);
    profiles_load(&s->profiles, &s->providers, &errors);
    cli_print_lines(stderr, errors);
    g_free(errors);
    if (!find_profile(s, command, profile) || !find_base_url(s) || !find_token(s, writes))
        return EXIT_INVALID;
    s->sig_fd = cli_stop_signals_fd();
    s->nt = net_thread_start();
    return -1;
}

void customer_session_close(CustomerSession *s)
{
    net_thread_stop(s->nt);
    if (s->sig_fd >= 0)
        close(s->sig_fd);
    sandbox_stop(s->sandbox);
    text_free_secret(s->token);
    g_free(s->base_url);
    profiles_done(&s->profiles);
    provider_set_done(&s->providers);
    memset(s, 0, sizeof *s);
}

typedef struct {
    CustomerSession *s;
    guint64 id;
    NetResult *result;
} Waiting;

static bool waited_message(void *ctx, NetMessage *m)
{
    Waiting *w = ctx;
    if (m->kind == NET_MSG_DONE && m->job_id == w->id)
        w->result = m->result, m->result = NULL;
    return w->result != NULL;
}

static void waited_signal(void *ctx)
{
    Waiting *w = ctx;
    w->s->stopped = true;
    net_cancel(w->s->nt, w->id);
}

NetResult *customer_session_send(CustomerSession *s, Request *req)
{
    NetJob *job = g_new0(NetJob, 1);
    job->d = s->d;
    job->request = *req;
    memset(req, 0, sizeof *req);
    job->token = s->token ? g_strdup(s->token) : NULL;
    job->limits = net_limits_default();
    long timeout = s->timeout_s ? s->timeout_s : s->profile->timeout_s;
    if (timeout)
        job->limits.total_timeout_ms = timeout * 1000;
    Waiting w = { s, 0, NULL };
    w.id = net_submit(s->nt, job);
    net_wait(s->nt, s->sig_fd, &(NetWait){ waited_message, waited_signal, &w });
    return w.result;
}

int customer_session_failed(int status)
{
    return status ? EXIT_REJECTED : EXIT_UNSENT;
}
