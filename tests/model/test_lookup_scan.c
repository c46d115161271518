/* The lookup scan alone, fed pages by hand: when it may say "not created",
 * and when it must say it cannot tell. */
#include "model/lookup.h"

#include <criterion/criterion.h>
#include <glib.h>
#include <string.h>

static Descriptor *descriptor_with_lookup(const char *lookup)
{
    char *text = g_strdup_printf(
        "{\"title\":\"T\",\"create\":{\"method\":\"POST\",\"path\":\"/c\"},\"auth\":{\"scheme\":\"none\"},"
        "\"fields\":[{\"name\":\"email\",\"label\":\"Email\",\"type\":\"email\"},"
        "{\"name\":\"ref\",\"label\":\"Ref\",\"type\":\"string\"}],"
        "\"success\":{\"record\":\"\",\"id\":\"id\"},\"error\":{\"message\":\"m\"},\"lookup\":%s}", lookup);
    char *err = NULL;
    Descriptor *d = descriptor_parse(text, strlen(text), "t", "t.json", &err);
    cr_assert_not_null(d, "%s", err);
    g_free(text);
    return d;
}

/* A page of N customers "cK@x.io" from FIRST. */
static char *page_of(int first, int n, const char *wrap)
{
    GString *s = g_string_new("[");
    for (int i = 0; i < n; i++)
        g_string_append_printf(s, "%s{\"id\":\"id%d\",\"email\":\"c%d@x.io\"}", i ? "," : "", first + i, first + i);
    g_string_append_c(s, ']');
    char *page = g_strdup_printf(wrap, s->str);
    g_string_free(s, TRUE);
    return page;
}

static char *next_url(LookupScan *s)
{
    Request r;
    if (!lookup_scan_next(s, &r))
        return NULL;
    char *url = g_strdup(r.url);
    request_done(&r);
    return url;
}

static void feed(LookupScan *s, int status, const char *body)
{
    g_free(next_url(s));
    lookup_scan_feed(s, status, body, body ? strlen(body) : 0, status ? NULL : "timed out");
}

static LookupVerdict verdict(LookupScan *s, char **said)
{
    char *id = NULL;
    cJSON *record = NULL;
    LookupVerdict v = lookup_scan_verdict(s, &id, &record, said);
    g_free(id);
    cJSON_Delete(record);
    return v;
}

#define PAGED "{\"path\":\"/list\",\"match\":\"email\",\"id\":\"id\",\"paging\":{\"style\":\"page\",\"param\":\"p\"}}"

Test(lookup_scan, pages_are_read_until_one_comes_back_short)
{
    Descriptor *d = descriptor_with_lookup(PAGED);
    LookupScan *s = lookup_scan_new(d, "http://h/api", "nobody@x.io", NULL, NULL);
    char *url = next_url(s);
    cr_expect_str_eq(url, "http://h/api/list?p=1", "no email filter the provider does not document");
    g_free(url);
    char *p1 = page_of(0, 10, "%s"), *p2 = page_of(10, 10, "%s"), *p3 = page_of(20, 4, "%s");
    lookup_scan_feed(s, 200, p1, strlen(p1), NULL);
    url = next_url(s);
    cr_expect_str_eq(url, "http://h/api/list?p=2");
    g_free(url);
    lookup_scan_feed(s, 200, p2, strlen(p2), NULL);
    cr_expect_not(lookup_scan_done(s), "a full page: there may be more");
    feed(s, 200, p3);
    char *said = NULL;
    cr_expect_eq(verdict(s, &said), LOOKUP_ABSENT);
    cr_expect_str_eq(said, "read 3 pages, 24 customers");
    g_free(said), g_free(p1), g_free(p2), g_free(p3);
    lookup_scan_free(s);
    descriptor_free(d);
}

Test(lookup_scan, a_match_is_case_blind_and_carries_its_record)
{
    Descriptor *d = descriptor_with_lookup(PAGED);
    LookupScan *s = lookup_scan_new(d, "http://h", "C12@X.io", NULL, NULL);
    char *p1 = page_of(0, 10, "%s"), *p2 = page_of(10, 10, "%s");
    feed(s, 200, p1);
    feed(s, 200, p2);
    char *id = NULL, *said = NULL;
    cJSON *record = NULL;
    cr_expect_eq(lookup_scan_verdict(s, &id, &record, &said), LOOKUP_FOUND);
    cr_expect_str_eq(id, "id12");
    cr_expect_str_eq(cJSON_GetObjectItem(record, "email")->valuestring, "c12@x.io");
    g_free(id), g_free(said), g_free(p1), g_free(p2);
    cJSON_Delete(record);
    lookup_scan_free(s);
    descriptor_free(d);
}

