#include "ui/keys.h"

#include <glib.h>
#include <stdio.h>
#include <string.h>

#define CTRL(c) ((c) & 0x1f)
#define KEY_PASTE_BEGIN (KEY_MAX + 1)
#define KEY_PASTE_END (KEY_MAX + 2)
#define ESC 27

/* Which pane contexts' bars show a host's key. */
#define BAR_FORM KEYS_BIT(CTX_FORM)
#define BAR_LIST KEYS_BIT(CTX_LIST)
#define BAR_VIEW KEYS_BIT(CTX_VIEW)
#define BAR_TREE KEYS_BIT(CTX_TREE)
#define BAR_TEXT KEYS_BIT(CTX_TEXT)
#define BAR_LOG KEYS_BIT(CTX_LOG)
#define BAR_CUSTOMERS KEYS_BIT(CTX_CUSTOMERS)
#define BAR_READING (BAR_VIEW | BAR_TREE | BAR_TEXT | BAR_LOG)

/* A row that is not in any key bar leaves its last three fields zero. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
static const KeyBinding BINDINGS[] = {
    { CTX_GLOBAL, KEY_F(1), true, ACT_HELP, "F1", "show this help", "Help", 1, BAR_FORM | BAR_LIST | BAR_CUSTOMERS },
    { CTX_GLOBAL, ESC, false, ACT_BACK, "Esc", "cancel the request in flight, or close what is open", "Back", 1,
      BAR_VIEW | BAR_TREE | BAR_LOG | BAR_CUSTOMERS },
    { CTX_GLOBAL, KEY_F(2), true, ACT_SUBMIT, "F2", "create the customer (checks every field first)", "Create", 2,
      BAR_FORM },
    { CTX_GLOBAL, CTRL('s'), false, ACT_SUBMIT, "Ctrl-S", "create the customer" },
    { CTX_GLOBAL, KEY_F(3), true, ACT_SUBMIT_UNCHECKED, "F3", "QA: send as typed, without local checks" },
    { CTX_GLOBAL, KEY_F(4), true, ACT_TOGGLE_DEBUG, "F4", "show or hide debug lines (headers, bodies) in the log",
      "Debug", 3, BAR_VIEW | BAR_TREE | BAR_LOG },
    { CTX_GLOBAL, KEY_F(6), true, ACT_NEXT_PANE, "F6", "next pane: the list, the form (or the record, or this help), "
      "the log", "Pane", 3, BAR_FORM | BAR_LIST | BAR_READING },
    { CTX_GLOBAL, KEY_F(18), true, ACT_PREV_PANE, "Shift-F6", "previous pane" },
    { CTX_GLOBAL, CTRL('n'), false, ACT_NEW_DRAFT, "Ctrl-N", "new draft: the form clears, what it held is put aside" },
    { CTX_GLOBAL, CTRL('z'), false, ACT_DRAFT_BACK, "Ctrl-Z", "bring back the draft Ctrl-N put aside (again: swap)" },
    { CTX_GLOBAL, KEY_F(7), true, ACT_SAVE_TOKEN, "F7", "enter a token for this profile (and save it in the keyring)" },
    { CTX_GLOBAL, KEY_F(8), true, ACT_CHECK_LATEST, "F8", "check the newest unknown outcome with the provider" },
    { CTX_GLOBAL, KEY_F(10), true, ACT_QUIT, "F10", "quit (asks while a request is in flight)", "Quit", 1,
      BAR_FORM | BAR_LIST | BAR_VIEW | BAR_TEXT | BAR_CUSTOMERS }, /* the record's bar is full of its own keys at 80 columns */
    { CTX_GLOBAL, CTRL('q'), false, ACT_QUIT, "Ctrl-Q", "quit" },
    { CTX_GLOBAL, CTRL('c'), false, ACT_QUIT, "Ctrl-C", "quit" },
    { CTX_GLOBAL, CTRL('p'), false, ACT_PALETTE, "Ctrl-P", "command palette: find any action, or a profile by name",
      "Commands", 2, BAR_FORM },
    { CTX_GLOBAL, ':', false, ACT_PALETTE, ":", NULL }, /* a text entry takes it first, as it should */
    { CTX_GLOBAL, CTRL('y'), false, ACT_COPY_CURL, "Ctrl-Y",
      "copy the request as a curl command (the form's, or the record's), the token as $CUSTTY_TOKEN", "Curl", 3,
      BAR_FORM | BAR_TREE | BAR_TEXT },

    /* Not Ctrl-E: that goes to the end of the field, in a JSON field too. */
    { CTX_JSON_FIELD, CTRL('o'), false, ACT_EDITOR, "Ctrl-O", "JSON field: edit in $VISUAL or $EDITOR" },
    { CTX_CHOICE_FIELD, KEY_RIGHT, true, ACT_CHOICE_NEXT, "Right", "choice field: next choice" },
    { CTX_CHOICE_FIELD, ' ', false, ACT_CHOICE_NEXT, "Space", "choice field: next choice" },
    { CTX_CHOICE_FIELD, KEY_LEFT, true, ACT_CHOICE_PREV, "Left", "choice field: previous choice" },
    { CTX_CHOICE_FIELD, KEY_BACKSPACE, true, ACT_KILL_START, "Backspace", "choice field: no choice" },
    { CTX_PASSWORD_FIELD, CTRL('r'), false, ACT_REVEAL, "Ctrl-R", "password field: show or hide it" },
    /* Space is free in a boolean field (nothing is typed there), as in a choice field. */
    { CTX_BOOL_FIELD, ' ', false, ACT_TOGGLE, "Space", "boolean field: switch between true and false", "Toggle",
      1 },
    { CTX_BOOL_FIELD, KEY_BACKSPACE, true, ACT_KILL_START, "Backspace", "boolean field: neither (not sent)" },
    { CTX_BOOL_FIELD, 127, false, ACT_KILL_START, "Backspace", NULL },
    /* A letter would be typed into the field: a control key, and not Ctrl-N (a new draft). */
    { CTX_DATE_FIELD, CTRL('t'), false, ACT_NOW, "Ctrl-T", "date field: today", "Today", 1 },
    { CTX_DATETIME_FIELD, CTRL('t'), false, ACT_NOW, "Ctrl-T", "date-time field: now (UTC)", "Now", 1 },
    { CTX_NULL_FIELD, CTRL('x'), false, ACT_NULL, "Ctrl-X",
      "nullable field: send null, again: the text back (typing replaces null)",
      "Null", 2 },

    { CTX_FORM, '\t', false, ACT_FIELD_NEXT, "Tab", "next field" },
    { CTX_FORM, KEY_DOWN, true, ACT_FIELD_NEXT, "Down", "next field" },
    { CTX_FORM, KEY_BTAB, true, ACT_FIELD_PREV, "Shift-Tab", "previous field" },
    { CTX_FORM, KEY_UP, true, ACT_FIELD_PREV, "Up", "previous field" },
    { CTX_FORM, KEY_LEFT, true, ACT_LEFT, "Left", "cursor left" },
    { CTX_FORM, KEY_RIGHT, true, ACT_RIGHT, "Right", "cursor right" },
    { CTX_FORM, KEY_HOME, true, ACT_HOME, "Home", "start of the field" },
    { CTX_FORM, CTRL('a'), false, ACT_HOME, "Ctrl-A", "start of the field" },
    { CTX_FORM, KEY_END, true, ACT_END, "End", "end of the field" },
    { CTX_FORM, CTRL('e'), false, ACT_END, "Ctrl-E", "end of the field" },
    { CTX_FORM, KEY_BACKSPACE, true, ACT_BACKSPACE, "Backspace", "delete before the cursor" },
    { CTX_FORM, 127, false, ACT_BACKSPACE, "Backspace", NULL },
    { CTX_FORM, CTRL('h'), false, ACT_BACKSPACE, "Ctrl-H", NULL },
    { CTX_FORM, KEY_DC, true, ACT_DELETE, "Delete", "delete under the cursor" },
    { CTX_FORM, CTRL('d'), false, ACT_DELETE, "Ctrl-D", NULL },
    { CTX_FORM, CTRL('k'), false, ACT_KILL_END, "Ctrl-K", "delete to the end" },
    { CTX_FORM, CTRL('u'), false, ACT_KILL_START, "Ctrl-U", "delete to the start" },
    { CTX_FORM, CTRL('w'), false, ACT_KILL_WORD, "Ctrl-W", "delete the word before the cursor" },
    /* Not a letter: it would be typed. Ctrl-F for "find", as browsers have it. */
    { CTX_FORM, CTRL('f'), false, ACT_LOOKUP_EMAIL, "Ctrl-F",
      "look the email typed up on the provider: its matches show in the log" },
    /* Not a letter either; B for batch. */
    { CTX_FORM, CTRL('b'), false, ACT_BATCH, "Ctrl-B",
      "batch: create many customers from a CSV or JSON Lines file, in the background (Esc stops it)" },
    { CTX_FORM, '\n', false, ACT_ACCEPT, "Enter", "take the suggestion, or go to the next field" },
    { CTX_FORM, '\r', false, ACT_ACCEPT, "Enter", NULL },
    { CTX_FORM, KEY_ENTER, true, ACT_ACCEPT, "Enter", NULL },

    { CTX_LIST, KEY_UP, true, ACT_UP, "Up", "previous entry" },
    { CTX_LIST, 'k', false, ACT_UP, "k", NULL },
    { CTX_LIST, KEY_DOWN, true, ACT_DOWN, "Down", "next entry" },
    { CTX_LIST, 'j', false, ACT_DOWN, "j", NULL },
    /* A batch puts thousands of entries under one profile: the others must stay in reach. */
    { CTX_LIST, KEY_PPAGE, true, ACT_PAGE_UP, "PgUp", "a screen up" },
    { CTX_LIST, KEY_NPAGE, true, ACT_PAGE_DOWN, "PgDn", "a screen down" },
    { CTX_LIST, KEY_HOME, true, ACT_TOP, "Home", "to the first profile" },
    { CTX_LIST, 'g', false, ACT_TOP, "g", NULL },
    { CTX_LIST, KEY_END, true, ACT_BOTTOM, "End", "to the last entry" },
    { CTX_LIST, 'G', false, ACT_BOTTOM, "G", NULL },
    { CTX_LIST, '\n', false, ACT_OPEN, "Enter", "open: a profile's form, a customer's record", "Open", 1 },
    { CTX_LIST, '\r', false, ACT_OPEN, "Enter", NULL },
    { CTX_LIST, KEY_ENTER, true, ACT_OPEN, "Enter", NULL },
    { CTX_LIST, 'c', false, ACT_CHECK, "c", "check an unknown outcome with the provider: created, or not", "Check", 2 },
    { CTX_LIST, 'r', false, ACT_RESEND, "r", "send an unknown one again (Prolifi: the same idempotency key)",
      "Resend", 2 },
    { CTX_LIST, 'd', false, ACT_DRAFT_LIKE, "d", "a new draft like this entry (create another like it)", "Draft", 3 },
    { CTX_LIST, 'u', false, ACT_DRAFT_BACK, "u", "bring back the draft Ctrl-N put aside", "Undo", 3 },
    { CTX_LIST, '/', false, ACT_FILTER, "/", "filter the history: by name, email, id, profile or outcome", "Filter",
      2 },
    /* p: the provider's customers (c, the obvious letter, checks an entry). */
    { CTX_LIST, 'p', false, ACT_CUSTOMERS, "p", "the provider's customers of the selected profile: browse, find, "
      "open, delete", "Customers", 2 },

    /* Its own moving keys, not CTX_VIEW's: End also loads the pages not read yet. */
    { CTX_CUSTOMERS, KEY_UP, true, ACT_UP, "Up", "previous customer" },
    { CTX_CUSTOMERS, 'k', false, ACT_UP, "k", NULL },
    { CTX_CUSTOMERS, KEY_DOWN, true, ACT_DOWN, "Down", "next customer (the next page loads as you near the end)" },
    { CTX_CUSTOMERS, 'j', false, ACT_DOWN, "j", NULL },
    { CTX_CUSTOMERS, KEY_PPAGE, true, ACT_PAGE_UP, "PgUp", "a screen up" },
    { CTX_CUSTOMERS, KEY_NPAGE, true, ACT_PAGE_DOWN, "PgDn", "a screen down" },
    { CTX_CUSTOMERS, KEY_HOME, true, ACT_TOP, "Home", "to the first customer" },
    { CTX_CUSTOMERS, 'g', false, ACT_TOP, "g", NULL },
    { CTX_CUSTOMERS, KEY_END, true, ACT_BOTTOM, "End", "to the last: loads the rest of the list, page by page",
      "All", 3 },
    { CTX_CUSTOMERS, 'G', false, ACT_BOTTOM, "G", NULL },
    { CTX_CUSTOMERS, '\n', false, ACT_OPEN, "Enter", "open the customer, fresh from the provider (on a page that "
      "failed: try it again)", "Open", 1 },
    { CTX_CUSTOMERS, '\r', false, ACT_OPEN, "Enter", NULL },
    { CTX_CUSTOMERS, KEY_ENTER, true, ACT_OPEN, "Enter", NULL },
    { CTX_CUSTOMERS, '/', false, ACT_SEARCH, "/", "search: on the provider where it filters, else in the pages "
      "loaded", "Search", 1 },
    { CTX_CUSTOMERS, 'x', false, ACT_REMOVE, "x", "delete (or archive) the customer on the provider, after asking",
      "Delete", 2 },
    { CTX_CUSTOMERS, KEY_DC, true, ACT_REMOVE, "Delete", NULL },
    { CTX_CUSTOMERS, 'R', false, ACT_REFRESH, "R", "refresh: the list again from its first page", "Refresh", 2 },
    { CTX_CUSTOMERS, 'r', false, ACT_RETRY, "r", "try the page that failed again", "Retry", 3 },

    { CTX_VIEW, KEY_UP, true, ACT_UP, "Up", "scroll up" },
    { CTX_VIEW, 'k', false, ACT_UP, "k", NULL },
    { CTX_VIEW, KEY_DOWN, true, ACT_DOWN, "Down", "scroll down" },
    { CTX_VIEW, 'j', false, ACT_DOWN, "j", NULL },
    { CTX_VIEW, KEY_PPAGE, true, ACT_PAGE_UP, "PgUp", "page up" },
    { CTX_VIEW, KEY_NPAGE, true, ACT_PAGE_DOWN, "PgDn", "page down" },
    { CTX_VIEW, ' ', false, ACT_PAGE_DOWN, "Space", NULL },
    { CTX_VIEW, KEY_HOME, true, ACT_TOP, "Home", "to the top" },
    { CTX_VIEW, 'g', false, ACT_TOP, "g", NULL },
    { CTX_VIEW, KEY_END, true, ACT_BOTTOM, "End", "to the end" },
    { CTX_VIEW, 'G', false, ACT_BOTTOM, "G", NULL },

    /* Looked up before CTX_VIEW's, whose moving keys the tree shares. Space is
     * not one of them: it pages, as in the log and the help, one meaning only. */
    { CTX_TREE, KEY_LEFT, true, ACT_FOLD, "Left", "fold the node" },
    { CTX_TREE, 'h', false, ACT_FOLD, "h", NULL },
    { CTX_TREE, KEY_RIGHT, true, ACT_UNFOLD, "Right", "unfold the node" },
    { CTX_TREE, 'l', false, ACT_UNFOLD, "l", NULL },
    { CTX_TREE, '\n', false, ACT_FOLD_FLIP, "Enter", "fold or unfold the node" },
    { CTX_TREE, '\r', false, ACT_FOLD_FLIP, "Enter", NULL },
    { CTX_TREE, KEY_ENTER, true, ACT_FOLD_FLIP, "Enter", NULL },
    /* Labels kept short: all nine, and Esc or q, fit a bar of 80 columns. */
    { CTX_TREE, '/', false, ACT_SEARCH, "/", "search keys and values", "Find", 1 },
    { CTX_TREE, 'n', false, ACT_FIND_NEXT, "n", "next match", "Next", 2 },
    { CTX_TREE, 'N', false, ACT_FIND_PREV, "N", "previous match", "Prev", 2 },
    { CTX_TREE, 'y', false, ACT_COPY, "y", "copy the value to the clipboard (OSC 52)", "Copy", 1 },
    { CTX_TREE, 'Y', false, ACT_COPY_ALL, "Y", "copy the whole document", "All", 3 },
    { CTX_TREE, 'v', false, ACT_SHOW_VALUE, "v", "show the value whole", "Value", 2 },
    { CTX_TREE, 's', false, ACT_SAVE, "s", "save the document to a file (private: only you can read it)", "Save", 2 },
    { CTX_TREE, 'r', false, ACT_RAW, "r", "show the raw exchange (a record's; a file has none)", "Raw", 2 },
    { CTX_TREE, '*', false, ACT_FOLD_ALL, "*", "fold everything, or unfold everything", "Fold", 3 },

    /* Looked up before CTX_VIEW's, whose Up and Down move the selected line here. */
    { CTX_LOG, '\n', false, ACT_SHOW_VALUE, "Enter", "show the line Up and Down selected whole; Enter or Esc returns",
      "Whole", 1 },
    { CTX_LOG, '\r', false, ACT_SHOW_VALUE, "Enter", NULL },
    { CTX_LOG, KEY_ENTER, true, ACT_SHOW_VALUE, "Enter", NULL },
    { CTX_LOG, ESC, false, ACT_BACK, "Esc", NULL },

    { CTX_TEXT, ESC, false, ACT_BACK, "Esc", "back to the tree", "Tree", 1 },
    { CTX_TEXT, 'r', false, ACT_BACK, "r", NULL },

    { CTX_VIEWER, 'q', false, ACT_QUIT, "q", "quit (Esc closes what is open first: a value, the help)", "Quit", 1,
      BAR_READING },
    { CTX_VIEWER, KEY_F(1), true, ACT_HELP, "F1", "show this help (Esc, q or F1 closes it)", "Help", 3, BAR_READING },
    { CTX_VIEWER, ESC, false, ACT_QUIT, "Esc", NULL },
    { CTX_VIEWER, KEY_F(10), true, ACT_QUIT, "F10", NULL },
    { CTX_VIEWER, CTRL('q'), false, ACT_QUIT, "Ctrl-Q", NULL },
    { CTX_VIEWER, CTRL('c'), false, ACT_QUIT, "Ctrl-C", NULL },

    { CTX_PALETTE, '\n', false, ACT_OPEN, "Enter", "run the action, or open the profile", "Run", 1 },
    { CTX_PALETTE, '\r', false, ACT_OPEN, "Enter", NULL },
    { CTX_PALETTE, KEY_ENTER, true, ACT_OPEN, "Enter", NULL },
    { CTX_PALETTE, KEY_UP, true, ACT_UP, "Up", "previous match" },
    { CTX_PALETTE, KEY_DOWN, true, ACT_DOWN, "Down", "next match" },
    { CTX_PALETTE, ESC, false, ACT_BACK, "Esc", "close the palette", "Close", 1 },
};
#pragma GCC diagnostic pop

