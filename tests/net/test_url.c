/* Where a token may go: which URLs pass, the address check made once
 * connected, before a byte is sent. */
#include "net/netthread.h"
#include "tests/support/recorder.h"

#include <criterion/criterion.h>
#include <curl/curl.h>
#include <glib.h>
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
