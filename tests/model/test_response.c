/* Reading what providers answer: the seeds' records in full, and every kind of failure. */
#include "model/jsonpath.h"
#include "model/response.h"
#include "tests/support/support.h"

#include <criterion/criterion.h>
#include <glib.h>
#include <string.h>

static Response read_text(const char *provider, int status, const char *body)
{
    Descriptor *d = support_provider(provider);
    Response r;
    response_read(d, status, body, body ? strlen(body) : 0, &r);
    descriptor_free(d);
    return r;
}

/* Every leaf of WANT is present, equal, in GOT, and every container is the
 * same kind (an array of the same length); returns how many leaves. */
static size_t expect_same_leaves(const cJSON *want, const cJSON *got, const char *path)
{
    size_t n = 0;
    const cJSON *w;
    if (cJSON_IsObject(want) || cJSON_IsArray(want)) {
        cr_expect(cJSON_IsObject(want) ? cJSON_IsObject(got) : cJSON_IsArray(got), "%s is an %s", path,
                  cJSON_IsObject(want) ? "object" : "array");
        if (cJSON_IsArray(want))
            cr_expect_eq(cJSON_GetArraySize(got), cJSON_GetArraySize(want), "%s has as many items", path);
        int i = 0;
        cJSON_ArrayForEach(w, want) {
            char *sub = w->string ? g_strdup_printf("%s.%s", path, w->string) : g_strdup_printf("%s[%d]", path, i);
            const cJSON *g = w->string ? cJSON_GetObjectItemCaseSensitive(got, w->string)
                                       : cJSON_GetArrayItem(got, i);
            cr_expect_not_null(g, "%s is in the record", sub);
            n += g ? expect_same_leaves(w, g, sub) : 0;
            g_free(sub);
            i++;
        }
        return n;
    }
    cr_expect(cJSON_Compare(want, got, true), "%s is equal", path);
    return 1;
}

Test(response, botpenguin_seed_record_in_full)
{
    char *body = support_fixture("botpenguin_create_201.json", NULL);
    Response r = read_text("botpenguin", 201, body);
    cr_assert_eq(r.outcome, OUTCOME_CREATED, "%s", r.message ? r.message : "");
    cr_expect_str_eq(r.id, "695e2c30ca5497614f9021fe");
    cJSON *want = cJSON_Parse(body);
    size_t leaves = expect_same_leaves(cJSON_GetObjectItem(want, "data"), r.record, "data");
    /* All 74 leaves of the seed record, no exception. Its five empty
     * containers (chatGPT.websites, likedTemplates.flow,
     * likedTemplates.whatsapp, consumptionAlertsEmailSent, addOns) hold no
     * leaf to count: they are checked above to be there, of their kind, and
     * as empty. */
    cr_expect_eq(leaves, 74, "every leaf of the seed record, got %zu", leaves);
    cr_expect_str_eq(jsonpath_string(r.record, "contact.email"), "garima@test.com");
    cr_expect(cJSON_IsTrue(jsonpath_get(r.record, "onboard")), "the last field is there");
    cr_expect(strstr(r.summary, "Garima") && strstr(r.summary, "695e2c30ca5497614f9021fe"), "%s", r.summary);
    cJSON_Delete(want);
    g_free(body);
    response_done(&r);
}

Test(response, billing_seed_record_in_full)
{
    char *body = support_fixture("billing_create_201.json", NULL);
    Response r = read_text("billing-v1", 201, body);
    cr_assert_eq(r.outcome, OUTCOME_CREATED);
    cr_expect_str_eq(r.id, "cus_01h3vjs3b16yc3f9q8q9pfrb80");
    cJSON *want = cJSON_Parse(body);
    expect_same_leaves(want, r.record, "");
    cr_expect(strstr(r.summary, "brighton@jani.com"));
    cJSON_Delete(want);
    g_free(body);
    response_done(&r);
}