/* F1's headings, one per pane (a field's keys under the form's), in the
 * order the help lists them. */
static const char *const CONTEXT_NAMES[CTX_COUNT] = {
    [CTX_GLOBAL] = "Everywhere",        [CTX_FORM] = "In the form",
    [CTX_JSON_FIELD] = "In the form, on a JSON field", [CTX_CHOICE_FIELD] = "In the form, on a choice field",
    [CTX_PASSWORD_FIELD] = "In the form, on a password field",
    [CTX_BOOL_FIELD] = "In the form, on a boolean field", [CTX_DATE_FIELD] = "In the form, on a date field",
    [CTX_DATETIME_FIELD] = "In the form, on a date-time field",
    [CTX_NULL_FIELD] = "In the form, on a nullable field", [CTX_LIST] = "In the list",
    [CTX_VIEW] = "Moving in the log, the record and the help",
    [CTX_TREE] = "In the record (a JSON tree)",
    [CTX_TEXT] = "In a value or the raw exchange opened from the record",
    [CTX_PALETTE] = "In the command palette (Ctrl-P): type to find",
    [CTX_VIEWER] = "In custty view",
    [CTX_LOG] = "In the log",
    [CTX_CUSTOMERS] = "In the provider's customers (p in the list)",
};
static const KeyContext CONSOLE_HELP[] = { CTX_GLOBAL, CTX_FORM, CTX_JSON_FIELD, CTX_CHOICE_FIELD,
                                           CTX_PASSWORD_FIELD, CTX_BOOL_FIELD, CTX_DATE_FIELD,
                                           CTX_DATETIME_FIELD, CTX_NULL_FIELD, CTX_LIST, CTX_CUSTOMERS, CTX_LOG,
                                           CTX_VIEW, CTX_TREE, CTX_TEXT, CTX_PALETTE };
