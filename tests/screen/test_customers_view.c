/* The provider's customers in the console (p in the list), at 80x24: read
 * page by page as the person scrolls, searched by the provider or over the
 * pages loaded, opened fresh, archived or deleted after asking (the email
 * typed on LIVE), and a page that fails said in place and tried again. */
#include "model/request.h"
#include "tests/support/http.h"
#include "tests/support/support.h"
#include "tests/support/tmux.h"

#include <criterion/criterion.h>
#include <glib.h>
#include <string.h>

#define QUILL_TOKEN "qk_test_sandbox0"

static Tmux T;
static Sandbox *SB;
static ProviderSet SET;

#define SEE(needle) TMUX_SEE(&T, needle)

/* A sandbox of the shipped providers and Quill (tests/fixtures), on loopback. */
static void sandbox_up(const SandboxOptions *opt)
{
    SandboxOptions o = opt ? *opt : (SandboxOptions){ 0 };
    char *errors = NULL, *err = NULL;
    provider_set_load_dir(&SET, "assets/providers", &errors);
    provider_set_load_dir(&SET, "tests/fixtures/providers", &errors);
    cr_assert_null(errors, "%s", errors);
    SB = sandbox_start(&o, &SET, &err);
    cr_assert_not_null(SB, "sandbox: %s", err);
}

static void stop(void)
{
    tmux_stop(&T);
    sandbox_stop(SB);
    SB = NULL;
    provider_set_done(&SET);
    memset(&SET, 0, sizeof SET);
}

TestSuite(customers_view, .fini = stop, .timeout = 240);

static void post(const char *provider, const char *path, const char *auth, const char *body)
{
    char *base = sandbox_base_url(SB, provider), *url = url_join(base, path);
    HttpReply r = http_do("POST", url, (const char *const[]){ auth, "Content-Type: application/json", NULL }, body);
    cr_assert(r.status == 200 || r.status == 201, "seeding %s: %ld %s", provider, r.status, r.body);
    http_done(&r);
    g_free(base), g_free(url);
}

/* N customers p1@example.com … pN@example.com, made one after the other. */
static void seed_quill(int n)
{
    for (int i = 1; i <= n; i++) {
        char *body = g_strdup_printf("{\"customer\":{\"email\":\"p%d@example.com\",\"full_name\":\"Person %d\"}}", i, i);
        post("quill", "/v2/customers", "X-Api-Key: " QUILL_TOKEN, body);
        g_free(body);
    }
}

static void seed_prolifi(int n)
{
    for (int i = 1; i <= n; i++) {
        char *body = g_strdup_printf("{\"email\":\"p%d@example.com\",\"name\":\"Person %d\"}", i, i);
        post("prolifi", "/customers", "Authorization: Bearer " SANDBOX_PROLIFI_SECRET, body);
        g_free(body);
    }
}

/* The console on a profile NAME of PROVIDER at the sandbox (LIVE if asked),
 * Quill's descriptor among the person's own. */
static void console_on(const char *name, const char *provider, bool live, const char *token)
{
    char *base = sandbox_base_url(SB, provider);
    char *config = g_strdup_printf("[%s]\nprovider = %s\nbase_url = %s\nlive = %s\n", name, provider, base,
                                   live ? "true" : "false");
    char *json = support_fixture("providers/quill.json", NULL), *env = g_strdup_printf("CUSTTY_TOKEN=%s", token);
    char *args = g_strdup_printf("--profile %s", name);
    const char *providers[] = { "quill", json, NULL };
    tmux_start_providers(&T, 80, 24, env, args, config, providers);
    SEE("New customer");
    g_free(base), g_free(config), g_free(json), g_free(env), g_free(args);
}

/* From the form to the list, and p there. */
static void open_customers(void)
{
    tmux_key(&T, "F6");
    tmux_key(&T, "F6");
    SEE("p Customers");
    tmux_type(&T, "p");
}

