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
