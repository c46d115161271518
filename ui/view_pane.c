#include "ui/view_pane.h"

#include "model/json_view.h"
#include "model/jsonpath.h"
#include "model/safe_text.h"
#include "ui/line_edit.h"

#include <glib.h>
#include <string.h>

#define FOLD_OVER 5000
#define MAX_WRAP 64

typedef enum { MODE_TREE, MODE_TEXT } Mode;

struct ViewPane {
    Pane pane;
    char *title, *name, *raw, *note;
    JsonView *view;            /* NULL when the body is not JSON */
    GPtrArray *text;           /* lines shown in MODE_TEXT (safe) */
    char *text_title;
    Mode mode;
    int32_t top, selected;     /* rows (node indices) in MODE_TREE */
    int text_top;
    bool searching;
    LineEdit query;
    char *needle;              /* the last search */
    ViewRequest request;
    char *request_text;
    bool copy_escaped;         /* the copy differs from the raw value */
};

static ViewPane *of(Pane *p) { return (ViewPane *)p; }

/* ---- text mode ------------------------------------------------------------- */

static void set_text(ViewPane *v, const char *title, const char *text, size_t len)
{
    g_ptr_array_set_size(v->text, 0);
    const char *p = text, *end = text + len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
        g_ptr_array_add(v->text, safe_text(p, n));
        p += n + (nl ? 1 : 0);
    }
    g_free(v->text_title);
    v->text_title = g_strdup(title);
    v->text_top = 0;
    v->mode = MODE_TEXT;
}

static void draw_text(ViewPane *v)
{
    Pane *p = &v->pane;
    char *pos = g_strdup_printf("%d/%u", MIN(v->text_top + p->h - 2, (int)v->text->len), v->text->len);
    pane_title(p, v->text_title ? v->text_title : "", pos);
    for (int r = 0; r < p->h - 1 && v->text_top + r < (int)v->text->len; r++)
        pane_put(p->win, 1 + r, 1, v->text->pdata[v->text_top + r], p->w - 1, 0);
    g_free(pos);
}

/* ---- tree mode -------------------------------------------------------------- */

static Tone tone_of(JvKind k)
{
    return k == JV_STRING ? TONE_GOOD : k == JV_NUMBER ? TONE_ACCENT : k == JV_BOOL ? TONE_WARN
           : k == JV_NULL ? TONE_DIM : TONE_NORMAL;
}

/* Highlights the search needle inside TEXT drawn at (Y, X). */
static void mark_matches(ViewPane *v, int y, int x, const char *text)
{
    if (!v->needle || !*v->needle)
        return;
    char *lower = g_utf8_strdown(text, -1), *needle = g_utf8_strdown(v->needle, -1);
    for (const char *at = strstr(lower, needle); at; at = strstr(at + 1, needle)) {
        int col = text_columns(lower, (size_t)(at - lower)), cols = text_columns(at, strlen(needle));
        mvwchgat(v->pane.win, y, x + col, cols, A_REVERSE | A_BOLD, 0, NULL);
    }
    g_free(lower), g_free(needle);
}

static int draw_line(ViewPane *v, int y, const JvLine *l, bool selected)
{
    Pane *p = &v->pane;
    const Theme *t = p->theme;
    int attr = selected && p->focused ? theme_attr(t, TONE_SELECTED) : 0;
    if (attr)
        mvwchgat(p->win, y, 0, p->w, (attr_t)attr, 0, NULL);
    int x = l->indent;
    if (l->key) {
        const char *marker = !l->container || l->empty ? " " : l->folded ? (t->utf8 ? "▸" : "+") : (t->utf8 ? "▾" : "-");
        pane_put(p->win, y, MAX(0, x - 2), marker, 1, theme_attr(t, TONE_ACCENT) | attr);
        pane_put(p->win, y, x, l->key, p->w - x, A_BOLD | attr);
        mark_matches(v, y, x, l->key);
        x += l->key_width;
        pane_put(p->win, y, x, ":", 1, attr);
        x += 2;
    }
    if (x < p->w) {
        pane_put(p->win, y, x, l->value, p->w - x, theme_attr(t, l->container ? TONE_DIM : tone_of(l->kind)) | attr);
        mark_matches(v, y, x, l->value);
    }
    return 1;
}

