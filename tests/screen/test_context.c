/* Context a person cannot miss (issue 15): LIVE everywhere and confirmed by
 * a typed word, a token dialog that says whose token and how it shows, the
 * profile used last and what waits from earlier runs, a history list that
 * reads the same across runs, and a form that shows its first fields. */
#include "tests/support/hostile.h"
#include "tests/support/support.h"
#include "tests/support/tmux.h"

#include <criterion/criterion.h>
#include <glib.h>
#include <string.h>

static Tmux T;
static HostileServer *S;

static void stop(void) { tmux_stop(&T); }
static void stop_served(void)
{
    tmux_stop(&T);
    hostile_stop(S);
}

#define SEE(needle) TMUX_SEE(&T, needle)
#define NO_BUS "DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent"

/* Lines of the history file in the run's home: one per submission. */
static int history_lines(void)
{
    char *text = tmux_read_history(&T);
    int n = 0;
    for (const char *p = text; (p = strchr(p, '\n')); p++)
        n++;
    g_free(text);
    return n;
}

/* A LIVE billing-v1 profile of one's own (base_url, live = true) on a
 * provider that answers every create with a 201. */
static void start_live_billing(const char *extra_env)
{
    char *body = support_fixture("billing_create_201.json", NULL), *answer = hostile_answer("201 Created", "", body);
    S = hostile_start(answer);
    char *base = hostile_base_url(S);
    char *config = g_strdup_printf("[qa-live]\nprovider = billing-v1\nbase_url = %s\nlive = true\n"
                                   "check_before_create = false\n", base);
    char *env = g_strdup_printf("CUSTTY_TOKEN=sk_test_held00000000 %s", extra_env ? extra_env : "");
    tmux_start_config(&T, 100, 30, env, "--profile qa-live", config);
    g_free(body), g_free(answer), g_free(base), g_free(config), g_free(env);
}

static void fill_name_and_email(const char *name, const char *email)
{
    SEE("New customer");
    tmux_type(&T, name);
    tmux_key(&T, "Tab");
    tmux_type(&T, email);
}

Test(context_live, a_live_create_needs_live_typed_and_y_alone_creates_nothing, .fini = stop_served)
{
    start_live_billing(NULL);
    fill_name_and_email("Ann Live", "ann@example.com");
    tmux_key(&T, "F2");
    SEE("LIVE create · qa-live");
    SEE("REAL customer on LIVE Billing API (billing-v1)");
    SEE("for ann@example.com (profile qa-live)");
    SEE("Type live (or the email)");
    tmux_type(&T, "y"); /* the reflex of every other question */
    tmux_key(&T, "Enter");
    SEE("\"y\" does not confirm it");
    cr_expect_eq(history_lines(), 0, "nothing was sent");
    tmux_type(&T, "live");
    tmux_key(&T, "Enter");
    SEE("Created · cus_");
    cr_expect_eq(history_lines(), 1, "one create, the confirmed one");
    hostile_wait_request(S, 1);
}

Test(context_live, the_email_typed_confirms_too_and_esc_sends_nothing, .fini = stop_served)
{
    start_live_billing(NULL);
    fill_name_and_email("Ann Live", "ann@example.com");
    tmux_key(&T, "F2");
    SEE("Type live (or the email)");
    tmux_key(&T, "Escape");
    SEE("the LIVE create was not confirmed");
    tmux_key(&T, "F2");
    SEE("Type live (or the email)");
    tmux_type(&T, "ann@example.com");
    tmux_key(&T, "Enter");
    SEE("Created · cus_");
    cr_expect_eq(history_lines(), 1);
}

/* Without colour the title, the frame and the status line say LIVE in words. */
Test(context_live, no_color_says_live_in_words_in_the_form_title_and_status_line, .fini = stop_served)
{
    start_live_billing("NO_COLOR=1");
    SEE("New customer");
    char *s = tmux_wait_for(&T, "[LIVE]");
    cr_assert_not_null(s);
    char *title = tmux_line_with(s, "New customer"), *status = tmux_line_with(s, "qa-live ·");
    cr_expect(title && strstr(title, "[LIVE] New customer"), "the form's title: %s", title);
    cr_expect(status && strstr(status, "[LIVE]"), "the status line: %s", status);
    g_free(title), g_free(status), g_free(s);
}

/* The token dialog says whose token it asks for and that what is typed is
 * masked; with no keyring known, it never offers to save there. */
