/* A scrollable, titled page of text: the record (a JSON tree, every field) and
 * the help. Everything shown is made terminal-safe first. */
#ifndef CUSTTY_UI_TEXT_PANE_H
#define CUSTTY_UI_TEXT_PANE_H

#include "ui/pane.h"

#include <cjson/cJSON.h>

typedef struct TextPane TextPane;

TextPane *text_pane_new(const Theme *theme);
Pane *text_pane_base(TextPane *t);
/* Shows DOC as an indented tree of every field, under TITLE. */
void text_pane_show_json(TextPane *t, const char *title, const char *right, const cJSON *doc);
/* Shows TEXT (any bytes) as lines. */
void text_pane_show_text(TextPane *t, const char *title, const char *right, const char *text, size_t len);
bool text_pane_empty(const TextPane *t);

#endif
