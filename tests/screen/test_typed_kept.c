/* Nothing typed is lost, nothing typed is changed: typing during a send,
 * pastes, Ctrl-N; and a created customer whose answer cannot be read. */
#include "tests/support/hostile.h"
#include "tests/support/support.h"
#include "tests/support/tmux.h"

#include <criterion/criterion.h>
#include <glib.h>
#include <locale.h>
#include <string.h>
#include <wchar.h>

static Tmux T;
static HostileServer *S;
static void stop(void) { tmux_stop(&T); }
static void stop_held(void)
{
    tmux_stop(&T);
    hostile_stop(S);
}

#define SEE(needle) TMUX_SEE(&T, needle)

/* How many lines of SCREEN hold NEEDLE. */
static int lines_with(const char *screen, const char *needle)
{
    gchar **lines = g_strsplit(screen, "\n", -1);
    int n = 0;
    for (gchar **l = lines; *l; l++)
        n += strstr(*l, needle) != NULL;
    g_strfreev(lines);
    return n;
}

static int column_of(const char *line, const char *needle)
{
    const char *at = line ? strstr(line, needle) : NULL;
    int col = 0;
    for (const char *p = line; at && p < at; p = g_utf8_next_char(p))
        col += MAX(0, wcwidth((wchar_t)g_utf8_get_char(p)));
    return at ? col : -1;
}

/* A Prolifi profile whose provider holds STATUS with FIXTURE until the test
 * releases it. */
static void start_held_with(const char *status, const char *fixture)
{
    char *body = support_fixture(fixture, NULL), *answer = hostile_answer(status, "", body);
    S = hostile_start_held(answer);
    char *base = hostile_base_url(S);
    char *config = g_strdup_printf("[held]\nprovider = prolifi\nbase_url = %s\n", base);
    tmux_start_config(&T, 100, 30, "CUSTTY_TOKEN=sk_test_held00000000", "--profile held", config);
    g_free(body), g_free(answer), g_free(base), g_free(config);
}

static void start_held(void)
{
    start_held_with("201 Created", "prolifi_create_201.json");
}

/* The provider answers only once the typing has shown: the order is the
 * test's, not a latency's. */
Test(typed_kept, typing_during_a_send_that_creates_stays_as_a_new_draft, .fini = stop_held)
{
    start_held();
    SEE("New customer");
    tmux_type(&T, "slow@example.com");
    tmux_key(&T, "F2");
    hostile_wait_request(S, 1);
    SEE("sending");
    tmux_key(&T, "Tab");
    tmux_type(&T, "Typed While Waiting");
    SEE("Typed While Waiting");
    hostile_release(S);
    char *s = tmux_wait_for(&T, "as a new draft");
    cr_assert_not_null(s, "the log says the edits were kept");
    cr_expect(strstr(s, "Typed While Waiting"), "what was typed during the send is still in the form:\n%s", s);
    cr_expect(strstr(s, "slow@example.com"), "with the rest of the form as it is now:\n%s", s);
    cr_expect(strstr(s, "· created"), "and the status says it was created:\n%s", s);
    g_free(s);
}

Test(typed_kept, a_refusal_leaves_the_cursor_where_one_types, .fini = stop_held)
{
    start_held_with("422 Unprocessable Entity", "prolifi_create_422.json");
    SEE("New customer");
    tmux_type(&T, "refused@example.com");
    tmux_key(&T, "F2");
    hostile_wait_request(S, 1);
    SEE("sending");
    tmux_key(&T, "Tab");
    tmux_type(&T, "Half");
    SEE("Half");
    hostile_release(S);
    SEE("provider: The email must be");
    tmux_type(&T, " Done");
    char *s = tmux_wait_for(&T, "Half Done");
    cr_assert_not_null(s, "the typing goes on in the field it was in");
    char *email = tmux_line_with(s, "Email*");
    cr_expect(email && !strstr(email, "Done"), "not in the field the provider named: %s", email);
    g_free(email), g_free(s);
}

Test(typed_kept, a_send_with_no_typing_meanwhile_still_clears_the_form, .fini = stop_held)
{
    start_held();
    SEE("New customer");
    tmux_type(&T, "plain@example.com");
    tmux_key(&T, "F2");
    hostile_wait_request(S, 1);
    hostile_release(S);
    SEE("Created · ");
    tmux_key(&T, "Escape");
    char *s = tmux_wait_for(&T, "New customer");
    cr_assert_not_null(s);
    cr_expect_null(strstr(s, "as a new draft"), "nothing was typed during it:\n%s", s);
    char *email = tmux_line_with(s, "Email*");
    cr_expect(email && !strstr(email, "plain@"), "the created draft is done with: %s", email);
    g_free(email), g_free(s);
}

Test(typed_kept, a_pasted_line_break_becomes_a_space_and_is_said, .fini = stop)
{
    setlocale(LC_ALL, "C.UTF-8");
    tmux_start(&T, 100, 30, NULL, NULL);
    SEE("New customer");
    tmux_paste(&T, "Jane\nSmith");
    char *s = tmux_wait_for(&T, "Jane Smith");
    cr_assert_not_null(s, "the line break became a space");
    cr_expect(strstr(s, "line break"), "and the person is told, under the field:\n%s", s);
    g_free(s);
    tmux_key(&T, "Tab");
    tmux_paste(&T, "   jane@example.com  ");
    s = tmux_wait_for(&T, "jane@example.com");
    cr_assert_not_null(s);
    char *name = tmux_line_with(s, "Name*"), *email = tmux_line_with(s, "Email*");
    cr_expect_eq(column_of(name, "Jane Smith"), column_of(email, "jane@example.com"),
                 "the spaces around the paste are gone from what is shown:\n%s\n%s", name, email);
    g_free(name), g_free(email), g_free(s);
    tmux_key(&T, "F2");
    SEE("Created · ");
    SEE("\"Jane Smith\""); /* in the record: what was sent */
    SEE("\"jane@example.com\"");
}

