/* The sandbox over real HTTP: every behaviour the three providers have, the
 * faults QA injects, and hostile clients. */
#include "model/jsonpath.h"
#include "net/sandbox_engine.h"
#include "tests/support/http.h"

#include <criterion/criterion.h>
#include <glib.h>
#include <string.h>
#include <arpa/inet.h>
#include <stdlib.h>
#include <stdio.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

static TestSandbox T;

static void start(void) { test_sandbox_start(&T, NULL); }
static void stop(void) { test_sandbox_stop(&T); }

#define JSON_CT "Content-Type: application/json"
static const char *const BP_AUTH[] = { "Authorization: Bearer sandbox-token", "authtype: Key", JSON_CT, NULL };
static const char *const BILL_AUTH[] = { JSON_CT, NULL };
static const char *const PRO_SK[] = { "Authorization: Bearer sk_test_sandbox", JSON_CT, NULL };
static const char *const PRO_PK[] = { "Authorization: Bearer pk_test_sandbox", JSON_CT, NULL };

static HttpReply call(const char *method, const char *provider, const char *path,
                      const char *const *headers, const char *body)
{
    char *url = test_sandbox_url(&T, provider, path);
    HttpReply r = http_do(method, url, headers, body);
    g_free(url);
    return r;
}

/* Headers plus one more. */
static const char **with(const char *const *base, const char *extra)
{
    static const char *buf[8];
    size_t i = 0;
    for (; base[i] && i < 6; i++)
        buf[i] = base[i];
    buf[i++] = extra;
    buf[i] = NULL;
    return buf;
}

static const char *GARIMA = "{\"username\":\"Garima@test.com\",\"name\":\"Garima\",\"password\":\"Garima23$\"}";

/* ---- BotPenguin ------------------------------------------------------------ */

TestSuite(sandbox_botpenguin, .init = start, .fini = stop);

Test(sandbox_botpenguin, create_returns_every_seed_field)
{
    HttpReply r = call("POST", "botpenguin", "/customer/create", BP_AUTH, GARIMA);
    cr_assert_eq(r.status, 201, "%s", r.body);
    cr_expect(cJSON_IsTrue(jsonpath_get(r.json, "success")));
    cr_expect_eq(jsonpath_get(r.json, "code")->valueint, 201);
    const cJSON *data = jsonpath_get(r.json, "data");
    char *seed = g_strdup("tests/fixtures/botpenguin_create_201.json"), *text = NULL;
    g_file_get_contents(seed, &text, NULL, NULL);
    cJSON *whole = cJSON_Parse(text);
    cJSON *want = cJSON_GetObjectItem(whole, "data");
    const cJSON *k;
    cJSON_ArrayForEach(k, want)
        cr_expect_not_null(cJSON_GetObjectItem(data, k->string), "field %s present", k->string);
    cr_expect_str_eq(jsonpath_string(data, "contact.email"), "garima@test.com", "lower-cased");
    cr_expect_str_eq(jsonpath_string(data, "username"), "Garima@test.com");
    cr_expect_eq(strlen(jsonpath_string(data, "_id")), 24);
    cr_expect_str_neq(jsonpath_string(data, "_id"), "695e2c30ca5497614f9021fe", "a fresh id");
    cr_expect_null(cJSON_GetObjectItem(data, "password"), "the password is never echoed");
    cJSON_Delete(whole);
    g_free(seed), g_free(text);
    http_done(&r);
}

Test(sandbox_botpenguin, limit_period_is_thirty_days_and_limit_sets_ai_limit)
{
    HttpReply r = call("POST", "botpenguin", "/customer", BP_AUTH,
                       "{\"username\":\"l@test.com\",\"name\":\"L\",\"password\":\"Password1!\",\"limit\":250}");
    cr_assert_eq(r.status, 201, "%s", r.body);
    cr_expect_eq(jsonpath_get(r.json, "data.ai.limit")->valueint, 250);
    GTimeZone *utc = g_time_zone_new_utc();
    GDateTime *from = g_date_time_new_from_iso8601(jsonpath_string(r.json, "data.limitPeriod.from"), utc);
    GDateTime *to = g_date_time_new_from_iso8601(jsonpath_string(r.json, "data.limitPeriod.to"), utc);
    cr_assert(from && to);
    cr_expect_eq(g_date_time_difference(to, from) / G_TIME_SPAN_DAY, 30);
    g_date_time_unref(from), g_date_time_unref(to), g_time_zone_unref(utc);
    http_done(&r);
}

Test(sandbox_botpenguin, duplicate_username_is_success_false)
{
    HttpReply r = call("POST", "botpenguin", "/customer/create", BP_AUTH, GARIMA);
    http_done(&r);
    r = call("POST", "botpenguin", "/customer/create", BP_AUTH,
             "{\"username\":\"garima@TEST.com\",\"name\":\"G2\",\"password\":\"Garima23$\"}");
    cr_expect(cJSON_IsFalse(jsonpath_get(r.json, "success")), "%s", r.body);
    cr_expect(strstr(jsonpath_string(r.json, "message"), "already exists"));
    http_done(&r);
}

