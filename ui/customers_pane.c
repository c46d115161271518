#include "ui/customers_pane.h"

#include "model/safe_text.h"
#include "ui/line_edit.h"

#include <glib.h>
#include <string.h>

typedef struct {
    char *f[CUSTOMERS_COLS]; /* terminal-safe copies; "" for none */
} Entry;

struct CustomersPane {
    Pane pane;
    char *title;
    GArray *entries;      /* Entry, as added */
    GArray *shown;        /* guint: the entries the filter lets through (NULL: all) */
    CustomersKeep keep;   /* the filter, or NULL */
    void *keep_ctx;
    CustomersTail tail;
    char *tail_text;
    char *note;
    LineEdit search;      /* what / typed */
    bool searching;
    size_t cursor;        /* among the rows shown; == shown on the last row */
    size_t top;
};

static CustomersPane *of(Pane *p) { return (CustomersPane *)p; }

/* ---- what is shown ---------------------------------------------------------------- */

static size_t n_shown(const CustomersPane *c)
{
    return c->shown ? c->shown->len : c->entries->len;
}

static const Entry *shown_at(const CustomersPane *c, size_t i)
{
    guint at = c->shown ? g_array_index(c->shown, guint, i) : (guint)i;
    return &g_array_index(c->entries, Entry, at);
}

static bool passes(const CustomersPane *c, size_t index)
{
    return !c->keep || c->keep(c->keep_ctx, index);
}

/* The last row is one the cursor can stand on only when there is
 * something to do there: a page that failed, tried again with Enter. */
static size_t last_position(const CustomersPane *c)
{
    size_t n = n_shown(c);
    return c->tail == CUSTOMERS_TAIL_FAILED || n == 0 ? n : n - 1;
}

/* Rows of the list the pane has room for: title, headings, and the note. */
static size_t body_rows(const CustomersPane *c)
{
    int h = c->pane.h - 2 - (c->note ? 1 : 0);
    return h > 0 ? (size_t)h : 1;
}

static void keep_cursor_in_view(CustomersPane *c)
{
    c->cursor = MIN(c->cursor, last_position(c));
    size_t rows = body_rows(c);
    /* On the last customer, the row after it shows too: a page loading, or the end. */
    size_t bottom = c->cursor + (c->cursor + 1 == n_shown(c) ? 1 : 0);
    if (c->cursor < c->top)
        c->top = c->cursor;
    if (bottom >= c->top + rows)
        c->top = bottom - rows + 1;
    c->pane.dirty = true;
}

/* ---- columns ------------------------------------------------------------------------ */

void customers_pane_columns(int width, int widths[CUSTOMERS_COLS])
{
    /* Below each threshold one column goes, least needed first. */
    static const int need[CUSTOMERS_COLS] = { 24, 0, 34, 64, 44 };
    static const int fixed[CUSTOMERS_COLS] = { 0, 0, 0, 10, 8 };
    memset(widths, 0, sizeof(int) * CUSTOMERS_COLS);
    int rest = width, n = 0;
    for (int i = 0; i < CUSTOMERS_COLS; i++)
        if (width >= need[i])
            widths[i] = fixed[i] ? fixed[i] : -1, rest -= fixed[i], n++;
    rest -= n - 1; /* a space between columns */
    if (widths[CUSTOMERS_COL_STATUS] && rest - 2 * (rest / 4) > 40) /* roomy: "suspended" whole */
        widths[CUSTOMERS_COL_STATUS]++, rest--;
    /* The id and the name share what is left with the email, which gets
     * half; names past 30 give the rest back. Past an email of 32 the id
     * takes what is left up to 36 (a UUID): a cut id cannot be read off. */
    int name = widths[CUSTOMERS_COL_NAME] ? MIN(rest / 4, 30) : 0;
    int id = widths[CUSTOMERS_COL_ID] ? MIN(MAX(rest / 4, rest - name - 32), 36) : 0;
    if (widths[CUSTOMERS_COL_NAME])
        widths[CUSTOMERS_COL_NAME] = name;
    if (widths[CUSTOMERS_COL_ID])
        widths[CUSTOMERS_COL_ID] = id;
    widths[CUSTOMERS_COL_EMAIL] = MAX(1, rest - name - id);
}

/* ---- drawing ------------------------------------------------------------------------ */

/* TEXT in MAX columns; cut short, it ends in an ellipsis, so a cut never
 * passes for the whole. */
static void put_fitted(CustomersPane *c, int y, int x, const char *text, int max, int attr)
{
    const Theme *t = c->pane.theme;
    int ell = text_columns(t->ellipsis, strlen(t->ellipsis));
    if (max <= 0)
        return;
    if (text_columns(text, strlen(text)) <= max || max <= ell) {
        pane_put(c->pane.win, y, x, text, max, attr);
        return;
    }
    int used = pane_put(c->pane.win, y, x, text, max - ell, attr);
    pane_put(c->pane.win, y, x + used, t->ellipsis, ell, attr);
}

