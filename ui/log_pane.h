/* The log: one line per event, newest at the bottom, scrollable; debug lines
 * (headers, bodies) hidden until asked for. Text is made terminal-safe here. */
#ifndef CUSTTY_UI_LOG_PANE_H
#define CUSTTY_UI_LOG_PANE_H

#include "ui/pane.h"

typedef enum { LOG_INFO, LOG_WARN, LOG_ERROR, LOG_DEBUG } LogLevel;

typedef struct LogPane LogPane;

LogPane *log_pane_new(const Theme *theme);
Pane *log_pane_base(LogPane *l);
/* Adds TEXT (several lines if it holds newlines) stamped with the time. */
void log_pane_add(LogPane *l, LogLevel level, const char *text);
void log_pane_toggle_debug(LogPane *l);

#endif
