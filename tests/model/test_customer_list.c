/* The customer list alone, fed pages recorded from each provider's shape:
 * the URL of every page, the items read from it, where the list ends, and
 * the get and delete of one customer. */
#include "model/customer_list.h"

#include "tests/support/support.h"

#include <criterion/criterion.h>
#include <glib.h>
#include <string.h>

static Descriptor *quill(void)
{
    char *err = NULL;
    Descriptor *d = descriptor_load("tests/fixtures/providers/quill.json", &err);
    cr_assert_not_null(d, "%s", err);
    return d;
}

static char *next_url(CustomerList *l)
{
    Request r;
    if (!customer_list_next(l, &r))
        return NULL;
    char *url = g_strdup(r.url);
    request_done(&r);
    return url;
}

/* Asks for the next page, checks its URL, feeds the recorded FIXTURE. */
static void feed_page(CustomerList *l, const char *url, int status, const char *fixture, CustomerPage *page)
{
    char *asked = next_url(l);
    cr_assert_str_eq(asked, url);
    g_free(asked);
    size_t len = 0;
    char *body = support_fixture(fixture, &len);
    customer_list_feed(l, status, body, len, NULL, page);
    g_free(body);
}

Test(customer_list, billing_reads_its_one_answer_as_the_whole_list)
{
    Descriptor *d = support_provider("billing-v1");
    CustomerList *l = customer_list_new(d, "http://h:1/b", NULL, NULL);
    CustomerPage page;
    feed_page(l, "http://h:1/b/api/v1/customers", 200, "lists/billing_all.json", &page);
    cr_assert_eq(page.n, 3);
    cr_expect(page.last, "no paging: one answer is the whole list");
    cr_expect_str_eq(page.items[1].name, "Bruno Costa");
    cr_expect_str_eq(page.items[1].email, "bruno@example.com");
    cr_expect_str_eq(page.items[1].id, "cus_01hv8y7a1b2c3d4e5f6g7h8j9k");
    cr_expect_str_eq(page.items[1].created, "2026-11-21T10:00:00Z");
    cr_expect_str_eq(page.items[1].status, "inactive");
    cr_expect_null(page.items[2].status, "an item without a status has none");
    cr_expect_str_eq(page.items[2].name, "Chen \x1b[31mLi", "kept as sent: the caller escapes for a terminal");
    customer_page_done(&page);
    cr_expect(customer_list_done(l));
    cr_expect_not(customer_list_next(l, &(Request){ 0 }));
    customer_list_free(l);
    descriptor_free(d);
}

Test(customer_list, botpenguin_pages_end_at_a_short_page)
{
    Descriptor *d = support_provider("botpenguin");
    CustomerList *l = customer_list_new(d, "https://api.v7.botpenguin.com", NULL, NULL);
    CustomerPage page;
    feed_page(l, "https://api.v7.botpenguin.com/customer/list?sort=createdAt&page=1", 200,
              "lists/botpenguin_page1.json", &page);
    cr_expect_eq(page.n, 3);
    cr_expect_not(page.last);
    cr_expect_str_eq(page.items[0].email, "p1@example.com", "the email at lookup.match (contact.email)");
    cr_expect_str_eq(page.items[0].name, "Penguin 1", "the name at success.summary's first path");
    cr_expect_str_eq(page.items[0].status, "active");
    customer_page_done(&page);
    feed_page(l, "https://api.v7.botpenguin.com/customer/list?sort=createdAt&page=2", 200,
              "lists/botpenguin_page2.json", &page);
    cr_expect_not(page.last, "as long as the first: there may be more");
    customer_page_done(&page);
    feed_page(l, "https://api.v7.botpenguin.com/customer/list?sort=createdAt&page=3", 200,
              "lists/botpenguin_page3.json", &page);
    cr_expect_eq(page.n, 1);
    cr_expect(page.last, "shorter than the pages before it: the end, as a lookup ends");
    customer_page_done(&page);
    cr_expect_eq(customer_list_items_read(l), 7);
    cr_expect_eq(customer_list_pages_read(l), 3);
    customer_list_free(l);
    descriptor_free(d);
}

