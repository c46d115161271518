/* The network thread against the in-process sandbox: every outcome, cancel at
 * each stage, the size cap, refused redirects and plain http, idempotency. */
#include "model/jsonpath.h"
#include "net/netthread.h"
#include "tests/support/hostile.h"
#include "tests/support/http.h"
#include "tests/support/support.h"

#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <glib.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static TestSandbox T;
static NetThread *NT;

static void start(void) { test_net_start(&T, &NT); }
static void stop(void) { test_net_stop(&T, NT); }

TestSuite(netthread, .init = start, .fini = stop);

typedef struct {
    NetResult *result;
    GPtrArray *stages;   /* NetStage as pointers, in order */
    GString *log;
} Seen;

static void seen_done(Seen *s)
{
    net_result_free(s->result);
    g_ptr_array_free(s->stages, TRUE);
    g_string_free(s->log, TRUE);
}

/* How long a job may take before the test calls it a hang. Only a watchdog:
 * no test here asserts how fast anything is (that is `make bench`'s job), so
 * it is generous enough for a loaded two-core machine under ASan. */
#define WATCHDOG_US (60 * G_USEC_PER_SEC)

/* Handles messages until job ID is done (or the watchdog calls it a hang);
 * CANCEL_AT cancels it, once, when it reaches that stage or a later one
 * (STAGE_QUEUED: never). */
static Seen wait_for(guint64 id, NetStage cancel_at)
{
    Seen s = { NULL, g_ptr_array_new(), g_string_new(NULL) };
    gint64 watchdog = g_get_monotonic_time() + WATCHDOG_US;
    bool cancelled = false;
    while (!s.result && g_get_monotonic_time() < watchdog) {
        struct pollfd p = { .fd = net_thread_fd(NT), .events = POLLIN };
        poll(&p, 1, 50);
        net_thread_drain_fd(NT);
        NetMessage *m;
        while ((m = net_next_message(NT))) {
            if (m->kind == NET_MSG_PROGRESS) {
                g_ptr_array_add(s.stages, GINT_TO_POINTER(m->stage));
                if (cancel_at != STAGE_QUEUED && m->stage >= cancel_at && !cancelled)
                    net_cancel(NT, id), cancelled = true;
            } else if (m->kind == NET_MSG_LOG) {
                g_string_append_printf(s.log, "%s\n", m->text);
            } else if (m->job_id == id) {
                s.result = m->result;
                m->result = NULL;
            }
            net_message_free(m);
        }
    }
    cr_assert_not_null(s.result, "job %llu finished at all (hung past the watchdog)", (unsigned long long)id);
    return s;
}

static NetJob *job_for(const char *provider, const char *const *kv, const char *base_url,
                       const char *token, const char *idem_key)
{
    NetJob *job = g_new0(NetJob, 1);
    job->d = provider_set_find(&T.set, provider);
    Values v;
    values_init(&v);
    for (size_t i = 0; kv[i]; i += 2)
        values_set(&v, kv[i], kv[i + 1], strlen(kv[i + 1]));
    char *base = base_url ? g_strdup(base_url) : sandbox_base_url(T.sb, provider);
    RequestOptions opt = { .base_url = base, .idempotency_key = idem_key };
    char *err = NULL;
    cr_assert(request_build(job->d, &v, &opt, &job->request, &err), "%s", err);
    job->token = token ? g_strdup(token) : g_strdup(sandbox_token_for(T.sb, provider));
    job->limits = net_limits_default();
    values_done(&v);
    g_free(base);
    return job;
}

static const char *const BRIGHTON[] = { "name", "Brighton Mboya", "email", "brighton@jani.com",
                                        "address.country", "TZ", NULL };

/* A job whose request carries one extra header (a sandbox fault). */
static NetJob *with_fault(NetJob *job, const char *fault)
{
    Request *r = &job->request;
    r->headers = g_renew(RequestHeader, r->headers, r->n_headers + 1);
    r->headers[r->n_headers++] = (RequestHeader){ g_strdup("X-Sandbox-Fault"), g_strdup(fault), false };
    return job;
}

