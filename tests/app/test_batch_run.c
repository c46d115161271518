/* The batch engine against the sandbox, driven as the console drives it: a
 * file edited between its check and its send (the console asks in between)
 * sends no row the check did not see, and says so. */
#include "app/batch_run.h"
#include "app/history_store.h"
#include "net/netthread.h"
#include "tests/support/http.h"
#include "tests/support/support.h"

#include <criterion/criterion.h>
#include <glib.h>
#include <poll.h>
#include <string.h>

static TestSandbox T;
static NetThread *NT;
static char *DIR_;

static void start(void)
{
    DIR_ = g_dir_make_tmp("custty-batch-run-XXXXXX", NULL);
    char *state = g_build_filename(DIR_, "state", NULL);
    g_setenv("XDG_STATE_HOME", state, TRUE); /* the history the engine reads and the test writes */
    g_free(state);
    test_net_start(&T, &NT);
}

static void stop(void)
{
    test_net_stop(&T, NT);
    char *cmd = g_strdup_printf("rm -rf %s", DIR_);
    g_spawn_command_line_sync(cmd, NULL, NULL, NULL, NULL);
    g_free(cmd), g_free(DIR_);
}

TestSuite(batch_run, .init = start, .fini = stop, .timeout = 120);

typedef struct {
    GString *outcomes;  /* "ROW:OUTCOME " for each row settled */
} Seen;

static void on_settled(void *ctx, const BatchSettled *rows, size_t n)
{
    Seen *s = ctx;
    for (size_t i = 0; i < n; i++)
        g_string_append_printf(s->outcomes, "%ld:%s ", rows[i].row, batch_outcome_word(rows[i].result->outcome));
}

static char *write_csv(const char *content)
{
    char *path = g_build_filename(DIR_, "people.csv", NULL);
    cr_assert(g_file_set_contents(path, content, -1, NULL));
    return path;
}

/* Drives RUN to its end as an event loop would (pump, wait, messages). */
static void drive(BatchRun *run)
{
    int ms;
    while ((ms = batch_run_pump(run)) != 0) {
        struct pollfd p = { .fd = net_thread_fd(NT), .events = POLLIN };
        poll(&p, 1, ms < 0 ? 1000 : ms);
        net_thread_drain_fd(NT);
        NetMessage *m;
        while ((m = net_next_message(NT))) {
            batch_run_on_net(run, m);
            net_message_free(m);
        }
    }
}

static int held_by_provider(void)
{
    return sandbox_billing_customers(T.sb, NULL);
}

/* Checks CSV, writes EDITED in its place (what a person's editor does while
 * the console asks), sends; what the run says changed, or why it would not
 * start, or NULL (g_free). */
static char *send_after_edit(const char *csv, const char *edited, Seen *seen)
{
    const Descriptor *d = provider_set_find(&T.set, "billing-v1");
    char *path = write_csv(csv);
    BatchOptions o = { .from = path, .concurrency = 1 };
    int status;
    Batch *b = batch_check(&o, d, &status);
    cr_assert_not_null(b, "the file as first written is valid");
    if (strcmp(csv, edited) != 0)
        g_free(write_csv(edited)); /* a size of its own: seen changed whatever the clock's grain */
    Profile p = { .name = "billing-test", .provider = "billing-v1" };
    char *base = sandbox_base_url(T.sb, "billing-v1");
    BatchTarget t = { .profile = &p, .d = d, .base_url = base, .token = SANDBOX_TOKEN, .yes = true, .quiet = true };
    BatchObserver obs = { seen, on_settled, NULL };
    char *why = NULL;
    BatchRun *run = batch_run_new(b, &t, NT, &obs, &why);
    char *changed = why;
    if (run) {
        drive(run);
        changed = g_strdup(batch_run_changed(run));
        batch_run_free(run);
    }
    batch_free(b);
    g_free(base), g_free(path);
    return changed;
}