Test(typed_kept, spaces_typed_around_a_value_go_when_the_field_is_left, .fini = stop)
{
    setlocale(LC_ALL, "C.UTF-8");
    tmux_start(&T, 100, 30, NULL, NULL);
    SEE("New customer");
    tmux_type(&T, "Ann Lee");
    tmux_key(&T, "Tab");
    tmux_type(&T, "  ann@example.com");
    tmux_key(&T, "Tab");
    char *s = tmux_wait_for(&T, "▸Phone");
    cr_assert_not_null(s);
    char *name = tmux_line_with(s, "Name*"), *email = tmux_line_with(s, "Email*");
    cr_expect_eq(column_of(name, "Ann Lee"), column_of(email, "ann@example.com"), "%s\n%s", name, email);
    g_free(name), g_free(email), g_free(s);
}

Test(typed_kept, ctrl_n_keeps_the_draft_and_ctrl_z_brings_it_back, .fini = stop)
{
    tmux_start(&T, 100, 30, NULL, NULL);
    SEE("New customer");
    tmux_type(&T, "Kept Name");
    tmux_key(&T, "Tab");
    tmux_type(&T, "kept@example.com");
    SEE("kept@example.com");
    tmux_key(&T, "C-n");
    SEE("Ctrl-Z (or u in the list) brings it back");
    char *s = tmux_screen(&T);
    char *name = tmux_line_with(s, "Name*");
    cr_expect(name && !strstr(name, "Kept Name"), "the form is new: %s", name);
    g_free(name), g_free(s);
    tmux_type(&T, "Other");
    SEE("Other");
    tmux_key(&T, "C-z");
    s = tmux_wait_for(&T, "kept@example.com");
    cr_assert_not_null(s, "Ctrl-Z brings the draft back");
    cr_expect(strstr(s, "Kept Name"), "%s", s);
    cr_expect_null(strstr(s, "Other"), "the draft it replaced is put aside in turn:\n%s", s);
    g_free(s);
    tmux_key(&T, "C-z");
    SEE("Other"); /* and back again: nothing is ever lost */
}

Test(typed_kept, u_in_the_list_brings_back_the_draft_and_f1_lists_both_keys, .fini = stop)
{
    tmux_start(&T, 100, 30, NULL, NULL);
    SEE("New customer");
    tmux_type(&T, "Listed Name");
    SEE("Listed Name");
    tmux_key(&T, "C-n");
    SEE("Ctrl-Z (or u in the list) brings it back");
    tmux_key(&T, "F6");
    tmux_key(&T, "F6"); /* the form, the log, the list */
    SEE("Enter Open");
    tmux_type(&T, "u");
    SEE("Listed Name");
    tmux_key(&T, "F1");
    SEE("Ctrl-Z");
    char *s = tmux_wait_for(&T, "Help");
    cr_assert_not_null(s);
    g_free(s);
}

Test(typed_kept, d_on_an_entry_puts_the_draft_in_the_form_aside, .fini = stop)
{
    tmux_start(&T, 100, 30, NULL, NULL);
    SEE("New customer");
    tmux_type(&T, "First One");
    tmux_key(&T, "Tab");
    tmux_type(&T, "first@example.com");
    tmux_key(&T, "F2");
    SEE("Created · cus_");
    tmux_key(&T, "Escape");
    tmux_type(&T, "Half Typed");
    SEE("Half Typed");
    tmux_key(&T, "F6");
    tmux_key(&T, "F6");
    SEE("d Draft");
    tmux_key(&T, "Down"); /* the entry under billing-sandbox */
    tmux_type(&T, "d");
    SEE("a new draft like that entry");
    SEE("the draft in the form is put aside");
    char *s = tmux_screen(&T);
    cr_expect_null(strstr(s, "Half Typed"), "the entry's values replace it in the form:\n%s", s);
    g_free(s);
    tmux_key(&T, "C-z");
    SEE("Half Typed");
}

/* Created, but its answer unreadable: the log and the status line say the
 * same, what was sent stays in sight, and F8 fetches the record. */
static void created_unreadable(const char *fault)
{
    setlocale(LC_ALL, "C.UTF-8");
    char *args = g_strdup_printf("--sandbox-fault %s", fault);
    tmux_start(&T, 100, 30, NULL, args);
    g_free(args);
    SEE("New customer");
    tmux_type(&T, "Unread Person");
    tmux_key(&T, "Tab");
    tmux_type(&T, "unread@example.com");
    tmux_key(&T, "F2");
    const char *said = "the answer could not be read: F8 fetches the record";
    char *s = tmux_wait_for(&T, said);
    cr_assert_not_null(s);
    g_free(s);
    s = tmux_screen(&T);
    cr_expect_eq(lines_with(s, said), 2, "the log and the status line say the same:\n%s", s);
    cr_expect_null(strstr(s, "body is unreadable"), "nothing says otherwise:\n%s", s);
    cr_expect(strstr(s, "\"Unread Person\""), "what was sent shows in the record pane:\n%s", s);
    g_free(s);
    tmux_key(&T, "F8");
    SEE("fetched the record");
    SEE(": \"cus_");
}

Test(typed_kept, huge_created_says_so_once_and_f8_fetches_the_record, .fini = stop)
{
    created_unreadable("huge");
}

Test(typed_kept, garbage_created_says_so_once_and_f8_fetches_the_record, .fini = stop)
{
    created_unreadable("garbage");
}