Test(sandbox_botpenguin, auth_needs_bearer_and_authtype)
{
    static const char *const no_authtype[] = { "Authorization: Bearer sandbox-token", JSON_CT, NULL };
    static const char *const wrong[] = { "Authorization: Bearer nope-nope-nope", "authtype: Key", JSON_CT, NULL };
    HttpReply r = call("POST", "botpenguin", "/customer/create", no_authtype, GARIMA);
    cr_expect_eq(r.status, 401);
    cr_expect(cJSON_IsFalse(jsonpath_get(r.json, "success")), "envelope format: %s", r.body);
    http_done(&r);
    r = call("POST", "botpenguin", "/customer/create", wrong, GARIMA);
    cr_expect_eq(r.status, 401);
    http_done(&r);
}

Test(sandbox_botpenguin, validation_uses_the_client_validators)
{
    HttpReply r = call("POST", "botpenguin", "/customer/create", BP_AUTH,
                       "{\"username\":\"not-an-email\",\"name\":\"X\",\"password\":\"short\"}");
    cr_expect_eq(r.status, 400);
    const char *msg = jsonpath_string(r.json, "message");
    cr_expect(strstr(msg, "username") && strstr(msg, "password"), "%s", msg);
    http_done(&r);
}

Test(sandbox_botpenguin, list_and_delete)
{
    HttpReply r = call("POST", "botpenguin", "/customer/create", BP_AUTH, GARIMA);
    char *id = g_strdup(jsonpath_string(r.json, "data._id"));
    http_done(&r);
    r = call("GET", "botpenguin", "/customer/list?page=1&sort=createdAt", BP_AUTH, NULL);
    cr_assert_eq(r.status, 200);
    const cJSON *first = cJSON_GetArrayItem(jsonpath_get(r.json, "data"), 0);
    cr_expect_str_eq(jsonpath_string(first, "_id"), id);
    cr_expect_str_eq(jsonpath_string(first, "contact.email"), "garima@test.com");
    cr_expect_not_null(cJSON_GetObjectItem(first, "lastLogin"));
    http_done(&r);
    char *path = g_strdup_printf("/customer/%s", id);
    r = call("DELETE", "botpenguin", path, BP_AUTH, NULL);
    cr_expect_eq(r.status, 200);
    http_done(&r);
    r = call("DELETE", "botpenguin", path, BP_AUTH, NULL);
    cr_expect_eq(r.status, 404);
    http_done(&r);
    g_free(path), g_free(id);
}

/* ---- billing-v1 -------------------------------------------------------------- */

TestSuite(sandbox_billing, .init = start, .fini = stop);

static const char *BRIGHTON = "{\"name\":\"Brighton Mboya\",\"email\":\"brighton@jani.com\","
                              "\"phone\":\"+2557881234567\",\"address\":{\"city\":\"Dar es Salaam\",\"country\":\"TZ\"},"
                              "\"payment_method\":\"card_01h3vjs3b16yc3f9q8q9pfrb79\",\"custom_data\":{\"loyalty_program\":\"Gold\"}}";

Test(sandbox_billing, create_gives_typeid_times_and_active)
{
    HttpReply r = call("POST", "billing-v1", "/api/v1/customers", BILL_AUTH, BRIGHTON);
    cr_assert_eq(r.status, 201, "%s", r.body);
    const char *id = jsonpath_string(r.json, "id");
    cr_expect(g_str_has_prefix(id, "cus_") && strlen(id) == 30, "%s", id);
    for (const char *p = id + 4; *p; p++)
        cr_expect(strchr("0123456789abcdefghjkmnpqrstvwxyz", *p), "Crockford base32: %s", id);
    cr_expect(strchr("01234567", id[4]), "TypeID's first digit is 0-7");
    cr_expect_str_eq(jsonpath_string(r.json, "status"), "active");
    cr_expect_str_eq(jsonpath_string(r.json, "address.country"), "TZ");
    cr_expect_str_eq(jsonpath_string(r.json, "custom_data.loyalty_program"), "Gold");
    cr_expect_not_null(jsonpath_string(r.json, "created_at"));
    cr_expect_not_null(jsonpath_string(r.json, "updated_at"));
    http_done(&r);
}

Test(sandbox_billing, bad_fields_are_named_in_a_400)
{
    HttpReply r = call("POST", "billing-v1", "/api/v1/customers", BILL_AUTH,
                       "{\"email\":\"x\",\"address\":{\"country\":\"Tanzania\"},\"status\":\"gone\",\"custom_data\":\"str\"}");
    cr_assert_eq(r.status, 400);
    char *fields = NULL;
    const cJSON *e;
    GString *all = g_string_new(NULL);
    cJSON_ArrayForEach(e, jsonpath_get(r.json, "error.errors"))
        g_string_append_printf(all, "%s ", jsonpath_string(e, "field"));
    fields = g_string_free(all, FALSE);
    cr_expect(strstr(fields, "name ") && strstr(fields, "email ") && strstr(fields, "address.country ") &&
              strstr(fields, "status ") && strstr(fields, "custom_data "), "%s", fields);
    cr_expect(strstr(r.body, "use TZ"), "%s", r.body);
    g_free(fields);
    http_done(&r);
}