Test(response, prolifi_record_in_full)
{
    char *body = support_fixture("prolifi_create_201.json", NULL);
    Response r = read_text("prolifi", 201, body);
    cr_assert_eq(r.outcome, OUTCOME_CREATED);
    cr_expect_str_eq(r.id, "0b6e9a52-4c1f-4d8e-9a7c-2f3b5e8d1a64");
    cJSON *want = cJSON_Parse(body);
    expect_same_leaves(cJSON_GetObjectItem(want, "data"), r.record, "data");
    cJSON_Delete(want);
    g_free(body);
    response_done(&r);
}

Test(response, prolifi_422_maps_field_errors)
{
    char *body = support_fixture("prolifi_create_422.json", NULL);
    Response r = read_text("prolifi", 422, body);
    cr_expect_eq(r.outcome, OUTCOME_REJECTED);
    cr_expect_str_eq(r.message, "The given data was invalid.");
    cr_expect_str_eq(r.error_type, "validation_error");
    cr_expect_eq(r.n_field_errors, 2);
    cr_expect_str_eq(response_field_error(&r, "email"), "The email must be a valid email address.");
    cr_expect_not_null(response_field_error(&r, "country_id"));
    g_free(body);
    response_done(&r);
}

Test(response, prolifi_403_and_429)
{
    Response r = read_text("prolifi", 403,
                           "{\"error\":{\"type\":\"permission_error\",\"message\":\"This key is read-only.\"}}");
    cr_expect_eq(r.outcome, OUTCOME_REJECTED);
    cr_expect_str_eq(r.error_type, "permission_error");
    response_done(&r);
    r = read_text("prolifi", 429, "{\"error\":{\"type\":\"rate_limit_error\",\"message\":\"Slow down.\"}}");
    cr_expect_eq(r.outcome, OUTCOME_RATE_LIMITED);
    response_done(&r);
}

Test(response, billing_400_and_409)
{
    Response r = read_text("billing-v1", 400,
                           "{\"error\":{\"type\":\"request_error\",\"code\":\"invalid_field\",\"detail\":\"Invalid request.\","
                           "\"errors\":[{\"field\":\"address.country\",\"message\":\"must be an ISO 3166-1 alpha-2 code\"}]}}");
    cr_expect_eq(r.outcome, OUTCOME_REJECTED);
    cr_expect_str_eq(r.message, "Invalid request.");
    cr_expect_str_eq(response_field_error(&r, "address.country"), "must be an ISO 3166-1 alpha-2 code");
    response_done(&r);
    r = read_text("billing-v1", 409,
                  "{\"error\":{\"type\":\"request_error\",\"code\":\"customer_already_exists\","
                  "\"detail\":\"customer email conflicts with customer of id cus_01h3vjs3b16yc3f9q8q9pfrb80\"}}");
    cr_expect_eq(r.outcome, OUTCOME_REJECTED);
    cr_expect(strstr(response_field_error(&r, "email"), "cus_01h3vjs3b16yc3f9q8q9pfrb80"),
              "the 409 lands on email and names the existing id");
    response_done(&r);
}

Test(response, botpenguin_success_false_whatever_the_status)
{
    Response r = read_text("botpenguin", 200,
                           "{\"success\":false,\"message\":\"User already exists\",\"data\":{},\"code\":409,\"meta\":\"\"}");
    cr_expect_eq(r.outcome, OUTCOME_REJECTED);
    cr_expect_str_eq(r.message, "User already exists");
    cr_expect_str_eq(response_field_error(&r, "username"), "User already exists");
    response_done(&r);
    r = read_text("botpenguin", 201, "{\"success\":true,\"message\":\"\",\"data\":{\"_id\":\"x\"},\"code\":500}");
    cr_expect_eq(r.outcome, OUTCOME_SERVER_ERROR, "an envelope code ≥ 400 decides");
    response_done(&r);
}

/* Quill answers a duplicate with HTTP 409 and a body without its "ok" flag:
 * the failure is read as the 409 it is, so its status_fields puts it on the
 * email (the missing flag alone used to make it a 400, naming no field). */
