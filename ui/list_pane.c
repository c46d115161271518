#include "ui/list_pane.h"

#include "model/response.h"
#include "model/safe_text.h"
#include "ui/line_edit.h"

#include <glib.h>
#include <string.h>

typedef struct {
    char *name, *provider;
    bool live;
} ProfileEntry;

typedef struct {
    size_t profile;
    char *label, *id, *mark, *time; /* mark: the outcome's word */
    ListMark kind;
} CustomerEntry;

typedef enum { ROW_PROVIDER, ROW_PROFILE, ROW_CUSTOMER } RowKind;
typedef struct {
    RowKind kind;
    size_t index;
} Row;

struct ListPane {
    Pane pane;
    LineEdit filter;     /* shows only customers whose line holds it */
    bool filtering;
    GArray *profiles;   /* ProfileEntry */
    GArray *customers;  /* CustomerEntry */
    GArray *rows;       /* Row: providers, their profiles, their customers */
    size_t current;
    bool stale;         /* rows to rebuild before they are next used */
    int selected;       /* a row that is not a provider heading */
    int top;
};

static ListPane *of(Pane *p) { return (ListPane *)p; }

static void add_row(ListPane *l, RowKind kind, size_t index)
{
    Row r = { kind, index };
    g_array_append_val(l->rows, r);
}

static bool passes_filter(const ListPane *l, const CustomerEntry *c, const char *profile)
{
    if (!l->filter.text->len)
        return true;
    /* A batch's summary counts rejected and not created rows as "refused": the word finds them. */
    bool refused = g_strcmp0(c->mark, outcome_name(OUTCOME_REJECTED)) == 0 ||
                   g_strcmp0(c->mark, outcome_name(OUTCOME_NOT_CREATED)) == 0;
    char *line = g_strdup_printf("%s %s %s %s %s%s", c->time, c->label, c->id ? c->id : "", c->mark, profile,
                                 refused ? " refused" : "");
    char *hay = g_utf8_casefold(line, -1), *needle = g_utf8_casefold(l->filter.text->str, -1);
    bool hit = strstr(hay, needle) != NULL;
    g_free(line), g_free(hay), g_free(needle);
    return hit;
}

static void add_customers_of(ListPane *l, size_t profile)
{
    const char *name = g_array_index(l->profiles, ProfileEntry, profile).name;
    for (guint c = l->customers->len; c-- > 0;) { /* newest first */
        const CustomerEntry *e = &g_array_index(l->customers, CustomerEntry, c);
        if (e->profile == profile && passes_filter(l, e, name))
            add_row(l, ROW_CUSTOMER, c);
    }
}

/* The row showing the entry WAS, or -1. */
static int row_of(const ListPane *l, Row was)
{
    for (guint r = 0; r < l->rows->len; r++) {
        const Row *row = &g_array_index(l->rows, Row, r);
        if (row->kind == was.kind && row->index == was.index)
            return (int)r;
    }
    return -1;
}

/* Rows that joined above the selection (a batch adds one a settled row,
 * newest first) must not slide another entry under it: Enter, c or r would
 * act on a customer the person never chose. The selection follows its
 * entry, and the view moves with it, so what was in sight stays put. */
static void keep_selection(ListPane *l, bool had, Row was)
{
    int at = had ? row_of(l, was) : -1;
    if (at < 0)
        return;
    l->top = MAX(0, l->top + at - l->selected);
    l->selected = at;
}

static void rebuild(ListPane *l)
{
    bool had = l->selected >= 0 && l->selected < (int)l->rows->len;
    Row was = had ? g_array_index(l->rows, Row, l->selected) : (Row){ 0 };
    l->stale = false;
    g_array_set_size(l->rows, 0);
    for (guint i = 0; i < l->profiles->len; i++) {
        const ProfileEntry *p = &g_array_index(l->profiles, ProfileEntry, i);
        bool first = true;
        for (guint j = 0; j < i && first; j++)
            first = strcmp(g_array_index(l->profiles, ProfileEntry, j).provider, p->provider) != 0;
        if (!first)
            continue;
        add_row(l, ROW_PROVIDER, i);
        for (guint j = i; j < l->profiles->len; j++)
            if (strcmp(g_array_index(l->profiles, ProfileEntry, j).provider, p->provider) == 0) {
                add_row(l, ROW_PROFILE, j);
                add_customers_of(l, j);
            }
    }
    keep_selection(l, had, was);
    l->pane.dirty = true;
}

