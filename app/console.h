/* The console: list, form, log and record panes on ncursesw, one event loop. */
#ifndef CUSTTY_APP_CONSOLE_H
#define CUSTTY_APP_CONSOLE_H

#include <stdio.h>

int cmd_console(int argc, char **argv);
void cmd_console_help(FILE *out);

#endif