Test(context_token, the_token_dialog_names_profile_and_provider_and_offers_no_keyring_that_is_not_there,
     .fini = stop_served)
{
    char *body = support_fixture("prolifi_create_201.json", NULL), *answer = hostile_answer("201 Created", "", body);
    S = hostile_start(answer);
    char *base = hostile_base_url(S);
    char *config = g_strdup_printf("[prolifi-qa]\nprovider = prolifi\nbase_url = %s\n", base);
    tmux_start_config(&T, 100, 30, NO_BUS, "--profile prolifi-qa", config);
    g_free(body), g_free(answer), g_free(base), g_free(config);
    SEE("keyring: no Secret Service"); /* the lookup has answered "unavailable" */
    SEE("New customer");
    tmux_type(&T, "tom@example.com");
    tmux_key(&T, "F2");
    SEE("Token needed · prolifi-qa");
    SEE("Profile prolifi-qa (Prolifi Public API) has no token yet");
    SEE("it is masked, one • per character");
    char *s = tmux_screen(&T);
    cr_expect_null(strstr(s, "not shown"), "masked, not \"not shown\" above dots:\n%s", s);
    g_free(s);
    tmux_type(&T, "sk_test_typed000000");
    SEE("•••••••");
    tmux_key(&T, "Enter");
    SEE("Created · 0b6e9a52"); /* straight on: no "Save the token?" */
    SEE("kept for this run only (there is no keyring");
    s = tmux_screen(&T);
    cr_expect_null(strstr(s, "Save the token?"), "%s", s);
    cr_expect_null(strstr(s, "sk_test_typed"), "the token is never on screen:\n%s", s);
    g_free(s);
}

/* Narrow, the form scrolls down to the focused field; grown again, it shows
 * its first fields (scrolled no further than the focused one needs). */
Test(context_form, a_grown_window_shows_the_first_fields_again, .fini = stop)
{
    tmux_start(&T, 40, 12, NULL, "--profile billing-sandbox");
    SEE("New customer");
    for (int i = 0; i < 5; i++) /* Payment method, below the fold */
        tmux_key(&T, "Tab");
    tmux_type(&T, "Zanzibar");
    char *narrow = tmux_wait_for(&T, "Zanzibar");
    cr_assert_not_null(narrow);
    cr_assert_null(strstr(narrow, "Name*"), "scrolled past the first field at 40×12:\n%s", narrow);
    g_free(narrow);
    tmux_resize(&T, 100, 30);
    char *s = tmux_wait_for(&T, "Name*");
    cr_assert_not_null(s, "the first field shows again");
    gchar **lines = g_strsplit(s, "\n", -1);
    for (int i = 0; lines[i] && lines[i + 1]; i++)
        if (strstr(lines[i], "New customer"))
            cr_expect(strstr(lines[i + 1], "Name*"), "right under the title:\n%s", s);
    cr_expect(strstr(s, "Zanzibar"), "and the focused field is still in view:\n%s", s);
    g_strfreev(lines);
    g_free(s);
}

static void quit_and_wait(void)
{
    tmux_key(&T, "F10");
    cr_assert(tmux_wait_custty_gone(&T), "custty quit");
}

/* Started with no --profile, custty opens the profile used last, and says
 * what earlier runs left: drafts on other profiles, outcomes not checked. */
Test(context_start, opens_the_profile_used_last_and_says_what_is_waiting, .fini = stop)
{
    tmux_start(&T, 100, 30, NULL, "--profile billing-sandbox --sandbox-fault reset");
    fill_name_and_email("Una Known", "una@example.com");
    tmux_key(&T, "F2");
    SEE("may or may not exist"); /* unknown, and left unchecked */
    quit_and_wait();
    tmux_relaunch(&T, 100, 30, NULL, "--profile botpenguin-sandbox");
    SEE("Email (username)");
    tmux_type(&T, "bo@example.com"); /* a draft, kept on quit */
    SEE("bo@example.com");
    quit_and_wait();
    tmux_relaunch(&T, 100, 30, NULL, "--profile prolifi-sandbox");
    SEE("New customer · Prolifi Public API");
    quit_and_wait();
    tmux_relaunch(&T, 100, 30, NULL, NULL);
    SEE("New customer · Prolifi Public API"); /* the profile used last, not the first one */
    SEE("prolifi-sandbox · editing");
    SEE("waiting: a draft on billing-sandbox, botpenguin-sandbox");
    SEE("waiting: 1 unknown outcome not checked yet, on billing-sandbox (1)");
    tmux_key(&T, "F10");
    cr_assert(tmux_wait_custty_gone(&T));
    tmux_relaunch(&T, 100, 30, NULL, "--profile botpenguin-sandbox");
    SEE("Email (username)"); /* --profile still wins */
    SEE("restored the draft");
}

/* The list's part (left of the first vertical rule) of SCREEN's first line
 * whose list part holds NEEDLE, from NEEDLE on (g_free), or NULL. */
