/* The sandbox engine against a hostile client: paging values at the edge of
 * a long, ids and keys that hold percent signs or bytes that are not UTF-8,
 * unique values dressed in spaces, and tokens made up by the thousand. */
#include "model/jsonpath.h"
#include "net/sandbox_engine.h"
#include "tests/support/http.h"

#include <criterion/criterion.h>
#include <glib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static TestSandbox T;

static void start(void) { test_sandbox_start(&T, NULL); }
static void stop(void) { test_sandbox_stop(&T); }

#define JSON_CT "Content-Type: application/json"
static const char *const BP_AUTH[] = { "Authorization: Bearer sandbox-token", "authtype: Key", JSON_CT, NULL };
static const char *const BILL_AUTH[] = { JSON_CT, NULL };
static const char *const PRO_SK[] = { "Authorization: Bearer sk_test_sandbox", JSON_CT, NULL };

static HttpReply call(const char *method, const char *provider, const char *path,
                      const char *const *headers, const char *body)
{
    char *url = test_sandbox_url(&T, provider, path);
    HttpReply r = http_do(method, url, headers, body);
    g_free(url);
    return r;
}

TestSuite(sandbox_hostile, .init = start, .fini = stop);

/* ---- paging at the edge of a long ------------------------------------------------- */

/* offset + limit and (page - first) * limit must not overflow: the sandbox
 * runs under -fno-sanitize-recover, where an overflow ends the process. */
Test(sandbox_hostile, an_offset_near_the_largest_long_is_an_empty_page)
{
    HttpReply c = call("POST", "prolifi", "/customers", PRO_SK, "{\"email\":\"a@b.co\"}");
    cr_assert_eq(c.status, 201, "%s", c.body);
    http_done(&c);
    HttpReply r = call("GET", "prolifi", "/customers?limit=100&offset=9223372036854775807", PRO_SK, NULL);
    cr_expect_eq(r.status, 200, "%s", r.body);
    cr_expect_eq(cJSON_GetArraySize(jsonpath_get(r.json, "data")), 0, "%s", r.body);
    cr_expect(cJSON_IsFalse(jsonpath_get(r.json, "pagination.has_more")), "%s", r.body);
    http_done(&r);
}

Test(sandbox_hostile, a_page_near_the_largest_long_is_an_empty_page)
{
    HttpReply r = call("GET", "botpenguin", "/customer/list?page=9223372036854775807", BP_AUTH, NULL);
    cr_expect_eq(r.status, 200, "%s", r.body);
    http_done(&r);
    r = call("GET", "botpenguin", "/customer/list?page=99999999999999999999999", BP_AUTH, NULL);
    cr_expect_eq(r.status, 200, "%s", r.body);
    http_done(&r);
}

/* ---- what the answers echo ---------------------------------------------------------- */

/* An id of bytes that are not UTF-8 is echoed in the 404; the answer stays
 * JSON a strict parser takes (RFC 8259: UTF-8). */
Test(sandbox_hostile, an_id_that_is_not_utf8_is_echoed_as_valid_utf8)
{
    HttpReply r = call("GET", "billing-v1", "/api/v1/customers/cus_%FF%FE", BILL_AUTH, NULL);
    cr_expect_eq(r.status, 404, "%s", r.body);
    cr_expect(g_utf8_validate(r.body, (gssize)r.body_len, NULL), "not UTF-8: %s", r.body);
    cr_expect(strstr(r.body, "cus_"), "the id is still named: %s", r.body);
    http_done(&r);
}

Test(sandbox_hostile, an_idempotency_key_that_is_not_utf8_is_echoed_as_valid_utf8)
{
    const char *const h[] = { PRO_SK[0], JSON_CT, "Idempotency-Key: k\xff\xfe", NULL };
    HttpReply a = call("POST", "prolifi", "/customers", h, "{\"email\":\"first@example.com\"}");
    cr_expect_eq(a.status, 201, "%s", a.body);
    HttpReply b = call("POST", "prolifi", "/customers", h, "{\"email\":\"second@example.com\"}");
    cr_expect_eq(b.status, 409, "%s", b.body);
    cr_expect(g_utf8_validate(b.body, (gssize)b.body_len, NULL), "not UTF-8: %s", b.body);
    http_done(&a), http_done(&b);
}

/* A lookup by a unique field folds the id's case: bytes that are not UTF-8
 * (a lead byte that claims three more) must not be read past. */