/* Draws from the top row; returns the last row that fit entirely. */
static int32_t draw_rows(ViewPane *v)
{
    Pane *p = &v->pane;
    int y = 1, bottom = p->h - (v->searching ? 1 : 0);
    int32_t last = v->top;
    JvLine lines[MAX_WRAP];
    for (int32_t i = v->top; i >= 0 && y < bottom; i = json_view_next(v->view, i)) {
        int n = json_view_lines(v->view, i, p->w - 1, lines, MAX_WRAP);
        for (int k = 0; k < n; k++) {
            if (y < bottom)
                draw_line(v, y++, &lines[k], i == v->selected);
            jv_line_done(&lines[k]);
        }
        if (y <= bottom)
            last = i;
    }
    return last;
}

static void draw_tree(ViewPane *v)
{
    Pane *p = &v->pane;
    char *right = g_strdup_printf("%s%d nodes", v->needle ? "n/N next match  " : "", json_view_count(v->view) - 1);
    pane_title(p, v->title ? v->title : "", right);
    g_free(right);
    draw_rows(v);
    if (v->searching) {
        char *prompt = g_strdup_printf("/%s", v->query.text->str);
        pane_put(p->win, p->h - 1, 0, prompt, p->w, A_BOLD);
        g_free(prompt);
    }
}

static void view_draw(Pane *p)
{
    ViewPane *v = of(p);
    if (v->mode == MODE_TEXT)
        draw_text(v);
    else if (v->view)
        draw_tree(v);
}

/* ---- moving ------------------------------------------------------------------ */

/* How many screen lines row I takes. */
static int row_height(ViewPane *v, int32_t i)
{
    JvLine lines[MAX_WRAP];
    int n = json_view_lines(v->view, i, v->pane.w - 1, lines, MAX_WRAP);
    for (int k = 0; k < n; k++)
        jv_line_done(&lines[k]);
    return n;
}

/* The row that shows node I: itself, or its outermost folded ancestor. */
static int32_t shown_row(const ViewPane *v, int32_t i)
{
    int32_t at = i;
    for (int32_t a = json_view_parent(v->view, i); a > 0; a = json_view_parent(v->view, a))
        if (json_view_folded(v->view, a))
            at = a;
    return at;
}

/* Moves the top so that the selection is on screen. Pre-order index order is
 * display order, so this costs a screen's worth of rows, whatever the size. */
static void keep_selection_visible(ViewPane *v)
{
    int rows = v->pane.h - 1 - (v->searching ? 1 : 0), used = 0;
    v->top = shown_row(v, v->top);
    if (v->selected <= v->top) {
        v->top = v->selected;
        return;
    }
    for (int32_t i = v->top; i >= 0 && (used += row_height(v, i)) <= rows; i = json_view_next(v->view, i))
        if (i == v->selected)
            return;
    used = 0;
    int32_t top = v->selected;
    for (int32_t i = v->selected; i >= 0 && (used += row_height(v, i)) <= rows; i = json_view_prev(v->view, i))
        top = i;
    v->top = top;
}

static void select_row(ViewPane *v, int32_t i)
{
    if (i < 0)
        return;
    v->selected = i;
    keep_selection_visible(v);
    g_free(v->note);
    v->note = NULL;
    v->pane.dirty = true;
}

static void step(ViewPane *v, int n)
{
    int32_t i = v->selected;
    for (int k = 0; k < (n < 0 ? -n : n); k++) {
        int32_t j = n < 0 ? json_view_prev(v->view, i) : json_view_next(v->view, i);
        if (j < 0)
            break;
        i = j;
    }
    select_row(v, i);
}