Test(batch_run, a_row_made_invalid_after_the_check_is_not_sent)
{
    Seen seen = { g_string_new(NULL) };
    char *changed = send_after_edit("name,email\nOne,one@example.com\nTwo,two@example.com\nThree,three@example.com\n",
                                    "name,email\nOne,one@example.com\nTwo,not-an-email\nThree,three@example.com\n",
                                    &seen);
    cr_assert_not_null(changed, "the change is said");
    cr_expect(strstr(changed, "people.csv changed after its check"), "%s", changed);
    cr_expect_str_empty(seen.outcomes->str, "no row of a file no longer the one checked went out");
    cr_expect_eq(held_by_provider(), 0);
    g_free(changed);
    g_string_free(seen.outcomes, TRUE);
}

Test(batch_run, rows_added_after_the_check_are_not_sent)
{
    Seen seen = { g_string_new(NULL) };
    char *changed = send_after_edit("name,email\nOne,one@example.com\nTwo,two@example.com\n",
                                    "name,email\nOne,one@example.com\nTwo,two@example.com\nSneaky,sneaky@example.com\n",
                                    &seen);
    cr_assert_not_null(changed);
    cr_expect(strstr(changed, "people.csv changed after its check"), "%s", changed);
    cr_expect_eq(held_by_provider(), 0, "not the third, nor the two of a file no longer the one confirmed");
    g_free(changed);
    g_string_free(seen.outcomes, TRUE);
}

Test(batch_run, a_file_sent_as_checked_says_nothing_changed)
{
    Seen seen = { g_string_new(NULL) };
    const char *csv = "name,email\nOne,one@example.com\nTwo,two@example.com\n";
    char *changed = send_after_edit(csv, csv, &seen);
    cr_expect_null(changed, "%s", changed);
    cr_expect_str_eq(seen.outcomes->str, "1:created 2:created ");
    cr_expect_eq(held_by_provider(), 2);
    g_string_free(seen.outcomes, TRUE);
}

/* The console holds a row whose earlier attempt the history calls unknown
 * (on a provider without idempotency keys a resend could make it twice):
 * settled as unknown, not sent; the others go. */
Test(batch_run, a_row_sent_before_with_an_unknown_outcome_is_held)
{
    const Descriptor *d = provider_set_find(&T.set, "billing-v1");
    char *path = write_csv("name,email\nOne,one@example.com\nTwo,two@example.com\n");
    BatchOptions o = { .from = path, .concurrency = 1 };
    int status;
    Batch *b = batch_check(&o, d, &status);
    cr_assert_not_null(b);
    Profile p = { .name = "billing-test", .provider = "billing-v1" };
    char *base = sandbox_base_url(T.sb, "billing-v1");
    HistoryStore store;
    history_store_init(&store, NULL);
    HistoryEntry e;
    history_entry_init(&e);
    e.profile = g_strdup("billing-test"), e.provider = g_strdup("billing-v1"), e.base_url = g_strdup(base);
    e.email = g_strdup("one@example.com"), e.outcome = OUTCOME_UNKNOWN;
    e.request = cJSON_Parse("{\"name\":\"One\",\"email\":\"one@example.com\"}");
    char *why = NULL;
    cr_assert(history_append(&store, &e, &why), "%s", why);
    history_entry_done(&e);
    history_store_done(&store);
    BatchTarget t = { .profile = &p, .d = d, .base_url = base, .token = SANDBOX_TOKEN, .yes = true, .quiet = true };
    Seen seen = { g_string_new(NULL) };
    BatchObserver obs = { &seen, on_settled, NULL };
    BatchRun *run = batch_run_new(b, &t, NT, &obs, &why);
    cr_assert_not_null(run, "%s", why);
    batch_run_hold(run, batch_run_unknowns_held(run));
    drive(run);
    cr_expect_str_eq(seen.outcomes->str, "1:unknown 2:created ", "row 1 held, row 2 sent");
    cr_expect_eq(held_by_provider(), 1);
    batch_run_free(run);
    batch_free(b);
    g_string_free(seen.outcomes, TRUE);
    g_free(base), g_free(path);
}