/* The email on the first row of the list, where the cursor starts (g_free). */
static char *first_email(void)
{
    char *s = tmux_screen(&T), *email = NULL;
    GMatchInfo *m = NULL;
    GRegex *re = g_regex_new("p[0-9]+@example\\.com", 0, 0, NULL);
    if (g_regex_match(re, s, 0, &m))
        email = g_match_info_fetch(m, 0);
    g_match_info_free(m), g_regex_unref(re), g_free(s);
    cr_assert_not_null(email, "a customer is listed");
    return email;
}

/* How many times NEEDLE is on screen. */
static int count_lines_with(const char *needle)
{
    char *s = tmux_screen(&T);
    int n = 0;
    for (const char *p = s; (p = strstr(p, needle)); p += strlen(needle))
        n++;
    g_free(s);
    return n;
}

Test(customers_view, pages_load_newest_first_as_the_person_scrolls_never_all_at_once)
{
    sandbox_up(NULL);
    seed_quill(120); /* Quill lists 25 a page */
    console_on("quill-qa", "quill", false, QUILL_TOKEN);
    open_customers();
    SEE("Customers · quill-qa");
    TMUX_SEE_ON_LINE(&T, " Name ", "Email");
    SEE("p120@example.com"); /* newest first: Quill sorts when asked */
    TMUX_SEE_ON_LINE(&T, "Customers · quill-qa", " 25");
    for (int i = 0; i < 3; i++)
        tmux_key(&T, "PageDown");
    /* Pages 2 and 3, as the cursor neared the end; not 4, nor the whole list. */
    TMUX_SEE_ON_LINE(&T, "Customers · quill-qa", " 75");
    tmux_key(&T, "End");
    TMUX_SEE_ON_LINE(&T, "Customers · quill-qa", " 120");
    SEE("end of the list"); /* the cursor followed the pages End asked for */
    SEE("p1@example.com");
    cr_expect_eq(count_lines_with("p1@example.com "), 1, "each customer once");
}

Test(customers_view, a_page_loading_shows_a_spinner_and_esc_cancels_it_and_r_asks_again)
{
    SandboxOptions opt = { .read_faults = "latency=3000", .read_faults_from = 2, .read_faults_count = 1 };
    sandbox_up(&opt);
    seed_quill(60);
    console_on("quill-qa", "quill", false, QUILL_TOKEN);
    open_customers();
    TMUX_SEE_ON_LINE(&T, "Customers · quill-qa", " 25");
    tmux_key(&T, "End");
    SEE("loading page 2 (End: all of them) · Esc cancels");
    tmux_type(&T, "k"); /* keys work while it loads */
    tmux_key(&T, "Escape");
    SEE("r or Enter here tries again · page 2 cancelled");
    tmux_type(&T, "r");
    TMUX_SEE_ON_LINE(&T, "Customers · quill-qa", " 50");
}

Test(customers_view, a_page_that_fails_says_so_in_place_and_enter_there_tries_it_again)
{
    SandboxOptions opt = { .read_faults = "status=503", .read_faults_from = 2, .read_faults_count = 1 };
    sandbox_up(&opt);
    seed_quill(60);
    console_on("quill-qa", "quill", false, QUILL_TOKEN);
    open_customers();
    TMUX_SEE_ON_LINE(&T, "Customers · quill-qa", " 25");
    for (int i = 0; i < 2; i++)
        tmux_key(&T, "PageDown");
    SEE("page 2 failed: the provider answered 503");
    char *line = tmux_wait_line(&T, "page 2 failed", "r or Enter here tries again");
    cr_expect_not_null(line, "on the last row of the list");
    g_free(line);
    tmux_key(&T, "Down"); /* onto the failed row */
    tmux_key(&T, "Enter");
    TMUX_SEE_ON_LINE(&T, "Customers · quill-qa", " 50");
}