Test(customer_list, a_failed_page_says_why_and_is_asked_again)
{
    Descriptor *d = support_provider("botpenguin");
    CustomerList *l = customer_list_new(d, "http://h", NULL, NULL);
    CustomerPage page;
    feed_page(l, "http://h/customer/list?sort=createdAt&page=1", 200, "lists/botpenguin_refused.json", &page);
    cr_expect_str_eq(page.error, "page 1 failed: the provider answered 200: Invalid token",
                     "the envelope's failure, whatever the HTTP status");
    cr_expect_eq(page.n, 0);
    customer_page_done(&page);
    cr_expect_not(customer_list_feed(l, 0, NULL, 0, "timed out", &page));
    cr_expect_str_eq(page.error, "page 1 got no answer (timed out)");
    customer_page_done(&page);
    feed_page(l, "http://h/customer/list?sort=createdAt&page=1", 200, "lists/botpenguin_page1.json", &page);
    cr_expect_eq(page.n, 3, "the retry reads the same page");
    customer_page_done(&page);
    customer_list_free(l);
    descriptor_free(d);
}

Test(customer_list, prolifi_offsets_end_when_has_more_is_false)
{
    Descriptor *d = support_provider("prolifi");
    CustomerList *l = customer_list_new(d, "https://api.prolifi.co/api/v1/public", NULL, NULL);
    CustomerPage page;
    feed_page(l, "https://api.prolifi.co/api/v1/public/customers?limit=100&offset=0", 200,
              "lists/prolifi_page1.json", &page);
    cr_expect_eq(page.n, 2);
    cr_expect_not(page.last, "short, but has_more says there is more");
    customer_page_done(&page);
    feed_page(l, "https://api.prolifi.co/api/v1/public/customers?limit=100&offset=2", 200,
              "lists/prolifi_page2.json", &page);
    cr_expect(page.last);
    cr_expect_str_eq(page.items[0].status, "archived");
    customer_page_done(&page);
    customer_list_free(l);
    descriptor_free(d);
}

Test(customer_list, quill_searches_on_the_server_newest_first)
{
    Descriptor *d = quill();
    CustomerSearch s;
    char *err = NULL;
    cr_assert(customer_search_init(&s, d, "Q2@quill.example", &err));
    cr_expect(customer_search_server_side(&s));
    CustomerList *l = customer_list_new(d, "http://h/quill", &s, &err);
    cr_expect(customer_list_newest_first(d));
    CustomerPage page;
    feed_page(l, "http://h/quill/v2/customers?email=Q2%40quill.example&sort=-created&page=1", 200,
              "lists/quill_search.json", &page);
    cr_assert_eq(page.n, 1);
    cr_expect_str_eq(page.items[0].name, "Quill Reader 2");
    cr_expect_str_eq(page.items[0].id, "3f0c2a4e-8b1d-4c6e-a7f2-000000000002");
    customer_page_done(&page);
    customer_list_free(l);
    customer_search_done(&s);
    descriptor_free(d);
}

Test(customer_list, a_documented_search_key_goes_to_the_server)
{
    Descriptor *d = quill();
    CustomerSearch s;
    char *err = NULL;
    cr_assert(customer_search_init(&s, d, "full_name=Quill Reader 1", &err));
    CustomerList *l = customer_list_new(d, "http://h", &s, &err);
    CustomerPage page;
    feed_page(l, "http://h/v2/customers?name=Quill%20Reader%201&sort=-created&page=1", 200,
              "lists/quill_page1.json", &page);
    cr_expect_eq(page.n, 1, "matched here too: a provider that ignored the filter costs time, not truth");
    cr_expect_eq(page.read, 2);
    customer_page_done(&page);
    customer_list_free(l);
    customer_search_done(&s);
    cr_expect_not(customer_search_init(&s, d, "vip=true", &err));
    cr_expect_str_eq(err, "Quill Ledger (fictional, for tests) cannot be searched by \"vip\": search by email, "
                          "id, full_name, or by any text");
    g_free(err);
    descriptor_free(d);
}

