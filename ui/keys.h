/* Every key binding lives in one table (keys.c): panes and both loops (the
 * console's, custty view's) act on Actions, never on raw keys, and F1's help
 * and each pane's key bar are generated from the same table. */
#ifndef CUSTTY_UI_KEYS_H
#define CUSTTY_UI_KEYS_H

#include "ui/line_edit.h"

#include <curses.h>
#include <stdbool.h>

typedef enum {
    ACT_NONE,        /* not for this pane: try the next handler */
    ACT_HANDLED,     /* done; nothing more to do */
    /* app-wide */
    ACT_HELP, ACT_SUBMIT, ACT_SUBMIT_UNCHECKED, ACT_TOGGLE_DEBUG, ACT_NEXT_PANE, ACT_PREV_PANE,
    ACT_NEW_DRAFT, ACT_BACK, ACT_QUIT, ACT_SAVE_TOKEN, ACT_CHECK_LATEST,
    ACT_DRAFT_BACK,
    /* moving */
    ACT_UP, ACT_DOWN, ACT_PAGE_UP, ACT_PAGE_DOWN, ACT_TOP, ACT_BOTTOM, ACT_OPEN,
    /* the form */
    ACT_FIELD_NEXT, ACT_FIELD_PREV, ACT_LEFT, ACT_RIGHT, ACT_HOME, ACT_END, ACT_BACKSPACE,
    ACT_DELETE, ACT_KILL_END, ACT_KILL_START, ACT_KILL_WORD, ACT_ACCEPT, ACT_EDITOR, ACT_REVEAL,
    ACT_CHOICE_NEXT, ACT_CHOICE_PREV, ACT_TOGGLE, ACT_NOW, ACT_NULL,
    /* the list's entries */
    ACT_CHECK, ACT_RESEND, ACT_DRAFT_LIKE, ACT_FILTER,
    /* a JSON tree, and a text opened from it */
    ACT_FOLD, ACT_UNFOLD, ACT_FOLD_FLIP, ACT_FOLD_ALL, ACT_SEARCH, ACT_FIND_NEXT, ACT_FIND_PREV,
    ACT_COPY, ACT_COPY_ALL, ACT_SAVE, ACT_RAW, ACT_SHOW_VALUE,
    /* copying the request as a curl command; the command palette */
    ACT_COPY_CURL, ACT_PALETTE,
    /* the provider's customers: open the view, and in it; the form's lookup */
    ACT_CUSTOMERS, ACT_REFRESH, ACT_REMOVE, ACT_RETRY, ACT_LOOKUP_EMAIL, ACT_BATCH,
} Action;

/* Where a key is pressed. A pane's keys are looked up in its own context,
 * then in its host's: CTX_GLOBAL in the console, CTX_VIEWER in custty view. */
typedef enum {
    CTX_GLOBAL, CTX_FORM, CTX_JSON_FIELD, CTX_CHOICE_FIELD, CTX_PASSWORD_FIELD,
    CTX_BOOL_FIELD, CTX_DATE_FIELD, CTX_DATETIME_FIELD, CTX_NULL_FIELD, CTX_LIST, CTX_VIEW,
    CTX_TREE, CTX_TEXT, CTX_VIEWER, CTX_LOG,
    CTX_PALETTE, CTX_CUSTOMERS,
    CTX_COUNT,
} KeyContext;

/* One row of the table. */
typedef struct {
    KeyContext ctx;
    int code;
    bool is_key;
    Action action;
    const char *name;   /* as the help and the key bar show it */
    const char *help;   /* its line in F1, or NULL for a second key of the same action */
    const char *label;  /* its word in the key bar, or NULL when the bar leaves it out */
    int priority;       /* 1 stays longest when the bar is short of room, 3 goes first */
    unsigned panes;     /* for a host's key (CTX_GLOBAL, CTX_VIEWER): KEYS_BIT of each pane context
                         * whose bar shows it; a pane's own key is in its bar when it has a label */
} KeyBinding;

#define KEYS_BIT(ctx) (1u << (ctx))

/* One item of a key bar. */
typedef struct {
    const char *key, *label;
} KeyBarItem;

/* One key press, a bracketed paste, or a mouse event. */
typedef struct {
    int code;          /* a character, or a KEY_* code when is_key */
    bool is_key;
    char *paste;       /* UTF-8 text of a bracketed paste (owned), else NULL */
    int mouse_y, mouse_x;
    mmask_t mouse_buttons;
} KeyEvent;

/* Sets up bracketed paste and mouse reporting. Call after initscr(). */
void keys_init(void);
/* Turns them off again (before endwin or suspending). */
void keys_done(void);
/* Reads the next event without waiting; false when none is pending. */
bool keys_read(WINDOW *w, KeyEvent *out);
void key_event_done(KeyEvent *k);

/* The action of K in CTX, or ACT_NONE. */
Action keys_action(KeyContext ctx, const KeyEvent *k);
/* The help text, generated from the table, by pane: one line per action with
 * every key that does it (g_free). HOST is CTX_GLOBAL for the console's
 * help, CTX_VIEWER for custty view's (its own keys only). */
char *keys_help_text(KeyContext host);
/* The rows of CTX that F1 lists, one per action (what the command palette
 * offers): fills at most MAX of OUT, returns how many. */
size_t keys_commands(KeyContext ctx, const KeyBinding **out, size_t max);
/* Every key doing B's action in B's context, "F10, Ctrl-Q, Ctrl-C" (g_free). */
char *keys_binding_names(const KeyBinding *b);
/* The whole table, N rows (for tests that check what is shown against it). */
const KeyBinding *keys_table(size_t *n);
/* Whether CTX is one of the form's field contexts (a field's keys, looked up
 * before the form's): its bar is the form's, with the field's keys first. */
bool keys_is_field_context(KeyContext ctx);
/* The keys of field context CTX as the form's help line says them:
 * "Ctrl-T: today's date, or now" (g_free; "" when it has none). */
char *keys_field_hint(KeyContext ctx);
/* The key bar of a pane in context PANE under HOST, as it fits in WIDTH columns
 * ("KEY LABEL" items two spaces apart): the pane's own keys, then the host's,
 * the least important left out first when there is no room. Fills at most MAX
 * ITEMS and returns how many. */
size_t keys_bar(KeyContext pane, KeyContext host, int width, KeyBarItem *items, size_t max);

/* What a key did to a one-line entry (a dialog, a search, a filter). */
typedef enum { ENTRY_EDITED, ENTRY_ENTER, ENTRY_ESCAPE, ENTRY_IGNORED } EntryKey;

/* The keys every one-line entry shares: typing, a paste, Backspace, Ctrl-U,
 * Enter and Esc. */
EntryKey keys_edit_entry(LineEdit *e, const KeyEvent *k);

#endif