Test(sandbox_hostile, an_id_with_a_cut_utf8_sequence_is_not_found)
{
    HttpReply r = call("GET", "prolifi", "/customers/%F0", PRO_SK, NULL);
    cr_expect_eq(r.status, 404, "%s", r.body);
    http_done(&r);
    r = call("GET", "prolifi", "/customers/ab%E2%82", PRO_SK, NULL);
    cr_expect_eq(r.status, 404, "%s", r.body);
    http_done(&r);
}

/* ---- ids decoded once --------------------------------------------------------------- */

/* The path arrives percent-decoded: an external id holding "%41" is found
 * by it, not by "A" (decoded a second time). */
Test(sandbox_hostile, an_id_with_a_percent_sign_is_decoded_once)
{
    HttpReply c = call("POST", "prolifi", "/customers", PRO_SK, "{\"email\":\"p@b.co\",\"external_id\":\"50%41off\"}");
    cr_assert_eq(c.status, 201, "%s", c.body);
    http_done(&c);
    c = call("POST", "prolifi", "/customers", PRO_SK, "{\"email\":\"q@b.co\",\"external_id\":\"50Aoff\"}");
    cr_assert_eq(c.status, 201, "%s", c.body);
    http_done(&c);
    HttpReply r = call("GET", "prolifi", "/customers/50%2541off", PRO_SK, NULL);
    cr_expect_eq(r.status, 200, "%s", r.body);
    cr_expect_str_eq(jsonpath_string(r.json, "data.email"), "p@b.co", "%s", r.body);
    http_done(&r);
}

/* ---- unique values as the validators read them ---------------------------------------- */

/* The validators trim what they judge, so " user_1 " is accepted as user_1:
 * it is the same unique value, and a duplicate. */
Test(sandbox_hostile, a_unique_value_with_spaces_around_it_is_a_duplicate)
{
    HttpReply a = call("POST", "prolifi", "/customers", PRO_SK, "{\"email\":\"a@b.co\",\"external_id\":\"user_1\"}");
    cr_assert_eq(a.status, 201, "%s", a.body);
    HttpReply b = call("POST", "prolifi", "/customers", PRO_SK, "{\"email\":\"c@d.co\",\"external_id\":\" user_1 \"}");
    cr_expect_eq(b.status, 409, "%s", b.body);
    http_done(&a), http_done(&b);
}

/* ---- tables keyed by what a client sends ---------------------------------------------- */

static ProviderSet SET;
static SbProvider *P;
static SandboxOptions OPT = { .rate_limit = 100000, .max_customers = 10 };

static void start_engine(void)
{
    char *errors = NULL;
    memset(&SET, 0, sizeof SET);
    provider_set_load_dir(&SET, "assets/providers", &errors);
    cr_assert_null(errors, "%s", errors);
    const Descriptor *d = provider_set_find(&SET, "prolifi");
    cr_assert_not_null(d);
    P = sb_provider_new(d, &OPT);
}

static void stop_engine(void)
{
    sb_provider_free(P);
    provider_set_done(&SET);
}

/* Each request with a made-up token (no route, no auth needed to be
 * counted): the rate table keeps a window per token the sandbox knows, not
 * one per token a client invents. */
Test(sandbox_engine_bounds, made_up_tokens_do_not_grow_the_rate_table, .init = start_engine, .fini = stop_engine)
{
    for (int i = 0; i < 5000; i++) {
        char *token = g_strdup_printf("made-up-%d", i);
        SbRequest req = { .method = "GET", .path = "/nowhere", .token = token, .token_sent = true };
        SbReply reply = { .headers = g_ptr_array_new_with_free_func(g_free) };
        sb_provider_handle(P, &req, &reply);
        cr_assert_eq(reply.status, 404);
        g_free(reply.body);
        g_ptr_array_free(reply.headers, TRUE);
        g_free(token);
    }
    cr_expect_leq(g_hash_table_size(P->rates.windows), 3, "%u windows", g_hash_table_size(P->rates.windows));
}

static void create_big(SbProvider *p, const SbRequest *req, SbReply *reply)
{
    (void)p, (void)req;
    reply->status = 201;
    g_free(reply->body);
    reply->body = g_strdup("{\"id\":\"c\"}");
    reply->body_len = strlen(reply->body);
}

/* A kept idempotency key names the body it answered; holding that body
 * itself would make the cap of keys (max_customers) times 1 MiB. */