Test(customer_list, text_without_a_filter_is_matched_over_the_pages_read)
{
    Descriptor *d = support_provider("prolifi");
    CustomerSearch s;
    char *err = NULL;
    cr_assert(customer_search_init(&s, d, "c2@PROLIFI", &err));
    cr_expect_not(customer_search_server_side(&s), "Prolifi documents no filter");
    cr_expect_str_eq(s.said, "name, email or id containing \"c2@PROLIFI\"");
    CustomerList *l = customer_list_new(d, "http://h", &s, &err);
    CustomerPage page;
    feed_page(l, "http://h/customers?limit=100&offset=0", 200, "lists/prolifi_page1.json", &page);
    cr_assert_eq(page.n, 1);
    cr_expect_str_eq(page.items[0].email, "c2@prolifi.example");
    customer_page_done(&page);
    customer_list_free(l);
    customer_search_done(&s);
    descriptor_free(d);
}

Test(customer_list, get_reads_the_record_or_the_providers_message)
{
    Descriptor *d = quill();
    Request r;
    char *err = NULL;
    cr_assert(customer_get_request(d, "http://h", "3f0c/2", &r, &err));
    cr_expect_str_eq(r.method, "GET");
    cr_expect_str_eq(r.url, "http://h/v2/customers/3f0c%2F2", "the id escaped: it stays one path segment");
    request_done(&r);
    size_t len;
    char *body = support_fixture("lists/quill_get.json", &len);
    CustomerAnswer a;
    customer_answer_read(d, CUSTOMER_GET, 200, body, len, NULL, &a);
    cr_expect_eq(a.verdict, CUSTOMER_DONE);
    cr_expect_str_eq(a.item.email, "q2@quill.example");
    cr_expect_not_null(cJSON_GetObjectItem(a.record, "tags"), "the whole record, at success.record");
    customer_answer_done(&a);
    g_free(body);
    body = support_fixture("lists/quill_404.json", &len);
    customer_answer_read(d, CUSTOMER_GET, 404, body, len, NULL, &a);
    cr_expect_eq(a.verdict, CUSTOMER_ABSENT);
    cr_expect_str_eq(a.message, "No customer 3f0c2a4e-0000.");
    customer_answer_done(&a);
    g_free(body);
    descriptor_free(d);
}

Test(customer_list, delete_says_removed_or_archived_as_the_descriptor_does)
{
    Descriptor *q = quill(), *p = support_provider("prolifi"), *b = support_provider("billing-v1");
    Request r;
    char *err = NULL;
    cr_assert(customer_delete_request(p, "http://h", "9b2f", &r, &err));
    cr_expect_str_eq(r.method, "DELETE");
    cr_expect_str_eq(r.url, "http://h/customers/9b2f");
    request_done(&r);
    size_t len;
    char *body = support_fixture("lists/prolifi_archived.json", &len);
    CustomerAnswer a;
    customer_answer_read(p, CUSTOMER_DELETE, 200, body, len, NULL, &a);
    cr_expect_eq(a.verdict, CUSTOMER_DONE);
    cr_expect(a.archived, "lookup.archived: Prolifi's DELETE archives");
    cr_expect_str_eq(a.message, "c3@prolifi.example archived on Prolifi Public API");
    customer_answer_done(&a);
    g_free(body);
    body = support_fixture("lists/quill_get.json", &len);
    customer_answer_read(q, CUSTOMER_DELETE, 200, body, len, NULL, &a);
    cr_expect_not(a.archived);
    cr_expect_str_eq(a.message, "q2@quill.example deleted on Quill Ledger (fictional, for tests)");
    customer_answer_done(&a);
    g_free(body);
    customer_answer_read(q, CUSTOMER_DELETE, 503, "", 0, NULL, &a);
    cr_expect_eq(a.verdict, CUSTOMER_UNKNOWN, "a 5xx: it may or may not be gone");
    customer_answer_done(&a);
    cr_expect_not(customer_delete_request(b, "http://h", "cus_1", &r, &err));
    cr_expect_str_eq(err, "Billing API (billing-v1) documents no DELETE of one customer (endpoints.delete in its descriptor)");
    g_free(err);
    descriptor_free(q), descriptor_free(p), descriptor_free(b);
}

