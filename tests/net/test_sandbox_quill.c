/* A provider the sandbox has no C for: quill-lite, loaded from a providers
 * folder of its own, is served from its descriptor alone (X-Api-Key auth, a
 * body wrapped in {"customer": …}, 200 and an envelope of its own, UUIDs,
 * its own error shape); its query- and basic-scheme twins authenticate too. */
#include "model/jsonpath.h"
#include "tests/support/http.h"
#include "tests/support/support.h"

#include <criterion/criterion.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

static TestSandbox Q;
static char *DIR_;
static GMutex LOG_LOCK;
static GString *LOG;

static const char *const KEY = "X-Api-Key: qk_test_sandbox0";
#define JSON_CT "Content-Type: application/json"

static void collect(void *user, const char *line)
{
    (void)user;
    g_mutex_lock(&LOG_LOCK);
    g_string_append_printf(LOG, "%s\n", line);
    g_mutex_unlock(&LOG_LOCK);
}

/* quill-lite.json as NAME.json in DIR_, with PATCH's top-level keys in
 * place of its own and TOKEN of its demo token when given. */
static void write_variant(const char *name, const char *patch, const char *token)
{
    char *text = support_fixture("sandbox/quill-lite.json", NULL);
    cJSON *doc = cJSON_Parse(text), *changes = patch ? cJSON_Parse(patch) : NULL, *each;
    cJSON_ArrayForEach(each, changes) {
        cJSON_DeleteItemFromObject(doc, each->string);
        cJSON_AddItemToObject(doc, each->string, cJSON_Duplicate(each, true));
    }
    cJSON_Delete(changes);
    if (token)
        cJSON_ReplaceItemInObject(cJSON_GetObjectItem(doc, "sandbox"), "tokens",
                                  cJSON_CreateStringArray((const char *const[]){ token }, 1));
    char *out = cJSON_Print(doc), *file = g_strdup_printf("%s/%s.json", DIR_, name);
    cr_assert(g_file_set_contents(file, out, -1, NULL));
    cJSON_Delete(doc);
    g_free(text), g_free(out), g_free(file);
}

static void start(void)
{
    DIR_ = g_dir_make_tmp("custty-quill-XXXXXX", NULL);
    write_variant("quill-lite", NULL, NULL);
    write_variant("quill-q", "{\"auth\": {\"scheme\": \"query\", \"query\": \"api_key\"}}", NULL);
    write_variant("quill-b", "{\"auth\": {\"scheme\": \"basic\"}}", "demo:s3cret-pass"); /* user:password */
    write_variant("quill-i", "{\"idempotency\": {\"supported\": true, \"header\": \"Quill-Key\", \"max_length\": 16},"
                             " \"rate_limit\": {\"limit_header\": \"Q-Limit\", \"remaining_header\": \"Q-Left\"}}", NULL);

    LOG = g_string_new(NULL);
    memset(&Q, 0, sizeof Q);
    char *errors = NULL, *err = NULL;
    provider_set_load_dir(&Q.set, "assets/providers", &errors);
    provider_set_load_dir(&Q.set, DIR_, &errors);
    cr_assert_null(errors, "%s", errors);
    SandboxOptions o = { .log = collect };
    Q.sb = sandbox_start(&o, &Q.set, &err);
    cr_assert_not_null(Q.sb, "%s", err);
}

static void stop(void)
{
    test_sandbox_stop(&Q);
    const char *names[] = { "quill-lite.json", "quill-q.json", "quill-b.json", "quill-i.json" };
    for (size_t i = 0; i < G_N_ELEMENTS(names); i++) {
        char *f = g_build_filename(DIR_, names[i], NULL);
        g_unlink(f);
        g_free(f);
    }
    g_rmdir(DIR_);
    g_free(DIR_);
    g_string_free(LOG, TRUE);
}

static HttpReply call(const char *provider, const char *method, const char *path, const char *const *headers,
                      const char *body)
{
    char *url = test_sandbox_url(&Q, provider, path);
    HttpReply r = http_do(method, url, headers, body);
    g_free(url);
    return r;
}

static HttpReply create(const char *email, const char *name)
{
    char *body = g_strdup_printf("{\"customer\":{\"email\":\"%s\",\"full_name\":\"%s\"}}", email, name);
    HttpReply r = call("quill-lite", "POST", "/v2/customers", (const char *const[]){ KEY, JSON_CT, NULL }, body);
    g_free(body);
    return r;
}

static bool is_uuid4(const char *s)
{
    if (!s || strlen(s) != 36 || s[14] != '4')
        return false;
    for (int i = 0; i < 36; i++)
        if ((i == 8 || i == 13 || i == 18 || i == 23) ? s[i] != '-' : !g_ascii_isxdigit(s[i]))
            return false;
    return true;
}

TestSuite(sandbox_quill, .init = start, .fini = stop);

