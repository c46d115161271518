#include "app/lookup_run.h"

#include "app/net_wait.h"

#include "model/text.h"

#include <glib.h>

struct LookupRun {
    NetThread *nt;
    const Descriptor *d;
    LookupScan *scan;
    char *token;            /* wiped when done */
    guint64 job;            /* the GET in flight, or 0 */
    gint64 started_us, deadline_us;
};

static void send_next(LookupRun *r)
{
    Request req;
    r->job = 0;
    if (!lookup_scan_next(r->scan, &req))
        return;
    NetJob *job = g_new0(NetJob, 1);
    job->d = r->d;
    job->request = req;
    job->token = r->token ? g_strdup(r->token) : NULL;
    job->limits = net_limits_default();
    gint64 left_ms = (r->deadline_us - g_get_monotonic_time()) / 1000;
    job->limits.total_timeout_ms = CLAMP(left_ms, 1, job->limits.total_timeout_ms);
    r->job = net_submit(r->nt, job);
}

LookupRun *lookup_run_start(NetThread *nt, const Descriptor *d, LookupScan *scan, const char *token, long timeout_ms)
{
    LookupRun *r = g_new0(LookupRun, 1);
    r->nt = nt;
    r->d = d;
    r->scan = scan;
    r->token = token ? g_strdup(token) : NULL;
    r->started_us = g_get_monotonic_time();
    r->deadline_us = r->started_us + (gint64)timeout_ms * 1000;
    send_next(r);
    return r;
}

void lookup_run_free(LookupRun *r)
{
    if (!r)
        return;
    if (r->job)
        net_cancel(r->nt, r->job);
    text_free_secret(r->token);
    lookup_scan_free(r->scan);
    g_free(r);
}

bool lookup_run_owns(const LookupRun *r, guint64 job_id)
{
    return r && r->job && r->job == job_id;
}

bool lookup_run_feed(LookupRun *r, const NetResult *res)
{
    r->job = 0;
    lookup_scan_feed(r->scan, res->status, res->raw_body, res->raw_len, res->error);
    if (!lookup_scan_done(r->scan) && g_get_monotonic_time() >= r->deadline_us) {
        char *why = g_strdup_printf("stopped after %.0f s, the time a check may take",
                                    (double)(r->deadline_us - r->started_us) / 1e6);
        lookup_scan_stop(r->scan, why);
        g_free(why);
    }
    send_next(r);
    return lookup_scan_done(r->scan);
}

void lookup_run_cancel(LookupRun *r, const char *why)
{
    if (r->job)
        net_cancel(r->nt, r->job);
    r->job = 0;
    lookup_scan_stop(r->scan, why);
}

bool lookup_run_done(const LookupRun *r)
{
    return lookup_scan_done(r->scan);
}

LookupVerdict lookup_run_verdict(const LookupRun *r, char **id, cJSON **record, char **said)
{
    char *what = NULL;
    LookupVerdict v = lookup_scan_verdict(r->scan, id, record, &what);
    double s = (double)(g_get_monotonic_time() - r->started_us) / 1e6;
    *said = *what ? g_strdup_printf("%s, in %.1f s", what, s) : g_strdup_printf("in %.1f s", s);
    g_free(what);
    return v;
}

char *lookup_run_progress(const LookupRun *r)
{
    char *p = lookup_scan_progress(r->scan);
    char *text = g_strdup_printf("%s · %.1f s", p, (double)(g_get_monotonic_time() - r->started_us) / 1e6);
    g_free(p);
    return text;
}

typedef struct {
    LookupRun *run;
    bool stopped;
} Waiting;

static bool waited_message(void *ctx, NetMessage *m)
{
    Waiting *w = ctx;
    if (m->kind == NET_MSG_DONE && lookup_run_owns(w->run, m->job_id))
        lookup_run_feed(w->run, m->result);
    return lookup_run_done(w->run);
}

static void waited_signal(void *ctx)
{
    Waiting *w = ctx;
    w->stopped = true;
    lookup_run_cancel(w->run, "stopped by a signal before it was complete");
}

bool lookup_run_wait(LookupRun *r, NetThread *nt, int sig_fd)
{
    Waiting w = { r, false };
    if (!lookup_run_done(r))
        net_wait(nt, sig_fd, &(NetWait){ waited_message, waited_signal, &w });
    return w.stopped;
}