static void draw_cells(CustomersPane *c, int y, const char *const *cells, int attr)
{
    int widths[CUSTOMERS_COLS], x = 1;
    customers_pane_columns(c->pane.w - 2, widths);
    for (int i = 0; i < CUSTOMERS_COLS; i++) {
        if (!widths[i])
            continue;
        put_fitted(c, y, x, cells[i], widths[i], attr);
        x += widths[i] + 1;
    }
}

static void draw_title(CustomersPane *c)
{
    Pane *p = &c->pane;
    if (c->searching) {
        char *typed = g_strdup_printf("/%s", c->search.text->str);
        pane_title(p, typed, "Enter searches · Esc cancels"); /* the key bar's letters type here */
        g_free(typed);
        return;
    }
    char *count = c->keep ? g_strdup_printf("%zu of %u", n_shown(c), c->entries->len)
                            : g_strdup_printf("%u", c->entries->len);
    pane_title(p, c->title ? c->title : "Customers", count);
    g_free(count);
}

static void draw_tail(CustomersPane *c, int y, bool selected)
{
    const Theme *t = c->pane.theme;
    int attr = c->tail == CUSTOMERS_TAIL_FAILED ? theme_attr(t, TONE_BAD)
               : c->tail == CUSTOMERS_TAIL_LOADING ? theme_attr(t, TONE_ACCENT) : theme_attr(t, TONE_DIM);
    if (selected)
        attr = theme_attr(t, TONE_SELECTED), mvwchgat(c->pane.win, y, 0, c->pane.w, (attr_t)attr, 0, NULL);
    const char *text = c->tail == CUSTOMERS_TAIL_LOADING || c->tail == CUSTOMERS_TAIL_FAILED ? c->tail_text
                       : c->tail == CUSTOMERS_TAIL_MORE ? "more below: keep scrolling"
                       : c->entries->len ? "end of the list" : "no customers";
    put_fitted(c, y, 1, text ? text : "", c->pane.w - 2, attr);
}

static void customers_draw(Pane *p)
{
    CustomersPane *c = of(p);
    keep_cursor_in_view(c);
    draw_title(c);
    static const char *const heads[CUSTOMERS_COLS] = { "Name", "Email", "Id", "Created", "Status" };
    draw_cells(c, 1, heads, theme_attr(p->theme, TONE_DIM) | A_BOLD);
    size_t rows = body_rows(c), n = n_shown(c);
    for (size_t r = 0; r < rows; r++) {
        size_t i = c->top + r;
        bool selected = i == c->cursor && p->focused;
        if (i == n) { /* what comes after the rows */
            draw_tail(c, 2 + (int)r, selected);
            break;
        }
        if (i >= n)
            break;
        int attr = selected ? theme_attr(p->theme, TONE_SELECTED) : 0;
        if (attr)
            mvwchgat(p->win, 2 + (int)r, 0, p->w, (attr_t)attr, 0, NULL);
        draw_cells(c, 2 + (int)r, (const char *const *)shown_at(c, i)->f, attr);
    }
    if (c->note)
        put_fitted(c, p->h - 1, 1, c->note, p->w - 2, theme_attr(p->theme, TONE_WARN));
}

/* ---- keys ------------------------------------------------------------------------------ */

static void move_to(CustomersPane *c, gssize at)
{
    c->cursor = (size_t)CLAMP(at, 0, (gssize)last_position(c));
    keep_cursor_in_view(c);
}

/* Typing after /: Enter searches, Esc leaves the search as it was. */
static Action search_key(CustomersPane *c, const KeyEvent *k)
{
    EntryKey r = keys_edit_entry(&c->search, k);
    c->pane.dirty = true;
    if (r == ENTRY_ENTER || r == ENTRY_ESCAPE)
        c->searching = false;
    return r == ENTRY_ENTER ? ACT_SEARCH : ACT_HANDLED;
}

static Action customers_key(Pane *p, const KeyEvent *k)
{
    CustomersPane *c = of(p);
    if (c->searching)
        return search_key(c, k);
    Action a = keys_action(CTX_CUSTOMERS, k);
    gssize page = (gssize)body_rows(c), at = (gssize)c->cursor;
    switch (a) {
    case ACT_UP: move_to(c, at - 1); return ACT_HANDLED;
    case ACT_DOWN: move_to(c, at + 1); return ACT_HANDLED;
    case ACT_PAGE_UP: move_to(c, at - page); return ACT_HANDLED;
    case ACT_PAGE_DOWN: move_to(c, at + page); return ACT_HANDLED;
    case ACT_TOP: move_to(c, 0); return ACT_HANDLED;
    case ACT_BOTTOM: customers_pane_to_end(c); return ACT_BOTTOM; /* and the rest loads */
    case ACT_SEARCH: c->searching = true; p->dirty = true; return ACT_HANDLED;
    case ACT_OPEN: case ACT_REMOVE: case ACT_REFRESH: case ACT_RETRY: return a;
    default: return ACT_NONE;
    }
}

