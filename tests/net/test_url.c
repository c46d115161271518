/* Where a token may go: which URLs pass, the address check made once
 * connected (before a byte is sent), and proxies kept away from loopback. */
#include "net/netthread.h"
#include "tests/support/http.h"
#include "tests/support/recorder.h"

#include <criterion/criterion.h>
#include <curl/curl.h>
#include <glib.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>

#define LIVE_TOKEN "sk_live_4eC39HqLyjWDarjtT1zdp7dc"

/* ---- the static check ---------------------------------------------------- */

Test(url_check, hosts_are_read_as_libcurl_reads_them)
{
    static const struct {
        const char *url;
        bool allowed, loopback;
    } cases[] = {
        { "http://127.attacker.example/", false, false },
        { "http://127.0.0.1.nip.io/", false, false },
        { "http://127.0.0.1@evil.example/", false, false },  /* user "127.0.0.1" at evil.example */
        { "http://127.0.0.1%2eevil.example/", false, false },
        { "HTTP://127.ATTACKER.EXAMPLE/", false, false },
        { "http://localhost.attacker.example/", false, false },
        { "http://[::ffff:192.0.2.1]/", false, false },
        { "ftp://127.0.0.1/", false, true },
        { "127.0.0.1:8080", false, false },
        { "http://[::1]:8080/", true, true },
        { "http://127.0.0.2/", true, true },
        { "http://localhost:1/", true, true },
        { "http://LocalHost:1/", true, true },
        { "http://user@127.0.0.1/", true, true },
        { "HTTP://127.0.0.1:9/x", true, true },
        { "http://127.1/", true, true },           /* libcurl connects to 127.0.0.1 */
        { "https://127.attacker.example/", true, false },
        { "HTTPS://api.prolifi.co/api/v1/public", true, false },
        { "https://127.0.0.1:8443/", true, true },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        char *why = NULL;
        bool allowed = net_url_allowed(cases[i].url, &why);
        cr_expect_eq(allowed, cases[i].allowed, "%s: allowed %d, want %d (%s)", cases[i].url, allowed,
                     cases[i].allowed, why ? why : "");
        cr_expect_eq(allowed, why == NULL, "%s: a reason exactly when refused", cases[i].url);
        cr_expect_eq(net_url_is_loopback(cases[i].url), cases[i].loopback, "%s: loopback", cases[i].url);
        g_free(why);
    }
}

Test(url_check, the_refusal_says_what_is_wrong_and_what_to_write)
{
    char *why = NULL;
    cr_assert_not(net_url_allowed("http://127.attacker.example:8080/v1", &why));
    cr_expect(strstr(why, "must be https://") && strstr(why, "127.attacker.example is not one") &&
              strstr(why, "use https://127.attacker.example"), "%s", why);
    g_free(why);
}

Test(url_check, connected_addresses)
{
    static const char *const yes[] = { "127.0.0.1", "127.0.0.2", "127.255.255.254", "::1", "[::1]",
                                       "0:0:0:0:0:0:0:1" };
    static const char *const no[] = { "192.0.2.1", "128.0.0.1", "0.0.0.0", "::", "::ffff:127.0.0.1",
                                      "localhost", "127.attacker.example", "", "[::1", "1.127.0.0" };
    for (size_t i = 0; i < G_N_ELEMENTS(yes); i++)
        cr_expect(net_address_is_loopback(yes[i]), "%s is loopback", yes[i]);
    for (size_t i = 0; i < G_N_ELEMENTS(no); i++)
        cr_expect_not(net_address_is_loopback(no[i]), "%s is not loopback", no[i]);
    cr_expect_not(net_address_is_loopback(NULL));
}

/* ---- the check once connected ----------------------------------------------- */

static size_t discard(char *data, size_t size, size_t n, void *user)
{
    (void)data, (void)user;
    return size * n;
}

/* POSTs with a live token to URL, its host resolving to ADDRESS (what a
 * resolver that maps a local-looking name elsewhere would do), guarded or not. */
static CURLcode post_resolving_to(const char *url, const char *host_port, const char *address, NetGuard *guard)
{
    CURL *c = curl_easy_init();
    char *entry = g_strdup_printf("%s:%s", host_port, address);
    struct curl_slist *resolve = curl_slist_append(NULL, entry);
    struct curl_slist *headers = curl_slist_append(NULL, "Authorization: Bearer " LIVE_TOKEN);
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, "{\"email\":\"a@b.co\"}");
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(c, CURLOPT_RESOLVE, resolve);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 20L);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
    if (guard)
        net_url_guard(c, url, guard);
    CURLcode code = curl_easy_perform(c);
    curl_easy_cleanup(c);
    curl_slist_free_all(resolve);
    curl_slist_free_all(headers);
    g_free(entry);
    return code;
}

