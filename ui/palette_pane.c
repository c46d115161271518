#include "ui/palette_pane.h"

#include "model/safe_text.h"
#include "ui/line_edit.h"

#include <glib.h>
#include <string.h>

#define PALETTE_MAX_ROWS 14

typedef struct {
    char *label, *hint;     /* terminal-safe */
    PaletteChoice choice;
} Item;

struct PalettePane {
    Pane pane;
    bool open;
    LineEdit filter;
    GArray *items;          /* Item */
    GArray *shown;          /* indices into items, best match first */
    guint selected, top;
    int cursor_x;
};

static PalettePane *of(Pane *p) { return (PalettePane *)p; }

/* ---- matching ---------------------------------------------------------------------- */

static bool word_start(const char *text, const char *at)
{
    return at == text || !g_unichar_isalnum(g_utf8_get_char(g_utf8_prev_char(at)));
}

/* Letters of QUERY in order in TEXT (both folded): the fewer breaks between
 * them the better, then the shorter the gaps, then the earlier; -1 if one is
 * missing. */
static int scattered(const char *text, const char *query)
{
    const char *from = text;
    int first = -1, gaps = 0, breaks = 0;
    for (const char *c = query; *c; c = g_utf8_next_char(c)) {
        const char *hit = g_utf8_strchr(from, -1, g_utf8_get_char(c));
        if (!hit)
            return -1;
        if (first < 0)
            first = (int)(hit - text);
        else
            gaps += (int)(hit - from), breaks += hit != from;
        from = g_utf8_next_char(hit);
    }
    return 1000 + breaks * 1000 + gaps * 10 + MIN(first, 9);
}

int palette_match(const char *text, const char *query)
{
    char *t = g_utf8_casefold(text, -1), *q = g_utf8_casefold(query, -1);
    int score = 0;
    if (*q) {
        const char *at = strstr(t, q), *word = at;
        while (word && !word_start(t, word))
            word = strstr(word + 1, q);
        score = word ? (int)(word - t) : at ? 500 + (int)(at - t) : scattered(t, q);
    }
    g_free(t), g_free(q);
    return score;
}

/* ---- the list ---------------------------------------------------------------------------- */

typedef struct {
    guint index;
    int score;
} Ranked;

static gint by_score(gconstpointer a, gconstpointer b)
{
    const Ranked *x = a, *y = b;
    return x->score != y->score ? (x->score < y->score ? -1 : 1) : (x->index < y->index ? -1 : 1);
}

static void refilter(PalettePane *p)
{
    GArray *ranked = g_array_new(FALSE, FALSE, sizeof(Ranked));
    for (guint i = 0; i < p->items->len; i++) {
        int score = palette_match(g_array_index(p->items, Item, i).label, p->filter.text->str);
        if (score >= 0)
            g_array_append_val(ranked, ((Ranked){ i, score }));
    }
    g_array_sort(ranked, by_score);
    g_array_set_size(p->shown, 0);
    for (guint i = 0; i < ranked->len; i++)
        g_array_append_val(p->shown, g_array_index(ranked, Ranked, i).index);
    g_array_free(ranked, TRUE);
    p->selected = p->top = 0;
    p->pane.dirty = true;
}

static void add_item(PalettePane *p, const char *label, const char *hint, PaletteChoice choice)
{
    Item it = { safe_text(label, strlen(label)), safe_text(hint, strlen(hint)), choice };
    g_array_append_val(p->items, it);
}

/* ITEM at AT, the ones from there on one down. */
static void insert_item(PalettePane *p, guint at, const char *label, const char *hint, PaletteChoice choice)
{
    Item it = { safe_text(label, strlen(label)), safe_text(hint, strlen(hint)), choice };
    g_array_insert_val(p->items, at, it);
}

static void clear_items(PalettePane *p)
{
    for (guint i = 0; i < p->items->len; i++)
        g_free(g_array_index(p->items, Item, i).label), g_free(g_array_index(p->items, Item, i).hint);
    g_array_set_size(p->items, 0);
    g_array_set_size(p->shown, 0);
}

/* ---- drawing ----------------------------------------------------------------------------- */

