/* What a provider receives for each auth scheme, on a create and on a lookup,
 * from the network thread; and that the token reaches no log line, error or
 * redirect that custty shows or keeps. */
#include "model/lookup.h"
#include "net/netthread.h"
#include "tests/support/hostile.h"
#include "tests/support/support.h"

#include <criterion/criterion.h>
#include <glib.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* A token with what a query must encode, and a marker no mask keeps. */
#define TOKEN "sk_test+a/b=c&d%e-SECRET"
#define BASIC "partner:pa55+w/rd-SECRET"

static NetThread *NT;

static void start(void)
{
    net_global_init();
    NT = net_thread_start();
}

static void stop(void)
{
    net_thread_stop(NT);
}

TestSuite(auth_send, .init = start, .fini = stop);

/* BotPenguin's descriptor (its list path already has a query) with AUTH. */
static Descriptor *botpenguin_with(const char *auth)
{
    return support_provider_with_auth("botpenguin", auth);
}

static NetJob *create_job(const Descriptor *d, const char *base, const char *token)
{
    static const char *const kv[] = { "username", "ann@example.com", "name", "Ann", "password", "Sup3rSecret!", NULL };
    NetJob *job = g_new0(NetJob, 1);
    job->d = d;
    Values v;
    values_init(&v);
    for (size_t i = 0; kv[i]; i += 2)
        values_set(&v, kv[i], kv[i + 1], strlen(kv[i + 1]));
    RequestOptions opt = { .base_url = base };
    char *err = NULL;
    cr_assert(request_build(d, &v, &opt, &job->request, &err), "%s", err);
    values_done(&v);
    job->token = g_strdup(token);
    job->limits = net_limits_default();
    return job;
}

/* The first GET of the lookup for ann@example.com: the list, page 1. */
static NetJob *lookup_job(const Descriptor *d, const char *base, const char *token)
{
    char *err = NULL;
    LookupScan *scan = lookup_scan_new(d, base, "ann@example.com", NULL, &err);
    cr_assert_not_null(scan, "%s", err);
    NetJob *job = g_new0(NetJob, 1);
    job->d = d;
    cr_assert(lookup_scan_next(scan, &job->request));
    lookup_scan_free(scan);
    job->token = g_strdup(token);
    job->limits = net_limits_default();
    return job;
}

/* Runs JOB to its end; *LOG gets every log line. The watchdog only turns a
 * hang into a failure. */
static NetResult *run(NetJob *job, GString *log)
{
    guint64 id = net_submit(NT, job);
    gint64 watchdog = g_get_monotonic_time() + 60 * G_USEC_PER_SEC;
    NetResult *r = NULL;
    while (!r && g_get_monotonic_time() < watchdog) {
        struct pollfd p = { net_thread_fd(NT), POLLIN, 0 };
        poll(&p, 1, 50);
        net_thread_drain_fd(NT);
        NetMessage *m;
        while ((m = net_next_message(NT))) {
            if (m->kind == NET_MSG_LOG)
                g_string_append_printf(log, "%s\n", m->text);
            if (m->kind == NET_MSG_DONE && m->job_id == id)
                r = m->result, m->result = NULL;
            net_message_free(m);
        }
    }
    cr_assert_not_null(r, "no result (hung past the watchdog)");
    return r;
}

/* Nothing custty shows or keeps of the exchange holds SECRET. */
static void expect_no_token(const NetResult *r, const GString *log, const char *secret)
{
    const char *kept[] = { log->str, r->error, r->location, r->request_text, r->raw_headers, r->raw_body };
    for (size_t i = 0; i < G_N_ELEMENTS(kept); i++)
        cr_expect(!kept[i] || !strstr(kept[i], secret), "the token in part %zu: %s", i, kept[i]);
}

#define EMPTY_LIST "{\"success\":true,\"data\":[]}"

/* Sends a create and a lookup for D with TOKEN to a server that records
 * them; returns both requests as received (g_free). ALSO: a form of the
 * token that must not show either (or NULL). */