Test(sandbox_billing, duplicate_email_409_names_existing_id)
{
    HttpReply r = call("POST", "billing-v1", "/api/v1/customers", BILL_AUTH, BRIGHTON);
    char *id = g_strdup(jsonpath_string(r.json, "id"));
    http_done(&r);
    r = call("POST", "billing-v1", "/api/v1/customers", BILL_AUTH, BRIGHTON);
    cr_expect_eq(r.status, 409);
    cr_expect(strstr(jsonpath_string(r.json, "error.detail"), id), "%s", r.body);
    http_done(&r);
    g_free(id);
}

Test(sandbox_billing, list_get_and_404)
{
    HttpReply r = call("POST", "billing-v1", "/api/v1/customers", BILL_AUTH, BRIGHTON);
    char *path = g_strdup_printf("/api/v1/customers/%s", jsonpath_string(r.json, "id"));
    http_done(&r);
    r = call("GET", "billing-v1", "/api/v1/customers", BILL_AUTH, NULL);
    cr_expect(cJSON_IsArray(r.json) && cJSON_GetArraySize(r.json) == 1, "a bare array: %s", r.body);
    http_done(&r);
    r = call("GET", "billing-v1", "/api/v1/customers?email=BRIGHTON@jani.com", BILL_AUTH, NULL);
    cr_expect_eq(cJSON_GetArraySize(r.json), 1);
    http_done(&r);
    r = call("GET", "billing-v1", path, BILL_AUTH, NULL);
    cr_expect_eq(r.status, 200);
    cr_expect_str_eq(jsonpath_string(r.json, "email"), "brighton@jani.com");
    http_done(&r);
    r = call("GET", "billing-v1", "/api/v1/customers/cus_nope", BILL_AUTH, NULL);
    cr_expect_eq(r.status, 404);
    cr_expect_not_null(jsonpath_string(r.json, "error.detail"));
    http_done(&r);
    g_free(path);
}

Test(sandbox_billing, a_wrong_token_is_401_in_its_format)
{
    static const char *const wrong[] = { "Authorization: Bearer wrong", JSON_CT, NULL };
    HttpReply r = call("POST", "billing-v1", "/api/v1/customers", wrong, BRIGHTON);
    cr_expect_eq(r.status, 401);
    cr_expect_not_null(jsonpath_string(r.json, "error.detail"));
    http_done(&r);
}

/* ---- Prolifi ----------------------------------------------------------------- */

TestSuite(sandbox_prolifi, .init = start, .fini = stop);

Test(sandbox_prolifi, create_splits_name_and_marks_business)
{
    HttpReply r = call("POST", "prolifi", "/customers", PRO_SK,
                       "{\"email\":\"billing@acmecorp.com\",\"name\":\"Jane Smith\",\"company_name\":\"Acme Corporation\","
                       "\"external_id\":\"org_67890\",\"phone\":\"+2348012345678\"}");
    cr_assert_eq(r.status, 201, "%s", r.body);
    const cJSON *d = jsonpath_get(r.json, "data");
    static const char *const schema[] = { "id", "external_id", "email", "name", "first_name", "last_name",
                                          "company_name", "phone", "status", "country", "country_id",
                                          "metadata", "created_at", "updated_at" };
    for (size_t i = 0; i < G_N_ELEMENTS(schema); i++)
        cr_expect_not_null(cJSON_GetObjectItem(d, schema[i]), "%s in the Customer", schema[i]);
    cr_expect_str_eq(jsonpath_string(d, "first_name"), "Jane");
    cr_expect_str_eq(jsonpath_string(d, "last_name"), "Smith");
    cr_expect_str_eq(jsonpath_string(d, "type"), "business");
    cr_expect_str_eq(jsonpath_string(d, "status"), "active");
    cr_expect_eq(strlen(jsonpath_string(d, "id")), 36);
    char *limit = http_header(&r, "X-RateLimit-Limit"), *left = http_header(&r, "X-RateLimit-Remaining");
    cr_expect_str_eq(limit, "1000");
    cr_expect_str_eq(left, "999");
    g_free(limit), g_free(left);
    http_done(&r);
}

/* The name sent is the name kept: first_name alone does not replace it. */
Test(sandbox_prolifi, a_name_sent_wins_over_first_name)
{
    HttpReply r = call("POST", "prolifi", "/customers", PRO_SK,
                       "{\"email\":\"jane@example.com\",\"name\":\"Jane Smith\",\"first_name\":\"J\"}");
    cr_assert_eq(r.status, 201, "%s", r.body);
    cr_expect_str_eq(jsonpath_string(r.json, "data.name"), "Jane Smith", "%s", r.body);
    cr_expect_str_eq(jsonpath_string(r.json, "data.first_name"), "J");
    cr_expect(cJSON_IsNull(jsonpath_get(r.json, "data.last_name")), "%s", r.body);
    http_done(&r);
}