static char *list_entry(const char *screen, const char *needle)
{
    gchar **lines = g_strsplit(screen, "\n", -1);
    char *entry = NULL;
    for (gchar **l = lines; *l && !entry; l++) {
        char *rule = strstr(*l, "│");
        if (rule)
            *rule = '\0';
        char *from = strstr(*l, needle);
        entry = from ? g_strdup(g_strchomp(from)) : NULL;
    }
    g_strfreev(lines);
    return entry;
}

/* The same, the whole of the list's part of that line. */
static char *list_line(const char *screen, const char *needle)
{
    gchar **lines = g_strsplit(screen, "\n", -1);
    char *found = NULL;
    for (gchar **l = lines; *l && !found; l++) {
        char *rule = strstr(*l, "│");
        if (rule)
            *rule = '\0';
        found = strstr(*l, needle) ? g_strdup(*l) : NULL;
    }
    g_strfreev(lines);
    return found;
}

Test(context_list, labels_read_the_same_after_a_restart_and_a_cut_one_ends_in_an_ellipsis, .fini = stop)
{
    tmux_start(&T, 200, 50, NULL, "--profile billing-sandbox");
    fill_name_and_email("Brighton Mboya", "brighton@jani.com");
    tmux_key(&T, "F2");
    char *s = tmux_wait_for(&T, "Created · cus_");
    cr_assert_not_null(s);
    char *during = list_entry(s, "Brighton Mboya");
    g_free(s);
    cr_assert_not_null(during);
    cr_expect(g_str_has_prefix(during, "Brighton Mboya · brig"), "name, then email: %s", during);
    cr_expect(g_str_has_suffix(during, "…"), "cut, and says so: %s", during);
    quit_and_wait();
    tmux_relaunch(&T, 200, 50, NULL, "--profile billing-sandbox");
    s = tmux_wait_for(&T, "history: the list shows earlier runs");
    cr_assert_not_null(s);
    char *after = list_entry(s, "Brighton Mboya");
    cr_expect_str_eq(after ? after : "(not listed)", during, "the same label after a restart");
    g_free(s), g_free(during), g_free(after);
}

Test(context_list, unknown_and_rejected_have_different_marks_and_words, .fini = stop)
{
    tmux_start(&T, 100, 30, NULL, "--profile billing-sandbox --sandbox-fault reset");
    fill_name_and_email("Una Known", "una@example.com");
    tmux_key(&T, "F2");
    SEE("may or may not exist");
    quit_and_wait();
    tmux_relaunch(&T, 100, 30, NULL, "--profile prolifi-sandbox --sandbox-fault status=422");
    SEE("New customer · Prolifi");
    tmux_type(&T, "rex@example.com");
    tmux_key(&T, "F2");
    char *s = tmux_wait_for(&T, "rejected");
    cr_assert_not_null(s);
    char *unsure = list_line(s, "unknown Un"), *refused = list_line(s, "rejected re");
    cr_expect(unsure && strstr(unsure, "? ") && !strstr(unsure, "✗"), "%s\n%s", unsure, s);
    cr_expect(refused && strstr(refused, "✗ ") && !strstr(refused, "?"), "%s\n%s", refused, s);
    g_free(s), g_free(unsure), g_free(refused);
}

Test(context_list, an_unknown_entry_found_created_says_created_in_the_list_and_the_viewer, .fini = stop)
{
    tmux_start(&T, 100, 30, NULL, "--profile billing-sandbox --sandbox-fault reset");
    fill_name_and_email("Una Known", "una@example.com");
    tmux_key(&T, "F2");
    SEE("may or may not exist");
    tmux_key(&T, "F8");
    SEE("una@example.com was created");
    tmux_key(&T, "F6");
    tmux_key(&T, "F6"); /* the list, on the open profile */
    SEE("Enter Open");
    tmux_key(&T, "Down"); /* its newest entry */
    tmux_key(&T, "Enter");
    char *s = tmux_wait_for(&T, "Una Known · una@example.com · created");
    cr_assert_not_null(s, "the viewer's title says created");
    char *entry = list_line(s, "Una Known");
    cr_expect(entry && strstr(entry, "✓") && !strstr(entry, "unknown"), "and so does the list: %s", entry);
    g_free(s), g_free(entry);
}

Test(context_list, the_filter_shows_at_80_columns, .fini = stop)
{
    tmux_start(&T, 80, 24, NULL, "--profile billing-sandbox");
    SEE("New customer");
    tmux_key(&T, "F6");
    tmux_key(&T, "F6");
    SEE("Enter Open");
    tmux_type(&T, "/una");
    SEE("/una");
}
