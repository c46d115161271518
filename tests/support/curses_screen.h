/* A curses screen on /dev/null, for tests that draw panes and read the
 * windows back as a person would see them. */
#ifndef CUSTTY_TESTS_CURSES_SCREEN_H
#define CUSTTY_TESTS_CURSES_SCREEN_H

#include <curses.h>
#include <stdio.h>

typedef struct {
    SCREEN *screen;
    FILE *out, *in;
} SupportScreen;

/* A UTF-8 xterm of LINES x COLS, or the test fails. */
void support_screen_start(SupportScreen *s, int lines, int cols);
void support_screen_stop(SupportScreen *s);

/* What window WIN shows, as UTF-8 lines of its width (g_free). */
char *support_window_text(WINDOW *win);

#endif
