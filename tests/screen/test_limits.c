/* Values longer than a field holds never reach the form: a draft holding one
 * is refused with a message, and the console still draws its first frame. */
#include "tests/support/tmux.h"

#include <criterion/criterion.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

static Tmux T;
static void stop(void) { tmux_stop(&T); }

#define SEE(needle) TMUX_SEE(&T, needle)

Test(limits, a_draft_with_a_1_MB_name_is_refused_and_the_form_draws, .fini = stop)
{
    tmux_start(&T, 100, 30, NULL, NULL);
    SEE("New customer");
    char *dir = g_build_filename(T.home, "state", "custty", "drafts", NULL);
    char *file = g_build_filename(dir, "billing-sandbox.json", NULL), *name = g_strnfill(1 << 20, 'x');
    char *draft = g_strdup_printf("{\"values\":{\"name\":\"%s\",\"email\":\"ann@example.com\"},"
                                  "\"profile\":\"billing-sandbox\",\"provider\":\"billing-v1\","
                                  "\"saved_at\":\"2026-11-26T10:00:00Z\"}", name);
    g_mkdir_with_parents(dir, 0700);
    cr_assert(g_file_set_contents(file, draft, -1, NULL));
    tmux_relaunch(&T, 100, 30, NULL, NULL);
    SEE("draft not restored: its Name is longer than the 200 characters");
    SEE("New customer");
    char *s = tmux_screen(&T);
    cr_expect_null(strstr(s, "xxxxxxxxxx"), "no part of the value is shown:\n%s", s);
    cr_expect_null(strstr(s, "ann@example.com"), "the draft is refused whole:\n%s", s);
    g_free(s), g_free(draft), g_free(name), g_free(file), g_free(dir);
}
