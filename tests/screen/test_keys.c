/* Keys a person can find: each pane's bar shows its own keys at 80×24, F1
 * lists them and Esc goes back to what it covered, custty view does what its
 * bar offers, the command palette, and copying the request as curl. */
#include "tests/support/tmux.h"

#include <criterion/criterion.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

static Tmux T;
static void stop(void) { tmux_stop(&T); }

#define SEE(needle) TMUX_SEE(&T, needle)

/* The last row of the screen: the key bar (g_free). */
static char *key_bar(void)
{
    char *s = tmux_screen(&T);
    g_strchomp(s);
    char *last = strrchr(s, '\n'), *bar = g_strdup(last ? last + 1 : s);
    g_free(s);
    return bar;
}

/* Fails unless the bar shows each "KEY LABEL" of ITEMS (NULL-ended). */
static void expect_bar(const char *const *items)
{
    char *bar = key_bar();
    for (const char *const *i = items; *i; i++)
        cr_expect(strstr(bar, *i), "the bar shows \"%s\": %s", *i, bar);
    g_free(bar);
}

static void create_on_botpenguin(int w, int h)
{
    tmux_start(&T, w, h, NULL, "--profile botpenguin-sandbox");
    SEE("Email (username)");
    tmux_type(&T, "Garima@test.com");
    tmux_key(&T, "Tab");
    tmux_type(&T, "Garima");
    tmux_key(&T, "Tab");
    tmux_type(&T, "Garima23$");
    tmux_key(&T, "F2");
    SEE("Created · ");
}

Test(keys, each_bar_shows_its_panes_keys_at_80x24, .fini = stop)
{
    create_on_botpenguin(80, 24);
    SEE("Esc Back");
    static const char *const record[] = { "/ Find", "n Next", "N Prev", "v Value", "y Copy", "Y All", "s Save",
                                          "r Raw", "* Fold", "Esc Back", NULL };
    expect_bar(record);
    tmux_key(&T, "F6"), tmux_key(&T, "F6"); /* the record, the log, the list */
    SEE("Enter Open");
    static const char *const list[] = { "Enter Open", "c Check", "d Draft", "/ Filter", "r Resend", "F1 Help", NULL };
    expect_bar(list);
}

Test(keys, esc_from_help_returns_to_the_record, .fini = stop)
{
    create_on_botpenguin(80, 24);
    SEE("y Copy");
    tmux_key(&T, "F1");
    SEE("Help · Esc closes");
    tmux_key(&T, "Escape");
    SEE("y Copy"); /* the record's bar: the record has the keys again */
    char *s = tmux_screen(&T);
    cr_expect(strstr(s, "Created · "), "the record is still open:\n%s", s);
    cr_expect_null(strstr(s, "New customer"), "not the form:\n%s", s);
    g_free(s);
}

Test(keys, help_lines_wrap_to_be_read_whole_at_80x24, .fini = stop)
{
    tmux_start(&T, 80, 24, NULL, NULL);
    SEE("New customer");
    tmux_key(&T, "F1");
    SEE("Help · Esc closes");
    SEE("close what is open"); /* the end of Esc's line, cut at the pane's edge before */
    SEE("field first)");
}

/* ---- custty view: every key shown works ----------------------------------------------- */

static void view_fixture(const char *file)
{
    char *cwd = g_get_current_dir(), *path = g_build_filename(cwd, "tests", "fixtures", file, NULL);
    char *args = g_strdup_printf("view %s", path);
    tmux_start(&T, 80, 24, NULL, args);
    g_free(cwd), g_free(path), g_free(args);
}

Test(keys, view_s_saves_private_and_asks_before_replacing, .fini = stop)
{
    view_fixture("botpenguin_create_201.json");
    SEE("s Save");
    tmux_type(&T, "s");
    SEE("Save as: botpenguin_create_201.json");
    tmux_key(&T, "Enter");
    SEE("saved botpenguin_create_201.json");
    char *saved = g_build_filename(T.home, "botpenguin_create_201.json", NULL), *text = NULL;
    GStatBuf st;
    cr_assert_eq(g_stat(saved, &st), 0, "saved in the working directory");
    cr_expect_eq(st.st_mode & 0777, 0600, "private: %o", st.st_mode & 0777);
    g_file_set_contents(saved, "kept", -1, NULL);
    tmux_type(&T, "s");
    SEE("Save as:");
    tmux_key(&T, "Enter");
    SEE("exists. Replace it? (y/n)");
    tmux_type(&T, "n");
    SEE("not saved");
    cr_expect(g_file_get_contents(saved, &text, NULL, NULL) && strcmp(text, "kept") == 0, "never replaced unasked");
    g_free(text), g_free(saved);
}