static void draw_frame(Pane *p)
{
    const Theme *t = p->theme;
    pane_line(p->win, t, 0, 0, p->w, false);
    pane_line(p->win, t, p->h - 1, 0, p->w, false);
    pane_line(p->win, t, 0, 0, p->h, true);
    pane_line(p->win, t, 0, p->w - 1, p->h, true);
    const char *corners[] = { "┌", "┐", "└", "┘" };
    int cy[] = { 0, 0, p->h - 1, p->h - 1 }, cx[] = { 0, p->w - 1, 0, p->w - 1 };
    for (int i = 0; i < 4; i++)
        pane_put(p->win, cy[i], cx[i], t->utf8 ? corners[i] : "+", 1, theme_attr(t, TONE_DIM));
    pane_put(p->win, 0, 2, " Commands · Enter runs · Esc closes ", p->w - 4, A_BOLD | theme_attr(t, TONE_ACCENT));
}

static void draw_item(PalettePane *p, int y, const Item *it, bool selected)
{
    Pane *pn = &p->pane;
    int attr = selected ? theme_attr(pn->theme, TONE_SELECTED) : 0, room = pn->w - 4;
    mvwchgat(pn->win, y, 1, pn->w - 2, (attr_t)attr, 0, NULL);
    int hint_w = MIN(text_columns(it->hint, strlen(it->hint)), room / 3);
    pane_put(pn->win, y, 2, it->label, room - hint_w - 1, attr);
    pane_put(pn->win, y, 2 + room - hint_w, it->hint, hint_w, attr | theme_attr(pn->theme, TONE_DIM));
}

static void palette_draw(Pane *pn)
{
    PalettePane *p = of(pn);
    draw_frame(pn);
    p->cursor_x = 2 + pane_put(pn->win, 1, 2, "> ", 2, A_BOLD);
    p->cursor_x += pane_put(pn->win, 1, p->cursor_x, p->filter.text->str, pn->w - p->cursor_x - 2, A_UNDERLINE);
    int rows = pn->h - 3;
    if (!p->shown->len)
        pane_put(pn->win, 2, 2, "nothing matches: fewer letters, or Esc", pn->w - 4, theme_attr(pn->theme, TONE_DIM));
    for (int r = 0; r < rows && p->top + (guint)r < p->shown->len; r++) {
        guint i = g_array_index(p->shown, guint, p->top + (guint)r);
        draw_item(p, 2 + r, &g_array_index(p->items, Item, i), p->top + (guint)r == p->selected);
    }
}

static void move_selection(PalettePane *p, int step)
{
    if (!p->shown->len)
        return;
    guint rows = (guint)MAX(1, p->pane.h - 3);
    p->selected = (guint)CLAMP((int)p->selected + step, 0, (int)p->shown->len - 1);
    if (p->selected < p->top)
        p->top = p->selected;
    else if (p->selected >= p->top + rows)
        p->top = p->selected - rows + 1;
    p->pane.dirty = true;
}

/* ---- the pane ------------------------------------------------------------------------------ */

static Action palette_key_op(Pane *p, const KeyEvent *k)
{
    (void)p, (void)k;
    return ACT_NONE; /* the console feeds it through palette_pane_key */
}

static void palette_mouse(Pane *p, int y, int x, int b)
{
    (void)p, (void)y, (void)x, (void)b;
}

static void palette_free(Pane *pn)
{
    PalettePane *p = of(pn);
    clear_items(p);
    g_array_free(p->items, TRUE), g_array_free(p->shown, TRUE);
    line_edit_done(&p->filter);
    g_free(p);
}

static const PaneOps PALETTE_OPS = { "palette", palette_draw, palette_key_op, palette_mouse, palette_free };

PalettePane *palette_pane_new(const Theme *theme)
{
    PalettePane *p = g_new0(PalettePane, 1);
    pane_init(&p->pane, &PALETTE_OPS, theme);
    line_edit_init(&p->filter, NULL);
    p->items = g_array_new(FALSE, FALSE, sizeof(Item));
    p->shown = g_array_new(FALSE, FALSE, sizeof(guint));
    return p;
}

Pane *palette_pane_base(PalettePane *p) { return &p->pane; }
bool palette_pane_is_open(const PalettePane *p) { return p->open; }