Test(customers_view, search_goes_to_the_provider_where_it_filters)
{
    sandbox_up(NULL);
    seed_quill(60);
    console_on("quill-qa", "quill", false, QUILL_TOKEN);
    open_customers();
    TMUX_SEE_ON_LINE(&T, "Customers · quill-qa", " 25");
    tmux_type(&T, "/p7@example.com");
    tmux_key(&T, "Enter");
    SEE("Customers · quill-qa · email p7@example.com");
    TMUX_SEE_ON_LINE(&T, "Customers · quill-qa", " 1");
    SEE("p7@example.com");
    SEE("end of the list");
    /* Enter opens it, fresh from the get endpoint. */
    tmux_key(&T, "Enter");
    SEE("Customer · ");
    SEE("fresh from Quill Ledger");
    TMUX_SEE_ON_LINE(&T, "full_name", "\"Person 7\"");
    tmux_key(&T, "Escape");
    SEE("Customers · quill-qa · email p7@example.com");
}

Test(customers_view, search_over_the_pages_loaded_says_how_far_it_looked)
{
    sandbox_up(NULL);
    seed_prolifi(130); /* Prolifi lists 100 a page and does not search */
    console_on("prolifi-qa", "prolifi", false, SANDBOX_PROLIFI_SECRET);
    open_customers();
    TMUX_SEE_ON_LINE(&T, "Customers · prolifi-qa", " 100");
    tmux_type(&T, "/p12");
    tmux_key(&T, "Enter");
    SEE("searched the 100 loaded so far; End loads the rest");
    TMUX_SEE_ON_LINE(&T, "Customers · prolifi-qa", " of 100"); /* of p12, p120…p129, those on page 1 */
    tmux_key(&T, "End");
    SEE("searched all 130 customers");
    TMUX_SEE_ON_LINE(&T, "Customers · prolifi-qa", "11 of 130");
    char *s = tmux_screen(&T);
    cr_expect(strstr(s, "p120@example.com") && strstr(s, "p12@example.com") && !strstr(s, "p13@example.com"),
              "%s", s);
    g_free(s);
}

Test(customers_view, archive_asks_naming_provider_profile_email_and_id)
{
    sandbox_up(NULL);
    seed_prolifi(3);
    console_on("prolifi-qa", "prolifi", false, SANDBOX_PROLIFI_SECRET);
    open_customers();
    SEE("p3@example.com");
    tmux_type(&T, "/p2@");
    tmux_key(&T, "Enter");
    TMUX_SEE_ON_LINE(&T, "Customers · prolifi-qa", "1 of 3");
    tmux_type(&T, "x");
    SEE("Archive customer · prolifi-qa");
    SEE("Archive p2@example.com (id ");
    SEE("on Prolifi Public API, profile prolifi-qa?");
    tmux_type(&T, "n");
    SEE("not deleted: nothing was sent");
    tmux_type(&T, "x");
    SEE("Archive p2@example.com (id ");
    tmux_type(&T, "y");
    SEE("archived p2@example.com");
    TMUX_SEE_ON_LINE(&T, "p2@example.com", "archived");
    char *history = tmux_read_history(&T);
    cr_expect(strstr(history, "\"action\":\"delete\"") && strstr(history, "\"email\":\"p2@example.com\""),
              "the history keeps it: %s", history);
    g_free(history);
}

Test(customers_view, on_live_the_email_is_typed_to_delete_and_y_alone_deletes_nothing)
{
    sandbox_up(NULL);
    seed_quill(2);
    console_on("quill-live", "quill", true, QUILL_TOKEN);
    open_customers();
    SEE("Customers · quill-live · LIVE");
    SEE("end of the list");
    char *email = first_email(); /* the cursor is on it */
    tmux_key(&T, "DC");
    SEE("LIVE · Delete customer · quill-live");
    SEE("This deletes a REAL customer on LIVE");
    SEE("Quill Ledger (fictional, for tests), profile quill-live:");
    SEE("Type the customer's email");
    tmux_type(&T, "y");
    tmux_key(&T, "Enter");
    SEE("\"y\" does not confirm it");
    char *history = tmux_read_history(&T);
    cr_expect(!strstr(history, "delete"), "nothing was sent: %s", history);
    g_free(history);
    tmux_type(&T, email);
    tmux_key(&T, "Enter");
    char *said = g_strdup_printf("deleted %s", email);
    SEE(said);
    TMUX_SEE_ON_LINE(&T, email, "deleted");
    g_free(said), g_free(email);
    history = tmux_read_history(&T);
    cr_expect(strstr(history, "\"action\":\"delete\"") && strstr(history, "\"outcome\":\"created\""), "%s", history);
    g_free(history);
    tmux_type(&T, "R"); /* the provider's list again: it is gone */
    TMUX_SEE_ON_LINE(&T, "Customers · quill-live", " 1");
}