Test(keys, view_r_says_a_file_has_no_exchange_and_f1_shows_the_viewers_keys, .fini = stop)
{
    view_fixture("botpenguin_create_201.json");
    SEE("q Quit");
    tmux_type(&T, "r");
    SEE("no exchange to show");
    tmux_key(&T, "F1");
    SEE("In custty view");
    char *s = tmux_screen(&T);
    cr_expect(strstr(s, "save the document to a file"), "the viewer's keys, from the table:\n%s", s);
    cr_expect_null(strstr(s, "F6"), "no console key:\n%s", s);
    g_free(s);
    tmux_key(&T, "Escape");
    SEE("▾ data"); /* back to the document, not quit */
}

/* ---- the request as curl ------------------------------------------------------------------ */

/* Fails unless CLIP is a curl command that reads the token and the password
 * from the environment and holds neither. */
static void expect_curl(const char *clip)
{
    cr_expect(g_str_has_prefix(clip, "curl -sS -X POST 'http://127.0.0.1:"), "a curl command: %s", clip);
    cr_expect(strstr(clip, "\"Authorization: Bearer $CUSTTY_TOKEN\""), "the token as a variable: %s", clip);
    cr_expect(strstr(clip, "$CUSTTY_SECRET_PASSWORD"), "the password as a variable: %s", clip);
    cr_expect(strstr(clip, "\"username\":\"Garima@test.com\""), "the body: %s", clip);
    cr_expect_null(strstr(clip, "sandbox-token"), "never the token: %s", clip);
    cr_expect_null(strstr(clip, "Garima23$"), "never the password: %s", clip);
}

Test(keys, ctrl_y_copies_the_request_as_curl_without_the_token, .fini = stop)
{
    tmux_start(&T, 80, 24, NULL, "--profile botpenguin-sandbox");
    SEE("Email (username)");
    tmux_type(&T, "Garima@test.com");
    tmux_key(&T, "Tab");
    tmux_type(&T, "Garima");
    tmux_key(&T, "Tab");
    tmux_type(&T, "Garima23$");
    SEE("Ctrl-Y Curl");
    tmux_key(&T, "C-y");
    SEE("copied the form's request as curl");
    char *clip = tmux_buffer(&T);
    expect_curl(clip);
    g_free(clip);
    tmux_key(&T, "F2");
    SEE("Created · ");
    tmux_type(&T, "r"); /* the record's exchange */
    SEE("Raw exchange");
    tmux_key(&T, "C-y");
    SEE("copied the record's request as curl");
    clip = tmux_buffer(&T);
    expect_curl(clip);
    g_free(clip);
}

/* ---- the command palette -------------------------------------------------------------------- */

Test(keys, palette_switches_profile_by_a_few_letters, .fini = stop)
{
    tmux_start(&T, 80, 24, NULL, NULL);
    SEE("New customer · Billing API");
    tmux_key(&T, "C-p");
    SEE("Commands · Enter runs");
    tmux_type(&T, "prol");
    SEE("profile · prolifi");
    tmux_key(&T, "Enter");
    SEE("New customer · Prolifi");
    SEE("prolifi-sandbox · editing");
}

Test(keys, palette_runs_an_action_and_esc_closes_it, .fini = stop)
{
    tmux_start(&T, 80, 24, NULL, NULL);
    SEE("New customer");
    tmux_key(&T, "F6"), tmux_key(&T, "F6"); /* the list: : opens it where no text is typed */
    SEE("Enter Open");
    tmux_type(&T, ":");
    SEE("Commands · Enter runs");
    SEE("Enter Run  Esc Close"); /* the palette's keys in the bar while it is open */
    tmux_key(&T, "Escape");
    SEE("Enter Open"); /* closed, the list's bar again */
    char *s = tmux_screen(&T);
    cr_expect_null(strstr(s, "Commands · Enter runs"), "Esc closed it:\n%s", s);
    g_free(s);
    tmux_key(&T, "C-p");
    SEE("Commands · Enter runs");
    tmux_type(&T, "help");
    tmux_key(&T, "Enter");
    SEE("Help · Esc closes");
}

Test(keys, f1_shows_the_help_one_pane_at_a_time_too, .fini = stop)
{
    tmux_start(&T, 30, 8, NULL, NULL);
    SEE("New customer");
    tmux_key(&T, "F1");
    SEE("Help · Esc");
    tmux_key(&T, "Escape");
    SEE("New customer");
}