static void customers_mouse(Pane *p, int y, int x, int button)
{
    CustomersPane *c = of(p);
    (void)x;
    if (button == 4 || button == 5)
        move_to(c, (gssize)c->cursor + (button == 5 ? 3 : -3));
    else if (button == 1 && y >= 2)
        move_to(c, (gssize)c->top + y - 2);
}

/* ---- the rest -------------------------------------------------------------------------- */

static void entry_free(Entry *e)
{
    for (int i = 0; i < CUSTOMERS_COLS; i++)
        g_free(e->f[i]);
}

static void clear_entries(CustomersPane *c)
{
    for (guint i = 0; i < c->entries->len; i++)
        entry_free(&g_array_index(c->entries, Entry, i));
    g_array_set_size(c->entries, 0);
    if (c->shown)
        g_array_set_size(c->shown, 0);
}

static void customers_free(Pane *p)
{
    CustomersPane *c = of(p);
    clear_entries(c);
    g_array_free(c->entries, TRUE);
    if (c->shown)
        g_array_free(c->shown, TRUE);
    line_edit_done(&c->search);
    g_free(c->title), g_free(c->tail_text), g_free(c->note);
    g_free(c);
}

static const PaneOps CUSTOMERS_OPS = { "customers", customers_draw, customers_key, customers_mouse, customers_free };

CustomersPane *customers_pane_new(const Theme *theme)
{
    CustomersPane *c = g_new0(CustomersPane, 1);
    pane_init(&c->pane, &CUSTOMERS_OPS, theme);
    c->entries = g_array_new(FALSE, FALSE, sizeof(Entry));
    line_edit_init(&c->search, NULL);
    c->tail = CUSTOMERS_TAIL_MORE;
    return c;
}

Pane *customers_pane_base(CustomersPane *p) { return &p->pane; }

void customers_pane_reset(CustomersPane *p, const char *title)
{
    clear_entries(p);
    g_free(p->title);
    p->title = g_strdup(title);
    p->cursor = p->top = 0;
    p->tail = CUSTOMERS_TAIL_MORE;
    p->pane.dirty = true;
}

void customers_pane_add(CustomersPane *p, const CustomerRow *row)
{
    const char *in[CUSTOMERS_COLS] = { row->name, row->email, row->id, row->created, row->status };
    Entry e;
    for (int i = 0; i < CUSTOMERS_COLS; i++)
        e.f[i] = in[i] ? safe_text(in[i], strlen(in[i])) : g_strdup("");
    g_array_append_val(p->entries, e);
    if (p->shown && passes(p, p->entries->len - 1)) {
        guint at = p->entries->len - 1;
        g_array_append_val(p->shown, at);
    }
    p->pane.dirty = true;
}

void customers_pane_set_status(CustomersPane *p, size_t index, const char *status)
{
    if (index >= p->entries->len)
        return;
    Entry *e = &g_array_index(p->entries, Entry, index);
    g_free(e->f[CUSTOMERS_COL_STATUS]);
    e->f[CUSTOMERS_COL_STATUS] = safe_text(status, strlen(status));
    p->pane.dirty = true;
}

size_t customers_pane_count(const CustomersPane *p) { return p->entries->len; }

void customers_pane_set_tail(CustomersPane *p, CustomersTail tail, const char *text)
{
    p->tail = tail;
    g_free(p->tail_text);
    p->tail_text = g_strdup(text);
    p->cursor = MIN(p->cursor, last_position(p));
    p->pane.dirty = true;
}

CustomersTail customers_pane_tail(const CustomersPane *p) { return p->tail; }

void customers_pane_set_note(CustomersPane *p, const char *note)
{
    g_free(p->note);
    p->note = note ? g_strdup(note) : NULL;
    p->pane.dirty = true;
}

void customers_pane_filter(CustomersPane *p, CustomersKeep keep, void *ctx)
{
    p->keep = keep;
    p->keep_ctx = ctx;
    if (p->shown)
        g_array_free(p->shown, TRUE);
    p->shown = NULL;
    if (keep) {
        p->shown = g_array_new(FALSE, FALSE, sizeof(guint));
        for (guint i = 0; i < p->entries->len; i++)
            if (passes(p, i))
                g_array_append_val(p->shown, i);
    }
    p->cursor = p->top = 0;
    p->pane.dirty = true;
}

size_t customers_pane_shown(const CustomersPane *p) { return n_shown(p); }

gssize customers_pane_selected(const CustomersPane *p)
{
    if (p->cursor >= n_shown(p))
        return -1;
    return p->shown ? (gssize)g_array_index(p->shown, guint, p->cursor) : (gssize)p->cursor;
}

void customers_pane_to_end(CustomersPane *p)
{
    move_to(p, G_MAXSSIZE / 2);
}

size_t customers_pane_left_below(const CustomersPane *p)
{
    size_t n = n_shown(p);
    return p->cursor < n ? n - 1 - p->cursor : 0;
}

const char *customers_pane_search_text(const CustomersPane *p) { return p->search.text->str; }

bool customers_pane_searching(const CustomersPane *p) { return p->searching; }