static const KeyContext VIEWER_HELP[] = { CTX_VIEWER, CTX_TREE, CTX_TEXT, CTX_VIEW };
/* custty view's own words for the panes it shares with the console. */
static const char *viewer_heading(KeyContext ctx)
{
    return ctx == CTX_TREE ? "In the document (a JSON tree)"
           : ctx == CTX_TEXT ? "In a value opened from the tree"
           : ctx == CTX_VIEW ? "Moving" : CONTEXT_NAMES[ctx];
}

Action keys_action(KeyContext ctx, const KeyEvent *k)
{
    for (size_t i = 0; i < G_N_ELEMENTS(BINDINGS); i++) {
        const KeyBinding *b = &BINDINGS[i];
        if (b->ctx == ctx && b->code == k->code && b->is_key == k->is_key)
            return b->action;
    }
    return ACT_NONE;
}

/* Whether an earlier row of B's context does B's action with a line of its own. */
static bool listed_before(const KeyBinding *b)
{
    for (const KeyBinding *o = BINDINGS; o < b; o++)
        if (o->ctx == b->ctx && o->action == b->action && o->help)
            return true;
    return false;
}

char *keys_binding_names(const KeyBinding *b)
{
    GPtrArray *names = g_ptr_array_new();
    for (size_t i = 0; i < G_N_ELEMENTS(BINDINGS); i++) {
        const KeyBinding *o = &BINDINGS[i];
        bool seen = FALSE;
        for (guint k = 0; k < names->len; k++)
            seen = seen || strcmp(names->pdata[k], o->name) == 0;
        if (o->ctx == b->ctx && o->action == b->action && !seen)
            g_ptr_array_add(names, (gpointer)o->name);
    }
    g_ptr_array_add(names, NULL);
    char *joined = g_strjoinv(", ", (char **)names->pdata);
    g_ptr_array_free(names, TRUE);
    return joined;
}