Test(customer_list, the_new_lookup_keys_are_checked_like_the_rest)
{
    static const struct {
        const char *from, *to, *says;
    } cases[] = {
        { "\"status\": \"status\",", "\"status\": \"status\", \"newest\": \"sort\",",
          "lookup.newest: must be one query parameter and its value, e.g. \"sort=-created_at\"" },
        { "\"status\": \"status\",", "\"status\": \"status\", \"archived\": {},",
          "lookup.archived: must be one item path and the value it has once archived" },
        { "\"status\": \"status\",", "\"status\": \"status\", \"search\": {\"name\": \"a b\"},",
          "lookup.search.name: must name a query parameter" },
        { "\"status\": \"status\",", "\"status\": 3,", "lookup.status: must be a string" },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        char *text = support_fixture("../../assets/providers/billing-v1.json", NULL);
        char *at = strstr(text, cases[i].from);
        cr_assert_not_null(at);
        char *edited = g_strdup_printf("%.*s%s%s", (int)(at - text), text, cases[i].to, at + strlen(cases[i].from));
        char *err = NULL;
        Descriptor *d = descriptor_parse(edited, strlen(edited), "billing-v1", "billing-v1.json", &err);
        cr_expect_null(d);
        cr_expect(err && strstr(err, cases[i].says), "%s: %s", cases[i].to, err ? err : "(loaded)");
        g_free(err), g_free(edited), g_free(text);
    }
}

/* An id of "." or ".." is a step along the path, not a segment: a DELETE of
 * ".." would reach the collection above (curl and servers resolve it). */
Test(customer_list, an_id_that_is_a_dot_segment_is_refused_not_sent)
{
    Descriptor *d = quill();
    static const char *const ids[] = { "..", "." };
    for (size_t i = 0; i < G_N_ELEMENTS(ids); i++) {
        Request r;
        char *err = NULL;
        cr_expect_not(customer_delete_request(d, "http://h", ids[i], &r, &err), "%s refused", ids[i]);
        cr_expect(err && strstr(err, "is no customer id"), "%s: %s", ids[i], err);
        g_free(err);
        err = NULL;
        cr_expect_not(customer_get_request(d, "http://h", ids[i], &r, &err));
        g_free(err);
    }
    descriptor_free(d);
}

/* Prolifi's page at OFFSET: N customers whose ids are numbers (OFFSET+1…),
 * has_more always true. */
static char *numbered_page(long offset, long n)
{
    GString *s = g_string_new("{\"pagination\":{\"has_more\":true},\"data\":[");
    for (long i = 0; i < n; i++)
        g_string_append_printf(s, "%s{\"id\":%ld,\"email\":\"c%ld@x.io\"}", i ? "," : "", offset + i + 1,
                               offset + i + 1);
    g_string_append(s, "]}");
    return g_string_free(s, FALSE);
}

/* Ids that are numbers are ids all the same: two pages of different
 * customers are not "the same page again". */
Test(customer_list, pages_of_numeric_ids_are_not_taken_for_a_repeat)
{
    Descriptor *d = support_provider("prolifi");
    CustomerList *l = customer_list_new(d, "http://h", NULL, NULL);
    for (long offset = 0; offset < 4; offset += 2) {
        Request r;
        cr_assert(customer_list_next(l, &r));
        request_done(&r);
        char *body = numbered_page(offset, 2);
        CustomerPage page;
        cr_expect(customer_list_feed(l, 200, body, strlen(body), NULL, &page));
        cr_expect_null(page.error, "page at %ld: %s", offset, page.error);
        cr_expect_not(page.last, "has_more is true");
        customer_page_done(&page);
        g_free(body);
    }
    customer_list_free(l);
    descriptor_free(d);
}