Test(sandbox_quill, create_answers_200_in_its_envelope_with_a_uuid)
{
    HttpReply r = create("Ada@Example.com", "Ada Lovelace");
    cr_assert_eq(r.status, 200, "%s", r.body);
    cr_expect(cJSON_IsTrue(jsonpath_get(r.json, "ok")), "%s", r.body);
    const cJSON *c = jsonpath_get(r.json, "result.customer");
    cr_expect(is_uuid4(jsonpath_string(c, "uuid")), "a UUID v4: %s", r.body);
    cr_expect_str_eq(jsonpath_string(c, "email"), "Ada@Example.com", "the body's value, unwrapped");
    cr_expect_str_eq(jsonpath_string(c, "full_name"), "Ada Lovelace");
    cr_expect(cJSON_IsNull(jsonpath_get(c, "referrer")), "the template's null stays: %s", r.body);
    GTimeZone *utc = g_time_zone_new_utc();
    GDateTime *t = g_date_time_new_from_iso8601(jsonpath_string(c, "created"), utc);
    cr_expect_not_null(t, "a time in its format: %s", r.body);
    cr_expect_eq(strlen(jsonpath_string(c, "created")), 20, "seconds, no milliseconds: %s", r.body);
    if (t)
        g_date_time_unref(t);
    g_time_zone_unref(utc);
    http_done(&r);
}

Test(sandbox_quill, a_duplicate_is_409_naming_the_existing_id)
{
    HttpReply r = create("ada@example.com", "Ada");
    char *id = g_strdup(jsonpath_string(r.json, "result.customer.uuid"));
    http_done(&r);
    r = create("ADA@example.com", "Ada again");
    cr_expect_eq(r.status, 409, "%s", r.body);
    cr_expect(strstr(jsonpath_string(r.json, "problem.title"), id), "names %s: %s", id, r.body);
    cr_expect_str_eq(jsonpath_string(r.json, "problem.kind"), "conflict");
    http_done(&r);
    g_free(id);
}

Test(sandbox_quill, invalid_fields_in_its_own_error_shape)
{
    HttpReply r = call("quill-lite", "POST", "/v2/customers", (const char *const[]){ KEY, JSON_CT, NULL },
                       "{\"customer\":{\"email\":\"nope\"}}");
    cr_expect_eq(r.status, 422, "%s", r.body);
    cr_expect_str_eq(jsonpath_string(r.json, "problem.kind"), "invalid");
    const cJSON *fields = jsonpath_get(r.json, "problem.fields");
    cr_expect_eq(cJSON_GetArraySize(fields), 2, "%s", r.body);
    cr_expect_str_eq(jsonpath_string(cJSON_GetArrayItem(fields, 0), "field"), "customer.email");
    http_done(&r);
}

Test(sandbox_quill, list_pages_and_get_finds_one)
{
    static const char *const emails[] = { "a@example.com", "b@example.com", "c@example.com" };
    char *id = NULL;
    for (size_t i = 0; i < G_N_ELEMENTS(emails); i++) {
        HttpReply r = create(emails[i], "X");
        if (i == 2)
            id = g_strdup(jsonpath_string(r.json, "result.customer.uuid"));
        http_done(&r);
    }
    const char *const h[] = { KEY, NULL };
    HttpReply p1 = call("quill-lite", "GET", "/v2/customers?page=1", h, NULL);
    HttpReply p2 = call("quill-lite", "GET", "/v2/customers?page=2", h, NULL);
    cr_expect_eq(cJSON_GetArraySize(jsonpath_get(p1.json, "result.customers")), 2, "%s", p1.body);
    cr_expect_eq(cJSON_GetArraySize(jsonpath_get(p2.json, "result.customers")), 1, "%s", p2.body);
    cr_expect_str_eq(jsonpath_string(cJSON_GetArrayItem(jsonpath_get(p2.json, "result.customers"), 0), "email"),
                     "c@example.com", "oldest first, page by page");
    http_done(&p1), http_done(&p2);
    HttpReply f = call("quill-lite", "GET", "/v2/customers?email=B@EXAMPLE.com", h, NULL);
    cr_expect_eq(cJSON_GetArraySize(jsonpath_get(f.json, "result.customers")), 1, "its filter: %s", f.body);
    http_done(&f);
    char *path = g_strdup_printf("/v2/customers/%s", id);
    HttpReply g = call("quill-lite", "GET", path, h, NULL);
    cr_expect_eq(g.status, 200, "%s", g.body);
    cr_expect_str_eq(jsonpath_string(g.json, "result.customer.uuid"), id);
    http_done(&g);
    HttpReply d = call("quill-lite", "DELETE", path, h, NULL);
    cr_expect_eq(d.status, 200, "%s", d.body);
    http_done(&d);
    g = call("quill-lite", "GET", path, h, NULL);
    cr_expect_eq(g.status, 404, "removed: %s", g.body);
    cr_expect_str_eq(jsonpath_string(g.json, "problem.kind"), "not_found");
    http_done(&g);
    g_free(path), g_free(id);
}

