/* A one-line editor that is right for UTF-8 and double-width characters: the
 * cursor moves by character, and the view is measured in terminal columns.
 * No curses here, so it is tested without a terminal. */
#ifndef CUSTTY_UI_LINE_EDIT_H
#define CUSTTY_UI_LINE_EDIT_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct {
    GString *text;    /* valid UTF-8 */
    size_t cursor;    /* byte offset, always on a character boundary */
} LineEdit;

void line_edit_init(LineEdit *e, const char *text);
/* Frees the text, wiping it first (passwords live here too). */
void line_edit_done(LineEdit *e);
void line_edit_set(LineEdit *e, const char *text);

/* Inserts TEXT at the cursor. Invalid UTF-8 becomes U+FFFD; newlines and
 * other controls are dropped (a one-line field), tabs become spaces.
 * Returns whether anything changed. */
bool line_edit_insert(LineEdit *e, const char *text, size_t len);
void line_edit_left(LineEdit *e);
void line_edit_right(LineEdit *e);
void line_edit_home(LineEdit *e);
void line_edit_end(LineEdit *e);
bool line_edit_backspace(LineEdit *e);
bool line_edit_delete(LineEdit *e);
bool line_edit_kill_to_end(LineEdit *e);    /* Ctrl-K */
bool line_edit_kill_to_start(LineEdit *e);  /* Ctrl-U */
bool line_edit_kill_word(LineEdit *e);      /* Ctrl-W: the word before the cursor */

/* Terminal columns S takes (LEN bytes). */
int text_columns(const char *s, size_t len);

/* What fits in WIDTH columns with the cursor visible: the first byte shown
 * (*START), how many bytes (*LEN), and the cursor's column in that view. */
void line_edit_view(const LineEdit *e, int width, size_t *start, size_t *len, int *cursor_col);

#endif
