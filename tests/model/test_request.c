/* The exact requests each provider expects, reproduced from the seeds' examples. */
#include "model/request.h"
#include "tests/support/support.h"

#include <criterion/criterion.h>
#include <glib.h>
#include <string.h>

static void set(Values *v, const char *name, const char *text)
{
    values_set(v, name, text, strlen(text));
}

static Request build(const Descriptor *d, const Values *v, const char *token)
{
    Request r;
    char *err = NULL;
    RequestOptions opt = { .base_url = "http://127.0.0.1:9/base/", .token = token,
                           .idempotency_key = "draft-key-1" };
    cr_assert(request_build(d, v, &opt, &r, &err), "builds: %s", err ? err : "");
    return r;
}

Test(request, botpenguin_seed_example)
{
    Descriptor *d = support_provider("botpenguin");
    Values v;
    values_init(&v);
    set(&v, "username", "Garima@test.com");
    set(&v, "name", "Garima");
    set(&v, "password", "Garima23$");
    Request r = build(d, &v, "partner-token-123456");
    char *want = support_fixture("botpenguin_create_request.json", NULL);
    cr_expect(support_json_equal(r.body, want), "body %s", r.body);
    cr_expect_str_eq(r.url, "http://127.0.0.1:9/base/customer/create");
    cr_expect_str_eq(r.method, "POST");
    cr_expect_str_eq(request_header(&r, "authtype"), "Key");
    cr_expect_str_eq(request_header(&r, "Authorization"), "Bearer partner-token-123456");
    cr_expect_null(request_header(&r, "Idempotency-Key"), "BotPenguin has no idempotency");
    g_free(want);
    request_done(&r);
    values_done(&v);
    descriptor_free(d);
}

static void fill_billing(Values *v, const char *country)
{
    set(v, "name", "Brighton Mboya");
    set(v, "email", "brighton@jani.com");
    set(v, "phone", "+2557881234567");
    set(v, "address.city", "Dar es Salaam");
    set(v, "address.country", country);
    set(v, "payment_method", "card_01h3vjs3b16yc3f9q8q9pfrb79");
    set(v, "status", "active");
    set(v, "custom_data", "{\"loyalty_program\": \"Gold\"}");
}

Test(request, billing_seed_example_with_TZ)
{
    Descriptor *d = support_provider("billing-v1");
    Values v;
    values_init(&v);
    fill_billing(&v, "TZ");
    Request r = build(d, &v, NULL);
    char *want = support_fixture("billing_create_request.json", NULL);
    cJSON *expected = cJSON_Parse(want);
    cJSON_ReplaceItemInObject(cJSON_GetObjectItem(expected, "address"), "country", cJSON_CreateString("TZ"));
    char *expected_text = cJSON_Print(expected);
    cr_expect(support_json_equal(r.body, expected_text), "body %s", r.body);
    cr_expect(strstr(r.body, "\"custom_data\":{\"loyalty_program\""), "JSON embedded as an object");
    cr_expect_null(request_header(&r, "Authorization"), "no token, no header");
    free(expected_text);
    cJSON_Delete(expected);
    g_free(want);
    request_done(&r);
    values_done(&v);
    descriptor_free(d);
}

Test(request, billing_seed_example_as_written_is_refused)
{
    Descriptor *d = support_provider("billing-v1");
    Values v;
    values_init(&v);
    fill_billing(&v, "Tanzania");
    Request r;
    char *err = NULL;
    RequestOptions opt = { .base_url = "http://127.0.0.1:9" };
    cr_expect_not(request_build(d, &v, &opt, &r, &err));
    cr_expect(strstr(err, "use TZ"), "%s", err);
    g_free(err);
    values_done(&v);
    descriptor_free(d);
}

Test(request, prolifi_seed_examples_and_idempotency)
{
    Descriptor *d = support_provider("prolifi");
    Values v;
    values_init(&v);
    set(&v, "email", "billing@acmecorp.com");
    set(&v, "first_name", "Jane");
    set(&v, "last_name", "Smith");
    set(&v, "company_name", "Acme Corporation");
    set(&v, "external_id", "org_67890");
    set(&v, "phone", "+2348012345678");
    Request r = build(d, &v, "sk_test_sandbox");
    char *want = support_fixture("prolifi_create_request_business.json", NULL);
    cr_expect(support_json_equal(r.body, want), "body %s", r.body);
    cr_expect_str_eq(r.url, "http://127.0.0.1:9/base/customers");
    cr_expect_str_eq(request_header(&r, "Idempotency-Key"), "draft-key-1");
    g_free(want);
    request_done(&r);
    values_done(&v);
    values_init(&v);
    set(&v, "email", "john@example.com");
    set(&v, "name", "John Doe");
    set(&v, "external_id", "user_12345");
    set(&v, "country_id", "d290f1ee-6c54-4b01-90e6-d701748f0851");
    r = build(d, &v, "sk_test_sandbox");
    want = support_fixture("prolifi_create_request.json", NULL);
    cr_expect(support_json_equal(r.body, want), "body %s", r.body);
    g_free(want);
    request_done(&r);
    values_done(&v);
    descriptor_free(d);
}