Test(customers_view, ctrl_f_in_the_form_looks_the_email_up_and_typing_goes_on)
{
    sandbox_up(NULL);
    seed_quill(30);
    console_on("quill-qa", "quill", false, QUILL_TOKEN);
    tmux_type(&T, "p12@example.com");
    tmux_key(&T, "C-f");
    SEE("Person 12 <p12@example.com> id ");
    SEE("↳ Email: on Quill Ledger"); /* in place, under the email looked up */
    tmux_key(&T, "C-u");
    tmux_type(&T, "nobody@example.com");
    char *s = tmux_wait_for(&T, "nobody@example.com");
    cr_expect_null(strstr(s, "↳ Email: on Quill"), "editing the email takes the old answer away: %s", s);
    g_free(s);
    tmux_key(&T, "C-f");
    SEE("no customer on Quill Ledger (fictional, for tests) with email");
    SEE("↳ Email: no customer on Quill");
}

/* A delete in flight is waited for: R does not drop its answer, and
 * quitting asks, as for a create (its outcome would be unknown). */
Test(customers_view, a_delete_in_flight_is_waited_for_and_quitting_asks_first)
{
    SandboxOptions opt = { .latency_ms = 2500 };
    sandbox_up(&opt);
    seed_prolifi(1);
    console_on("prolifi-qa", "prolifi", false, SANDBOX_PROLIFI_SECRET);
    open_customers();
    SEE("p1@example.com");
    tmux_type(&T, "x");
    SEE("Archive p1@example.com (id ");
    tmux_type(&T, "y");
    tmux_type(&T, "R"); /* the list again would drop the delete's answer: it waits */
    SEE("a delete is in flight: its answer first");
    tmux_key(&T, "F10");
    SEE("A delete is in flight. If you quit now, nobody can tell");
    tmux_type(&T, "n");
    SEE("archived p1@example.com");
}

/* A page read is logged as what it was: "ok", never "unknown", the word the
 * log gives a create whose fate nobody knows (Prolifi documents 201 for a
 * create, and its list answers 200). */
Test(customers_view, a_page_read_is_logged_ok_not_as_an_unknown_create)
{
    sandbox_up(NULL);
    seed_prolifi(2);
    console_on("prolifi-qa", "prolifi", false, SANDBOX_PROLIFI_SECRET);
    open_customers();
    SEE("p2@example.com");
    SEE("bytes, ok");
    char *s = tmux_screen(&T);
    cr_expect_null(strstr(s, "unknown"), "%s", s);
    cr_expect(strstr(s, "prolifi-qa · customers on Prolifi Public API"), "the provider named once: %s", s);
    g_free(s);
}

/* F2 over the Customers view does not send the form hidden behind it: the
 * form comes back, what was typed in it intact, and F2 there creates. */
Test(customers_view, f2_over_the_view_brings_the_form_back_and_sends_nothing)
{
    sandbox_up(NULL);
    seed_prolifi(1);
    console_on("prolifi-qa", "prolifi", false, SANDBOX_PROLIFI_SECRET);
    tmux_type(&T, "new@example.com");
    open_customers();
    SEE("p1@example.com");
    tmux_key(&T, "F2");
    SEE("the form is back");
    TMUX_SEE_ON_LINE(&T, "Email", "new@example.com");
    char *s = tmux_screen(&T);
    cr_expect_null(strstr(s, "Created"), "nothing was sent: %s", s);
    g_free(s);
    tmux_key(&T, "F2");
    SEE("Created · ");
}