typedef enum { FOLD, OPEN, FLIP } Fold;

/* Left folds (or goes to the parent), Right opens (or goes in), Enter
 * flips. */
static void fold_key(ViewPane *v, Fold how)
{
    JsonView *jv = v->view;
    int32_t i = v->selected, parent = json_view_parent(jv, i);
    bool container = json_view_children(jv, i) > 0, folded = json_view_folded(jv, i);
    if (how == FOLD && container && !folded)
        json_view_set_folded(jv, i, true);
    else if (how == FOLD && parent > 0)
        i = parent;
    else if (how == OPEN && container && folded)
        json_view_set_folded(jv, i, false);
    else if (how == OPEN && container)
        i = json_view_next(jv, i);
    else if (how == FLIP && container)
        json_view_set_folded(jv, i, !folded);
    select_row(v, i);
}

static void fold_all(ViewPane *v)
{
    bool any_open = false;
    for (int32_t i = json_view_first(v->view); i >= 0 && !any_open; i = json_view_next(v->view, i))
        any_open = json_view_children(v->view, i) > 0 && !json_view_folded(v->view, i);
    json_view_fold_all(v->view, any_open);
    /* The selection may now be hidden: show the row that holds it. */
    v->top = json_view_first(v->view);
    select_row(v, shown_row(v, v->selected));
}

/* ---- searching ------------------------------------------------------------------ */

static void find(ViewPane *v, bool backward)
{
    if (!v->needle || !*v->needle) {
        view_pane_note(v, backward ? "no search yet: / searches, then N goes to the previous match"
                                   : "no search yet: / searches, then n goes to the next match");
        return;
    }
    int32_t hit = json_view_search(v->view, v->selected, v->needle, backward);
    char *note = NULL;
    if (hit < 0) {
        note = g_strdup_printf("no match for \"%s\"", v->needle);
    } else {
        json_view_reveal(v->view, hit);
        select_row(v, hit);
    }
    g_free(v->note);
    v->note = note;
    v->pane.dirty = true;
}

static Action search_key(ViewPane *v, const KeyEvent *k)
{
    EntryKey r = keys_edit_entry(&v->query, k);
    if (r == ENTRY_ENTER) {
        g_free(v->needle);
        v->needle = g_strdup(v->query.text->str);
        find(v, false);
    }
    if (r == ENTRY_ENTER || r == ENTRY_ESCAPE)
        v->searching = false;
    v->pane.dirty = true;
    return ACT_HANDLED;
}

/* ---- keys -------------------------------------------------------------------------- */

static void ask(ViewPane *v, ViewRequest r, char *text)
{
    v->request = r;
    g_free(v->request_text);
    v->request_text = text;
}

/* What y and Y copy: the text as the screen shows it, so no escape sequence
 * or bidi override reaches the clipboard (a paste would replay it). A string
 * value is escaped whole, as its row shows it; JSON text (a container, or Y)
 * keeps the newlines and tabs of its layout, which cJSON writes as \n and \t
 * inside strings anyway. Takes TEXT. */
static char *as_shown(ViewPane *v, char *text, bool layout)
{
    GString *out = g_string_new(NULL);
    for (const char *p = text; *p;) {
        size_t n = layout ? strcspn(p, "\n\t") : strlen(p);
        char *safe = safe_text(p, n);
        g_string_append(out, safe);
        g_free(safe);
        p += n;
        if (*p)
            g_string_append_c(out, *p++);
    }
    v->copy_escaped = strcmp(out->str, text) != 0;
    g_free(text);
    return g_string_free(out, FALSE);
}

static void copy_value(ViewPane *v)
{
    bool layout = json_view_kind(v->view, v->selected) != JV_STRING;
    ask(v, VIEW_COPY, as_shown(v, json_view_copy_text(v->view, v->selected), layout));
}