static void help_section(GString *s, KeyContext ctx, const char *heading)
{
    g_string_append_printf(s, "%s%s\n", s->len ? "\n" : "", heading);
    for (size_t i = 0; i < G_N_ELEMENTS(BINDINGS); i++) {
        const KeyBinding *b = &BINDINGS[i];
        if (b->ctx != ctx || !b->help || listed_before(b))
            continue;
        char *names = keys_binding_names(b);
        g_string_append_printf(s, "  %-12s  %s\n", names, b->help);
        g_free(names);
    }
}

size_t keys_commands(KeyContext ctx, const KeyBinding **out, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < G_N_ELEMENTS(BINDINGS) && n < max; i++)
        if (BINDINGS[i].ctx == ctx && BINDINGS[i].help && !listed_before(&BINDINGS[i]))
            out[n++] = &BINDINGS[i];
    return n;
}

char *keys_help_text(KeyContext host)
{
    GString *s = g_string_new(NULL);
    bool viewer = host == CTX_VIEWER;
    const KeyContext *order = viewer ? VIEWER_HELP : CONSOLE_HELP;
    size_t n = viewer ? G_N_ELEMENTS(VIEWER_HELP) : G_N_ELEMENTS(CONSOLE_HELP);
    for (size_t i = 0; i < n; i++)
        help_section(s, order[i], viewer ? viewer_heading(order[i]) : CONTEXT_NAMES[order[i]]);
    return g_string_free(s, FALSE);
}