Test(netthread, created_with_record_progress_and_log)
{
    guint64 id = net_submit(NT, job_for("billing-v1", BRIGHTON, NULL, NULL, NULL));
    Seen s = wait_for(id, STAGE_QUEUED);
    cr_expect_eq(s.result->outcome, OUTCOME_CREATED, "%s", s.result->error ? s.result->error : "");
    cr_expect_eq(s.result->status, 201);
    cr_expect(g_str_has_prefix(s.result->response.id, "cus_"));
    cr_expect_str_eq(jsonpath_string(s.result->response.record, "address.country"), "TZ");
    cr_expect_eq(GPOINTER_TO_INT(s.stages->pdata[0]), STAGE_CONNECTING);
    cr_expect(strstr(s.log->str, "201") && strstr(s.log->str, "created"), "%s", s.log->str);
    cr_expect(s.result->body_sent);
    seen_done(&s);
}

Test(netthread, rejected_with_field_errors)
{
    static const char *const dup[] = { "email", "a@b.co", "external_id", "x1", NULL };
    guint64 id = net_submit(NT, job_for("prolifi", dup, NULL, NULL, NULL));
    Seen s = wait_for(id, STAGE_QUEUED);
    seen_done(&s);
    id = net_submit(NT, job_for("prolifi", dup, NULL, NULL, NULL));
    s = wait_for(id, STAGE_QUEUED);
    cr_expect_eq(s.result->outcome, OUTCOME_REJECTED);
    cr_expect_eq(s.result->status, 409);
    cr_expect_not_null(response_field_error(&s.result->response, "external_id"));
    seen_done(&s);
}

Test(netthread, server_error_and_rate_limited)
{
    guint64 id = net_submit(NT, with_fault(job_for("billing-v1", BRIGHTON, NULL, NULL, NULL), "status=502"));
    Seen s = wait_for(id, STAGE_QUEUED);
    cr_expect_eq(s.result->outcome, OUTCOME_SERVER_ERROR);
    seen_done(&s);
    static const char *const one[] = { "email", "r@b.co", NULL };
    id = net_submit(NT, with_fault(job_for("prolifi", one, NULL, NULL, NULL), "status=429"));
    s = wait_for(id, STAGE_QUEUED);
    cr_expect_eq(s.result->outcome, OUTCOME_RATE_LIMITED);
    seen_done(&s);
}

Test(netthread, not_sent_when_nobody_listens)
{
    unsigned port = 0;
    close(support_listen_loopback(&port)); /* a port that was free a moment ago: connection refused */
    char *base = g_strdup_printf("http://127.0.0.1:%u", port);
    guint64 id = net_submit(NT, job_for("billing-v1", BRIGHTON, base, NULL, NULL));
    Seen s = wait_for(id, STAGE_QUEUED);
    cr_expect_eq(s.result->outcome, OUTCOME_NOT_SENT);
    cr_expect_not(s.result->body_sent);
    cr_expect(strstr(s.result->error, "before the request was sent"), "%s", s.result->error);
    seen_done(&s);
    g_free(base);
}

Test(netthread, unknown_when_dropped_after_sending)
{
    guint64 id = net_submit(NT, with_fault(job_for("billing-v1", BRIGHTON, NULL, NULL, NULL), "drop"));
    Seen s = wait_for(id, STAGE_QUEUED);
    /* The status 201 came before the cut: created, though the record is unreadable. */
    cr_expect_eq(s.result->status, 201);
    cr_expect_eq(s.result->outcome, OUTCOME_CREATED);
    cr_expect_not_null(s.result->error);
    seen_done(&s);
    id = net_submit(NT, with_fault(job_for("prolifi", (const char *const[]){ "email", "d@b.co", NULL }, NULL,
                                           NULL, NULL), "status=500,drop"));
    s = wait_for(id, STAGE_QUEUED);
    cr_expect_eq(s.result->outcome, OUTCOME_UNKNOWN, "a 500 cut short: nobody can tell");
    seen_done(&s);
}

