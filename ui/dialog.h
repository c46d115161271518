/* A modal box over the panes: a yes/no question, or a hidden one-line entry
 * (a token). While one is open it takes every key. */
#ifndef CUSTTY_UI_DIALOG_H
#define CUSTTY_UI_DIALOG_H

#include "ui/pane.h"

typedef enum { DIALOG_PENDING, DIALOG_YES, DIALOG_NO } DialogAnswer;

typedef struct Dialog Dialog;

/* What an answer does: called once the dialog has closed, with YES and the
 * text entered (secret and text dialogs; wiped right after the call) or NULL. */
typedef void (*DialogAnswered)(void *ctx, bool yes, const char *text);

/* The continuation a question carries: THEN(CTX, …) runs on the answer;
 * CTX_FREE (may be NULL) frees CTX after it, or when the dialog is dropped. */
typedef struct {
    DialogAnswered then;
    void *ctx;
    void (*ctx_free)(void *ctx);
} DialogThen;

#define DIALOG_THEN(fn, ctx) ((DialogThen){ (fn), (ctx), NULL })

Dialog *dialog_new(const Theme *theme);
Pane *dialog_base(Dialog *d);
/* A yes/no question; the answer goes to THEN. */
void dialog_ask(Dialog *d, const char *title, const char *text, DialogThen then);
/* A hidden one-line entry (a token). */
void dialog_ask_secret(Dialog *d, const char *title, const char *text, DialogThen then);
/* A one-line entry shown as typed, starting with INITIAL. */
void dialog_ask_text(Dialog *d, const char *title, const char *text, const char *initial, DialogThen then);
bool dialog_is_open(const Dialog *d);
/* Feeds a key; PENDING until the question is answered. */
DialogAnswer dialog_key(Dialog *d, const KeyEvent *k);
/* Closes it with ANSWER and runs its continuation (once), then wipes what
 * was typed. The continuation may open the next question. */
void dialog_answer(Dialog *d, DialogAnswer answer);
/* Centres it on a screen of LINES × COLS. */
void dialog_place(Dialog *d, int lines, int cols);
void dialog_place_cursor(Dialog *d);

#endif
