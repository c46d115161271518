#include "tests/support/curses_screen.h"

#include <criterion/criterion.h>
#include <glib.h>
#include <locale.h>
#include <wchar.h>

void support_screen_start(SupportScreen *s, int lines, int cols)
{
    setlocale(LC_ALL, "C.UTF-8");
    s->out = fopen("/dev/null", "w"), s->in = fopen("/dev/null", "r");
    s->screen = newterm("xterm-256color", s->out, s->in);
    cr_assert_not_null(s->screen, "a curses screen on /dev/null");
    resizeterm(lines, cols);
}

void support_screen_stop(SupportScreen *s)
{
    endwin();
    delscreen(s->screen);
    fclose(s->out), fclose(s->in);
}

char *support_window_text(WINDOW *win)
{
    GString *s = g_string_new(NULL);
    for (int y = 0; y < getmaxy(win); y++) {
        wchar_t row[512] = { 0 };
        mvwinnwstr(win, y, 0, row, MIN(getmaxx(win), 511));
        char *line = g_ucs4_to_utf8((const gunichar *)row, -1, NULL, NULL, NULL);
        g_string_append_printf(s, "%s\n", line ? line : "");
        g_free(line);
    }
    return g_string_free(s, FALSE);
}