const KeyBinding *keys_table(size_t *n)
{
    *n = G_N_ELEMENTS(BINDINGS);
    return BINDINGS;
}

bool keys_is_field_context(KeyContext ctx)
{
    return ctx == CTX_JSON_FIELD || ctx == CTX_CHOICE_FIELD || ctx == CTX_PASSWORD_FIELD ||
           ctx == CTX_BOOL_FIELD || ctx == CTX_DATE_FIELD || ctx == CTX_DATETIME_FIELD || ctx == CTX_NULL_FIELD;
}

char *keys_field_hint(KeyContext ctx)
{
    GString *s = g_string_new(NULL);
    for (size_t i = 0; i < G_N_ELEMENTS(BINDINGS); i++) {
        const KeyBinding *b = &BINDINGS[i];
        if (b->ctx != ctx || !b->label) /* the field's own keys: those its bar shows */
            continue;
        const char *what = strstr(b->help, ": ");
        g_string_append_printf(s, "%s%s: %s", s->len ? " · " : "", b->name, what ? what + 2 : b->help);
    }
    return g_string_free(s, FALSE);
}

/* A field's bar is the form's: the host's keys for the form show there too. */
static bool in_bar(const KeyBinding *b, KeyContext pane, KeyContext host)
{
    KeyContext bar = keys_is_field_context(pane) ? CTX_FORM : pane;
    return b->label && (b->ctx == pane || (b->ctx == host && (b->panes & KEYS_BIT(bar))));
}

