/* Ctrl-B in the form at 80x24: a file of customers checked (bad rows named in
 * the log, nothing sent), confirmed with its count (typed on LIVE), sent in
 * the background while the person types on, its progress at the right of
 * the status line, each row joining the list as it settles; Esc stops it,
 * Ctrl-B with the same file resumes it, and quitting waits for the rows in
 * flight. The provider is a sandbox outside the console, so what it holds
 * can be counted. */
#include "tests/support/http.h"
#include "tests/support/support.h"
#include "tests/support/tmux.h"

#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <glib.h>
#include <string.h>
#include <sys/stat.h>

static Tmux T;
static Sandbox *SB;
static ProviderSet SET;

#define SEE(needle) TMUX_SEE(&T, needle)

static void sandbox_up(unsigned latency_ms)
{
    SandboxOptions o = { .latency_ms = latency_ms };
    char *errors = NULL, *err = NULL;
    provider_set_load_dir(&SET, "assets/providers", &errors);
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

TestSuite(batch_screen, .fini = stop, .timeout = 240);

/* The console on billing profile NAME at the test's sandbox (LIVE if asked), W×H. */
static void console_sized(const char *name, bool live, int w, int h)
{
    char *base = sandbox_base_url(SB, "billing-v1");
    char *config = g_strdup_printf("[%s]\nprovider = billing-v1\nbase_url = %s\nlive = %s\n", name, base,
                                   live ? "true" : "false");
    char *args = g_strdup_printf("--profile %s", name);
    tmux_start_config(&T, w, h, "CUSTTY_TOKEN=" SANDBOX_TOKEN, args, config);
    SEE("New customer");
    g_free(base), g_free(config), g_free(args);
}

static void console_on(const char *name, bool live)
{
    console_sized(name, live, 80, 24);
}

/* FILE in the run's home holding CONTENT; its path (g_free). */
static char *home_file(const char *file, const char *content)
{
    char *path = g_build_filename(T.home, file, NULL);
    cr_assert(g_file_set_contents(path, content, -1, NULL));
    return path;
}

/* A CSV of N valid billing customers, b1@example.com … bN@example.com. */
static char *people_csv(int n)
{
    GString *s = g_string_new("name,email\n");
    for (int i = 1; i <= n; i++)
        g_string_append_printf(s, "Batch Person %d,b%d@example.com\n", i, i);
    char *path = home_file("people.csv", s->str);
    g_string_free(s, TRUE);
    return path;
}

/* The customers the sandbox holds; each email's count in *EMAILS when asked. */
static int held_by_provider(GHashTable **emails)
{
    return sandbox_billing_customers(SB, emails ? *emails : NULL);
}

/* A customer the provider holds before the batch: a row with EMAIL is refused (409). */
static void provider_holds(const char *email)
{
    char *base = sandbox_base_url(SB, "billing-v1"), *url = g_strdup_printf("%s/api/v1/customers", base);
    char *body = g_strdup_printf("{\"name\":\"Made Before\",\"email\":\"%s\"}", email);
    HttpReply r = http_do("POST", url,
                          (const char *const[]){ "Authorization: Bearer " SANDBOX_TOKEN,
                                                 "Content-Type: application/json", NULL }, body);
    cr_assert_eq(r.status, 201, "%s", r.body);
    http_done(&r);
    g_free(base), g_free(url), g_free(body);
}

/* How many lines of the history hold NEEDLE. */
static int history_lines_with(const char *needle)
{
    char *h = tmux_read_history(&T);
    int n = 0;
    for (const char *p = h; (p = strstr(p, needle)); p += strlen(needle))
        n++;
    g_free(h);
    return n;
}

/* Ctrl-B, the path typed over what is offered, Enter. */
static void batch_from(const char *path)
{
    tmux_key(&T, "C-b");
    SEE("Batch create · ");
    tmux_key(&T, "C-u");
    tmux_type(&T, path);
    tmux_key(&T, "Enter");
}

Test(batch_screen, bad_rows_are_named_in_the_log_nothing_is_sent_and_the_path_is_offered_again)
{
    sandbox_up(0);
    console_on("billing-test", false);
    char *path = home_file("bad.csv", "name,email\nGood One,good@example.com\nBad Two,not-an-email\n,three@example.com\n");
    batch_from(path);
    SEE("bad.csv:4: Name (name): is required");
    SEE("2 of 3 rows in");
    SEE("are invalid; nothing");
    tmux_key(&T, "F6"); /* the log, where each bad row is */
    for (int i = 0; i < 4; i++)
        tmux_key(&T, "Up");
    SEE("bad.csv:3: Email (email)");
    cr_expect_eq(held_by_provider(NULL), 0, "not even the good row went out");
    cr_expect_eq(history_lines_with("\"entry\""), 0);
    tmux_key(&T, "F6");
    tmux_key(&T, "F6"); /* back to the form */
    tmux_key(&T, "C-b");
    SEE("│ /tmp"); /* the path, offered again: fix the file, Enter */
    SEE("bad.csv   ");
    tmux_key(&T, "Escape");
    g_free(path);
}

Test(batch_screen, rows_go_out_in_the_background_join_the_list_and_the_form_keeps_typing)
{
    sandbox_up(150);
    console_on("billing-test", false);
    char *path = people_csv(24);
    batch_from(path);
    SEE("All 24 rows of");
    SEE("Create 24 customers on Billing API");
    tmux_type(&T, "y");
    SEE("/24"); /* the progress, at the right of the status line */
    tmux_type(&T, "Typed Meanwhile"); /* the focus stayed in the form: typing goes on */
    SEE("Typed Meanwhile");
    SEE("24 created, 0 refused, 0 unknown");
    char *screen = tmux_screen(&T);
    cr_expect_null(strstr(screen, "POST http"), "a row made is in the list, not a log line each:\n%s", screen);
    g_free(screen);
    SEE("Batch Pers"); /* rows in the list */
    GHashTable *emails = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    cr_expect_eq(held_by_provider(&emails), 24);
    for (int i = 1; i <= 24; i++) {
        char *e = g_strdup_printf("b%d@example.com", i);
        cr_expect_eq(GPOINTER_TO_INT(g_hash_table_lookup(emails, e)), 1, "%s made once", e);
        g_free(e);
    }
    cr_expect_eq(history_lines_with("\"outcome\":\"created\""), 24, "each row is in the history");
    g_hash_table_destroy(emails);
    g_free(path);
}

Test(batch_screen, esc_stops_the_batch_and_ctrl_b_with_the_same_file_finishes_it_without_a_duplicate)
{
    sandbox_up(400);
    console_on("billing-test", false);
    char *path = people_csv(40);
    batch_from(path);
    SEE("All 40 rows of");
    tmux_type(&T, "y");
    SEE("/40");
    tmux_key(&T, "Escape");
    SEE("stopped before row");
    SEE("Ctrl-B with the same file resumes");
    int first = held_by_provider(NULL);
    cr_expect_lt(first, 40, "stopped before the end");
    cr_expect_eq(history_lines_with("\"outcome\":\"created\""), first, "every row made is in the history");
    tmux_key(&T, "C-b");
    SEE("people.csv"); /* the same file, offered */
    tmux_key(&T, "Enter");
    SEE("All 40 rows of");
    char *asked = g_strdup_printf("Create %d customer%s on Billing API", 40 - first, 40 - first == 1 ? "" : "s");
    SEE(asked); /* the question counts what is left, not the whole file */
    g_free(asked);
    tmux_type(&T, "y");
    char *skipped = g_strdup_printf("%d skipped (created before)", first);
    SEE(skipped);
    GHashTable *emails = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    cr_expect_eq(held_by_provider(&emails), 40, "the rest made, once each");
    GHashTableIter it;
    gpointer key, count;
    g_hash_table_iter_init(&it, emails);
    while (g_hash_table_iter_next(&it, &key, &count))
        cr_expect_eq(GPOINTER_TO_INT(count), 1, "%s made once", (char *)key);
    g_hash_table_destroy(emails);
    g_free(skipped), g_free(path);
}

Test(batch_screen, esc_closing_a_record_does_not_stop_the_batch)
{
    sandbox_up(300);
    console_on("billing-test", false);
    char *path = people_csv(30);
    batch_from(path);
    SEE("All 30 rows of");
    tmux_type(&T, "y");
    SEE("/30");
    tmux_key(&T, "F1"); /* the help over the form */
    SEE("Help · Esc closes");
    tmux_key(&T, "Escape"); /* closes the help, and nothing else */
    SEE("30 created, 0 refused, 0 unknown");
    g_free(path);
}

Test(batch_screen, quitting_during_a_batch_waits_for_the_rows_in_flight)
{
    sandbox_up(800);
    console_on("billing-test", false);
    char *path = people_csv(40);
    batch_from(path);
    SEE("All 40 rows of");
    tmux_type(&T, "y");
    SEE("/40");
    tmux_key(&T, "F10");
    SEE("Quit during a batch?");
    tmux_type(&T, "y");
    cr_assert(tmux_wait_custty_gone(&T));
    int made = held_by_provider(NULL);
    cr_expect_gt(made, 0);
    cr_expect_lt(made, 40, "it stopped");
    cr_expect_eq(history_lines_with("\"outcome\":\"created\""), made,
                 "the rows in flight answered before it left, and are in the history");
    g_free(path);
}

Test(batch_screen, sigterm_during_a_batch_waits_for_the_rows_in_flight)
{
    sandbox_up(800);
    console_on("billing-test", false);
    char *path = people_csv(40);
    batch_from(path);
    SEE("All 40 rows of");
    tmux_type(&T, "y");
    SEE("/40");
    char *pid = tmux_format(&T, "#{pane_pid}");
    char *cmd = g_strdup_printf("pkill -TERM -P %s -x custty", pid);
    g_spawn_command_line_sync(cmd, NULL, NULL, NULL, NULL);
    cr_assert(tmux_wait_custty_gone(&T));
    int made = held_by_provider(NULL);
    cr_expect_gt(made, 0);
    cr_expect_lt(made, 40, "it stopped");
    cr_expect_eq(history_lines_with("\"outcome\":\"created\""), made,
                 "the rows in flight answered before it left, and are in the history");
    g_free(cmd), g_free(pid), g_free(path);
}

Test(batch_screen, live_wants_the_number_of_rows_typed)
{
    sandbox_up(0);
    console_on("billing-live", true);
    char *path = people_csv(3);
    batch_from(path);
    SEE("LIVE batch · billing-live");
    SEE("This creates 3 REAL customers on LIVE");
    tmux_type(&T, "y");
    tmux_key(&T, "Enter");
    SEE("the LIVE batch was not confirmed");
    cr_expect_eq(held_by_provider(NULL), 0, "y alone sends nothing");
    batch_from(path);
    SEE("Type 3 (the number to create)");
    tmux_type(&T, "3");
    tmux_key(&T, "Enter");
    SEE("3 created, 0 refused, 0 unknown");
    cr_expect_eq(held_by_provider(NULL), 3);
    batch_from(path); /* the same file again: nothing left to make, nothing to type */
    SEE("nothing to send: every row of people.csv was created before");
    cr_expect_eq(held_by_provider(NULL), 3);
    g_free(path);
}

Test(batch_screen, a_fifo_is_refused_at_once_and_the_console_keeps_answering)
{
    sandbox_up(0);
    console_on("billing-test", false);
    char *path = g_build_filename(T.home, "rows.csv", NULL);
    cr_assert(mkfifo(path, 0600) == 0);
    batch_from(path); /* opening it waited for a writer that never comes, keys unread */
    SEE("no batch");
    tmux_type(&T, "Still Here");
    SEE("Still Here");
    tmux_key(&T, "F6");
    SEE("is not a regular file");
    cr_expect_eq(held_by_provider(NULL), 0);
    g_free(path);
}

Test(batch_screen, a_file_changed_while_the_question_waits_sends_nothing_unchecked)
{
    sandbox_up(0);
    console_on("billing-test", false);
    char *path = people_csv(3);
    batch_from(path);
    SEE("All 3 rows of");
    /* rows nobody checked, one of them invalid, renamed over the file as an editor saves it */
    cr_assert(g_file_set_contents(path, "name,email\nBatch Person 1,b1@example.com\nEve,not-an-email\n"
                                        "Mal,mal@example.com\nMax,max@example.com\n", -1, NULL));
    tmux_type(&T, "y");
    SEE("no batch");
    tmux_key(&T, "F6");
    SEE("changed after its check");
    cr_expect_eq(held_by_provider(NULL), 0, "nothing of what nobody checked went out");
    g_free(path);
}

/* A CSV of N valid billing customers with short names ("Row 7"), which the
 * list shows whole at 80 columns. */
static char *short_rows_csv(const char *file, int n)
{
    GString *s = g_string_new("name,email\n");
    for (int i = 1; i <= n; i++)
        g_string_append_printf(s, "Row %d,r%d@example.com\n", i, i);
    char *path = home_file(file, s->str);
    g_string_free(s, TRUE);
    return path;
}

/* From the form, F6 to the log, F6 to the list (its key bar up). */
static void focus_list(void)
{
    tmux_key(&T, "F6");
    SEE("Enter Whole");
    tmux_key(&T, "F6");
    SEE("Enter Open");
}

/* The title of the record open at the right: "Row 7 · r7@example.com · created" (g_free). */
static char *record_title(void)
{
    char *screen = tmux_wait_for(&T, "@example.com · created");
    cr_assert_not_null(screen);
    char *line = tmux_line_with(screen, "@example.com · created");
    const char *bar = strstr(line, "│ ");
    char *title = g_strdup(bar ? bar + strlen("│ ") : line);
    g_free(screen), g_free(line);
    return g_strchomp(title);
}

Test(batch_screen, the_selected_entry_stays_selected_while_rows_join_the_list)
{
    sandbox_up(200);
    console_on("billing-test", false);
    char *path = short_rows_csv("rows.csv", 200);
    batch_from(path);
    SEE("All 200 rows of");
    tmux_type(&T, "y");
    SEE("✓ ");   /* a first row in the list */
    focus_list();
    tmux_key(&T, "Down"); /* the newest row when the key came */
    tmux_key(&T, "Enter");
    char *first = record_title();
    tmux_key(&T, "Escape");
    SEE("200 created, 0 refused"); /* many more rows joined above it meanwhile */
    focus_list();
    tmux_key(&T, "Enter");
    char *again = record_title();
    cr_expect_str_eq(again, first, "Enter opens the entry that was selected, not one that came since");
    g_free(first), g_free(again), g_free(path);
}

Test(batch_screen, after_a_long_batch_end_in_the_list_reaches_the_last_profile)
{
    sandbox_up(0);
    console_on("billing-test", false);
    char *path = short_rows_csv("many.csv", 300);
    batch_from(path);
    SEE("All 300 rows of");
    tmux_type(&T, "y");
    SEE("300 created, 0 refused");
    focus_list();
    tmux_key(&T, "End"); /* past 300 rows, not 300 presses of Down */
    tmux_key(&T, "Enter");
    SEE("New customer · Prolifi");
    focus_list();
    tmux_key(&T, "Home");
    tmux_key(&T, "PgDn");
    tmux_key(&T, "PgUp");
    tmux_key(&T, "Enter");
    SEE("New customer · Billing API");
    g_free(path);
}

Test(batch_screen, a_row_refused_early_in_a_long_batch_is_still_in_the_log_at_the_end)
{
    sandbox_up(0);
    console_sized("billing-test", false, 200, 60); /* Home shows the oldest lines, one row each */
    GString *s = g_string_new("name,email\n");
    provider_holds("r3@example.com"); /* row 3: the provider refuses it */
    for (int i = 1; i <= 1000; i++)
        g_string_append_printf(s, "Row %d,r%d@example.com\n", i, i);
    char *path = home_file("dups.csv", s->str);
    g_string_free(s, TRUE);
    batch_from(path);
    SEE("All 1000 rows of");
    tmux_type(&T, "y");
    SEE("999 created, 1 refused");
    tmux_key(&T, "F6"); /* the log */
    SEE("Enter Whole");
    tmux_key(&T, "Home");
    SEE("(scrolled)"); /* Home was read: the oldest lines are in sight */
    /* Row 3's refusal is there at the end: the summary sends the person to it. */
    SEE("row 3 refused");
    g_free(path);
}

Test(batch_screen, a_folder_is_named_a_folder_not_an_empty_file)
{
    sandbox_up(0);
    console_on("billing-test", false);
    batch_from(T.home);
    SEE("is a directory: give a CSV");
}

Test(batch_screen, the_status_line_says_how_many_were_created_and_skipped_whatever_the_path)
{
    sandbox_up(0);
    console_on("billing-test", false);
    GString *s = g_string_new("name,email\n");
    for (int i = 1; i <= 3; i++)
        g_string_append_printf(s, "Row %d,r%d@example.com\n", i, i);
    char *path = home_file("onboarding-2026-11-26.csv", s->str);
    g_string_free(s, TRUE);
    batch_from(path);
    SEE("All 3 rows of");
    tmux_type(&T, "y");
    TMUX_SEE_ON_LINE(&T, "billing-test · batch done", "3 created");
    g_free(home_file("onboarding-2026-11-26.csv", "name,email\nRow 1,r1@example.com\nRow 2,r2@example.com\n"
                                                  "Row 3,r3@example.com\nRow 4,r4@example.com\n"));
    batch_from(path); /* again, a row longer: three were made before */
    SEE("All 4 rows of");
    SEE("Create 1 customer on");
    tmux_type(&T, "y");
    TMUX_SEE_ON_LINE(&T, "billing-test · batch done", "3 skipped");
    batch_from(path); /* and again: nothing left to make */
    TMUX_SEE_ON_LINE(&T, "billing-test · batch done", "nothing to send");
    g_free(path);
}

Test(batch_screen, a_header_that_names_no_field_lists_fields_and_suggests_no_option_the_console_lacks)
{
    sandbox_up(0);
    console_on("billing-test", false);
    char *path = home_file("header.csv", "full name,email\nAda,ada@example.com\n");
    batch_from(path);
    SEE("\"full name\" is no");
    SEE("email, phone, address.city"); /* the keys it could be */
    TMUX_SEE_ON_LINE(&T, "billing-test · no batch", "the column \"full name\""); /* which one, at 80 columns */
    char *screen = tmux_screen(&T);
    cr_expect_null(strstr(screen, "--map"), "the console has no --map to give:\n%s", screen);
    g_free(screen), g_free(path);
}

Test(batch_screen, past_the_bad_rows_the_log_holds_it_says_how_to_list_every_one)
{
    sandbox_up(0);
    console_on("billing-test", false);
    GString *s = g_string_new("name,email\n");
    for (int i = 1; i <= 250; i++)
        g_string_append_printf(s, "Row %d,not-an-email-%d\n", i, i);
    char *path = home_file("all-bad.csv", s->str);
    g_string_free(s, TRUE);
    batch_from(path);
    TMUX_SEE_ON_LINE(&T, "billing-test · no batch", "250 bad rows");
    SEE("--dry-run` lists every one");
    g_free(path);
}

Test(batch_screen, while_rows_go_out_the_status_line_says_esc_stops_them_at_80_columns)
{
    sandbox_up(400);
    console_on("billing-test", false);
    char *path = short_rows_csv("customers-2026.csv", 40);
    batch_from(path);
    SEE("All 40 rows of");
    tmux_type(&T, "y");
    TMUX_SEE_ON_LINE(&T, "billing-test · batch", "Esc stops it");
    TMUX_SEE_ON_LINE(&T, "billing-test · batch", "/40"); /* the progress beside it */
    tmux_key(&T, "Escape");
    SEE("stopped before row");
    g_free(path);
}

Test(batch_screen, on_another_profile_the_progress_names_the_batch_profile)
{
    sandbox_up(300);
    console_on("billing-test", false);
    char *path = short_rows_csv("rows.csv", 60);
    batch_from(path);
    SEE("All 60 rows of");
    tmux_type(&T, "y");
    SEE("/60");
    tmux_key(&T, "C-p");
    SEE("Commands");
    tmux_type(&T, "botpenguin-sandbox");
    tmux_key(&T, "Enter");
    SEE("New customer · BotPenguin");
    /* Not BotPenguin's customers being made: the progress says whose they are. */
    TMUX_SEE_ON_LINE(&T, "botpenguin-sandbox ·", "(billing-test)");
    tmux_key(&T, "Escape");
    SEE("stopped before row");
    g_free(path);
}

Test(batch_screen, the_word_the_summary_uses_finds_the_refused_rows_in_the_list)
{
    sandbox_up(0);
    console_on("billing-test", false);
    provider_holds("r3@example.com"); /* row 3: the provider refuses it */
    char *path = home_file("dup.csv", "name,email\nRow 1,r1@example.com\nRow 2,r2@example.com\nRow 3,r3@example.com\n");
    batch_from(path);
    SEE("All 3 rows of");
    tmux_type(&T, "y");
    TMUX_SEE_ON_LINE(&T, "billing-test · batch done", "1 refused");
    focus_list();
    tmux_type(&T, "/refused");
    tmux_key(&T, "Enter");
    SEE("/refused");
    SEE("✗ "); /* row 3, which the provider refused (its list word: rejected) */
    g_free(path);
}