Test(url_guard, plain_http_that_reaches_another_address_is_refused_before_sending)
{
    char *why = NULL;
    if (!recorder_private_network("192.0.2.1", &why))
        cr_skip_test("%s", why);
    Recorder *remote = recorder_start("192.0.2.1", NULL);
    char *host_port = g_strdup_printf("localhost:%u", recorder_port(remote));
    char *url = g_strdup_printf("http://%s/customers", host_port);
    cr_assert(net_url_allowed(url, &why), "localhost passes the static check");

    NetGuard guard;
    CURLcode code = post_resolving_to(url, host_port, "192.0.2.1", &guard);
    char *seen = recorder_stop(remote, NULL);
    cr_expect_eq(code, CURLE_ABORTED_BY_CALLBACK, "%s", curl_easy_strerror(code));
    cr_expect(strstr(guard.refused, "192.0.2.1") && strstr(guard.refused, "not this machine") &&
              strstr(guard.refused, "https://"), "says what and how: %s", guard.refused);
    cr_expect_str_empty(seen, "not a byte reached 192.0.2.1: %s", seen);
    g_free(seen);

    /* The same without the guard does reach it, token and all: the check above
     * is what stopped it. */
    remote = recorder_start("192.0.2.1", NULL);
    g_free(host_port), g_free(url);
    host_port = g_strdup_printf("localhost:%u", recorder_port(remote));
    url = g_strdup_printf("http://%s/customers", host_port);
    post_resolving_to(url, host_port, "192.0.2.1", NULL);
    seen = recorder_stop(remote, NULL);
    cr_expect(strstr(seen, LIVE_TOKEN), "unguarded, the token arrives: %s", seen);
    g_free(seen), g_free(host_port), g_free(url);
}

/* ---- proxies ------------------------------------------------------------------------ */

static TestSandbox T;
static NetThread *NT;
static void start(void) { test_net_start(&T, &NT); }
static void stop(void) { test_net_stop(&T, NT); }

/* Every proxy variable libcurl reads, pointing at P. */
static void set_proxies(const Recorder *p)
{
    char *url = g_strdup_printf("http://127.0.0.1:%u", recorder_port(p));
    static const char *const names[] = { "http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY",
                                         "ALL_PROXY", "all_proxy" };
    for (size_t i = 0; i < G_N_ELEMENTS(names); i++)
        setenv(names[i], url, 1);
    unsetenv("no_proxy");
    unsetenv("NO_PROXY");
    g_free(url);
}

static NetResult *run_job(const char *provider, const char *base_url, const char *token)
{
    NetJob *job = g_new0(NetJob, 1);
    job->d = provider_set_find(&T.set, provider);
    Values v;
    values_init(&v);
    values_set(&v, "name", "Brighton Mboya", 14);
    values_set(&v, "email", "brighton@jani.com", 17);
    char *base = base_url ? g_strdup(base_url) : sandbox_base_url(T.sb, provider);
    RequestOptions opt = { .base_url = base };
    char *err = NULL;
    cr_assert(request_build(job->d, &v, &opt, &job->request, &err), "%s", err);
    job->token = g_strdup(token);
    job->limits = net_limits_default();
    values_done(&v);
    g_free(base);
    guint64 id = net_submit(NT, job);
    NetResult *result = NULL;
    for (int polls = 0; !result && polls < 400; polls++) {
        struct pollfd p = { .fd = net_thread_fd(NT), .events = POLLIN };
        poll(&p, 1, 50);
        net_thread_drain_fd(NT);
        NetMessage *m;
        while ((m = net_next_message(NT))) {
            if (m->kind == NET_MSG_DONE && m->job_id == id)
                result = m->result, m->result = NULL;
            net_message_free(m);
        }
    }
    cr_assert_not_null(result, "the job finished");
    return result;
}

Test(url_proxy, loopback_requests_never_go_through_a_proxy, .init = start, .fini = stop)
{
    Recorder *proxy = recorder_start("127.0.0.1", NULL);
    set_proxies(proxy);
    NetResult *r = run_job("prolifi", NULL, sandbox_token_for(T.sb, "prolifi"));
    unsigned connections = 0;
    char *seen = recorder_stop(proxy, &connections);
    cr_expect_eq(r->outcome, OUTCOME_CREATED, "the sandbox itself answered: %d %s", r->status,
                 r->error ? r->error : "");
    cr_expect_eq(connections, 0, "the proxy saw nothing: %s", seen);
    net_result_free(r);
    g_free(seen);
}

Test(url_proxy, https_goes_through_a_proxy_only_as_a_tunnel, .init = start, .fini = stop)
{
    Recorder *proxy = recorder_start("127.0.0.1", NULL);
    set_proxies(proxy);
    NetResult *r = run_job("prolifi", "https://api.prolifi.invalid/api/v1/public", LIVE_TOKEN);
    char *seen = recorder_stop(proxy, NULL);
    cr_expect_eq(r->outcome, OUTCOME_NOT_SENT, "the proxy refused the tunnel: %s", r->error);
    cr_expect(g_str_has_prefix(seen, "CONNECT api.prolifi.invalid:443 "), "a tunnel: %s", seen);
    cr_expect_null(strstr(seen, LIVE_TOKEN), "no token for the proxy: %s", seen);
    cr_expect_null(strstr(seen, "/customers"), "not even the path: %s", seen);
    net_result_free(r);
    g_free(seen);
}