Test(sandbox_prolifi, keys_401_and_403)
{
    static const char *const unknown[] = { "Authorization: Bearer sk_test_other", JSON_CT, NULL };
    HttpReply r = call("POST", "prolifi", "/customers", unknown, "{\"email\":\"a@b.co\"}");
    cr_expect_eq(r.status, 401);
    cr_expect_str_eq(jsonpath_string(r.json, "error.type"), "authentication_error");
    char *limit = http_header(&r, "X-RateLimit-Limit");
    cr_expect_not_null(limit, "rate headers on every response");
    g_free(limit);
    http_done(&r);
    r = call("POST", "prolifi", "/customers", PRO_PK, "{\"email\":\"a@b.co\"}");
    cr_expect_eq(r.status, 403);
    cr_expect_str_eq(jsonpath_string(r.json, "error.type"), "permission_error");
    http_done(&r);
    r = call("GET", "prolifi", "/customers", PRO_PK, NULL);
    cr_expect_eq(r.status, 200, "a pk_ key reads");
    http_done(&r);
}

Test(sandbox_prolifi, validation_error_422_per_field)
{
    HttpReply r = call("POST", "prolifi", "/customers", PRO_SK,
                       "{\"email\":\"nope\",\"country_id\":\"123\",\"metadata\":[1]}");
    cr_assert_eq(r.status, 422);
    cr_expect_str_eq(jsonpath_string(r.json, "error.type"), "validation_error");
    const cJSON *errs = jsonpath_get(r.json, "error.errors");
    cr_expect_eq(cJSON_GetArraySize(errs), 3, "%s", r.body);
    cr_expect_str_eq(jsonpath_string(cJSON_GetArrayItem(errs, 0), "field"), "email");
    http_done(&r);
}

Test(sandbox_prolifi, duplicate_external_id_conflicts)
{
    const char *body = "{\"email\":\"a@b.co\",\"external_id\":\"user_1\"}";
    HttpReply r = call("POST", "prolifi", "/customers", PRO_SK, body);
    http_done(&r);
    r = call("POST", "prolifi", "/customers", PRO_SK, "{\"email\":\"c@d.co\",\"external_id\":\"user_1\"}");
    cr_expect_eq(r.status, 409);
    cr_expect_str_eq(jsonpath_string(r.json, "error.type"), "conflict");
    http_done(&r);
}

Test(sandbox_prolifi, idempotency_key_replays_the_first_answer)
{
    const char **h = with(PRO_SK, "Idempotency-Key: draft-42");
    HttpReply a = call("POST", "prolifi", "/customers", h, "{\"email\":\"once@example.com\"}");
    HttpReply b = call("POST", "prolifi", "/customers", h, "{\"email\":\"once@example.com\"}");
    cr_expect_eq(a.status, 201);
    cr_expect_eq(b.status, 201);
    cr_expect_str_eq(jsonpath_string(a.json, "data.id"), jsonpath_string(b.json, "data.id"));
    char *replayed = http_header(&b, "Idempotent-Replayed");
    cr_expect_str_eq(replayed, "true");
    g_free(replayed);
    http_done(&a), http_done(&b);
    HttpReply list = call("GET", "prolifi", "/customers", PRO_SK, NULL);
    cr_expect_eq(jsonpath_get(list.json, "pagination.total")->valueint, 1, "one customer, not two");
    http_done(&list);
}

Test(sandbox_prolifi, a_refused_body_keeps_no_answer_so_a_corrected_one_may_use_the_key)
{
    const char **h = with(PRO_SK, "Idempotency-Key: draft-422");
    HttpReply a = call("POST", "prolifi", "/customers", h, "{\"email\":\"not-an-email\"}");
    cr_expect_eq(a.status, 422);
    HttpReply b = call("POST", "prolifi", "/customers", h, "{\"email\":\"fixed@example.com\"}");
    cr_expect_eq(b.status, 201, "the 422 was not kept: %s", b.body);
    char *replayed = http_header(&b, "Idempotent-Replayed");
    cr_expect_null(replayed);
    g_free(replayed);
    http_done(&a), http_done(&b);
}

Test(sandbox_prolifi, a_kept_key_with_another_body_is_a_conflict_never_the_old_answer)
{
    const char **h = with(PRO_SK, "Idempotency-Key: draft-201");
    HttpReply a = call("POST", "prolifi", "/customers", h, "{\"email\":\"first@example.com\"}");
    cr_expect_eq(a.status, 201);
    HttpReply b = call("POST", "prolifi", "/customers", h, "{\"email\":\"second@example.com\"}");
    cr_expect_eq(b.status, 409, "%s", b.body);
    cr_expect_str_eq(jsonpath_string(b.json, "error.type"), "conflict");
    cr_expect(strstr(jsonpath_string(b.json, "error.message"), "draft-201"), "names the key: %s", b.body);
    HttpReply c = call("POST", "prolifi", "/customers", h, "{\"email\":\"first@example.com\"}");
    cr_expect_eq(c.status, 201, "the same body is replayed");
    char *replayed = http_header(&c, "Idempotent-Replayed");
    cr_expect_str_eq(replayed, "true");
    g_free(replayed);
    http_done(&a), http_done(&b), http_done(&c);
}

