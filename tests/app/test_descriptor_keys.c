/* Every descriptor key does what it says, seen from the command line: a
 * person's own descriptor (a shipped one with one edit) in their providers
 * folder, and what custty sends, refuses and prints because of it. */
#include "tests/support/hostile.h"
#include "tests/support/support.h"

#include <criterion/criterion.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

/* A config home holding providers/NAME.json: SHIPPED's file with FROM
 * replaced by TO. ENV is "XDG_CONFIG_HOME=…" for support_run_custty. */
typedef struct {
    char *home, *dir, *file, *env;
} UserProvider;

static void user_provider(UserProvider *u, const char *shipped, const char *name, const char *from, const char *to)
{
    char *path = g_strdup_printf("assets/providers/%s.json", shipped), *text = NULL;
    cr_assert(g_file_get_contents(path, &text, NULL, NULL), "reading %s", path);
    char *at = strstr(text, from);
    cr_assert_not_null(at, "%s has %s", path, from);
    char *edited = g_strdup_printf("%.*s%s%s", (int)(at - text), text, to, at + strlen(from));
    u->home = g_dir_make_tmp("custty-keys-XXXXXX", NULL);
    u->dir = g_build_filename(u->home, "custty", "providers", NULL);
    g_mkdir_with_parents(u->dir, 0700);
    char *base = g_strdup_printf("%s.json", name);
    u->file = g_build_filename(u->dir, base, NULL);
    cr_assert(g_file_set_contents(u->file, edited, -1, NULL));
    u->env = g_strdup_printf("XDG_CONFIG_HOME=%s", u->home);
    g_free(base), g_free(edited), g_free(text), g_free(path);
}

static void user_provider_done(UserProvider *u)
{
    g_remove(u->file);
    char *custty = g_path_get_dirname(u->dir);
    g_rmdir(u->dir), g_rmdir(custty), g_rmdir(u->home);
    g_free(custty), g_free(u->home), g_free(u->dir), g_free(u->file), g_free(u->env);
}

/* The value of header NAME in REQUEST as a server read it (g_free), or NULL. */
static char *request_header_value(const char *request, const char *name)
{
    char *needle = g_strdup_printf("\r\n%s:", name);
    const char *at = strstr(request, needle);
    char *value = NULL;
    if (at) {
        at += strlen(needle);
        value = g_strstrip(g_strndup(at, strcspn(at, "\r\n")));
    }
    g_free(needle);
    return value;
}

/* ---- idempotency.max_length ------------------------------------------------- */

static UserProvider U;
static void stop_user(void) { user_provider_done(&U); }

Test(idempotency_max_length, a_longer_key_is_refused_before_sending, .fini = stop_user)
{
    user_provider(&U, "prolifi", "shortkeys", "\"Idempotency-Key\", \"max_length\": 255", "\"Idempotency-Key\", \"max_length\": 20");
    const char *argv[] = { "create", "--provider", "shortkeys", "--base-url", "http://127.0.0.1:9",
                           "--idempotency-key", "k-1234567890123456789", "--set", "email=a@b.co", NULL };
    const char *env[] = { U.env, "CUSTTY_TOKEN=sk_test_sandbox", NULL };
    RunResult r = support_run_custty(argv, env, NULL);
    cr_expect_eq(r.status, 2, "exit %d: %s", r.status, r.err);
    cr_expect(strstr(r.err, "21 characters") && strstr(r.err, "at most 20"), "names the limit: %s", r.err);
    cr_expect_null(strstr(r.err, "not sent ("), "refused before any connection: %s", r.err);
    support_run_done(&r);
}