/* An action whose key works in one pane only (p in the list, Ctrl-F in the
 * form), offered everywhere: found by its words, the hint says where its
 * key works, for next time. */
static void add_elsewhere(PalettePane *p, KeyContext ctx, Action action, const char *where)
{
    const KeyBinding *rows[64];
    size_t count = keys_commands(ctx, rows, G_N_ELEMENTS(rows));
    for (size_t i = 0; i < count; i++) {
        if (rows[i]->action != action)
            continue;
        char *keys = keys_binding_names(rows[i]), *hint = g_strdup_printf("%s · %s", keys, where);
        add_item(p, rows[i]->help, hint, (PaletteChoice){ .action = action });
        g_free(hint), g_free(keys);
        return;
    }
}

void palette_pane_open(PalettePane *p, const char *const *names, const char *const *details, size_t n)
{
    clear_items(p);
    const KeyBinding *rows[64];
    size_t count = keys_commands(CTX_GLOBAL, rows, G_N_ELEMENTS(rows));
    for (size_t i = 0; i < count; i++) {
        if (rows[i]->action == ACT_PALETTE)
            continue;
        char *keys = keys_binding_names(rows[i]);
        add_item(p, rows[i]->help, keys, (PaletteChoice){ .action = rows[i]->action });
        g_free(keys);
    }
    add_elsewhere(p, CTX_LIST, ACT_CUSTOMERS, "in the list");
    add_elsewhere(p, CTX_FORM, ACT_LOOKUP_EMAIL, "in the form");
    add_elsewhere(p, CTX_FORM, ACT_BATCH, "in the form");
    for (size_t i = 0; i < n; i++) {
        char *hint = g_strdup_printf("profile · %s", details[i]);
        add_item(p, names[i], hint, (PaletteChoice){ .is_profile = true, .profile = i });
        g_free(hint);
    }
    line_edit_set(&p->filter, "");
    p->open = true;
    refilter(p);
}

void palette_pane_add_field_keys(PalettePane *p, const KeyContext *ctx, size_t n)
{
    guint at = 0;
    for (size_t c = 0; c < n; c++) {
        const KeyBinding *rows[16];
        size_t count = keys_commands(ctx[c], rows, G_N_ELEMENTS(rows));
        for (size_t i = 0; i < count; i++) {
            char *keys = keys_binding_names(rows[i]);
            char *hint = g_strdup_printf("%s · this field", keys);
            insert_item(p, at++, rows[i]->help, hint, (PaletteChoice){ .action = rows[i]->action, .field_key = rows[i] });
            g_free(hint), g_free(keys);
        }
    }
    refilter(p);
}

static void close_palette(PalettePane *p)
{
    p->open = false;
    line_edit_set(&p->filter, "");
    pane_place(&p->pane, 0, 0, 0, 0);
}

PaletteResult palette_pane_key(PalettePane *p, const KeyEvent *k, PaletteChoice *out)
{
    p->pane.dirty = true;
    switch (keys_action(CTX_PALETTE, k)) {
    case ACT_BACK: close_palette(p); return PALETTE_CLOSED;
    case ACT_UP: move_selection(p, -1); return PALETTE_PENDING;
    case ACT_DOWN: move_selection(p, 1); return PALETTE_PENDING;
    case ACT_OPEN:
        if (!p->shown->len)
            return PALETTE_PENDING;
        *out = g_array_index(p->items, Item, g_array_index(p->shown, guint, p->selected)).choice;
        close_palette(p);
        return PALETTE_CHOSEN;
    default: break;
    }
    if (keys_edit_entry(&p->filter, k) == ENTRY_EDITED)
        refilter(p);
    return PALETTE_PENDING;
}

void palette_pane_place(PalettePane *p, int lines, int cols)
{
    int w = MIN(cols, 76), h = MIN(lines, PALETTE_MAX_ROWS + 3);
    pane_place(&p->pane, MIN(2, lines - h), (cols - w) / 2, h, w);
}

void palette_pane_place_cursor(PalettePane *p)
{
    curs_set(1);
    wmove(p->pane.win, 1, MIN(p->cursor_x, p->pane.w - 2));
    wnoutrefresh(p->pane.win);
}