Test(request, only_filled_fields_and_normalised_values)
{
    Descriptor *d = support_provider("billing-v1");
    Values v;
    values_init(&v);
    set(&v, "name", "  Zoë Ñúñez ");
    set(&v, "email", "zoe@example.com");
    set(&v, "phone", "+255 788-123.4567");
    set(&v, "address.country", "tz");
    set(&v, "address.city", "");
    Request r = build(d, &v, NULL);
    cr_expect(support_json_equal(r.body, "{\"name\":\"Zoë Ñúñez\",\"email\":\"zoe@example.com\","
                                         "\"phone\":\"+2557881234567\",\"address\":{\"country\":\"TZ\"}}"),
              "body %s", r.body);
    request_done(&r);
    values_done(&v);
    descriptor_free(d);
}

Test(request, printable_form_masks_the_token)
{
    Descriptor *d = support_provider("prolifi");
    Values v;
    values_init(&v);
    set(&v, "email", "a@example.com");
    Request r = build(d, &v, "sk_live_verysecretvalue1234567890");
    char *text = request_to_printable_json(&r, false);
    cr_expect_null(strstr(text, "verysecret"), "token hidden: %s", text);
    cr_expect(strstr(text, "\"Authorization\":\"Bearer sk_live_"), "scheme kept: %s", text);
    cJSON *j = cJSON_Parse(text);
    cr_expect(cJSON_IsObject(cJSON_GetObjectItem(j, "body")));
    cr_expect(cJSON_IsObject(cJSON_GetObjectItem(j, "headers")));
    cJSON_Delete(j);
    g_free(text);
    request_done(&r);
    values_done(&v);
    descriptor_free(d);
}

Test(request, missing_base_url_is_a_clear_error)
{
    Descriptor *d = support_provider("billing-v1");
    Values v;
    values_init(&v);
    set(&v, "name", "A");
    set(&v, "email", "a@example.com");
    Request r;
    char *err = NULL;
    RequestOptions opt = { 0 };
    cr_expect_not(request_build(d, &v, &opt, &r, &err));
    cr_expect(strstr(err, "base URL"), "%s", err);
    g_free(err);
    values_done(&v);
    descriptor_free(d);
}

Test(request, url_join_slashes)
{
    char *u = url_join("https://x.test/api/", "/customers");
    cr_expect_str_eq(u, "https://x.test/api/customers");
    g_free(u);
}

/* An idempotency key from argv or a history file goes into a header line as
 * it is: a line break in it would add headers of its writer's choosing. */
Test(request, an_idempotency_key_that_would_add_a_header_is_refused)
{
    Descriptor *d = support_provider("prolifi");
    Values v;
    values_init(&v);
    set(&v, "email", "jane@example.com");
    char *long_key = g_strnfill((gsize)d->idempotency_max + 1, 'k');
    const char *bad[] = { "key\r\nX-Injected: yes", "key\nX-Injected: yes", "key\x1b[2J", long_key };
    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
        Request r;
        char *err = NULL;
        RequestOptions opt = { .base_url = "http://127.0.0.1:9", .token = "sk_test_x", .idempotency_key = bad[i] };
        cr_expect_not(request_build(d, &v, &opt, &r, &err), "key %zu is refused", i);
        cr_expect(err && strstr(err, "idempotency key"), "and said why: %s", err);
        if (!err)
            request_done(&r);
        g_free(err);
    }
    g_free(long_key);
    values_done(&v);
    descriptor_free(d);
}

static bool built(const Descriptor *d, const char *key, char **err)
{
    Values v;
    values_init(&v);
    set(&v, "email", "jane@example.com");
    Request r;
    RequestOptions opt = { .base_url = "http://127.0.0.1:9", .token = "sk_test_x", .idempotency_key = key };
    bool ok = request_build(d, &v, &opt, &r, err);
    if (ok)
        request_done(&r);
    values_done(&v);
    return ok;
}

/* idempotency.max_length is enforced before sending, and custty's own keys
 * fit it: a UUID where one fits, else a shorter random key. */
Test(request, idempotency_max_length_is_enforced_and_custtys_keys_fit)
{
    Descriptor *d = support_provider_edited("prolifi", "\"Idempotency-Key\", \"max_length\": 255", "\"Idempotency-Key\", \"max_length\": 20");
    char *err = NULL, *longer = g_strnfill(21, 'k'), *exact = g_strnfill(20, 'k');
    cr_expect_not(built(d, longer, &err), "a key of 21 characters is refused");
    cr_expect(err && strstr(err, "21 characters") && strstr(err, "at most 20"), "names the limit: %s", err);
    g_free(err), err = NULL;
    cr_expect(built(d, exact, &err), "20 fit: %s", err);
    for (int i = 0; i < 50; i++) {
        char *key = request_new_idempotency_key(d), *other = request_new_idempotency_key(d);
        cr_expect_eq(strlen(key), 20, "%s", key);
        cr_expect_str_neq(key, other);
        cr_expect(built(d, key, &err), "its own key goes: %s", err);
        g_free(key), g_free(other);
    }
    descriptor_free(d);
    d = support_provider("prolifi");
    char *key = request_new_idempotency_key(d);
    cr_expect(g_uuid_string_is_valid(key), "a UUID where 255 fit: %s", key);
    g_free(key), g_free(longer), g_free(exact);
    descriptor_free(d);
}
