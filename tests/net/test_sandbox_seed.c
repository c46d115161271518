/* A sandbox that starts with plausible customers (SandboxOptions
 * .seed_customers, `custty sandbox --seed-customers`), made the way a create
 * makes them, the same for the same seed; and the list filters and sort a
 * descriptor documents (lookup.search, lookup.newest), served. */
#include "model/jsonpath.h"
#include "tests/support/http.h"
#include "tests/support/support.h"

#include <criterion/criterion.h>
#include <glib.h>
#include <string.h>

static void start_seeded(TestSandbox *t, size_t n, unsigned seed)
{
    memset(t, 0, sizeof *t);
    char *errors = NULL, *err = NULL;
    provider_set_load_dir(&t->set, "assets/providers", &errors);
    provider_set_load_dir(&t->set, "tests/fixtures/providers", &errors);
    cr_assert_null(errors, "%s", errors);
    SandboxOptions o = { .seed_customers = n, .seed = seed };
    t->sb = sandbox_start(&o, &t->set, &err);
    cr_assert_not_null(t->sb, "%s", err);
}

static cJSON *get_json(const TestSandbox *t, const char *provider, const char *path, const char *auth)
{
    char *url = test_sandbox_url(t, provider, path);
    HttpReply r = http_do("GET", url, (const char *const[]){ auth, "authtype: Key", NULL }, NULL);
    cr_assert_eq(r.status, 200, "%s: %ld %s", url, r.status, r.body);
    cJSON *doc = r.json;
    r.json = NULL;
    http_done(&r);
    g_free(url);
    return doc;
}

/* The ids of ITEMS at PATH, one a line (g_free). */
static char *ids(const cJSON *doc, const char *items, const char *id)
{
    GString *s = g_string_new(NULL);
    const cJSON *each;
    cJSON_ArrayForEach(each, jsonpath_get(doc, items))
        g_string_append_printf(s, "%s\n", jsonpath_string(each, id));
    return g_string_free(s, FALSE);
}

#define PROLIFI_AUTH "Authorization: Bearer " SANDBOX_PROLIFI_SECRET
#define QUILL_AUTH "X-Api-Key: qk_test_sandbox0"

Test(sandbox_seed, each_provider_starts_with_n_customers_the_same_for_one_seed)
{
    TestSandbox a, b, c;
    start_seeded(&a, 40, 11);
    start_seeded(&b, 40, 11);
    start_seeded(&c, 40, 12);
    cJSON *pa = get_json(&a, "prolifi", "/customers?limit=100", PROLIFI_AUTH);
    cr_expect_eq(jsonpath_get(pa, "pagination.total")->valueint, 40);
    cJSON *pb = get_json(&b, "prolifi", "/customers?limit=100", PROLIFI_AUTH);
    cJSON *pc = get_json(&c, "prolifi", "/customers?limit=100", PROLIFI_AUTH);
    char *ia = ids(pa, "data", "id"), *ib = ids(pb, "data", "id"), *ic = ids(pc, "data", "id");
    cr_expect_str_eq(ia, ib, "one seed, one set of customers");
    cr_expect_str_neq(ia, ic);
    const cJSON *first = cJSON_GetArrayItem(jsonpath_get(pa, "data"), 0);
    cr_expect(g_str_has_suffix(jsonpath_string(first, "email"), "@example.com"), "a plausible address");
    cr_expect_not_null(jsonpath_string(first, "type"), "its hook typed it, as for any create");
    cJSON *bp = get_json(&a, "botpenguin", "/customer/list?page=1&sort=createdAt", "Authorization: Bearer " SANDBOX_TOKEN);
    cr_expect_eq(cJSON_GetArraySize(jsonpath_get(bp, "data")), 40);
    g_free(ia), g_free(ib), g_free(ic);
    cJSON_Delete(pa), cJSON_Delete(pb), cJSON_Delete(pc), cJSON_Delete(bp);
    test_sandbox_stop(&a), test_sandbox_stop(&b), test_sandbox_stop(&c);
}

Test(sandbox_seed, seeding_past_the_cap_keeps_every_customer)
{
    TestSandbox t;
    start_seeded(&t, 10050, 3);
    cJSON *p = get_json(&t, "prolifi", "/customers?limit=1", PROLIFI_AUTH);
    cr_expect_eq(jsonpath_get(p, "pagination.total")->valueint, 10050, "max_customers grows to the seeding");
    cJSON_Delete(p);
    test_sandbox_stop(&t);
}

Test(sandbox_seed, a_documented_search_filters_and_a_documented_sort_lists_newest_first)
{
    TestSandbox t;
    start_seeded(&t, 30, 5);
    cJSON *all = get_json(&t, "quill", "/v2/customers?page=1", QUILL_AUTH);
    const cJSON *third = cJSON_GetArrayItem(jsonpath_get(all, "result.customers"), 2);
    char *name = g_uri_escape_string(jsonpath_string(third, "full_name"), NULL, FALSE);
    char *path = g_strdup_printf("/v2/customers?name=%s", name);
    cJSON *found = get_json(&t, "quill", path, QUILL_AUTH);
    const cJSON *each;
    cr_expect_gt(cJSON_GetArraySize(jsonpath_get(found, "result.customers")), 0);
    cJSON_ArrayForEach(each, jsonpath_get(found, "result.customers"))
        cr_expect_str_eq(jsonpath_string(each, "full_name"), jsonpath_string(third, "full_name"),
                         "lookup.search's name=: only those");
    cJSON *newest = get_json(&t, "quill", "/v2/customers?page=2&sort=-created", QUILL_AUTH);
    const cJSON *last = cJSON_GetArrayItem(jsonpath_get(newest, "result.customers"), 4);
    cr_expect_str_eq(jsonpath_string(last, "uuid"),
                     jsonpath_string(cJSON_GetArrayItem(jsonpath_get(all, "result.customers"), 0), "uuid"),
                     "sort=-created (lookup.newest): the oldest is last of 30");
    g_free(name), g_free(path);
    cJSON_Delete(all), cJSON_Delete(found), cJSON_Delete(newest);
    test_sandbox_stop(&t);
}