Test(sandbox_prolifi, a_409_is_kept_for_its_body_and_a_new_body_gets_a_conflict_not_the_409)
{
    HttpReply first = call("POST", "prolifi", "/customers", PRO_SK, "{\"email\":\"a@b.co\",\"external_id\":\"org_1\"}");
    http_done(&first);
    const char **h = with(PRO_SK, "Idempotency-Key: draft-409");
    HttpReply a = call("POST", "prolifi", "/customers", h, "{\"email\":\"x@b.co\",\"external_id\":\"org_1\"}");
    cr_expect_eq(a.status, 409);
    HttpReply b = call("POST", "prolifi", "/customers", h, "{\"email\":\"x@b.co\",\"external_id\":\"org_1\"}");
    char *replayed = http_header(&b, "Idempotent-Replayed");
    cr_expect_str_eq(replayed, "true", "the 409 ran the create: it is kept");
    g_free(replayed);
    http_done(&a), http_done(&b);
}

Test(sandbox_prolifi, idempotency_key_over_255_is_invalid_request)
{
    char *key = g_strnfill(256, 'k');
    char *header = g_strdup_printf("Idempotency-Key: %s", key);
    HttpReply r = call("POST", "prolifi", "/customers", with(PRO_SK, header), "{\"email\":\"a@b.co\"}");
    cr_expect_eq(r.status, 400);
    cr_expect_str_eq(jsonpath_string(r.json, "error.type"), "invalid_request");
    http_done(&r);
    g_free(key), g_free(header);
}

Test(sandbox_prolifi, list_paginates_and_get_by_id_or_external_id)
{
    for (int i = 0; i < 5; i++) {
        char *body = g_strdup_printf("{\"email\":\"u%d@example.com\",\"external_id\":\"ext_%d\"}", i, i);
        HttpReply r = call("POST", "prolifi", "/customers", PRO_SK, body);
        http_done(&r);
        g_free(body);
    }
    HttpReply r = call("GET", "prolifi", "/customers?limit=2&offset=2", PRO_SK, NULL);
    cr_expect_eq(cJSON_GetArraySize(jsonpath_get(r.json, "data")), 2);
    cr_expect_eq(jsonpath_get(r.json, "pagination.total")->valueint, 5);
    cr_expect(cJSON_IsTrue(jsonpath_get(r.json, "pagination.has_more")));
    char *id = g_strdup(jsonpath_string(cJSON_GetArrayItem(jsonpath_get(r.json, "data"), 0), "id"));
    http_done(&r);
    char *path = g_strdup_printf("/customers/%s", id);
    r = call("GET", "prolifi", path, PRO_SK, NULL);
    cr_expect_str_eq(jsonpath_string(r.json, "data.email"), "u2@example.com");
    http_done(&r);
    r = call("GET", "prolifi", "/customers/ext_3", PRO_SK, NULL);
    cr_expect_str_eq(jsonpath_string(r.json, "data.email"), "u3@example.com");
    http_done(&r);
    r = call("GET", "prolifi", "/customers?limit=101", PRO_SK, NULL);
    cr_expect_eq(r.status, 400);
    http_done(&r);
    r = call("GET", "prolifi", "/customers/nope", PRO_SK, NULL);
    cr_expect_eq(r.status, 404);
    cr_expect_str_eq(jsonpath_string(r.json, "error.type"), "not_found");
    http_done(&r);
    g_free(path), g_free(id);
}

static TestSandbox LIMITED;
static void start_limited(void)
{
    SandboxOptions o = { .rate_limit = 3 };
    test_sandbox_start(&LIMITED, &o);
    T = LIMITED;
}

Test(sandbox_prolifi_limit, past_the_limit_is_429_with_retry_after, .init = start_limited, .fini = stop)
{
    for (int i = 0; i < 3; i++) {
        HttpReply r = call("GET", "prolifi", "/customers", PRO_SK, NULL);
        cr_expect_eq(r.status, 200);
        http_done(&r);
    }
    HttpReply r = call("GET", "prolifi", "/customers", PRO_SK, NULL);
    cr_expect_eq(r.status, 429);
    cr_expect_str_eq(jsonpath_string(r.json, "error.type"), "rate_limit_error");
    char *retry = http_header(&r, "Retry-After"), *left = http_header(&r, "X-RateLimit-Remaining");
    cr_expect(retry && atoi(retry) >= 1 && atoi(retry) <= 61, "Retry-After: %s", retry);
    cr_expect_str_eq(left, "0");
    g_free(retry), g_free(left);
    http_done(&r);
}

/* ---- faults, reset, hostile clients ----------------------------------------------- */

TestSuite(sandbox_faults, .init = start, .fini = stop);

Test(sandbox_faults, status_fault_in_the_provider_format)
{
    HttpReply r = call("POST", "prolifi", "/customers", with(PRO_SK, "X-Sandbox-Fault: status=503"),
                       "{\"email\":\"a@b.co\"}");
    cr_expect_eq(r.status, 503);
    cr_expect_str_eq(jsonpath_string(r.json, "error.type"), "api_error");
    http_done(&r);
    r = call("POST", "botpenguin", "/customer/create", with(BP_AUTH, "X-Sandbox-Fault: status=500"), GARIMA);
    cr_expect_eq(r.status, 500);
    cr_expect(cJSON_IsFalse(jsonpath_get(r.json, "success")));
    http_done(&r);
}