Test(lookup_scan, a_failed_page_or_no_answer_is_cannot_tell)
{
    Descriptor *d = descriptor_with_lookup(PAGED);
    int statuses[] = { 500, 429, 401, 0 };
    for (size_t i = 0; i < G_N_ELEMENTS(statuses); i++) {
        LookupScan *s = lookup_scan_new(d, "http://h", "nobody@x.io", NULL, NULL);
        char *p1 = page_of(0, 10, "%s"), *said = NULL;
        feed(s, 200, p1);
        feed(s, statuses[i], "{}");
        cr_expect_eq(verdict(s, &said), LOOKUP_CANNOT_TELL, "status %d: %s", statuses[i], said);
        cr_expect(strstr(said, "page 2"), "names the page: %s", said);
        g_free(said), g_free(p1);
        lookup_scan_free(s);
    }
    descriptor_free(d);
}

Test(lookup_scan, a_provider_that_ignores_paging_is_noticed)
{
    Descriptor *d = descriptor_with_lookup(PAGED);
    LookupScan *s = lookup_scan_new(d, "http://h", "nobody@x.io", NULL, NULL);
    char *p1 = page_of(0, 10, "%s"), *said = NULL;
    feed(s, 200, p1);
    feed(s, 200, p1);
    cr_expect_eq(verdict(s, &said), LOOKUP_CANNOT_TELL, "the same page twice is no end: %s", said);
    g_free(said), g_free(p1);
    lookup_scan_free(s);
    descriptor_free(d);
}

Test(lookup_scan, the_page_limit_is_cannot_tell)
{
    Descriptor *d = descriptor_with_lookup("{\"path\":\"/list\",\"match\":\"email\",\"id\":\"id\",\"max_pages\":3,"
                                           "\"paging\":{\"style\":\"page\",\"param\":\"p\"}}");
    LookupScan *s = lookup_scan_new(d, "http://h", "nobody@x.io", NULL, NULL);
    for (int i = 0; i < 3; i++) {
        char *p = page_of(i * 10, 10, "%s");
        feed(s, 200, p);
        g_free(p);
    }
    char *said = NULL;
    cr_expect(lookup_scan_done(s));
    cr_expect_eq(verdict(s, &said), LOOKUP_CANNOT_TELL, "%s", said);
    cr_expect(strstr(said, "3 pages"), "%s", said);
    g_free(said);
    lookup_scan_free(s);
    descriptor_free(d);
}

Test(lookup_scan, offsets_follow_has_more_and_a_filter_is_used_only_when_declared)
{
    Descriptor *d = descriptor_with_lookup(
        "{\"path\":\"/list?sort=new\",\"items\":\"data\",\"match\":\"email\",\"id\":\"id\",\"filter\":\"email\","
        "\"paging\":{\"style\":\"offset\",\"param\":\"offset\",\"limit_param\":\"limit\",\"limit\":2,"
        "\"more\":\"more\"}}");
    LookupScan *s = lookup_scan_new(d, "http://h", "a+b@x.io", NULL, NULL);
    char *url = next_url(s);
    cr_expect_str_eq(url, "http://h/list?sort=new&email=a%2Bb%40x.io&limit=2&offset=0");
    g_free(url);
    char *p1 = page_of(0, 2, "{\"data\":%s,\"more\":true}"), *p2 = page_of(2, 1, "{\"data\":%s,\"more\":false}");
    lookup_scan_feed(s, 200, p1, strlen(p1), NULL);
    url = next_url(s);
    cr_expect_str_eq(url, "http://h/list?sort=new&email=a%2Bb%40x.io&limit=2&offset=2");
    g_free(url);
    lookup_scan_feed(s, 200, p2, strlen(p2), NULL);
    char *said = NULL;
    cr_expect_eq(verdict(s, &said), LOOKUP_ABSENT, "the filter may be ignored: the match is made here (%s)", said);
    g_free(said), g_free(p1), g_free(p2);
    lookup_scan_free(s);
    descriptor_free(d);
}

Test(lookup_scan, an_exact_404_is_not_created_and_anything_else_reads_the_list)
{
    Descriptor *d = descriptor_with_lookup("{\"exact\":[{\"field\":\"ref\",\"path\":\"/c/{value}\"}],"
                                           "\"path\":\"/list\",\"match\":\"email\",\"id\":\"id\"}");
    cJSON *body = cJSON_Parse("{\"email\":\"c1@x.io\",\"ref\":\"r/1\"}");
    LookupScan *s = lookup_scan_new(d, "http://h", "c1@x.io", body, NULL);
    char *url = next_url(s), *said = NULL;
    cr_expect_str_eq(url, "http://h/c/r%2F1");
    g_free(url);
    lookup_scan_feed(s, 404, "{}", 2, NULL);
    cr_expect_eq(verdict(s, &said), LOOKUP_ABSENT, "%s", said);
    g_free(said);
    lookup_scan_free(s);
    s = lookup_scan_new(d, "http://h", "c1@x.io", body, NULL);
    feed(s, 200, "{\"id\":\"x\",\"email\":\"someone-else@x.io\"}");
    cr_expect_not(lookup_scan_done(s), "another customer's record proves nothing");
    char *list = page_of(0, 3, "%s");
    feed(s, 200, list);
    cr_expect_eq(verdict(s, &said), LOOKUP_FOUND, "%s", said);
    g_free(said), g_free(list);
    lookup_scan_free(s);
    cJSON_Delete(body);
    descriptor_free(d);
}