/* A provider whose list never ends (has_more always true, new customers on
 * every page) is read no further than lookup.max_pages: `list --all` stops. */
Test(customer_list, an_endless_list_stops_at_a_thousand_times_max_pages)
{
    Descriptor *d = support_provider_edited("prolifi", "\"paging\"", "\"max_pages\": 2, \"paging\"");
    CustomerList *l = customer_list_new(d, "http://h", NULL, NULL);
    long pages = 0;
    char *last_error = NULL;
    Request r;
    while (pages < 100000 && customer_list_next(l, &r)) {
        request_done(&r);
        char *body = numbered_page(pages * 3, 3);
        CustomerPage page;
        customer_list_feed(l, 200, body, strlen(body), NULL, &page);
        g_free(last_error);
        last_error = g_strdup(page.error);
        customer_page_done(&page);
        g_free(body);
        pages++;
    }
    cr_expect_eq(pages, 2000, "read %ld pages", pages);
    cr_expect(customer_list_done(l));
    cr_expect(last_error && strstr(last_error, "max_pages"), "says why it stopped: %s", last_error);
    g_free(last_error);
    customer_list_free(l);
    descriptor_free(d);
}

/* A provider that ignores paging sends page 1 again: the list stops, and the
 * customers it already gave are not given (or counted) twice. */
Test(customer_list, the_same_page_again_adds_no_customers)
{
    Descriptor *d = support_provider("botpenguin");
    CustomerList *l = customer_list_new(d, "http://h", NULL, NULL);
    CustomerPage page;
    feed_page(l, "http://h/customer/list?sort=createdAt&page=1", 200, "lists/botpenguin_page1.json", &page);
    cr_assert_eq(page.n, 3);
    customer_page_done(&page);
    feed_page(l, "http://h/customer/list?sort=createdAt&page=2", 200, "lists/botpenguin_page1.json", &page);
    cr_expect(page.error && strstr(page.error, "the same as the one before"), "%s", page.error);
    cr_expect(page.last);
    cr_expect_eq(page.n, 0, "no customer twice");
    customer_page_done(&page);
    cr_expect_eq(customer_list_items_read(l), 3);
    customer_list_free(l);
    descriptor_free(d);
}

/* A DELETE answered with a redirect (not followed): a 303 "see the list" may
 * follow a delete done, so whether it is gone is unknown, not "refused,
 * nothing changed". A GET redirected is just not got. */
Test(customer_list, a_delete_answered_with_a_redirect_is_unknown)
{
    Descriptor *q = quill();
    static const int statuses[] = { 301, 302, 303, 307, 308 };
    for (size_t i = 0; i < G_N_ELEMENTS(statuses); i++) {
        CustomerAnswer a;
        customer_answer_read(q, CUSTOMER_DELETE, statuses[i], "", 0, NULL, &a);
        cr_expect_eq(a.verdict, CUSTOMER_UNKNOWN, "%d: %s", statuses[i], a.message);
        cr_expect(a.message && strstr(a.message, "redirect"), "%d: %s", statuses[i], a.message);
        customer_answer_done(&a);
        customer_answer_read(q, CUSTOMER_GET, statuses[i], "", 0, NULL, &a);
        cr_expect_eq(a.verdict, CUSTOMER_REFUSED, "%d", statuses[i]);
        customer_answer_done(&a);
    }
    descriptor_free(q);
}

/* Ids are compared as they are: "CUS_a" is not "cus_A" (an email is, in any
 * case). `get` on a provider without a get endpoint finds its id in the
 * list: never a customer with another id. */
