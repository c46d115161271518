/* `custty create` sending for real, against sandboxes, as a script would. */
#include "model/jsonpath.h"
#include "tests/support/hostile.h"
#include "tests/support/http.h"
#include "tests/support/support.h"

#include <criterion/criterion.h>
#include <glib.h>
#include <string.h>

Test(create_send, each_builtin_sandbox_profile_creates)
{
    const char *const *cases[] = {
        (const char *const[]){ "create", "--profile", "botpenguin-sandbox", "--set", "username=Garima@test.com",
                               "--set", "name=Garima", "--set", "password=Garima23$", NULL },
        (const char *const[]){ "create", "--profile", "billing-sandbox", "--set", "name=Brighton Mboya",
                               "--set", "email=brighton@jani.com", "--set", "address.country=TZ", NULL },
        (const char *const[]){ "create", "--profile", "prolifi-sandbox", "--set", "email=john@example.com",
                               "--set", "name=John Doe", NULL },
    };
    static const char *const want[] = { "onboard: true", "id: \"cus_", "first_name: \"John\"" };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        RunResult r = support_run_custty(cases[i], NULL, NULL);
        cr_expect_eq(r.status, 0, "case %zu: %s", i, r.err);
        cr_expect(strstr(r.out, "Created: "), "case %zu: %s", i, r.out);
        cr_expect(strstr(r.out, want[i]), "case %zu shows the whole record: %s", i, r.out);
        support_run_done(&r);
    }
}

