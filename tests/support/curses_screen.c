#include "tests/support/curses_screen.h"

#include <criterion/criterion.h>
#include <locale.h>

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