static void send_both(const Descriptor *d, const char *token, const char *also, char **create, char **lookup)
{
    char *answer = hostile_answer("200 OK", "Content-Type: application/json\r\n", EMPTY_LIST);
    HostileServer *h = hostile_start(answer);
    char *base = hostile_base_url(h);
    GString *log = g_string_new(NULL);
    NetJob *jobs[] = { create_job(d, base, token), lookup_job(d, base, token) };
    for (size_t i = 0; i < G_N_ELEMENTS(jobs); i++) {
        NetResult *r = run(jobs[i], log);
        expect_no_token(r, log, "SECRET");
        if (also)
            expect_no_token(r, log, also);
        net_result_free(r);
    }
    *create = g_strdup(hostile_wait_request(h, 1));
    *lookup = g_strdup(hostile_wait_request(h, 2));
    hostile_stop(h);
    g_string_free(log, TRUE);
    g_free(base), g_free(answer);
}

Test(auth_send, basic_sends_authorization_basic)
{
    Descriptor *d = botpenguin_with("{\"scheme\": \"basic\"}");
    char *create, *lookup;
    char *b64 = g_base64_encode((const guchar *)BASIC, strlen(BASIC));
    send_both(d, BASIC, b64 + 12, &create, &lookup);
    char *want = g_strdup_printf("\r\nAuthorization: Basic %s\r\n", b64);
    cr_expect(g_str_has_prefix(create, "POST /customer/create HTTP/1.1\r\n"), "%s", create);
    cr_expect(strstr(create, want), "the create carries %s: %s", want, create);
    cr_expect(g_str_has_prefix(lookup, "GET /customer/list?"), "%s", lookup);
    cr_expect(strstr(lookup, want), "the lookup carries %s: %s", want, lookup);
    g_free(b64), g_free(want), g_free(create), g_free(lookup);
    descriptor_free(d);
}

Test(auth_send, header_sends_its_own_header)
{
    Descriptor *d = botpenguin_with("{\"scheme\": \"header\", \"header\": {\"name\": \"X-Api-Key\", \"value\": \"Key {token}\"}}");
    char *create, *lookup;
    send_both(d, TOKEN, NULL, &create, &lookup);
    const char *want = "\r\nX-Api-Key: Key " TOKEN "\r\n";
    cr_expect(strstr(create, want), "the create carries the key: %s", create);
    cr_expect(strstr(lookup, want), "the lookup carries the key: %s", lookup);
    cr_expect_null(strstr(create, "Authorization:"), "and no bearer: %s", create);
    g_free(create), g_free(lookup);
    descriptor_free(d);
}

Test(auth_send, query_appends_the_parameter_and_keeps_the_query)
{
    Descriptor *d = botpenguin_with("{\"scheme\": \"query\", \"query\": \"api_key\"}");
    char *create, *lookup;
    send_both(d, TOKEN, NULL, &create, &lookup);
    cr_expect(g_str_has_prefix(create, "POST /customer/create?api_key="), "%s", create);
    cr_expect(g_str_has_prefix(lookup, "GET /customer/list?sort=createdAt&"), "the list's own query kept: %s", lookup);
    char *on_create = support_request_query(create, "api_key");
    char *on_lookup = support_request_query(lookup, "api_key"), *sort = support_request_query(lookup, "sort");
    cr_expect_str_eq(on_create, TOKEN, "the provider decodes the token whole: %s", create);
    cr_expect_str_eq(on_lookup, TOKEN, "%s", lookup);
    cr_expect_str_eq(sort, "createdAt", "%s", lookup);
    cr_expect_null(strstr(create, "Authorization:"), "%s", create);
    g_free(on_create), g_free(on_lookup), g_free(sort), g_free(create), g_free(lookup);
    descriptor_free(d);
}