/* A new agent who does not know p (in the list) or Ctrl-F (in the form)
 * finds both in Ctrl-P by their words, and runs them from the form. */
Test(customers_view, the_palette_finds_the_customers_view_and_the_email_lookup)
{
    sandbox_up(NULL);
    seed_quill(2);
    console_on("quill-qa", "quill", false, QUILL_TOKEN);
    tmux_type(&T, "p2@example.com");
    tmux_key(&T, "C-p");
    tmux_type(&T, "look up");
    SEE("Ctrl-F · in the form");
    tmux_key(&T, "Enter");
    SEE("Person 2 <p2@example.com> id ");
    tmux_key(&T, "C-p");
    tmux_type(&T, "customers");
    SEE("p · in the list");
    tmux_key(&T, "Enter");
    SEE("Customers · quill-qa");
    SEE("end of the list");
}

/* After /, what Enter and Esc do is on screen: the key bar still holds the
 * view's keys, which type letters here. */
Test(customers_view, typing_a_search_says_enter_searches_and_esc_cancels)
{
    sandbox_up(NULL);
    seed_quill(2);
    console_on("quill-qa", "quill", false, QUILL_TOKEN);
    open_customers();
    SEE("end of the list");
    tmux_type(&T, "/");
    tmux_type(&T, "p1");
    SEE("/p1");
    SEE("Enter searches · Esc cancels");
    tmux_key(&T, "Escape");
    SEE("Customers · quill-qa");
}

/* Esc from a customer's record back to the list: the status line no longer
 * says "opened fresh … Esc: back to the list" (Esc there now leaves it). */
Test(customers_view, back_from_a_record_the_status_line_speaks_of_the_list)
{
    sandbox_up(NULL);
    seed_quill(2);
    console_on("quill-qa", "quill", false, QUILL_TOKEN);
    open_customers();
    SEE("end of the list");
    tmux_key(&T, "Enter");
    SEE("fresh from Quill Ledger");
    tmux_key(&T, "Escape");
    SEE("the record is closed: Enter opens another customer");
    char *s = tmux_screen(&T);
    cr_expect(!strstr(s, "fresh from"), "no stale status:\n%s", s);
    g_free(s);
}

/* A delete in the history list says so: a ✓ alone there reads "created". */
Test(customers_view, a_delete_in_the_history_list_says_deleted_not_a_bare_tick)
{
    sandbox_up(NULL);
    seed_quill(1);
    console_on("quill-qa", "quill", false, QUILL_TOKEN);
    open_customers();
    SEE("end of the list");
    tmux_type(&T, "x");
    SEE("Delete p1@example.com (id ");
    tmux_type(&T, "y");
    TMUX_SEE_ON_LINE(&T, "p1@example.com", "deleted");
    tmux_key(&T, "Escape");
    SEE("New customer");
    tmux_key(&T, "F6");
    tmux_key(&T, "F6");
    SEE("p Customers");
    TMUX_SEE_ON_LINE(&T, "✓", " deleted p1");
}

/* A delete done is said once: who, which id, where; not "deleted p1 (id):
 * p1 deleted on …", the email twice in a line the status line must cut. */
Test(customers_view, a_delete_done_names_the_customer_once)
{
    sandbox_up(NULL);
    seed_quill(1);
    console_on("quill-qa", "quill", false, QUILL_TOKEN);
    open_customers();
    SEE("end of the list");
    tmux_type(&T, "x");
    SEE("Delete p1@example.com (id ");
    tmux_type(&T, "y");
    TMUX_SEE_ON_LINE(&T, "p1@example.com", "deleted");
    SEE(") on Quill");
    cr_expect_eq(count_lines_with("p1@example.com"), 3, "the row, the log and the status line, once each");
}