Test(create_send, json_prints_the_record_alone)
{
    const char *argv[] = { "create", "--profile", "billing-sandbox", "--json", "--set", "name=A B",
                           "--set", "email=ab@example.com", NULL };
    RunResult r = support_run_custty(argv, NULL, NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cJSON *rec = cJSON_Parse(r.out);
    cr_expect(g_str_has_prefix(jsonpath_string(rec, "id"), "cus_"), "%s", r.out);
    cJSON_Delete(rec);
    support_run_done(&r);
}

static TestSandbox T;
static void start(void) { test_sandbox_start(&T, NULL); }
static void stop(void) { test_sandbox_stop(&T); }

Test(create_send, rejected_exits_1_with_message_and_field_errors, .init = start, .fini = stop)
{
    char *base = sandbox_base_url(T.sb, "billing-v1");
    const char *argv[] = { "create", "--provider", "billing-v1", "--base-url", base, "--set", "name=A",
                           "--set", "email=dup@example.com", NULL };
    RunResult r = support_run_custty(argv, NULL, NULL);
    cr_expect_eq(r.status, 0, "%s", r.err);
    support_run_done(&r);
    r = support_run_custty(argv, NULL, NULL);
    cr_expect_eq(r.status, 1);
    cr_expect(strstr(r.err, "rejected (HTTP 409)"), "%s", r.err);
    cr_expect(strstr(r.err, "email: customer email conflicts with customer of id cus_"), "%s", r.err);
    cr_expect(strstr(r.err, "not created"), "says plainly: %s", r.err);
    support_run_done(&r);
    g_free(base);
}

Test(create_send, read_only_key_is_refused_before_sending)
{
    const char *argv[] = { "create", "--provider", "prolifi", "--base-url", "http://127.0.0.1:9",
                           "--set", "email=a@b.co", NULL };
    const char *env[] = { "CUSTTY_TOKEN=pk_test_sandbox", NULL };
    RunResult r = support_run_custty(argv, env, NULL);
    cr_expect_eq(r.status, 2);
    cr_expect(strstr(r.err, "read-only"), "%s", r.err);
    support_run_done(&r);
}

Test(create_send, no_token_says_how_to_set_one)
{
    const char *argv[] = { "create", "--provider", "prolifi", "--base-url", "http://127.0.0.1:9",
                           "--set", "email=a@b.co", NULL };
    RunResult r = support_run_custty(argv, NULL, NULL);
    cr_expect_eq(r.status, 2);
    cr_expect(strstr(r.err, "CUSTTY_TOKEN") && strstr(r.err, "custty token set"), "%s", r.err);
    support_run_done(&r);
}

Test(create_send, not_sent_exits_3_and_says_safe_to_retry)
{
    const char *argv[] = { "create", "--provider", "billing-v1", "--base-url", "http://127.0.0.1:9",
                           "--set", "name=A", "--set", "email=a@b.co", NULL };
    RunResult r = support_run_custty(argv, NULL, NULL);
    cr_expect_eq(r.status, 3);
    cr_expect(strstr(r.err, "not sent"), "%s", r.err);
    cr_expect(strstr(r.err, "safe to retry"), "%s", r.err);
    support_run_done(&r);
}

/* A provider that takes the request and never answers (not a latency the
 * timeout races: no answer can come first, however slow the machine). */
Test(create_send, timeout_after_sending_is_unknown_with_the_key_to_resend)
{
    HostileServer *silent = hostile_start(NULL);
    char *base = hostile_base_url(silent);
    const char *argv[] = { "create", "--provider", "prolifi", "--base-url", base, "--timeout", "3",
                           "--set", "email=slow@example.com", NULL };
    const char *env[] = { "CUSTTY_TOKEN=sk_test_sandbox", NULL };
    RunResult r = support_run_custty(argv, env, NULL);
    cr_expect_eq(r.status, 3);
    cr_expect(strstr(r.err, "unknown"), "%s", r.err);
    cr_expect(strstr(r.err, "may or may not exist"), "%s", r.err);
    cr_expect(strstr(r.err, "--idempotency-key "), "%s", r.err);
    support_run_done(&r);
    g_free(base);
    hostile_stop(silent);
}

/* A 2xx the descriptor does not list in create.success_status: the provider
 * did something, but the status alone cannot say the customer was made. */
Test(create_send, an_undocumented_2xx_is_unknown_and_exits_3)
{
    char *record = support_fixture("billing_create_201.json", NULL);
    char *answer = hostile_answer("200 OK", "", record);
    HostileServer *h = hostile_start(answer);
    char *base = hostile_base_url(h);
    const char *argv[] = { "create", "--provider", "billing-v1", "--base-url", base, "--set", "name=A",
                           "--set", "email=a@b.co", NULL };
    RunResult r = support_run_custty(argv, NULL, NULL);
    cr_expect_eq(r.status, 3, "exit %d: %s%s", r.status, r.out, r.err);
    cr_expect(strstr(r.err, "unknown (HTTP 200)"), "%s", r.err);
    cr_expect(strstr(r.err, "answered 200") && strstr(r.err, "documents 201"), "names both: %s", r.err);
    cr_expect(strstr(r.err, "may or may not exist"), "%s", r.err);
    cr_expect_null(strstr(r.out, "Created"), "%s", r.out);
    support_run_done(&r);
    g_free(base), g_free(answer), g_free(record);
    hostile_stop(h);
}

Test(create_send, a_key_with_a_definite_answer_is_not_sent_again, .init = start, .fini = stop)
{
    char *base = sandbox_base_url(T.sb, "prolifi"), *key = g_uuid_string_random();
    const char *argv[] = { "create", "--provider", "prolifi", "--base-url", base, "--json",
                           "--idempotency-key", key, "--set", "email=once@example.com", NULL };
    const char *env[] = { "CUSTTY_TOKEN=sk_test_sandbox", NULL };
    RunResult a = support_run_custty(argv, env, NULL), b = support_run_custty(argv, env, NULL);
    cr_expect_eq(a.status, 0, "%s", a.err);
    cr_expect_eq(b.status, 2, "created is a definite answer: the key is spent\n%s", b.err);
    cr_expect(strstr(b.err, "already has a definite answer (created"), "%s", b.err);
    support_run_done(&a), support_run_done(&b);
    char *url = test_sandbox_url(&T, "prolifi", "/customers");
    HttpReply list = http_do("GET", url, (const char *const[]){ "Authorization: Bearer sk_test_sandbox", NULL }, NULL);
    cr_expect_eq(jsonpath_get(list.json, "pagination.total")->valueint, 1);
    http_done(&list);
    g_free(url), g_free(base), g_free(key);
}

Test(create_send, curl_writes_the_token_as_a_variable)
{
    const char *argv[] = { "create", "--provider", "prolifi", "--base-url", "http://127.0.0.1:9", "--curl",
                           "--set", "email=o'neil@example.com", NULL };
    const char *env[] = { "CUSTTY_TOKEN=sk_live_realsecretvalue123", NULL };
    RunResult r = support_run_custty(argv, env, NULL);
    cr_expect_eq(r.status, 0, "%s", r.err);
    cr_expect(strstr(r.out, "\"Authorization: Bearer $CUSTTY_TOKEN\""), "%s", r.out);
    cr_expect_null(strstr(r.out, "realsecret"));
    cr_expect(strstr(r.out, "o'\\''neil@example.com"), "quoted for the shell: %s", r.out);
    cr_expect(strstr(r.out, "Idempotency-Key: "), "%s", r.out);
    support_run_done(&r);
}

Test(create_send, no_public_host_is_a_clear_error)
{
    const char *argv[] = { "create", "--provider", "billing-v1", "--set", "name=A", "--set", "email=a@b.co", NULL };
    RunResult r = support_run_custty(argv, NULL, NULL);
    cr_expect_eq(r.status, 2);
    cr_expect(strstr(r.err, "no public host") && strstr(r.err, "--base-url"), "%s", r.err);
    support_run_done(&r);
}