Test(auth_send, a_closed_port_names_no_token)
{
    Descriptor *d = botpenguin_with("{\"scheme\": \"query\", \"query\": \"api_key\"}");
    unsigned port = 0;
    close(support_listen_loopback(&port)); /* free, and nobody listens there now */
    char *base = g_strdup_printf("http://127.0.0.1:%u", port);
    GString *log = g_string_new(NULL);
    NetResult *r = run(create_job(d, base, TOKEN), log);
    cr_expect_eq(r->outcome, OUTCOME_NOT_SENT);
    cr_expect_not_null(r->error);
    expect_no_token(r, log, "SECRET");
    cr_expect(strstr(log->str, "?api_key=sk_tes…"), "the log shows where it went, masked: %s", log->str);
    net_result_free(r);
    g_string_free(log, TRUE);
    g_free(base);
    descriptor_free(d);
}

/* A provider that sends every request to https, keeping the target: the
 * Location echoes the URL the token went in. */
static gpointer echo_redirect(gpointer data)
{
    int fd = GPOINTER_TO_INT(data);
    int c = accept(fd, NULL, NULL);
    GString *in = g_string_new(NULL);
    char buf[4096];
    ssize_t n;
    while (!strstr(in->str, "\r\n\r\n") && (n = read(c, buf, sizeof buf)) > 0)
        g_string_append_len(in, buf, n);
    char *target = g_strndup(in->str + strcspn(in->str, " ") + 1, strcspn(in->str + strcspn(in->str, " ") + 1, " "));
    char *answer = g_strdup_printf("HTTP/1.1 301 Moved Permanently\r\nLocation: https://api.example%s\r\n"
                                   "Content-Length: 0\r\nConnection: close\r\n\r\n", target);
    (void)!write(c, answer, strlen(answer));
    shutdown(c, SHUT_WR);
    while (read(c, buf, sizeof buf) > 0) /* the body, until custty lets go */
        ;
    close(c);
    g_free(answer), g_free(target);
    g_string_free(in, TRUE);
    return NULL;
}

Test(auth_send, a_redirect_that_echoes_the_url_is_masked)
{
    Descriptor *d = botpenguin_with("{\"scheme\": \"query\", \"query\": \"api_key\"}");
    unsigned port = 0;
    int fd = support_listen_loopback(&port);
    GThread *server = g_thread_new("echo", echo_redirect, GINT_TO_POINTER(fd));
    char *base = g_strdup_printf("http://127.0.0.1:%u", port);
    GString *log = g_string_new(NULL);
    NetResult *r = run(create_job(d, base, TOKEN), log);
    cr_expect_eq(r->status, 301);
    cr_expect(r->location && strstr(r->location, "https://api.example/customer/create?api_key="), "%s", r->location);
    expect_no_token(r, log, "SECRET");
    net_result_free(r);
    g_thread_join(server);
    close(fd);
    g_string_free(log, TRUE);
    g_free(base);
    descriptor_free(d);
}

/* A short key (under TRANSFER_ECHO_MIN, too short to mask wherever it
 * shows) still goes in the URL as api_key=KEY: that pair is masked in a
 * redirect that echoes the URL, however short the key. */
Test(auth_send, a_redirect_that_echoes_a_short_query_key_is_masked)
{
    Descriptor *d = botpenguin_with("{\"scheme\": \"query\", \"query\": \"api_key\"}");
    unsigned port = 0;
    int fd = support_listen_loopback(&port);
    GThread *server = g_thread_new("echo", echo_redirect, GINT_TO_POINTER(fd));
    char *base = g_strdup_printf("http://127.0.0.1:%u", port);
    GString *log = g_string_new(NULL);
    NetResult *r = run(create_job(d, base, "k3Y+9"), log);
    cr_expect_eq(r->status, 301);
    cr_expect(r->location && strstr(r->location, "/customer/create?api_key="), "%s", r->location);
    expect_no_token(r, log, "api_key=k3Y%2b9");
    expect_no_token(r, log, "api_key=k3Y%2B9");
    expect_no_token(r, log, "api_key=k3Y+9");
    net_result_free(r);
    g_thread_join(server);
    close(fd);
    g_string_free(log, TRUE);
    g_free(base);
    descriptor_free(d);
}