Test(customer_list, an_id_search_is_case_sensitive_an_email_search_is_not)
{
    Descriptor *d = support_provider("botpenguin");
    static const struct { const char *text; size_t n; } cases[] = {
        { "id=65F1C0A00000000000000001", 0 }, { "id=65f1c0a00000000000000001", 1 },
        { "email=P1@EXAMPLE.COM", 1 },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        CustomerSearch s;
        char *err = NULL;
        cr_assert(customer_search_init(&s, d, cases[i].text, &err), "%s", err);
        CustomerList *l = customer_list_new(d, "http://h", &s, NULL);
        CustomerPage page;
        char *url = next_url(l);
        g_free(url);
        size_t len = 0;
        char *body = support_fixture("lists/botpenguin_page1.json", &len);
        customer_list_feed(l, 200, body, len, NULL, &page);
        cr_expect_eq(page.n, cases[i].n, "%s: %zu found", cases[i].text, page.n);
        customer_page_done(&page);
        g_free(body);
        customer_list_free(l);
        customer_search_done(&s);
    }
    descriptor_free(d);
}

/* Prolifi's page of N empty items (has_more false). */
static char *page_of_empty_items(long n)
{
    GString *s = g_string_new("{\"pagination\":{\"has_more\":false},\"data\":[");
    for (long i = 0; i < n; i++)
        g_string_append(s, i ? ",{}" : "{}");
    g_string_append(s, "]}");
    return g_string_free(s, FALSE);
}

/* A page of millions of tiny items fits in the 16 MiB an answer may have,
 * and would take gigabytes as customers: past CUSTOMER_PAGE_MAX a page is
 * refused, saying so, and nothing of it is kept. */
Test(customer_list, a_page_of_more_items_than_a_page_may_hold_is_refused)
{
    Descriptor *d = support_provider("prolifi");
    static const struct { long n; bool ok; } cases[] = { { CUSTOMER_PAGE_MAX, true }, { CUSTOMER_PAGE_MAX + 1, false } };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        CustomerList *l = customer_list_new(d, "http://h", NULL, NULL);
        char *url = next_url(l), *body = page_of_empty_items(cases[i].n);
        CustomerPage page;
        cr_expect_eq(customer_list_feed(l, 200, body, strlen(body), NULL, &page), cases[i].ok, "%ld", cases[i].n);
        cr_expect_eq((long)page.n, cases[i].ok ? cases[i].n : 0);
        cr_expect(cases[i].ok || (page.error && strstr(page.error, "more than")), "%s", page.error);
        customer_page_done(&page);
        g_free(url), g_free(body);
        customer_list_free(l);
    }
    descriptor_free(d);
}

/* A 200 whose envelope says it failed is no delete done: refused, with the
 * provider's message. */
Test(customer_list, a_2xx_delete_whose_envelope_says_failure_is_not_done)
{
    Descriptor *d = support_provider("botpenguin");
    const char *refused = "{\"success\":false,\"message\":\"Customer not deletable\",\"code\":400}";
    CustomerAnswer a;
    customer_answer_read(d, CUSTOMER_DELETE, 200, refused, strlen(refused), NULL, &a);
    cr_expect_eq(a.verdict, CUSTOMER_REFUSED, "%s", a.message);
    cr_expect_str_eq(a.message, "Customer not deletable");
    customer_answer_done(&a);
    descriptor_free(d);
}

/* `list --all` is asked for everything: it reads past the 100 pages a lookup
 * gives up after (100,000 Prolifi customers are 1,000 pages). */
Test(customer_list, a_whole_list_reads_past_a_lookups_max_pages)
{
    Descriptor *d = support_provider("prolifi");
    CustomerList *l = customer_list_new(d, "http://h", NULL, NULL);
    Request r;
    for (long pages = 0; pages < 150; pages++) {
        cr_assert(customer_list_next(l, &r), "page %ld asked for", pages + 1);
        request_done(&r);
        char *body = numbered_page(pages * 3, 3);
        CustomerPage page;
        customer_list_feed(l, 200, body, strlen(body), NULL, &page);
        cr_expect_null(page.error, "page %ld: %s", pages + 1, page.error);
        customer_page_done(&page);
        g_free(body);
    }
    cr_expect_not(customer_list_done(l), "150 pages in, the list goes on");
    customer_list_free(l);
    descriptor_free(d);
}