/* endpoints are what a lookup uses where it names no path of its own: the
 * list GET is endpoints.list, an exact one is endpoints.get with the value as
 * its {id}. A lookup that names neither, with no endpoints, is refused. */
Test(lookup_scan, a_lookup_without_paths_uses_the_endpoints)
{
    const char *text = "{\"title\":\"T\",\"create\":{\"method\":\"POST\",\"path\":\"/v2/c\"},"
                       "\"auth\":{\"scheme\":\"none\"},\"fields\":[{\"name\":\"email\",\"label\":\"E\",\"type\":\"email\"},"
                       "{\"name\":\"ref\",\"label\":\"Ref\",\"type\":\"string\"}],"
                       "\"success\":{\"record\":\"\",\"id\":\"id\"},\"error\":{\"message\":\"m\"},"
                       "\"endpoints\":{\"list\":\"/v2/customers\",\"get\":\"/v2/customers/{id}\"},"
                       "\"lookup\":{\"exact\":[{\"field\":\"ref\"}],\"match\":\"email\",\"id\":\"id\"}}";
    char *err = NULL;
    Descriptor *d = descriptor_parse(text, strlen(text), "t", "t.json", &err);
    cr_assert_not_null(d, "%s", err);
    cJSON *body = cJSON_Parse("{\"email\":\"c1@x.io\",\"ref\":\"r1\"}");
    LookupScan *s = lookup_scan_new(d, "http://h", "c1@x.io", body, NULL);
    char *url = next_url(s);
    cr_expect_str_eq(url, "http://h/v2/customers/r1", "the exact GET is endpoints.get");
    g_free(url);
    lookup_scan_feed(s, 500, "{}", 2, NULL);
    url = next_url(s);
    cr_expect_str_eq(url, "http://h/v2/customers", "the list GET is endpoints.list");
    g_free(url);
    lookup_scan_free(s);
    cJSON_Delete(body);
    descriptor_free(d);
    const char *bare = "{\"title\":\"T\",\"create\":{\"method\":\"POST\",\"path\":\"/c\"},\"auth\":{\"scheme\":\"none\"},"
                       "\"fields\":[{\"name\":\"email\",\"label\":\"E\",\"type\":\"email\"}],"
                       "\"success\":{\"record\":\"\",\"id\":\"id\"},\"error\":{\"message\":\"m\"},"
                       "\"lookup\":{\"match\":\"email\",\"id\":\"id\"}}";
    cr_expect_null(descriptor_parse(bare, strlen(bare), "t", "t.json", &err));
    cr_expect(err && strstr(err, "lookup.path") && strstr(err, "endpoints.list"), "%s", err);
    g_free(err);
}

Test(lookup_scan, old_style_email_in_the_path_is_refused_with_the_way_forward)
{
    const char *text = "{\"title\":\"T\",\"create\":{\"method\":\"POST\",\"path\":\"/c\"},\"auth\":{\"scheme\":\"none\"},"
                       "\"fields\":[{\"name\":\"email\",\"label\":\"E\",\"type\":\"email\"}],"
                       "\"success\":{\"record\":\"\",\"id\":\"id\"},\"error\":{\"message\":\"m\"},"
                       "\"lookup\":{\"path\":\"/c?email={email}\",\"match\":\"email\",\"id\":\"id\"}}";
    char *err = NULL;
    cr_expect_null(descriptor_parse(text, strlen(text), "t", "t.json", &err));
    cr_expect(err && strstr(err, "t.json: lookup.path:") && strstr(err, "lookup.filter"), "%s", err);
    g_free(err);
}

/* A value of ".." cannot be a path segment: the exact GET is skipped (it
 * would ask the collection above) and the list is read instead. */
Test(lookup_scan, an_exact_value_that_is_a_dot_segment_goes_to_the_list)
{
    Descriptor *d = descriptor_with_lookup("{\"exact\":[{\"field\":\"ref\",\"path\":\"/c/{value}\"}],"
                                           "\"path\":\"/list\",\"match\":\"email\",\"id\":\"id\"}");
    cJSON *body = cJSON_Parse("{\"email\":\"c1@x.io\",\"ref\":\"..\"}");
    LookupScan *s = lookup_scan_new(d, "http://h", "c1@x.io", body, NULL);
    char *url = next_url(s);
    cr_expect_str_eq(url, "http://h/list");
    g_free(url);
    lookup_scan_free(s);
    cJSON_Delete(body);
    descriptor_free(d);
}