/* "KEY LABEL" and the two spaces before the next. */
static int item_width(const KeyBinding *b)
{
    return (int)(strlen(b->name) + 1 + strlen(b->label)) + 2;
}

size_t keys_bar(KeyContext pane, KeyContext host, int width, KeyBarItem *items, size_t max)
{
    const KeyBinding *shown[32];
    size_t n = 0;
    int used = 0;
    for (int own = 1; own >= 0; own--) /* the pane's own keys first, then its host's */
        for (size_t i = 0; i < G_N_ELEMENTS(BINDINGS) && n < MIN(max, G_N_ELEMENTS(shown)); i++)
            if (in_bar(&BINDINGS[i], pane, host) && (BINDINGS[i].ctx == pane) == own)
                shown[n++] = &BINDINGS[i], used += item_width(&BINDINGS[i]);
    for (int drop = 3; drop >= 1 && used - 2 > width; drop--) /* the least important go first */
        for (size_t i = n; i-- > 0 && used - 2 > width;)
            if (shown[i]->priority == drop) {
                used -= item_width(shown[i]);
                memmove(&shown[i], &shown[i + 1], (n - i - 1) * sizeof shown[0]);
                n--;
            }
    for (size_t i = 0; i < n; i++)
        items[i] = (KeyBarItem){ shown[i]->name, shown[i]->label };
    return n;
}

