/* Settling an unknown outcome: the lookup each descriptor describes, asked of
 * the sandbox after a create whose answer was cut off. */
#include "model/jsonpath.h"
#include "model/lookup.h"
#include "net/netthread.h"
#include "tests/support/http.h"

#include <criterion/criterion.h>
#include <glib.h>
#include <poll.h>
#include <string.h>

static TestSandbox T;
static NetThread *NT;

static void start(void) { test_net_start(&T, &NT); }
static void stop(void) { test_net_stop(&T, NT); }

TestSuite(lookup, .init = start, .fini = stop);

static NetResult *run(NetJob *job)
{
    guint64 id = net_submit(NT, job);
    for (int i = 0; i < 200; i++) {
        struct pollfd p = { net_thread_fd(NT), POLLIN, 0 };
        poll(&p, 1, 50);
        net_thread_drain_fd(NT);
        NetMessage *m;
        NetResult *r = NULL;
        while ((m = net_next_message(NT))) {
            if (m->kind == NET_MSG_DONE && m->job_id == id)
                r = m->result, m->result = NULL;
            net_message_free(m);
        }
        if (r)
            return r;
    }
    cr_assert_fail("no answer");
    return NULL;
}

static NetJob *create_job(const char *provider, const char *body_json, const char *fault)
{
    NetJob *job = g_new0(NetJob, 1);
    job->d = provider_set_find(&T.set, provider);
    cJSON *body = cJSON_Parse(body_json);
    Values v;
    values_init(&v);
    const cJSON *each;
    cJSON_ArrayForEach(each, body)
        values_set(&v, each->string, each->valuestring, strlen(each->valuestring));
    char *base = sandbox_base_url(T.sb, provider), *err = NULL;
    RequestOptions opt = { .base_url = base };
    cr_assert(request_build(job->d, &v, &opt, &job->request, &err), "%s", err);
    if (fault) {
        Request *r = &job->request;
        r->headers = g_renew(RequestHeader, r->headers, r->n_headers + 1);
        r->headers[r->n_headers++] = (RequestHeader){ g_strdup("X-Sandbox-Fault"), g_strdup(fault), false };
    }
    job->token = g_strdup(sandbox_token_for(T.sb, provider));
    job->limits = net_limits_default();
    values_done(&v), cJSON_Delete(body), g_free(base);
    return job;
}

static LookupVerdict check(const char *provider, const char *email, char **id)
{
    NetJob *job = g_new0(NetJob, 1);
    job->d = provider_set_find(&T.set, provider);
    char *base = sandbox_base_url(T.sb, provider), *err = NULL, *why = NULL;
    cr_assert(lookup_request(job->d, base, email, &job->request, &err), "%s", err);
    job->token = g_strdup(sandbox_token_for(T.sb, provider));
    job->limits = net_limits_default();
    NetResult *r = run(job);
    cJSON *record = NULL;
    LookupVerdict v = lookup_read(provider_set_find(&T.set, provider), r->status, r->raw_body, r->raw_len, email, id,
                                  &record, &why);
    cJSON_Delete(record);
    net_result_free(r);
    g_free(base), g_free(why);
    return v;
}

Test(lookup, unknown_after_a_cut_off_answer_is_found_created_on_every_provider)
{
    static const struct { const char *provider, *body, *email; } cases[] = {
        { "billing-v1", "{\"name\":\"Ann\",\"email\":\"ann@example.com\"}", "ann@example.com" },
        { "prolifi", "{\"email\":\"Bob@Example.com\"}", "bob@example.com" },
        { "botpenguin", "{\"username\":\"cy@example.com\",\"name\":\"Cy\",\"password\":\"Passw0rd!\"}", "cy@example.com" },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        /* The provider is slow; custty gives up after sending: nobody can tell. */
        NetJob *job = create_job(cases[i].provider, cases[i].body, "latency=800");
        job->limits.total_timeout_ms = 200;
        NetResult *r = run(job);
        cr_expect_eq(r->outcome, OUTCOME_UNKNOWN, "%s: no answer in time", cases[i].provider);
        net_result_free(r);
        g_usleep(900 * 1000); /* meanwhile the provider finishes the create */
        char *id = NULL;
        cr_expect_eq(check(cases[i].provider, cases[i].email, &id), LOOKUP_FOUND, "%s finds it", cases[i].provider);
        cr_expect_not_null(id, "with its id");
        g_free(id);
        id = NULL;
        cr_expect_eq(check(cases[i].provider, "nobody@example.com", &id), LOOKUP_ABSENT, "%s", cases[i].provider);
        g_free(id);
    }
}

Test(lookup, a_reset_after_the_create_is_unknown_then_found)
{
    NetResult *r = run(create_job("billing-v1", "{\"name\":\"Rae\",\"email\":\"rae@example.com\"}", "reset"));
    cr_expect_eq(r->outcome, OUTCOME_UNKNOWN, "no answer after sending: nobody can tell");
    cr_expect_eq(r->status, 0);
    cr_expect(r->body_sent);
    net_result_free(r);
    char *id = NULL;
    cr_expect_eq(check("billing-v1", "rae@example.com", &id), LOOKUP_FOUND, "the check finds it created");
    cr_expect(id && g_str_has_prefix(id, "cus_"), "%s", id);
    g_free(id);
}