/* The provider never answers, so whichever side of the send the timeout
 * falls on is a matter of the machine's speed, not of custty: each try states
 * the outcome honestly for its side, and the timeout doubles until one falls
 * after the body went out (which is the case this test is about). */
Test(netthread, timeout_after_sending_is_unknown)
{
    HostileServer *silent = hostile_start(NULL);
    char *base = hostile_base_url(silent);
    bool after_sending = false;
    for (long ms = 250; ms <= 32000 && !after_sending; ms *= 2) {
        NetJob *job = job_for("billing-v1", BRIGHTON, base, NULL, NULL);
        job->limits.total_timeout_ms = ms;
        Seen s = wait_for(net_submit(NT, job), STAGE_QUEUED);
        after_sending = s.result->body_sent;
        cr_expect_eq(s.result->status, 0, "no answer came");
        cr_expect_eq(s.result->outcome, after_sending ? OUTCOME_UNKNOWN : OUTCOME_NOT_SENT);
        cr_expect(strstr(s.result->error, after_sending ? "after the request was sent" : "before the request was sent"),
                  "%s", s.result->error);
        seen_done(&s);
    }
    cr_expect(after_sending, "some timeout fell after the body was sent");
    g_free(base);
    hostile_stop(silent);
}

/* The provider never answers: only the cancel can end the job before the
 * watchdog, and what ends it must say "cancelled", with no status read. */
Test(netthread, cancel_while_waiting_is_unknown_without_waiting_for_the_answer)
{
    HostileServer *silent = hostile_start(NULL);
    char *base = hostile_base_url(silent);
    NetJob *job = job_for("billing-v1", BRIGHTON, base, NULL, NULL);
    job->limits.total_timeout_ms = 10 * 60 * 1000; /* past the watchdog: a cancel that waits fails the test */
    Seen s = wait_for(net_submit(NT, job), STAGE_WAITING);
    cr_expect(g_ptr_array_find(s.stages, GINT_TO_POINTER(STAGE_WAITING), NULL), "the body went out first");
    cr_expect_eq(s.result->status, 0, "no answer was waited for");
    cr_expect_eq(s.result->outcome, OUTCOME_UNKNOWN);
    cr_expect(strstr(s.result->error, "cancelled after the request was sent"), "%s", s.result->error);
    seen_done(&s);
    g_free(base);
    hostile_stop(silent);
}

Test(netthread, cancel_while_receiving_is_unknown)
{
    NetJob *job = with_fault(job_for("prolifi", (const char *const[]){ "email", "t@b.co", NULL }, NULL, NULL, NULL),
                             "status=500,trickle");
    guint64 id = net_submit(NT, job);
    Seen s = wait_for(id, STAGE_RECEIVING);
    cr_expect_eq(s.result->outcome, OUTCOME_UNKNOWN);
    seen_done(&s);
}

Test(netthread, cancel_while_connecting_is_not_sent)
{
    /* A TLS server that never speaks: the handshake hangs, nothing is sent.
     * The connect timeout is past the watchdog, so only the cancel (sent at
     * the first sign of progress) can end the job in time. */
    unsigned port = 0;
    int fd = support_listen_loopback(&port);
    char *base = g_strdup_printf("https://127.0.0.1:%u", port);
    NetJob *job = job_for("billing-v1", BRIGHTON, base, NULL, NULL);
    job->limits.connect_timeout_ms = job->limits.total_timeout_ms = 10 * 60 * 1000;
    Seen s = wait_for(net_submit(NT, job), STAGE_CONNECTING);
    cr_expect_eq(s.result->outcome, OUTCOME_NOT_SENT);
    cr_expect_not(s.result->body_sent);
    cr_expect(strstr(s.result->error, "cancelled before the request was sent"), "%s", s.result->error);
    seen_done(&s);
    close(fd);
    g_free(base);
}

/* A cancel racing the send: whichever wins, the outcome never claims "not
 * sent" once a byte of the body left, nor "unknown" when none did. */