/* ---- reading -------------------------------------------------------------------- */

void keys_init(void)
{
    define_key("\033[200~", KEY_PASTE_BEGIN);
    define_key("\033[201~", KEY_PASTE_END);
    /* Home and End as other terminals send them, for a TERM that does not
     * quite match the terminal in use (common over SSH and in multiplexers). */
    static const struct { const char *seq; int key; } extra[] = {
        { "\033[1~", KEY_HOME }, { "\033[7~", KEY_HOME }, { "\033[H", KEY_HOME }, { "\033OH", KEY_HOME },
        { "\033[4~", KEY_END },  { "\033[8~", KEY_END },  { "\033[F", KEY_END },  { "\033OF", KEY_END },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(extra); i++)
        if (key_defined(extra[i].seq) <= 0)
            define_key(extra[i].seq, extra[i].key);
    mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
    mouseinterval(0);
    printf("\033[?2004h"); /* bracketed paste: a paste arrives as one edit */
    fflush(stdout);
}

void keys_done(void)
{
    printf("\033[?2004l");
    fflush(stdout);
}

/* Everything up to the end-of-paste mark, waiting briefly for the rest. */
static char *read_paste(WINDOW *w)
{
    GString *text = g_string_new(NULL);
    wint_t ch;
    wtimeout(w, 500);
    for (;;) {
        int r = wget_wch(w, &ch);
        if (r == ERR || (r == KEY_CODE_YES && ch == KEY_PASTE_END))
            break;
        if (r == OK)
            g_string_append_unichar(text, (gunichar)ch);
    }
    wtimeout(w, 0);
    return g_string_free(text, FALSE);
}

