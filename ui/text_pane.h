/* A scrollable, titled page of text: the help. Everything shown is made
 * terminal-safe first. (Documents go to the viewer, ui/view_pane.h.) */
#ifndef CUSTTY_UI_TEXT_PANE_H
#define CUSTTY_UI_TEXT_PANE_H

#include "ui/pane.h"


typedef struct TextPane TextPane;

TextPane *text_pane_new(const Theme *theme);
Pane *text_pane_base(TextPane *t);
/* Shows TEXT (any bytes) as lines. */
void text_pane_show_text(TextPane *t, const char *title, const char *right, const char *text, size_t len);

#endif