static void copy_document(ViewPane *v)
{
    ask(v, VIEW_COPY, as_shown(v, json_print_pretty(json_view_doc(v->view)), true));
}

static void show_value(ViewPane *v)
{
    char *text = json_view_copy_text(v->view, v->selected), *path = json_view_path(v->view, v->selected);
    char *title = g_strdup_printf("%s · full value · Esc returns", path);
    set_text(v, title, text, strlen(text));
    g_free(text), g_free(path), g_free(title);
}

static void toggle_raw(ViewPane *v)
{
    if (v->mode == MODE_TEXT && v->view) {
        v->mode = MODE_TREE;
    } else if (v->raw) {
        set_text(v, "Raw exchange · r returns", v->raw, strlen(v->raw));
    } else {
        view_pane_note(v, "no exchange to show: a file has none, only a record sent from the console");
    }
}

static Action text_key(ViewPane *v, const KeyEvent *k)
{
    int page = MAX(1, v->pane.h - 2), max = MAX(0, (int)v->text->len - (v->pane.h - 1));
    if (v->view && keys_action(CTX_TEXT, k) == ACT_BACK) {
        v->mode = MODE_TREE;
        return ACT_HANDLED;
    }
    switch (keys_action(CTX_VIEW, k)) {
    case ACT_UP: v->text_top--; break;
    case ACT_DOWN: v->text_top++; break;
    case ACT_PAGE_UP: v->text_top -= page; break;
    case ACT_PAGE_DOWN: v->text_top += page; break;
    case ACT_TOP: v->text_top = 0; break;
    case ACT_BOTTOM: v->text_top = max; break;
    default: return ACT_NONE;
    }
    v->text_top = CLAMP(v->text_top, 0, max);
    return ACT_HANDLED;
}

static Action tree_action(ViewPane *v, Action a)
{
    switch (a) {
    case ACT_FOLD: fold_key(v, FOLD); break;
    case ACT_UNFOLD: fold_key(v, OPEN); break;
    case ACT_FOLD_FLIP: fold_key(v, FLIP); break;
    case ACT_FOLD_ALL: fold_all(v); break;
    case ACT_SEARCH: v->searching = true; line_edit_set(&v->query, ""); break;
    case ACT_FIND_NEXT: find(v, false); break;
    case ACT_FIND_PREV: find(v, true); break;
    case ACT_COPY: copy_value(v); break;
    case ACT_COPY_ALL: copy_document(v); break;
    case ACT_SAVE: ask(v, VIEW_SAVE, g_strdup(v->name ? v->name : "record.json")); break;
    case ACT_RAW: toggle_raw(v); break;
    case ACT_SHOW_VALUE: show_value(v); break;
    default: return ACT_NONE;
    }
    return ACT_HANDLED;
}

/* The tree's own keys first, then the moving keys it shares with every reader. */
static Action tree_key(ViewPane *v, const KeyEvent *k)
{
    int page = MAX(1, v->pane.h - 3);
    if (tree_action(v, keys_action(CTX_TREE, k)) == ACT_HANDLED)
        return ACT_HANDLED;
    switch (keys_action(CTX_VIEW, k)) {
    case ACT_UP: step(v, -1); return ACT_HANDLED;
    case ACT_DOWN: step(v, 1); return ACT_HANDLED;
    case ACT_PAGE_UP: step(v, -page); return ACT_HANDLED;
    case ACT_PAGE_DOWN: step(v, page); return ACT_HANDLED;
    case ACT_TOP: select_row(v, json_view_first(v->view)); return ACT_HANDLED;
    case ACT_BOTTOM: select_row(v, json_view_last(v->view)); return ACT_HANDLED;
    default: return ACT_NONE;
    }
}

static Action view_key(Pane *p, const KeyEvent *k)
{
    ViewPane *v = of(p);
    Action r = ACT_NONE;
    if (v->searching)
        r = search_key(v, k);
    else if (v->mode == MODE_TEXT)
        r = text_key(v, k);
    else if (v->view)
        r = tree_key(v, k);
    if (r == ACT_HANDLED)
        p->dirty = true;
    return r;
}

