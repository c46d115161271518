/* The console against a hostile provider: whatever it sends — headers, an
 * id, a record, a log line — may set no title, write no clipboard and clear
 * nothing, wherever the console shows it. */
#include "tests/support/hostile.h"
#include "tests/support/tmux.h"

#include <criterion/criterion.h>
#include <glib.h>
#include <string.h>

#define H HOSTILE_BYTES

static Tmux T;
static HostileServer *S;

static void stop(void)
{
    tmux_stop(&T);
    hostile_stop(S);
}

#define SEE(needle) TMUX_SEE(&T, needle)

static void expect_untouched(const char *title_before, const char *where)
{
    char *title = tmux_format(&T, "#{pane_title}"), *screen = tmux_screen(&T), *buffer = tmux_buffer(&T);
    cr_expect_str_eq(title, title_before, "%s: the pane title was not set (it is \"%s\")", where, title);
    cr_expect_null(strstr(title, "pwned"), "%s", where);
    const char *why = NULL;
    cr_expect(!buffer || hostile_terminal_safe(buffer, strlen(buffer), &why),
              "%s: the clipboard got %s: %s", where, why, buffer);
    cr_expect_null(strstr(screen, "\xe2\x80\xae"), "%s: no raw bidi override on screen", where);
    cr_expect(strstr(screen, "\\u001b"), "%s: the escapes are shown, escaped:\n%s", where, screen);
    g_free(title), g_free(screen), g_free(buffer);
}

Test(hostile_console, a_hostile_answer_reaches_no_terminal_raw, .fini = stop)
{
    char *answer = hostile_answer("201 Created", "X-Request-Id: req_" H "\r\nX-Note: " H "\r\n",
                                  "{\"data\":{\"id\":\"cus_" H "\",\"email\":\"a@b.co\",\"name\":\"Ann " H "\"}}");
    S = hostile_start(answer);
    char *base = hostile_base_url(S);
    char *config = g_strdup_printf("[hostile]\nprovider = prolifi\nbase_url = %s\n", base);
    tmux_start_config(&T, 120, 34, "CUSTTY_TOKEN=sk_test_hostile000", "--profile hostile", config);
    SEE("Prolifi Public API");
    char *title = tmux_format(&T, "#{pane_title}");
    tmux_key(&T, "F4"); /* the whole exchange in the log too */
    tmux_type(&T, "a@b.co");
    tmux_key(&T, "F2");
    SEE("Created · cus_");
    expect_untouched(title, "the record and the log");
    tmux_type(&T, "r"); /* the exchange as it went */
    SEE("Raw exchange · r returns"); /* shown: now it can be checked */
    expect_untouched(title, "the exchange");
    tmux_type(&T, "r");
    tmux_type(&T, "y"); /* copy the id: what the screen shows, escaped */
    SEE("to the clipboard");
    expect_untouched(title, "after a copy");
    char *s = tmux_screen(&T);
    cr_expect_null(strstr(s, "sk_test_hostile000"), "the token is never on screen:\n%s", s);
    g_free(s), g_free(title), g_free(config), g_free(base), g_free(answer);
}

/* TEXT with each FROM replaced by TO (g_free). */
static char *replaced(const char *text, const char *from, const char *to)
{
    gchar **parts = g_strsplit(text, from, -1);
    char *out = g_strjoinv(to, parts);
    g_strfreev(parts);
    return out;
}

/* Names and labels come from files too: a profile named in config.ini and a
 * descriptor in the providers folder, with bidi overrides, C1 controls and
 * escapes, reach the list, the form's title and labels and the status line
 * as harmless cells. */
static void stop_tmux(void) { tmux_stop(&T); }

Test(hostile_console, names_and_labels_from_files_reach_no_terminal_raw, .fini = stop_tmux)
{
    const char *config = "[ann \xe2\x80\xae" "evil \xc2\x9b" "2J]\nprovider = shady\nbase_url = http://127.0.0.1:9/x\n";
    tmux_start_config(&T, 120, 34, NULL, "--profile billing-sandbox", config);
    SEE("New customer");
    char *dir = g_build_filename(T.home, "config", "custty", "providers", NULL);
    char *path = g_build_filename(dir, "shady.json", NULL), *text = NULL;
    cr_assert(g_file_get_contents("assets/providers/billing-v1.json", &text, NULL, NULL));
    char *titled = replaced(text, "Billing API ", "Sh\\u202eady \\u009b2J \\u001b]0;pwned\\u0007 ");
    char *evil = replaced(titled, "\"label\": \"Name\"", "\"label\": \"Na\\u202eme \\u009b\"");
    g_free(titled);
    g_mkdir_with_parents(dir, 0700);
    cr_assert(g_file_set_contents(path, evil, -1, NULL));
    tmux_relaunch(&T, 120, 34, NULL, "--profile 'ann \xe2\x80\xae" "evil \xc2\x9b" "2J'");
    SEE("ady");
    char *title = tmux_format(&T, "#{pane_title}"), *screen = tmux_screen(&T);
    cr_expect_null(strstr(screen, "\xe2\x80\xae"), "no raw bidi override on screen:\n%s", screen);
    cr_expect_null(strstr(title, "pwned"), "the title was not set: %s", title);
    g_free(title), g_free(screen), g_free(evil), g_free(text), g_free(path), g_free(dir);
}

/* The Customers view against a provider whose every customer text is
 * hostile and which sends page 1 for every page: the rows are escaped, and
 * the list says why it stopped instead of passing for the whole. */
Test(hostile_console, the_customers_view_escapes_rows_and_says_why_a_list_stopped, .fini = stop)
{
    char *answer = hostile_answer("200 OK", "X-Request-Id: req_" H "\r\n",
                                  "{\"data\":[{\"id\":\"cus_" H "\",\"email\":\"" H "@x.io\",\"name\":\"Ann " H "\","
                                  "\"status\":\"" H "\"},{\"id\":5,\"name\":{\"a\":1}},{\"id\":{\"x\":\"" H "\"}}],"
                                  "\"pagination\":{\"has_more\":true}}");
    S = hostile_start(answer);
    char *base = hostile_base_url(S);
    char *config = g_strdup_printf("[hostile]\nprovider = prolifi\nbase_url = %s\n", base);
    tmux_start_config(&T, 120, 34, "CUSTTY_TOKEN=sk_test_hostile000", "--profile hostile", config);
    SEE("Prolifi Public API");
    char *title = tmux_format(&T, "#{pane_title}");
    tmux_key(&T, "F6");
    tmux_key(&T, "F6");
    SEE("p Customers");
    tmux_type(&T, "p");
    SEE("Ann \\u001b]0;pwned");
    SEE("page 2 is the same as the one before");
    TMUX_SEE_ON_LINE(&T, "Customers · hostile", " 3");
    expect_untouched(title, "the Customers view");
    g_free(title), g_free(config), g_free(base), g_free(answer);
}
