/* The dialog at 80 columns: a question longer than its box wraps at spaces,
 * so every word of it can be read (an id and a time at the end of a line used
 * to be cut off at the frame). Curses draws into a screen on /dev/null. */
#include "tests/support/curses_screen.h"
#include "ui/dialog.h"

#include <criterion/criterion.h>
#include <glib.h>
#include <string.h>

static SupportScreen S;
static Theme THEME;
static Dialog *D;

static void start(void)
{
    support_screen_start(&S, 24, 80);
    theme_init(&THEME);
    D = dialog_new(&THEME);
}

static void stop(void)
{
    pane_free(dialog_base(D));
    support_screen_stop(&S);
}

TestSuite(dialog, .init = start, .fini = stop);

static char *drawn(void)
{
    dialog_place(D, 24, 80);
    Pane *p = dialog_base(D);
    p->dirty = true;
    pane_refresh(p);
    return support_window_text(p->win);
}

/* The words of S, joined by single spaces, with the frame's │ taken out. */
static char *words_of(const char *s)
{
    gchar **lines = g_strsplit(s, "\n", -1);
    GString *all = g_string_new(NULL);
    for (gchar **l = lines; *l; l++) {
        gchar **words = g_strsplit_set(*l, " ", -1);
        for (gchar **w = words; *w; w++)
            if (**w && strcmp(*w, "│") != 0)
                g_string_append_printf(all, "%s ", *w);
        g_strfreev(words);
    }
    g_strfreev(lines);
    return g_string_free(all, FALSE);
}

Test(dialog, a_long_line_wraps_and_every_word_shows)
{
    const char *q = "ada@example.com was already created on quill-sandbox\n"
                    "(id 911a8ba9-806f-4e43-9f84-9961b3b3a62f, 2026-11-26T18:44:04.054412Z).\n"
                    "Create another customer with it?";
    dialog_ask(D, "Already created", q, DIALOG_THEN(NULL, NULL));
    char *s = drawn();
    char *words = words_of(s);
    cr_expect(strstr(words, "2026-11-26T18:44:04.054412Z). Create another customer with it?"),
              "the whole question shows:\n%s", s);
    cr_expect(strstr(s, "y = yes"), "the answer keys still show:\n%s", s);
    g_free(words), g_free(s);
}
