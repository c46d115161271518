/* Baseline for the first-frame benchmark: a bare ncurses program that draws
 * one boxed 100×30 screen and exits. */
#include <curses.h>
#include <locale.h>

int main(void)
{
    setlocale(LC_ALL, "");
    initscr();
    box(stdscr, 0, 0);
    mvaddstr(1, 2, "minimal ncurses baseline");
    for (int y = 3; y < LINES - 2; y++)
        mvaddstr(y, 2, "The quick brown fox jumps over the lazy dog.");
    refresh();
    endwin();
    return 0;
}