/* Adding 500 history entries at start must not rebuild the rows 500 times. */
static void build_rows(ListPane *l)
{
    l->stale = true;
    l->pane.dirty = true;
}

static void fresh(ListPane *l)
{
    if (l->stale)
        rebuild(l);
}

/* TEXT in MAX columns; cut short, it ends in an ellipsis, so a cut never
 * passes for the whole. Returns the columns used. */
static int put_fitted(ListPane *l, int y, int x, const char *text, int max, int attr)
{
    const Theme *t = l->pane.theme;
    int ell = text_columns(t->ellipsis, strlen(t->ellipsis));
    if (max <= 0)
        return 0;
    if (text_columns(text, strlen(text)) <= max || max <= ell)
        return pane_put(l->pane.win, y, x, text, max, attr);
    int used = pane_put(l->pane.win, y, x, text, max - ell, attr);
    return used + pane_put(l->pane.win, y, x + used, t->ellipsis, ell, attr);
}

static void draw_profile(ListPane *l, int y, const ProfileEntry *p, size_t index, int attr)
{
    const Theme *t = l->pane.theme;
    bool current = index == l->current;
    int used = pane_put(l->pane.win, y, 1, current ? (t->utf8 ? "●" : "*") : " ", 1, theme_attr(t, TONE_ACCENT) | attr);
    int room = l->pane.w - 3 - (p->live ? 5 : 0);
    used += put_fitted(l, y, 2 + used, p->name, room, attr | (current ? A_BOLD : 0));
    if (p->live)
        pane_put(l->pane.win, y, 3 + used, "LIVE", 4, theme_attr(t, TONE_LIVE));
}

static const char *mark_symbol(const Theme *t, ListMark m)
{
    return m == LIST_MARK_GOOD ? t->ok : m == LIST_MARK_UNSURE ? "?" : t->bad;
}

static void draw_customer(ListPane *l, int y, const CustomerEntry *c, int attr)
{
    const Theme *t = l->pane.theme;
    bool good = c->kind == LIST_MARK_GOOD;
    /* An outcome other than created is the first thing to see; the column is narrow.
     * A delete done is good too, and says so: a tick alone reads "created". */
    bool plain = good && g_strcmp0(c->mark, outcome_name(OUTCOME_CREATED)) == 0;
    char *text = plain ? g_strdup_printf("%s %s %s", c->time, c->label, c->id ? c->id : "")
                      : g_strdup_printf("%s %s %s %s", c->time, c->mark, c->label, c->id ? c->id : "");
    Tone tone = good ? TONE_GOOD : c->kind == LIST_MARK_UNSURE ? TONE_WARN : TONE_BAD;
    int used = pane_put(l->pane.win, y, 4, mark_symbol(t, c->kind), 2, theme_attr(t, tone));
    put_fitted(l, y, 4 + used + 1, g_strchomp(text), l->pane.w - 6 - used, attr);
    g_free(text);
}

/* The title, and the filter beside it; where both do not fit, the filter
 * alone (its end, the part being typed), so it shows at every width. */
static void draw_title(ListPane *l)
{
    Pane *p = &l->pane;
    const char *title = "Profiles & history";
    if (!l->filter.text->len && !l->filtering) {
        pane_title(p, title, NULL);
        return;
    }
    char *filter = g_strdup_printf("/%s", l->filter.text->str);
    int room = p->w - 2, cols = text_columns(filter, strlen(filter));
    if (text_columns(title, strlen(title)) + 1 + cols <= room) {
        pane_title(p, title, filter);
    } else {
        const char *from = filter;
        while (cols > room && *from) { /* keep the end, where the typing is */
            cols -= text_columns(from, (size_t)(g_utf8_next_char(from) - from));
            from = g_utf8_next_char(from);
        }
        pane_title(p, from, NULL);
    }
    g_free(filter);
}