Test(response, a_409_without_the_success_flag_lands_on_the_status_field)
{
    char *err = NULL;
    Descriptor *d = descriptor_load("tests/fixtures/providers/quill.json", &err);
    cr_assert_not_null(d, "%s", err);
    const char *body = "{\"problem\":{\"title\":\"A customer with this email already exists: "
                       "32463292-b81e-44bc-93d6-6ca6474db665\",\"kind\":\"conflict\"}}";
    Response r;
    response_read(d, 409, body, strlen(body), &r);
    cr_expect_eq(r.outcome, OUTCOME_REJECTED);
    const char *on_email = response_field_error(&r, "customer.email");
    cr_expect(on_email && strstr(on_email, "32463292-b81e-44bc-93d6-6ca6474db665"), "on the email: %s",
              on_email ? on_email : "(nothing)");
    response_done(&r);
    body = "{\"ok\":false,\"problem\":{\"title\":\"no\"}}";
    response_read(d, 200, body, strlen(body), &r);
    cr_expect_eq(r.outcome, OUTCOME_REJECTED, "a 200 whose flag is false is still a failure");
    response_done(&r);
    descriptor_free(d);
}

Test(response, bodies_that_are_not_json)
{
    Response r = read_text("billing-v1", 502, "<html><body>Bad gateway</body></html>");
    cr_expect_eq(r.outcome, OUTCOME_SERVER_ERROR);
    cr_expect(strstr(r.message, "not JSON"), "%s", r.message);
    cr_expect_null(strstr(strstr(r.message, "not JSON") + 1, "not JSON"), "said once: %s", r.message);
    cr_expect_null(r.document);
    response_done(&r);
    r = read_text("billing-v1", 201, "{\"id\": \"cus_");
    cr_expect_eq(r.outcome, OUTCOME_CREATED, "201 says created even when the body is cut");
    cr_expect(strstr(r.message, "unreadable"), "%s", r.message);
    response_done(&r);
    r = read_text("prolifi", 500, NULL);
    cr_expect_eq(r.outcome, OUTCOME_SERVER_ERROR);
    cr_expect(strstr(r.message, "empty"), "%s", r.message);
    response_done(&r);
}

Test(response, created_without_a_record_says_so)
{
    Response r = read_text("prolifi", 201, "{\"ok\":true}");
    cr_expect_eq(r.outcome, OUTCOME_CREATED);
    cr_expect_null(r.record);
    cr_expect(strstr(r.message, "no customer record"), "%s", r.message);
    response_done(&r);
}

/* A 2xx the provider does not document for a create is not a silent
 * success: the status alone cannot say whether the customer exists. */
Test(response, an_undocumented_2xx_is_unknown_naming_the_statuses)
{
    char *body = support_fixture("billing_create_201.json", NULL);
    Response r = read_text("billing-v1", 200, body);
    cr_expect_eq(r.outcome, OUTCOME_UNKNOWN, "a 200 where billing-v1 documents 201: %s", outcome_name(r.outcome));
    cr_expect(r.message && strstr(r.message, "answered 200") && strstr(r.message, "documents 201"), "%s", r.message);
    response_done(&r);
    Descriptor *d = support_provider_edited("billing-v1", "\"success_status\": [201]", "\"success_status\": [200, 202]");
    response_read(d, 200, body, strlen(body), &r);
    cr_expect_eq(r.outcome, OUTCOME_CREATED, "200 is what this one documents");
    cr_expect_str_eq(r.id, "cus_01h3vjs3b16yc3f9q8q9pfrb80");
    response_done(&r);
    response_read(d, 201, body, strlen(body), &r);
    cr_expect_eq(r.outcome, OUTCOME_UNKNOWN);
    cr_expect(r.message && strstr(r.message, "documents 200 or 202"), "%s", r.message);
    response_done(&r);
    descriptor_free(d);
    g_free(body);
}

Test(outcome, advice_tells_whether_it_may_exist)
{
    cr_expect(strstr(outcome_advice(OUTCOME_UNKNOWN, false), "may or may not exist"));
    cr_expect(strstr(outcome_advice(OUTCOME_UNKNOWN, false), "duplicate"));
    cr_expect(strstr(outcome_advice(OUTCOME_UNKNOWN, true), "idempotency key"));
    cr_expect(strstr(outcome_advice(OUTCOME_NOT_SENT, false), "safe to retry"));
    cr_expect_str_eq(outcome_name(OUTCOME_RATE_LIMITED), "rate limited");
}