Test(netthread, cancel_right_after_submit_is_honest)
{
    for (int i = 0; i < 20; i++) {
        guint64 id = net_submit(NT, job_for("prolifi", (const char *const[]){ "email", "c@b.co", NULL },
                                            NULL, NULL, NULL));
        net_cancel(NT, id);
        Seen s = wait_for(id, STAGE_QUEUED);
        Outcome o = s.result->outcome;
        cr_expect(o == OUTCOME_NOT_SENT || o == OUTCOME_UNKNOWN || o == OUTCOME_CREATED, "%s", outcome_name(o));
        if (o == OUTCOME_NOT_SENT)
            cr_expect_not(s.result->body_sent);
        if (o == OUTCOME_UNKNOWN)
            cr_expect(s.result->body_sent);
        seen_done(&s);
    }
}

Test(netthread, response_over_the_cap_is_stopped_with_a_message)
{
    NetJob *job = with_fault(job_for("billing-v1", BRIGHTON, NULL, NULL, NULL), "huge");
    guint64 id = net_submit(NT, job);
    Seen s = wait_for(id, STAGE_QUEUED);
    cr_expect_leq(s.result->raw_len, 16 * 1024 * 1024);
    cr_expect(s.result->error && strstr(s.result->error, "larger than the cap"), "%s", s.result->error);
    seen_done(&s);
}

Test(netthread, plain_http_to_another_host_is_refused_unsent)
{
    guint64 id = net_submit(NT, job_for("billing-v1", BRIGHTON, "http://192.0.2.1", NULL, NULL));
    Seen s = wait_for(id, STAGE_QUEUED);
    cr_expect_eq(s.result->outcome, OUTCOME_NOT_SENT);
    cr_expect(strstr(s.result->error, "plain http"), "%s", s.result->error);
    seen_done(&s);
    char *why = NULL;
    cr_expect(net_url_allowed("https://api.prolifi.co/api/v1/public", &why));
    cr_expect(net_url_allowed("http://localhost:8080/x", &why));
    cr_expect(net_url_allowed("http://[::1]:8080/x", &why));
    cr_expect_not(net_url_allowed("ftp://x/y", &why));
    g_free(why);
}

/* A one-shot HTTP server that answers every request with a redirect. */
static gpointer redirect_server(gpointer data)
{
    int fd = GPOINTER_TO_INT(data);
    int c = accept(fd, NULL, NULL);
    char buf[4096];
    (void)!read(c, buf, sizeof buf);
    const char *answer = "HTTP/1.1 301 Moved Permanently\r\nLocation: https://elsewhere.example/x\r\n"
                         "Content-Length: 0\r\nConnection: close\r\n\r\n";
    (void)!write(c, answer, strlen(answer));
    close(c);
    return NULL;
}

Test(netthread, redirect_is_refused_with_location)
{
    unsigned port = 0;
    int fd = support_listen_loopback(&port);
    GThread *server = g_thread_new("redirect", redirect_server, GINT_TO_POINTER(fd));
    char *base = g_strdup_printf("http://127.0.0.1:%u", port);
    guint64 id = net_submit(NT, job_for("billing-v1", BRIGHTON, base, NULL, NULL));
    Seen s = wait_for(id, STAGE_QUEUED);
    cr_expect_eq(s.result->status, 301);
    cr_expect_eq(s.result->outcome, OUTCOME_REJECTED);
    cr_expect_str_eq(s.result->location, "https://elsewhere.example/x");
    cr_expect(strstr(s.result->error, "elsewhere.example"), "%s", s.result->error);
    seen_done(&s);
    g_thread_join(server);
    close(fd);
    g_free(base);
}

Test(netthread, idempotent_resubmission_creates_one_customer)
{
    static const char *const kv[] = { "email", "once@example.com", "name", "Ann Once", NULL };
    guint64 id = net_submit(NT, with_fault(job_for("prolifi", kv, NULL, NULL, "draft-7"), "drop"));
    Seen first = wait_for(id, STAGE_QUEUED);
    id = net_submit(NT, job_for("prolifi", kv, NULL, NULL, "draft-7"));
    Seen again = wait_for(id, STAGE_QUEUED);
    cr_expect_eq(again.result->outcome, OUTCOME_CREATED);
    cr_expect(again.result->replayed, "the provider replays the first result");
    seen_done(&first), seen_done(&again);
    char *url = test_sandbox_url(&T, "prolifi", "/customers");
    HttpReply list = http_do("GET", url, (const char *const[]){ "Authorization: Bearer sk_test_sandbox", NULL }, NULL);
    cr_expect_eq(jsonpath_get(list.json, "pagination.total")->valueint, 1, "one customer, not two");
    http_done(&list);
    g_free(url);
}