static void list_draw(Pane *p)
{
    ListPane *l = of(p);
    fresh(l);
    draw_title(l);
    for (int r = 0; r < p->h - 1 && l->top + r < (int)l->rows->len; r++) {
        const Row *row = &g_array_index(l->rows, Row, l->top + r);
        int attr = l->top + r == l->selected && p->focused ? theme_attr(p->theme, TONE_SELECTED) : 0;
        if (attr)
            mvwchgat(p->win, 1 + r, 0, p->w, (attr_t)attr, 0, NULL);
        if (row->kind == ROW_PROVIDER)
            put_fitted(l, 1 + r, 0, g_array_index(l->profiles, ProfileEntry, row->index).provider, p->w,
                       theme_attr(p->theme, TONE_ACCENT) | A_BOLD);
        else if (row->kind == ROW_PROFILE)
            draw_profile(l, 1 + r, &g_array_index(l->profiles, ProfileEntry, row->index), row->index, attr);
        else
            draw_customer(l, 1 + r, &g_array_index(l->customers, CustomerEntry, row->index), attr);
    }
}

static void move_selection(ListPane *l, int step)
{
    fresh(l);
    int at = l->selected;
    do
        at += step;
    while (at >= 0 && at < (int)l->rows->len && g_array_index(l->rows, Row, at).kind == ROW_PROVIDER);
    if (at >= 0 && at < (int)l->rows->len)
        l->selected = at;
    if (l->selected < l->top)
        l->top = l->selected > 0 && g_array_index(l->rows, Row, l->selected - 1).kind == ROW_PROVIDER
                     ? l->selected - 1 : l->selected;
    if (l->pane.h > 2 && l->selected >= l->top + l->pane.h - 1)
        l->top = l->selected - (l->pane.h - 2);
    l->pane.dirty = true;
}

/* To row AT or the nearest entry past it going STEP's way (back the other
 * way at the end): a provider heading is never selected. */
static void move_to(ListPane *l, int at, int step)
{
    fresh(l);
    int last = (int)l->rows->len - 1;
    at = CLAMP(at, 0, MAX(0, last));
    l->selected = at - step; /* move_selection steps once, then over headings */
    move_selection(l, step);
    if (l->selected == at - step) /* nothing that way: the nearest the other way */
        l->selected = at + step, move_selection(l, -step);
}

/* Typing after "/" narrows the history; Enter keeps the filter, Esc drops it. */
static Action filter_key(ListPane *l, const KeyEvent *k)
{
    EntryKey r = keys_edit_entry(&l->filter, k);
    if (r == ENTRY_ESCAPE)
        line_edit_set(&l->filter, "");
    if (r == ENTRY_ENTER || r == ENTRY_ESCAPE)
        l->filtering = false;
    rebuild(l);
    l->selected = CLAMP(l->selected, 0, MAX(0, (int)l->rows->len - 1));
    return ACT_HANDLED;
}

static Action list_key(Pane *p, const KeyEvent *k)
{
    ListPane *l = of(p);
    if (l->filtering)
        return filter_key(l, k);
    Action a = keys_action(CTX_LIST, k);
    switch (a) {
    case ACT_UP: move_selection(l, -1); return ACT_HANDLED;
    case ACT_DOWN: move_selection(l, 1); return ACT_HANDLED;
    case ACT_PAGE_UP: move_to(l, l->selected - MAX(1, p->h - 2), -1); return ACT_HANDLED;
    case ACT_PAGE_DOWN: move_to(l, l->selected + MAX(1, p->h - 2), 1); return ACT_HANDLED;
    case ACT_TOP: move_to(l, 0, 1); return ACT_HANDLED;
    case ACT_BOTTOM: move_to(l, G_MAXINT / 2, -1); return ACT_HANDLED;
    case ACT_FILTER: l->filtering = true; p->dirty = true; return ACT_HANDLED;
    case ACT_OPEN: case ACT_CHECK: case ACT_RESEND: case ACT_DRAFT_LIKE: case ACT_DRAFT_BACK: case ACT_CUSTOMERS:
        return a;
    default: return ACT_NONE;
    }
}

static void list_mouse(Pane *p, int y, int x, int button)
{
    ListPane *l = of(p);
    (void)x;
    fresh(l);
    int r = l->top + y - 1;
    if (button == 1 && y >= 1 && r < (int)l->rows->len && g_array_index(l->rows, Row, r).kind != ROW_PROVIDER) {
        l->selected = r;
        p->dirty = true;
    }
}