bool keys_read(WINDOW *w, KeyEvent *out)
{
    wint_t ch;
    memset(out, 0, sizeof *out);
    int r = wget_wch(w, &ch);
    if (r == ERR)
        return false;
    out->code = (int)ch;
    out->is_key = r == KEY_CODE_YES;
    if (out->is_key && out->code == KEY_PASTE_BEGIN) {
        out->is_key = false;
        out->code = 0;
        out->paste = read_paste(w);
    } else if (out->is_key && out->code == KEY_MOUSE) {
        MEVENT ev;
        if (getmouse(&ev) == OK)
            out->mouse_y = ev.y, out->mouse_x = ev.x, out->mouse_buttons = ev.bstate;
    }
    return true;
}

void key_event_done(KeyEvent *k)
{
    g_free(k->paste);
    k->paste = NULL;
}

EntryKey keys_edit_entry(LineEdit *e, const KeyEvent *k)
{
    if (k->paste) {
        line_edit_insert(e, k->paste, strlen(k->paste));
        return ENTRY_EDITED;
    }
    if ((!k->is_key && (k->code == '\n' || k->code == '\r')) || (k->is_key && k->code == KEY_ENTER))
        return ENTRY_ENTER;
    if (!k->is_key && k->code == ESC)
        return ENTRY_ESCAPE;
    if ((k->is_key && k->code == KEY_BACKSPACE) || (!k->is_key && (k->code == 127 || k->code == CTRL('h'))))
        line_edit_backspace(e);
    else if (!k->is_key && k->code == CTRL('u'))
        line_edit_kill_to_start(e);
    else if (!k->is_key && k->code >= 0x20) {
        char buf[8];
        line_edit_insert(e, buf, (size_t)g_unichar_to_utf8((gunichar)k->code, buf));
    } else {
        return ENTRY_IGNORED;
    }
    return ENTRY_EDITED;
}