Test(sandbox_faults, drop_cuts_the_body_after_creating)
{
    HttpReply r = call("POST", "billing-v1", "/api/v1/customers", with(BILL_AUTH, "X-Sandbox-Fault: drop"), BRIGHTON);
    cr_expect_neq(r.curl_code, 0, "the transfer breaks");
    cr_expect_eq(r.status, 201, "after the headers");
    http_done(&r);
    r = call("GET", "billing-v1", "/api/v1/customers", BILL_AUTH, NULL);
    cr_expect_eq(cJSON_GetArraySize(r.json), 1, "the customer exists all the same");
    http_done(&r);
}

Test(sandbox_faults, garbage_huge_and_latency)
{
    HttpReply r = call("POST", "billing-v1", "/api/v1/customers", with(BILL_AUTH, "X-Sandbox-Fault: garbage"), BRIGHTON);
    cr_expect_null(r.json, "not JSON");
    char *ct = http_header(&r, "Content-Type");
    cr_expect_str_eq(ct, "application/json");
    g_free(ct);
    http_done(&r);
    r = call("GET", "billing-v1", "/api/v1/customers", with(BILL_AUTH, "X-Sandbox-Fault: huge"), NULL);
    cr_expect_eq(r.body_len, 20 * 1024 * 1024);
    http_done(&r);
    gint64 t0 = g_get_monotonic_time();
    r = call("GET", "billing-v1", "/api/v1/customers", with(BILL_AUTH, "X-Sandbox-Fault: latency=300"), NULL);
    cr_expect_geq(g_get_monotonic_time() - t0, 300 * 1000, "waits at least the latency asked");
    http_done(&r);
}

Test(sandbox_faults, trickle_sends_a_byte_at_a_time)
{
    gint64 t0 = g_get_monotonic_time();
    HttpReply r = call("GET", "prolifi", "/customers/nope", with(PRO_SK, "X-Sandbox-Fault: trickle"), NULL);
    cr_expect_eq(r.status, 404);
    cr_expect_not_null(r.json, "whole in the end");
    cr_expect_geq(g_get_monotonic_time() - t0, (gint64)(r.body_len - 1) * 100 * 1000);
    http_done(&r);
}

Test(sandbox_faults, reset_forgets_everyone)
{
    HttpReply r = call("POST", "billing-v1", "/api/v1/customers", BILL_AUTH, BRIGHTON);
    http_done(&r);
    char *url = g_strdup_printf("http://127.0.0.1:%u/_sandbox/reset", sandbox_port(T.sb));
    r = http_do("POST", url, NULL, "");
    cr_expect_eq(r.status, 200);
    http_done(&r);
    r = call("POST", "billing-v1", "/api/v1/customers", BILL_AUTH, BRIGHTON);
    cr_expect_eq(r.status, 201, "the email is free again");
    http_done(&r);
    g_free(url);
}

Test(sandbox_faults, hostile_bodies_get_answers_in_the_provider_format)
{
    HttpReply r = call("POST", "prolifi", "/customers", PRO_SK, "{\"email\": ");
    cr_expect_eq(r.status, 400);
    cr_expect_str_eq(jsonpath_string(r.json, "error.type"), "invalid_request");
    http_done(&r);
    static const char *const text_ct[] = { "Authorization: Bearer sk_test_sandbox", "Content-Type: text/plain", NULL };
    r = call("POST", "prolifi", "/customers", text_ct, "{\"email\":\"a@b.co\"}");
    cr_expect_eq(r.status, 415);
    http_done(&r);
    char *big = g_strnfill(1024 * 1024 + 10, 'a');
    r = call("POST", "billing-v1", "/api/v1/customers", BILL_AUTH, big);
    cr_expect_eq(r.status, 413);
    http_done(&r);
    g_free(big);
    r = call("GET", "billing-v1", "/nowhere", BILL_AUTH, NULL);
    cr_expect_eq(r.status, 404);
    cr_expect_not_null(jsonpath_string(r.json, "error.detail"), "billing's own format");
    http_done(&r);
    r = call("POST", "botpenguin", "/customer/create", BP_AUTH, "[1,2,3]");
    cr_expect_eq(r.status, 400);
    http_done(&r);
}

Test(sandbox_faults, a_client_that_never_finishes_does_not_block_others)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons((uint16_t)sandbox_port(T.sb)) };
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    cr_assert_eq(connect(fd, (struct sockaddr *)&addr, sizeof addr), 0);
    const char *partial = "POST /prolifi/api/v1/public/customers HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{";
    cr_assert_gt(write(fd, partial, strlen(partial)), 0);
    HttpReply r = call("GET", "prolifi", "/customers", PRO_SK, NULL);
    cr_expect_eq(r.status, 200, "served while another client stalls");
    http_done(&r);
    close(fd);
}

static void start_faulty(void)
{
    SandboxOptions o = { .fault_rate = 1.0, .seed = 42 };
    test_sandbox_start(&T, &o);
}