static void list_free(Pane *p)
{
    ListPane *l = of(p);
    for (guint i = 0; i < l->profiles->len; i++) {
        g_free(g_array_index(l->profiles, ProfileEntry, i).name);
        g_free(g_array_index(l->profiles, ProfileEntry, i).provider);
    }
    for (guint i = 0; i < l->customers->len; i++) {
        CustomerEntry *c = &g_array_index(l->customers, CustomerEntry, i);
        g_free(c->label), g_free(c->id), g_free(c->mark), g_free(c->time);
    }
    g_array_free(l->profiles, TRUE);
    g_array_free(l->customers, TRUE);
    g_array_free(l->rows, TRUE);
    line_edit_done(&l->filter);
    g_free(l);
}

static const PaneOps LIST_OPS = { "list", list_draw, list_key, list_mouse, list_free };

ListPane *list_pane_new(const Theme *theme)
{
    ListPane *l = g_new0(ListPane, 1);
    pane_init(&l->pane, &LIST_OPS, theme);
    l->profiles = g_array_new(FALSE, FALSE, sizeof(ProfileEntry));
    l->customers = g_array_new(FALSE, FALSE, sizeof(CustomerEntry));
    l->rows = g_array_new(FALSE, FALSE, sizeof(Row));
    line_edit_init(&l->filter, NULL);
    return l;
}

Pane *list_pane_base(ListPane *l) { return &l->pane; }

void list_pane_set_profiles(ListPane *l, const ListProfile *profiles, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        ProfileEntry e = { g_strdup(profiles[i].name), g_strdup(profiles[i].provider), profiles[i].live };
        g_array_append_val(l->profiles, e);
    }
    build_rows(l);
    l->selected = 0;
    move_selection(l, 1);
}

void list_pane_set_current(ListPane *l, size_t index)
{
    fresh(l);
    l->current = index;
    for (guint r = 0; r < l->rows->len; r++) {
        const Row *row = &g_array_index(l->rows, Row, r);
        if (row->kind == ROW_PROFILE && row->index == index)
            l->selected = (int)r;
    }
    l->pane.dirty = true;
}

size_t list_pane_add_customer(ListPane *l, size_t profile, const char *label, const char *id,
                              const char *outcome, ListMark mark)
{
    return list_pane_add_customer_at(l, profile, label, id, outcome, mark, NULL);
}

size_t list_pane_add_customer_at(ListPane *l, size_t profile, const char *label, const char *id,
                                 const char *outcome, ListMark mark, const char *iso_time)
{
    /* Zones looked up once: hundreds of history entries arrive at start-up. */
    static GTimeZone *utc, *here;
    if (!utc)
        utc = g_time_zone_new_utc(), here = g_time_zone_new_local();
    GDateTime *at = iso_time ? g_date_time_new_from_iso8601(iso_time, utc) : NULL;
    GDateTime *local = at ? g_date_time_to_timezone(at, here) : g_date_time_new_now(here);
    GDateTime *now = g_date_time_new_now(here);
    bool today = g_date_time_get_day_of_year(local) == g_date_time_get_day_of_year(now) &&
                 g_date_time_get_year(local) == g_date_time_get_year(now);
    CustomerEntry c = { profile, safe_text(label, strlen(label)), id ? safe_text(id, strlen(id)) : NULL,
                        g_strdup(outcome), g_date_time_format(local, today ? "%H:%M" : "%d %b"), mark };
    g_date_time_unref(local), g_date_time_unref(now);
    if (at)
        g_date_time_unref(at);
    g_array_append_val(l->customers, c);
    build_rows(l);
    return l->customers->len - 1;
}

void list_pane_set_outcome(ListPane *l, size_t customer, const char *outcome, ListMark mark)
{
    CustomerEntry *c = &g_array_index(l->customers, CustomerEntry, customer);
    g_free(c->mark);
    c->mark = g_strdup(outcome);
    c->kind = mark;
    l->pane.dirty = true;
}

ListPick list_pane_selected(const ListPane *l)
{
    fresh((ListPane *)l);
    ListPick pick = { PICK_NONE, 0 };
    if (l->selected < 0 || l->selected >= (int)l->rows->len)
        return pick;
    const Row *row = &g_array_index(l->rows, Row, l->selected);
    pick.kind = row->kind == ROW_PROFILE ? PICK_PROFILE : row->kind == ROW_CUSTOMER ? PICK_CUSTOMER : PICK_NONE;
    pick.index = row->index;
    return pick;
}