Test(netthread, token_is_masked_in_every_log_line)
{
    NetJob *job = job_for("prolifi", (const char *const[]){ "email", "m@b.co", NULL }, NULL, NULL, NULL);
    guint64 id = net_submit(NT, job);
    Seen s = wait_for(id, STAGE_QUEUED);
    cr_expect(strstr(s.log->str, "Authorization: Bearer sk_"), "debug lines show the header: %s", s.log->str);
    cr_expect_null(strstr(s.log->str, "sk_test_sandbox"), "but never the token");
    seen_done(&s);
    static const char *const bp[] = { "username", "p@b.co", "name", "P", "password", "Sup3rSecret!", NULL };
    id = net_submit(NT, job_for("botpenguin", bp, NULL, NULL, NULL));
    s = wait_for(id, STAGE_QUEUED);
    cr_expect_null(strstr(s.log->str, "Sup3rSecret!"), "nor a secret field: %s", s.log->str);
    seen_done(&s);
}

/* A batch sends thousands: its jobs say nothing but their end. */
Test(netthread, a_quiet_job_posts_its_answer_and_nothing_else)
{
    NetJob *job = job_for("billing-v1", BRIGHTON, NULL, NULL, NULL);
    job->quiet = true;
    guint64 id = net_submit(NT, job);
    Seen s = wait_for(id, STAGE_QUEUED);
    cr_expect_eq(s.result->outcome, OUTCOME_CREATED, "%s", s.result->error ? s.result->error : "");
    cr_expect(s.result->body_sent, "its progress is still tracked for the outcome");
    cr_expect_eq(s.stages->len, 0, "no stages posted");
    cr_expect_str_empty(s.log->str, "no log lines posted: %s", s.log->str);
    seen_done(&s);
}

/* Messages that come while the main thread has not read the last wake-up
 * share it; none may be left waiting without one. Polls without a timeout
 * of its own (only the watchdog): a lost wake-up shows as a hang. */
Test(netthread, a_burst_of_answers_is_always_signalled)
{
    enum { N = 60 };
    for (int i = 0; i < N; i++) {
        char *email = g_strdup_printf("burst%d@example.com", i);
        const char *kv[] = { "name", "Burst Person", "email", email, NULL };
        NetJob *job = job_for("billing-v1", kv, NULL, NULL, NULL);
        job->quiet = i % 2 == 0;
        net_submit(NT, job);
        g_free(email);
    }
    int done = 0;
    while (done < N) {
        struct pollfd p = { .fd = net_thread_fd(NT), .events = POLLIN };
        cr_assert_eq(poll(&p, 1, (int)(WATCHDOG_US / 1000)), 1, "signalled (%d of %d answers read)", done, N);
        net_thread_drain_fd(NT);
        NetMessage *m;
        while ((m = net_next_message(NT))) {
            if (m->kind == NET_MSG_DONE) {
                cr_expect_eq(m->result->outcome, OUTCOME_CREATED, "%s", m->result->error ? m->result->error : "");
                done++;
            }
            net_message_free(m);
        }
    }
}

/* ---- lanes: a batch's rows wait their turn on the network thread ---------------- */

static NetJob *lane_job(int i, guint lane, guint max, const char *fault)
{
    char *email = g_strdup_printf("lane%d@example.com", i);
    const char *kv[] = { "name", "Lane Person", "email", email, NULL };
    NetJob *job = job_for("billing-v1", kv, NULL, NULL, NULL);
    job->lane = lane, job->lane_max = max;
    g_free(email);
    return fault ? with_fault(job, fault) : job;
}

/* Reads messages until N jobs are done; each DONE's result into RESULTS by
 * job id - FIRST; returns the most jobs seen begun and not ended at once. */