static void view_mouse(Pane *p, int y, int x, int button)
{
    ViewPane *v = of(p);
    (void)y, (void)x;
    if (button == 4 || button == 5) {
        if (v->mode == MODE_TEXT)
            v->text_top = CLAMP(v->text_top + (button == 4 ? -3 : 3), 0, MAX(0, (int)v->text->len - 1));
        else if (v->view)
            step(v, button == 4 ? -3 : 3);
        p->dirty = true;
    }
}

/* ---- life ----------------------------------------------------------------------------- */

static void forget_document(ViewPane *v)
{
    json_view_free(v->view);
    v->view = NULL;
    g_free(v->title), g_free(v->name), g_free(v->raw), g_free(v->note), g_free(v->needle);
    v->title = v->name = v->raw = v->note = v->needle = NULL;
    g_ptr_array_set_size(v->text, 0);
}

static void view_free(Pane *p)
{
    ViewPane *v = of(p);
    forget_document(v);
    g_ptr_array_free(v->text, TRUE);
    g_free(v->text_title), g_free(v->request_text);
    line_edit_done(&v->query);
    g_free(v);
}

static const PaneOps VIEW_OPS = { "view", view_draw, view_key, view_mouse, view_free };

ViewPane *view_pane_new(const Theme *theme)
{
    ViewPane *v = g_new0(ViewPane, 1);
    pane_init(&v->pane, &VIEW_OPS, theme);
    v->text = g_ptr_array_new_with_free_func(g_free);
    line_edit_init(&v->query, NULL);
    return v;
}

Pane *view_pane_base(ViewPane *v) { return &v->pane; }
bool view_pane_empty(const ViewPane *v) { return !v->view && v->text->len == 0; }
const cJSON *view_pane_document(const ViewPane *v) { return v->view ? json_view_doc(v->view) : NULL; }

void view_pane_show(ViewPane *v, const char *title, cJSON *doc, const char *body, size_t len, const char *why,
                    const char *raw, const char *name)
{
    forget_document(v);
    v->title = safe_text(title, strlen(title)); /* it holds the provider's id */
    v->raw = raw ? g_strdup(raw) : NULL;
    v->name = name ? g_strdup(name) : NULL;
    if (doc) {
        v->view = json_view_new(doc, FOLD_OVER, &v->note);
        v->mode = MODE_TREE;
        v->top = v->selected = json_view_first(v->view);
    } else {
        /* WHY says what it is ("not JSON: line 1, column 1", "the body is empty"). */
        char *head = g_strdup_printf("%s (%s)", v->title, why ? why : "the body is not JSON");
        set_text(v, head, body ? body : "", body ? len : 0);
        g_free(head);
    }
    v->pane.dirty = true;
}

char *view_pane_status(const ViewPane *v)
{
    if (v->note)
        return g_strdup(v->note);
    if (v->mode == MODE_TREE && v->view)
        return json_view_path(v->view, v->selected);
    return g_strdup(v->mode == MODE_TEXT ? "Esc or r returns to the tree" : "");
}

char *view_pane_selection(const ViewPane *v)
{
    return v->view ? json_view_path(v->view, v->selected) : NULL;
}

ViewRequest view_pane_take_request(ViewPane *v, const char **text)
{
    ViewRequest r = v->request;
    v->request = VIEW_NOTHING;
    *text = v->request_text;
    return r;
}

bool view_pane_copy_escaped(const ViewPane *v) { return v->copy_escaped; }

KeyContext view_pane_keys(const ViewPane *v)
{
    return v->mode == MODE_TREE && v->view ? CTX_TREE : v->view ? CTX_TEXT : CTX_VIEW;
}

void view_pane_note(ViewPane *v, const char *note)
{
    g_free(v->note);
    v->note = g_strdup(note);
    v->pane.dirty = true;
}