Test(sandbox_fault_rate, every_request_faulted_at_rate_1, .init = start_faulty, .fini = stop)
{
    int faulted = 0;
    for (int i = 0; i < 6; i++) {
        gint64 t0 = g_get_monotonic_time();
        HttpReply r = call("GET", "billing-v1", "/api/v1/customers", BILL_AUTH, NULL);
        bool slow = g_get_monotonic_time() - t0 >= 1400 * 1000; /* the latency fault */
        faulted += slow || r.status != 200 || r.curl_code != 0 || !cJSON_IsArray(r.json);
        http_done(&r);
    }
    cr_expect_eq(faulted, 6, "--fault-rate 1 faults every request");
}

/* ---- bounded faults, prompt stopping, slow clients ---------------------------- */

/* A connected loopback socket to the sandbox; reads give up after 20 s, so a
 * server that never answers fails the test instead of hanging it. */
static int connect_sandbox(const TestSandbox *t)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons((uint16_t)sandbox_port(t->sb)) };
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    cr_assert_eq(connect(fd, (struct sockaddr *)&addr, sizeof addr), 0);
    struct timeval watchdog = { .tv_sec = 20 };
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &watchdog, sizeof watchdog);
    return fd;
}

static void send_text(int fd, const char *text)
{
    cr_assert_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
}

TestSuite(sandbox_limits, .init = start, .fini = stop);

Test(sandbox_limits, fault_values_out_of_range_are_a_400_naming_the_limit)
{
    HttpReply r = call("POST", "billing-v1", "/api/v1/customers",
                       with(BILL_AUTH, "X-Sandbox-Fault: latency=4000000000"), BRIGHTON);
    cr_expect_eq(r.status, 400, "%s", r.body);
    cr_expect(r.body && strstr(r.body, "60000"), "names the limit: %s", r.body);
    cr_expect_not_null(jsonpath_string(r.json, "error.detail"), "billing's own format: %s", r.body);
    http_done(&r);
    r = call("GET", "billing-v1", "/api/v1/customers", BILL_AUTH, NULL);
    cr_expect_eq(cJSON_GetArraySize(r.json), 0, "a refused request creates nothing");
    http_done(&r);
    static const char *const refused[] = {
        "X-Sandbox-Fault: latency=60001", "X-Sandbox-Fault: latency=40000,latency=40000",
        "X-Sandbox-Fault: latency=-1", "X-Sandbox-Fault: status=99999", "X-Sandbox-Fault: latncy=5",
    };
    for (size_t i = 0; i < G_N_ELEMENTS(refused); i++) {
        r = call("GET", "prolifi", "/customers", with(PRO_SK, refused[i]), NULL);
        cr_expect_eq(r.status, 400, "%s: %s", refused[i], r.body);
        cr_expect_str_eq(jsonpath_string(r.json, "error.type"), "invalid_request", "%s", refused[i]);
        http_done(&r);
    }
}

Test(sandbox_limits, bad_create_faults_latency_and_remote_hosts_are_refused_at_start)
{
    static const SandboxOptions bad[] = {
        { .create_faults = "latency=4000000000" },
        { .latency_ms = 600000 },
        { .host = "0.0.0.0" },
        { .host = "::" },
    };
    static const char *const want[] = { "60000", "60000", "--allow-remote", "--allow-remote" };
    ProviderSet set = { 0 };
    char *errors = NULL;
    provider_set_load_dir(&set, "assets/providers", &errors);
    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
        char *err = NULL;
        Sandbox *sb = sandbox_start(&bad[i], &set, &err);
        cr_expect_null(sb, "case %zu refused", i);
        cr_expect(err && strstr(err, want[i]), "case %zu: %s", i, err);
        sandbox_stop(sb);
        g_free(err);
    }
    cr_expect(sandbox_host_is_loopback("127.0.0.1") && sandbox_host_is_loopback("127.9.8.7") &&
              sandbox_host_is_loopback("::1"));
    cr_expect(!sandbox_host_is_loopback("0.0.0.0") && !sandbox_host_is_loopback("192.0.2.1") &&
              !sandbox_host_is_loopback("::") && !sandbox_host_is_loopback("127.example"));
    provider_set_done(&set);
    g_free(errors);
}

/* The property is that stopping is prompt with a long wait in flight; the
 * Criterion timeout is only a watchdog, far above any real stop. */
Test(sandbox_limits, stop_returns_while_a_latency_and_a_trickle_are_in_flight, .timeout = 20)
{
    TestSandbox own;
    test_sandbox_start(&own, NULL);
    int slow = connect_sandbox(&own), trickle = connect_sandbox(&own);
    send_text(slow, "GET /billing-v1/api/v1/customers HTTP/1.1\r\nHost: x\r\n"
                    "X-Sandbox-Fault: latency=60000\r\n\r\n");
    send_text(trickle, "GET /billing-v1/api/v1/customers/nobody-has-this-id HTTP/1.1\r\nHost: x\r\n"
                       "X-Sandbox-Fault: trickle\r\n\r\n");
    char buf[64];
    cr_assert_gt(read(trickle, buf, sizeof buf), 0, "the trickle has begun");
    /* Another request answered, and a pause: the delayed request is surely in
     * its wait by now (were it not, stopping would be prompt all the same). */
    char *url = test_sandbox_url(&own, "billing-v1", "/api/v1/customers");
    HttpReply r = http_do("GET", url, BILL_AUTH, NULL);
    cr_expect_eq(r.status, 200);
    http_done(&r);
    g_free(url);
    g_usleep(300 * 1000);
    test_sandbox_stop(&own);
    cr_expect_eq(read(slow, buf, sizeof buf), 0, "the delayed request closes unanswered");
    ssize_t n;
    while ((n = read(trickle, buf, sizeof buf)) > 0)
        ;
    cr_expect_eq(n, 0, "the trickle ends");
    close(slow);
    close(trickle);
}