Test(idempotency_max_length, custtys_own_key_fits_the_limit, .fini = stop_user)
{
    user_provider(&U, "prolifi", "shortkeys", "\"Idempotency-Key\", \"max_length\": 255", "\"Idempotency-Key\", \"max_length\": 20");
    char *answer = hostile_answer("201 Created", "", "{\"data\":{\"id\":\"c1\",\"email\":\"a@b.co\"}}");
    HostileServer *h = hostile_start(answer);
    char *base = hostile_base_url(h);
    const char *argv[] = { "create", "--provider", "shortkeys", "--base-url", base, "--set", "email=a@b.co", NULL };
    const char *env[] = { U.env, "CUSTTY_TOKEN=sk_test_sandbox", NULL };
    RunResult r = support_run_custty(argv, env, NULL);
    cr_expect_eq(r.status, 0, "%s", r.err);
    char *key = request_header_value(hostile_wait_request(h, 1), "Idempotency-Key");
    cr_assert_not_null(key, "a key was sent");
    cr_expect(strlen(key) >= 16 && strlen(key) <= 20, "the key fits 20: \"%s\"", key);
    support_run_done(&r);
    g_free(key), g_free(base), g_free(answer);
    hostile_stop(h);
}

/* ---- rate_limit ----------------------------------------------------------- */

static HostileServer *S;
static void stop_server(void) { hostile_stop(S); }

static RunResult prolifi_create_against(const char *answer, bool verbose)
{
    S = hostile_start(answer);
    char *base = hostile_base_url(S);
    const char *argv[] = { "create", "--provider", "prolifi", "--base-url", base, "--set", "email=a@b.co",
                           verbose ? "--verbose" : NULL, NULL };
    const char *env[] = { "CUSTTY_TOKEN=sk_test_sandbox", NULL };
    RunResult r = support_run_custty(argv, env, NULL);
    g_free(base);
    return r;
}

Test(rate_limit, verbose_says_the_quota_left, .fini = stop_server)
{
    char *answer = hostile_answer("201 Created", "X-RateLimit-Limit: 1000\r\nX-RateLimit-Remaining: 997\r\n",
                                  "{\"data\":{\"id\":\"c1\",\"email\":\"a@b.co\"}}");
    RunResult r = prolifi_create_against(answer, true);
    cr_expect_eq(r.status, 0, "%s", r.err);
    cr_expect(strstr(r.err, "Prolifi Public API: 997 of 1000 requests left in this rate-limit window"), "%s", r.err);
    support_run_done(&r);
    g_free(answer);
}

Test(rate_limit, a_low_quota_is_said_without_verbose_too, .fini = stop_server)
{
    char *answer = hostile_answer("201 Created", "X-RateLimit-Limit: 1000\r\nX-RateLimit-Remaining: 3\r\n",
                                  "{\"data\":{\"id\":\"c1\",\"email\":\"a@b.co\"}}");
    RunResult r = prolifi_create_against(answer, false);
    cr_expect_eq(r.status, 0, "%s", r.err);
    cr_expect(strstr(r.err, "note: Prolifi Public API: 3 of 1000 requests left in this rate-limit window"), "%s", r.err);
    support_run_done(&r);
    g_free(answer);
}

Test(rate_limit, a_429_says_when_to_retry_and_that_none_are_left, .fini = stop_server)
{
    char *answer = hostile_answer("429 Too Many Requests",
                                  "Retry-After: 30\r\nX-RateLimit-Limit: 1000\r\nX-RateLimit-Remaining: 0\r\n",
                                  "{\"error\":{\"type\":\"rate_limit_error\",\"message\":\"Too many requests\"}}");
    RunResult r = prolifi_create_against(answer, false);
    cr_expect_eq(r.status, 1, "%s", r.err);
    cr_expect(strstr(r.err, "Retry after 30 s (at "), "says how long and until when: %s", r.err);
    cr_expect(strstr(r.err, "0 of 1000 requests left in this rate-limit window"), "%s", r.err);
    support_run_done(&r);
    g_free(answer);
}

/* ---- docs ------------------------------------------------------------------- */

Test(docs, providers_says_where_each_provider_documents_its_api)
{
    const char *argv[] = { "providers", NULL };
    RunResult r = support_run_custty(argv, NULL, NULL);
    cr_expect_eq(r.status, 0, "%s", r.err);
    cr_expect(strstr(r.out, "docs:    https://docs.prolifi.io/endpoints/customers/create-customer"), "%s", r.out);
    cr_expect(strstr(r.out, "docs:    https://partners.botpenguin.com/"), "%s", r.out);
    support_run_done(&r);
}
