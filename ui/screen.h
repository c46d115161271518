/* The terminal: set up for the console, and always given back as it was, on
 * quit, on a signal, and on a crash. */
#ifndef CUSTTY_UI_SCREEN_H
#define CUSTTY_UI_SCREEN_H

#include "ui/theme.h"

#include <stdbool.h>
#include <stddef.h>

/* Starts curses; false and *WHY (g_free) when the terminal cannot be used. */
bool screen_start(Theme *theme, char **why);
void screen_stop(void);
/* Gives the terminal back for a child (an $EDITOR), and takes it again. */
void screen_suspend(void);
void screen_resume(void);
/* Puts TEXT on the clipboard of the terminal (OSC 52: works over SSH, and in
 * tmux with set-clipboard). Call after doupdate(). */
void screen_copy(const char *text, size_t len);

#endif
