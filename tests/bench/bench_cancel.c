/* Benchmark: how soon a cancel ends a create (what tests/net used to bound
 * in seconds, and now only checks happens at all), beside a whole create
 * against the in-process sandbox as the baseline, the three measured in turn
 * (create, cancel while waiting, cancel while connecting, create …):
 *  - cancel while waiting: the body went to a provider that never answers;
 *  - cancel while connecting: a TLS handshake with a server that never speaks.
 * Times run from net_cancel (or net_submit, for the create) to the result. */
#include "net/netthread.h"
#include "net/sandbox.h"

#include <arpa/inet.h>
#include <glib.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define RUNS 21

static NetThread *NT;
static const Descriptor *D;

/* A loopback port that takes connections (the kernel's backlog does) and
 * never reads or answers. */
static int listen_silent(unsigned *port)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    socklen_t len = sizeof a;
    if (bind(fd, (struct sockaddr *)&a, sizeof a) != 0 || listen(fd, 64) != 0) {
        perror("bench_cancel: listen");
        exit(1);
    }
    getsockname(fd, (struct sockaddr *)&a, &len);
    *port = ntohs(a.sin_port);
    return fd;
}

static NetJob *job_to(const char *base, const char *token, int serial)
{
    NetJob *job = g_new0(NetJob, 1);
    job->d = D;
    Values v;
    values_init(&v);
    char *email = g_strdup_printf("cancel%d@example.com", serial);
    values_set(&v, "name", "Bench Cancel", strlen("Bench Cancel"));
    values_set(&v, "email", email, strlen(email));
    RequestOptions opt = { .base_url = base };
    char *err = NULL;
    if (!request_build(D, &v, &opt, &job->request, &err)) {
        fprintf(stderr, "bench_cancel: %s\n", err);
        exit(1);
    }
    job->token = g_strdup(token);
    job->limits = net_limits_default();
    job->limits.connect_timeout_ms = job->limits.total_timeout_ms = 10 * 60 * 1000;
    values_done(&v), g_free(email);
    return job;
}

/* Runs job ID; cancels it once it reaches CANCEL_AT (STAGE_QUEUED: never).
 * The microseconds from the cancel (or from T0) to the result. */
static double run(guint64 id, NetStage cancel_at, gint64 t0)
{
    for (;;) {
        struct pollfd p = { net_thread_fd(NT), POLLIN, 0 };
        poll(&p, 1, 1000);
        net_thread_drain_fd(NT);
        NetMessage *m;
        while ((m = net_next_message(NT))) {
            bool done = m->kind == NET_MSG_DONE && m->job_id == id;
            if (m->kind == NET_MSG_PROGRESS && cancel_at != STAGE_QUEUED && m->stage >= cancel_at) {
                net_cancel(NT, id);
                t0 = g_get_monotonic_time(), cancel_at = STAGE_QUEUED;
            }
            net_message_free(m);
            if (done)
                return (double)(g_get_monotonic_time() - t0);
        }
    }
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(void)
{
    net_global_init();
    ProviderSet set = { 0 };
    char *errors = NULL, *err = NULL;
    provider_set_load_dir(&set, "assets/providers", &errors);
    D = provider_set_find(&set, "billing-v1");
    Sandbox *sb = sandbox_start(&(SandboxOptions){ .max_customers = 100000 }, &set, &err);
    if (!sb || !D) {
        fprintf(stderr, "bench_cancel: %s\n", err ? err : "no billing-v1 descriptor");
        return 1;
    }
    NT = net_thread_start();
    unsigned port = 0;
    int silent = listen_silent(&port);
    char *sandbox = sandbox_base_url(sb, "billing-v1");
    char *waiting = g_strdup_printf("http://127.0.0.1:%u", port), *tls = g_strdup_printf("https://127.0.0.1:%u", port);
    double create[RUNS], wait[RUNS], connect[RUNS];
    for (int i = 0; i < RUNS; i++) {
        gint64 t0 = g_get_monotonic_time();
        create[i] = run(net_submit(NT, job_to(sandbox, sandbox_token_for(sb, "billing-v1"), i)), STAGE_QUEUED, t0);
        wait[i] = run(net_submit(NT, job_to(waiting, "x", i)), STAGE_WAITING, 0);
        connect[i] = run(net_submit(NT, job_to(tls, "x", i)), STAGE_CONNECTING, 0);
    }
    qsort(create, RUNS, sizeof *create, cmp), qsort(wait, RUNS, sizeof *wait, cmp);
    qsort(connect, RUNS, sizeof *connect, cmp);
    printf("cancel, %d runs each, interleaved (medians):\n", RUNS);
    printf("  a whole create against the sandbox (baseline):   %8.0f us\n", create[RUNS / 2]);
    printf("  cancel while waiting for the answer:             %8.0f us  (ratio %.2f)\n", wait[RUNS / 2],
           wait[RUNS / 2] / create[RUNS / 2]);
    printf("  cancel while connecting (TLS that never speaks): %8.0f us  (ratio %.2f)\n", connect[RUNS / 2],
           connect[RUNS / 2] / create[RUNS / 2]);
    net_thread_stop(NT);
    close(silent);
    sandbox_stop(sb);
    provider_set_done(&set);
    g_free(sandbox), g_free(waiting), g_free(tls), g_free(errors);
    return 0;
}