static void start_short_timeout(void)
{
    SandboxOptions o = { .idle_timeout_s = 1 };
    test_sandbox_start(&T, &o);
}

Test(sandbox_idle, an_idle_connection_is_closed_by_the_server, .init = start_short_timeout, .fini = stop)
{
    int idle = connect_sandbox(&T), half = connect_sandbox(&T);
    send_text(half, "GET /billing-v1/api/v1/customers HTTP/1.1\r\nHo");
    char buf[64];
    cr_expect_eq(read(idle, buf, sizeof buf), 0, "a connection that says nothing is closed");
    cr_expect_leq(read(half, buf, sizeof buf), 0, "so is one that stops half-way through its headers");
    close(idle);
    close(half);
    HttpReply r = call("GET", "billing-v1", "/api/v1/customers", BILL_AUTH, NULL);
    cr_expect_eq(r.status, 200, "others are served");
    http_done(&r);
}

static long resident_kib(void)
{
    long pages = 0, resident = 0;
    FILE *f = fopen("/proc/self/statm", "r");
    cr_assert_not_null(f);
    cr_assert_eq(fscanf(f, "%ld %ld", &pages, &resident), 2);
    fclose(f);
    return resident * (sysconf(_SC_PAGESIZE) / 1024);
}

/* Eight clients that ask for the 20 MB answer and read only its start: the
 * sandbox (in this process) makes the bytes as they go, so it holds far less
 * than one buffered answer, let alone eight. */
Test(sandbox_limits, huge_answers_are_streamed_not_held_per_connection)
{
    enum { CLIENTS = 8 };
    int fds[CLIENTS];
    char buf[256];
    long before = resident_kib();
    for (int i = 0; i < CLIENTS; i++) {
        fds[i] = connect_sandbox(&T);
        send_text(fds[i], "GET /billing-v1/api/v1/customers HTTP/1.1\r\nHost: x\r\nX-Sandbox-Fault: huge\r\n\r\n");
        cr_assert_gt(read(fds[i], buf, sizeof buf), 0, "client %d gets the start of its answer", i);
    }
    long grown = resident_kib() - before;
    cr_expect_lt(grown, 20 * 1024, "%d slow huge answers grew memory by %ld KiB", CLIENTS, grown);
    for (int i = 0; i < CLIENTS; i++)
        close(fds[i]);
    HttpReply r = call("GET", "billing-v1", "/api/v1/customers", with(BILL_AUTH, "X-Sandbox-Fault: huge"), NULL);
    cr_expect_eq(r.body_len, 20 * 1024 * 1024, "the whole 20 MB still arrives");
    cr_expect_str_eq(jsonpath_string(r.json, "data.id"), "huge", "and is one JSON document");
    http_done(&r);
}

/* The console binds the sandbox's socket before the network module loads (its
 * first frame shows the port), and lists sandbox profiles by sandbox_speaks,
 * which is linked into the program apart from the providers it names. */
Test(sandbox, serves_on_a_socket_bound_before_it_started)
{
    unsigned port = 0;
    char *err = NULL;
    SandboxOptions o = { .host = "127.0.0.1" };
    o.listen_fd = sandbox_listen(o.host, 0, &port, &err);
    cr_assert_gt(o.listen_fd, 0, "%s", err ? err : "");
    o.port = port;
    test_sandbox_start(&T, &o);
    cr_expect_eq(sandbox_port(T.sb), port);
    HttpReply r = call("GET", "prolifi", "/customers", PRO_SK, NULL);
    cr_expect_eq(r.status, 200, "served on the port announced: %ld %s", r.status, r.body ? r.body : "");
    http_done(&r);
    for (size_t i = 0; i < T.set.count; i++) {
        const char *name = T.set.items[i]->name;
        char *url = sandbox_base_url(T.sb, name);
        cr_expect_eq(url != NULL, sandbox_speaks(T.set.items[i]), "%s: served %d, said %d", name, url != NULL,
                     sandbox_speaks(T.set.items[i]));
        g_free(url);
    }
    cr_expect_not(sandbox_speaks(NULL));
    test_sandbox_stop(&T);
}

/* The hooks a descriptor may name (model/sandbox_spec.c) are the engine's. */
Test(sandbox, every_hook_a_descriptor_may_name_exists)
{
    for (size_t i = 0; SANDBOX_HOOKS[i]; i++)
        cr_expect_not_null(sb_hook_named(SANDBOX_HOOKS[i]), "%s", SANDBOX_HOOKS[i]);
    cr_expect_null(sb_hook_named("stripe"));
    cr_expect_null(sb_hook_named(NULL));
}