Test(sandbox_quill, a_wrong_or_missing_key_is_401_in_its_shape)
{
    static const char *const wrong[] = { "X-Api-Key: qk_test_someoneelse", NULL };
    static const char *const bearer[] = { "Authorization: Bearer qk_test_sandbox0", NULL };
    const char *const *const cases[] = { wrong, bearer, NULL };
    for (size_t i = 0; cases[i]; i++) {
        HttpReply r = call("quill-lite", "GET", "/v2/customers", cases[i], NULL);
        cr_expect_eq(r.status, 401, "case %zu: %s", i, r.body);
        cr_expect_str_eq(jsonpath_string(r.json, "problem.kind"), "unauthenticated", "case %zu", i);
        cr_expect_not_null(jsonpath_string(r.json, "problem.title"), "case %zu", i);
        http_done(&r);
    }
    HttpReply r = call("quill-lite", "GET", "/v2/customers", NULL, NULL);
    cr_expect_eq(r.status, 401, "no key at all: %s", r.body);
    http_done(&r);
}

Test(sandbox_quill, query_and_basic_schemes_authenticate)
{
    HttpReply r = call("quill-q", "GET", "/v2/customers?api_key=qk_test_sandbox0", NULL, NULL);
    cr_expect_eq(r.status, 200, "the query key: %s", r.body);
    http_done(&r);
    r = call("quill-q", "GET", "/v2/customers?api_key=qk_test_wrongkey1", NULL, NULL);
    cr_expect_eq(r.status, 401, "%s", r.body);
    http_done(&r);
    char *basic = g_base64_encode((const guchar *)"demo:s3cret-pass", 16);
    char *good = g_strdup_printf("Authorization: Basic %s", basic);
    r = call("quill-b", "GET", "/v2/customers", (const char *const[]){ good, NULL }, NULL);
    cr_expect_eq(r.status, 200, "user:password: %s", r.body);
    http_done(&r);
    r = call("quill-b", "GET", "/v2/customers", (const char *const[]){ "Authorization: Basic ZGVtbzpubw==", NULL }, NULL);
    cr_expect_eq(r.status, 401, "demo:no: %s", r.body);
    http_done(&r);
    g_free(basic), g_free(good);
}

/* A key in the query is as secret as one in a header: the log masks both. */
Test(sandbox_quill, the_log_masks_a_query_key_like_a_header_key)
{
    HttpReply r = call("quill-q", "GET", "/v2/customers?api_key=qk_test_sandbox0&page=1", NULL, NULL);
    http_done(&r);
    r = call("quill-lite", "GET", "/v2/customers", (const char *const[]){ KEY, NULL }, NULL);
    http_done(&r);
    g_mutex_lock(&LOG_LOCK);
    char *log = g_strdup(LOG->str);
    g_mutex_unlock(&LOG_LOCK);
    cr_expect_null(strstr(log, "qk_test_sandbox0"), "no key in the log: %s", log);
    cr_expect(strstr(log, "/quill-q/v2/customers 200") && strstr(log, "token=qk_t…"), "logged, masked: %s", log);
    cr_expect(strstr(log, "/quill-lite/v2/customers 200"), "%s", log);
    g_free(log);
}

/* Idempotency keys and rate limits are the descriptor's, for any provider:
 * its header names, its key length, its error shape. */
Test(sandbox_quill, idempotency_and_rate_limits_from_their_sections)
{
    const char *body = "{\"customer\":{\"email\":\"once@example.com\",\"full_name\":\"Once\"}}";
    const char *const keyed[] = { KEY, JSON_CT, "Quill-Key: draft-1", NULL };
    HttpReply a = call("quill-i", "POST", "/v2/customers", keyed, body);
    HttpReply b = call("quill-i", "POST", "/v2/customers", keyed, body);
    cr_expect_eq(a.status, 200, "%s", a.body);
    cr_expect_eq(b.status, 200, "%s", b.body);
    cr_expect_str_eq(jsonpath_string(b.json, "result.customer.uuid"), jsonpath_string(a.json, "result.customer.uuid"));
    char *replayed = http_header(&b, "Idempotent-Replayed"), *limit = http_header(&b, "Q-Limit");
    char *left = http_header(&b, "Q-Left");
    cr_expect_str_eq(replayed, "true");
    cr_expect_str_eq(limit, "1000", "its own header names");
    cr_expect_str_eq(left, "998");
    g_free(replayed), g_free(limit), g_free(left);
    http_done(&a), http_done(&b);
    HttpReply r = call("quill-i", "POST", "/v2/customers", (const char *const[]){ KEY, JSON_CT, "Quill-Key: 12345678901234567", NULL },
                       "{\"customer\":{\"email\":\"two@example.com\",\"full_name\":\"Two\"}}");
    cr_expect_eq(r.status, 400, "past idempotency.max_length: %s", r.body);
    cr_expect(strstr(jsonpath_string(r.json, "problem.title"), "Quill-Key must be at most 16"), "%s", r.body);
    http_done(&r);
    r = call("quill-lite", "GET", "/v2/customers", (const char *const[]){ KEY, NULL }, NULL);
    char *none = http_header(&r, "Q-Limit");
    cr_expect_null(none, "no rate headers where none are declared");
    g_free(none);
    http_done(&r);
}

