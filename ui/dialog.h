/* A modal box over the panes: a yes/no question, or a hidden one-line entry
 * (a token). While one is open it takes every key. */
#ifndef CUSTTY_UI_DIALOG_H
#define CUSTTY_UI_DIALOG_H

#include "ui/pane.h"

typedef enum { DIALOG_PENDING, DIALOG_YES, DIALOG_NO } DialogAnswer;

typedef struct Dialog Dialog;

Dialog *dialog_new(const Theme *theme);
Pane *dialog_base(Dialog *d);
/* TAG says what the answer is for, so the app knows what to do with it. */
void dialog_ask(Dialog *d, int tag, const char *title, const char *text);
void dialog_ask_secret(Dialog *d, int tag, const char *title, const char *text);
/* A one-line entry shown as typed, starting with INITIAL. */
void dialog_ask_text(Dialog *d, int tag, const char *title, const char *text, const char *initial);
bool dialog_is_open(const Dialog *d);
int dialog_tag(const Dialog *d);
DialogAnswer dialog_key(Dialog *d, const KeyEvent *k);
/* The entered text of a secret dialog (valid until dialog_close). */
const char *dialog_text(const Dialog *d);
/* Closes it, wiping what was typed. */
void dialog_close(Dialog *d);
/* Centres it on a screen of LINES × COLS. */
void dialog_place(Dialog *d, int lines, int cols);
void dialog_place_cursor(Dialog *d);

#endif
