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
    size_t max;       /* the most TEXT may hold (0: no limit) */
    bool max_bytes;   /* MAX counts bytes, not characters */
} LineEdit;

typedef enum { LINE_EDIT_SAME, LINE_EDIT_CHANGED, LINE_EDIT_TOO_LONG } LineEditResult;

void line_edit_init(LineEdit *e, const char *text);
/* Frees the text, wiping it first (passwords live here too). */
void line_edit_done(LineEdit *e);
/* Replaces the text; one past the limit leaves it as it was (TOO_LONG). */
LineEditResult line_edit_set(LineEdit *e, const char *text);
/* Sets the most the text may hold: MAX characters, or bytes if IN_BYTES. */
void line_edit_limit(LineEdit *e, size_t max, bool in_bytes);
/* How long the text is in the limit's unit (characters or bytes). */
size_t line_edit_length(const LineEdit *e);

/* Inserts TEXT at the cursor. Invalid UTF-8 becomes U+FFFD; newlines and
 * other controls are dropped (a one-line field), tabs become spaces. What
 * would take the text past its limit is refused whole (TOO_LONG). */
LineEditResult line_edit_put(LineEdit *e, const char *text, size_t len);
/* A paste made fit for one line (g_free): line breaks at either end go, a
 * run of them inside becomes one space (*JOINED says whether any did). */
char *line_edit_one_line(const char *text, size_t len, bool *joined);
/* Removes the spaces around the text (with START_ONLY only those before
 * it); whether it changed. */
bool line_edit_trim(LineEdit *e, bool start_only);
/* line_edit_put, saying only whether anything changed. */
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
 * (*START), how many bytes (*LEN), and the cursor's column in that view.
 * Reads only about WIDTH characters around the cursor, however long the text. */
void line_edit_view(const LineEdit *e, int width, size_t *start, size_t *len, int *cursor_col);

#endif
