/* The terminal: set up for the console, and always given back as it was, on
 * quit, on a signal, and on a crash. */
#ifndef CUSTTY_UI_SCREEN_H
#define CUSTTY_UI_SCREEN_H

#include "ui/theme.h"

#include <stdbool.h>

/* Starts curses; false and *WHY (g_free) when the terminal cannot be used. */
bool screen_start(Theme *theme, char **why);
void screen_stop(void);
/* Gives the terminal back for a child (an $EDITOR), and takes it again. */
void screen_suspend(void);
void screen_resume(void);

#endif