static int run_lane(int n, guint64 first, NetResult **results)
{
    GHashTable *begun = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL);
    int done = 0, most = 0;
    gint64 watchdog = g_get_monotonic_time() + WATCHDOG_US;
    while (done < n && g_get_monotonic_time() < watchdog) {
        struct pollfd p = { .fd = net_thread_fd(NT), .events = POLLIN };
        poll(&p, 1, 50);
        net_thread_drain_fd(NT);
        NetMessage *m;
        while ((m = net_next_message(NT))) {
            if (m->kind == NET_MSG_PROGRESS && m->stage == STAGE_CONNECTING)
                g_hash_table_add(begun, g_memdup2(&m->job_id, sizeof m->job_id));
            most = MAX(most, (int)g_hash_table_size(begun));
            if (m->kind == NET_MSG_DONE) {
                g_hash_table_remove(begun, &m->job_id);
                results[m->job_id - first] = m->result;
                m->result = NULL;
                done++;
            }
            net_message_free(m);
        }
    }
    cr_assert_eq(done, n, "every job of the lane ended (hung past the watchdog)");
    g_hash_table_destroy(begun);
    return most;
}

Test(netthread, a_lane_runs_at_most_its_limit_at_once_and_every_job_in_turn)
{
    enum { N = 9 };
    NetResult *results[N] = { 0 };
    guint64 first = 0;
    for (int i = 0; i < N; i++) {
        guint64 id = net_submit(NT, lane_job(i, 7, 3, "latency=150"));
        first = i ? first : id;
    }
    int most = run_lane(N, first, results);
    cr_expect_eq(most, 3, "three at once, never more (saw %d)", most);
    for (int i = 0; i < N; i++) {
        cr_expect_eq(results[i]->outcome, OUTCOME_CREATED, "job %d: %s", i, results[i]->error ? results[i]->error : "");
        net_result_free(results[i]);
    }
}

Test(netthread, a_job_taken_back_from_its_lane_was_never_sent)
{
    enum { N = 3 };
    NetResult *results[N] = { 0 };
    guint64 first = net_submit(NT, lane_job(0, 8, 1, "latency=300"));
    net_submit(NT, lane_job(1, 8, 1, NULL));
    net_submit(NT, lane_job(2, 8, 1, NULL));
    net_unqueue(NT, first + 1); /* waits behind the first */
    net_unqueue(NT, first); /* runs: goes on as if nothing was asked */
    run_lane(N, first, results);
    cr_expect_eq(results[0]->outcome, OUTCOME_CREATED);
    cr_expect_not(results[0]->unstarted);
    cr_expect_eq(results[1]->outcome, OUTCOME_NOT_SENT);
    cr_expect(results[1]->unstarted && !results[1]->body_sent, "taken back before it began");
    cr_expect_eq(results[2]->outcome, OUTCOME_CREATED, "the next one took its turn");
    for (int i = 0; i < N; i++)
        net_result_free(results[i]);
}

/* A 429 holds what waits in its lane: nothing starts before the main thread
 * hears of it and takes them back (the batch pauses). */
Test(netthread, after_a_429_the_lane_starts_nothing_until_what_waits_is_taken_back)
{
    guint64 first = net_submit(NT, lane_job(0, 9, 1, "status=429"));
    net_submit(NT, lane_job(1, 9, 1, NULL));
    net_submit(NT, lane_job(2, 9, 1, NULL));
    NetResult *results[3] = { 0 };
    Seen s = wait_for(first, STAGE_QUEUED);
    cr_expect_eq(s.result->outcome, OUTCOME_RATE_LIMITED);
    results[0] = s.result, s.result = NULL;
    net_unqueue(NT, first + 1);
    net_unqueue(NT, first + 2);
    run_lane(2, first + 1, results + 1);
    for (int i = 1; i < 3; i++)
        cr_expect(results[i]->unstarted, "job %d held, then taken back unsent (outcome %d)", i, results[i]->outcome);
    for (int i = 0; i < 3; i++)
        net_result_free(results[i]);
    seen_done(&s);
}