Test(sandbox_engine_bounds, a_kept_key_holds_little_of_a_big_body, .init = start_engine, .fini = stop_engine)
{
    char *pad = g_strnfill(512 * 1024, 'x');
    cJSON *body = cJSON_CreateObject();
    cJSON_AddStringToObject(body, "email", "big@example.com");
    cJSON_AddStringToObject(body, "padding", pad);
    for (int i = 0; i < 5; i++) {
        char *key = g_strdup_printf("key-%d", i);
        SbRequest req = { .method = "POST", .path = "/customers", .token = "sk_test_sandbox", .json = body };
        SbReply reply = { .headers = g_ptr_array_new_with_free_func(g_free) };
        sb_replay_create(P, &req, &reply, key, create_big);
        cr_assert_eq(reply.status, 201);
        g_free(reply.body);
        g_ptr_array_free(reply.headers, TRUE);
        g_free(key);
    }
    size_t held = 0;
    GHashTableIter it;
    gpointer slot, value;
    g_hash_table_iter_init(&it, P->replays.replays);
    while (g_hash_table_iter_next(&it, &slot, &value))
        held += strlen(((SbReplay *)value)->request) + strlen(((SbReplay *)value)->body);
    cr_expect_eq(g_hash_table_size(P->replays.replays), 5);
    cr_expect_lt(held, 5 * 1024, "5 keys hold %zu bytes", held);
    cJSON_Delete(body);
    g_free(pad);
}

/* A value ending in a lead byte that claims three more ("\xF0" then the
 * NUL), right before a page nobody may read: the unique-key index folds
 * its case, and must stop at the NUL, not read past it. */
Test(sandbox_store, a_key_cut_inside_a_utf8_sequence_is_not_read_past)
{
    long page = sysconf(_SC_PAGESIZE);
    char *two = mmap(NULL, (size_t)page * 2, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    cr_assert_neq(two, MAP_FAILED);
    cr_assert_eq(mprotect(two + page, (size_t)page, PROT_NONE), 0);
    char *value = two + page - 2;
    value[0] = '\xF0', value[1] = '\0';
    SbStore store;
    sb_store_init(&store, "id", 10);
    cJSON *rec = cJSON_Parse("{\"id\":\"c1\",\"external_id\":\"ada\"}");
    sb_store_add(&store, rec, (const char *const[]){ "external_id" }, (const char *const[]){ "ada" }, 1);
    cr_expect_null(sb_store_find_key(&store, "external_id", value));
    cr_expect_eq(sb_store_find_key(&store, "external_id", "ADA"), rec);
    sb_store_done(&store);
    munmap(two, (size_t)page * 2);
}

/* billing-v1 with 40 more unique fields, u0 … u39. */
static Descriptor *many_unique(void)
{
    gchar *text = NULL;
    gsize len = 0;
    cr_assert(g_file_get_contents("assets/providers/billing-v1.json", &text, &len, NULL));
    cJSON *doc = cJSON_Parse(text), *fields = cJSON_GetObjectItem(doc, "fields");
    for (int i = 0; i < 40; i++) {
        char *f = g_strdup_printf("{\"name\": \"u%d\", \"label\": \"U%d\", \"type\": \"string\", \"unique\": true}", i, i);
        cJSON_AddItemToArray(fields, cJSON_Parse(f));
        g_free(f);
    }
    char *out = cJSON_PrintUnformatted(doc), *err = NULL;
    Descriptor *d = descriptor_parse(out, strlen(out), "billing-v1", "billing-v1.json", &err);
    cr_assert_not_null(d, "%s", err);
    cJSON_Delete(doc);
    g_free(text), g_free(out);
    return d;
}

static int post(SbProvider *p, const char *body)
{
    cJSON *json = cJSON_Parse(body);
    SbRequest req = { .method = "POST", .path = "/api/v1/customers", .json = json };
    SbReply reply = { .headers = g_ptr_array_new_with_free_func(g_free) };
    sb_provider_handle(p, &req, &reply);
    g_free(reply.body);
    g_ptr_array_free(reply.headers, TRUE);
    cJSON_Delete(json);
    return reply.status;
}

/* Every unique field is kept unique, the fortieth as the first. */
Test(sandbox_engine_bounds, every_unique_field_is_indexed_however_many)
{
    Descriptor *d = many_unique();
    SbProvider *p = sb_provider_new(d, &OPT);
    cr_expect_eq(post(p, "{\"name\":\"A\",\"email\":\"a@b.co\",\"u39\":\"same\"}"), 201);
    cr_expect_eq(post(p, "{\"name\":\"B\",\"email\":\"b@b.co\",\"u39\":\"same\"}"), 409, "u39 is unique too");
    cr_expect_eq(post(p, "{\"name\":\"C\",\"email\":\"c@b.co\",\"u0\":\"first\"}"), 201);
    cr_expect_eq(post(p, "{\"name\":\"D\",\"email\":\"d@b.co\",\"u0\":\"first\"}"), 409);
    sb_provider_free(p);
    descriptor_free(d);
}
