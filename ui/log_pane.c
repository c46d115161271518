#include "ui/log_pane.h"

#include "model/safe_text.h"

#include <glib.h>
#include <string.h>

#define LOG_CAP 2000
#define STAMP_COLS 9   /* "HH:MM:SS " */

typedef struct {
    LogLevel level;
    char *stamp;   /* "HH:MM:SS" */
    char *text;    /* terminal-safe */
} LogLine;

struct LogPane {
    Pane pane;
    GQueue lines;          /* LogLine*, oldest first */
    bool debug;
    GQueue of_level[LOG_DEBUG + 1]; /* each level's links of LINES, oldest first */
    int selected;          /* among the lines shown; -1: the newest, following new ones */
    int bottom;            /* the line drawn last; -1 with the newest */
    bool whole;            /* the selected line over the whole pane (Enter) */
    int whole_top;         /* its first row shown */
};

static LogPane *of(Pane *p) { return (LogPane *)p; }

static bool shown(const LogPane *l, const LogLine *line)
{
    return l->debug || line->level != LOG_DEBUG;
}

static GPtrArray *visible_lines(const LogPane *l)
{
    GPtrArray *v = g_ptr_array_new();
    for (GList *it = l->lines.head; it; it = it->next)
        if (shown(l, it->data))
            g_ptr_array_add(v, it->data);
    return v;
}

static Tone tone_of(LogLevel level)
{
    return level == LOG_ERROR ? TONE_BAD : level == LOG_WARN ? TONE_WARN : level == LOG_DEBUG ? TONE_DIM : TONE_NORMAL;
}

/* A line wraps under its text, the stamp's columns left free: nothing said
 * is cut at the pane's edge. */
static GPtrArray *rows_of(const LogPane *l, const LogLine *line)
{
    return pane_wrap(line->text, MAX(8, l->pane.w - STAMP_COLS));
}

static int height_of(const LogPane *l, const LogLine *line)
{
    GPtrArray *rows = rows_of(l, line);
    int n = (int)rows->len;
    g_ptr_array_unref(rows);
    return n;
}

static int selected_in(const LogPane *l, const GPtrArray *v)
{
    return l->selected < 0 ? (int)v->len - 1 : MIN(l->selected, (int)v->len - 1);
}

/* The last line drawn: the selection shows whole, and as much before it as fits. */
static int bottom_for(LogPane *l, const GPtrArray *v, int sel, int rows)
{
    int bottom = l->bottom < 0 || l->selected < 0 ? (int)v->len - 1 : MIN(l->bottom, (int)v->len - 1);
    bottom = MAX(bottom, sel);
    int used = 0;
    for (int i = sel; i <= bottom; i++)
        if ((used += height_of(l, v->pdata[i])) > rows && i > sel)
            bottom = i - 1;
    l->bottom = l->selected < 0 ? -1 : bottom;
    return bottom;
}

static void draw_line(LogPane *l, const LogLine *line, int *y, bool top_down, bool selected)
{
    Pane *p = &l->pane;
    GPtrArray *rows = rows_of(l, line);
    int attr = theme_attr(p->theme, selected ? TONE_SELECTED : tone_of(line->level));
    int n = (int)rows->len;
    for (int j = top_down ? 0 : n - 1; j >= 0 && j < n && *y >= 1 && *y < p->h; j += top_down ? 1 : -1) {
        if (selected) {
            wattr_on(p->win, (attr_t)attr, NULL);
            mvwhline(p->win, *y, 0, ' ', p->w);
            wattr_off(p->win, (attr_t)attr, NULL);
        }
        pane_put(p->win, *y, 0, j == 0 ? line->stamp : "", STAMP_COLS - 1, attr);
        pane_put(p->win, *y, STAMP_COLS, rows->pdata[j], p->w - STAMP_COLS, attr);
        *y += top_down ? 1 : -1;
    }
    g_ptr_array_unref(rows);
}

static void draw_lines(LogPane *l, const GPtrArray *v)
{
    int rows = l->pane.h - 1, sel = selected_in(l, v);
    if (sel < 0)
        return;
    int bottom = bottom_for(l, v, sel, rows);
    bool mark = l->pane.focused;
    int y = 1;
    if (height_of(l, v->pdata[sel]) >= rows) { /* taller than the pane: its start, Enter shows the rest */
        draw_line(l, v->pdata[sel], &y, true, mark);
        return;
    }
    y = rows;
    for (int i = bottom; i >= 0 && y >= 1; i--)
        draw_line(l, v->pdata[i], &y, false, mark && i == sel);
}

/* Enter: the selected line, stamp and all, wrapped over the whole pane. */
static void draw_whole(LogPane *l, const GPtrArray *v)
{
    Pane *p = &l->pane;
    const LogLine *line = v->pdata[selected_in(l, v)];
    char *text = g_strdup_printf("%s %s", line->stamp, line->text);
    GPtrArray *rows = pane_wrap(text, p->w - 1);
    l->whole_top = CLAMP(l->whole_top, 0, MAX(0, (int)rows->len - (p->h - 1)));
    char *pos = g_strdup_printf("%d/%u", MIN(l->whole_top + p->h - 1, (int)rows->len), rows->len);
    pane_title(p, "Log · the line whole · Esc returns", pos);
    for (int r = 0; r < p->h - 1 && l->whole_top + r < (int)rows->len; r++)
        pane_put(p->win, 1 + r, 0, rows->pdata[l->whole_top + r], p->w, theme_attr(p->theme, tone_of(line->level)));
    g_free(pos), g_free(text);
    g_ptr_array_unref(rows);
}

static void log_draw(Pane *p)
{
    LogPane *l = of(p);
    GPtrArray *v = visible_lines(l);
    if (l->whole && v->len) {
        draw_whole(l, v);
    } else {
        l->whole = false;
        char *right = g_strdup_printf("%s%s", l->debug ? "debug on " : "",
                                      l->selected >= 0 ? "(scrolled) " : p->focused && v->len ? "Enter: whole " : "");
        pane_title(p, "Log", right);
        g_free(right);
        draw_lines(l, v);
    }
    g_ptr_array_free(v, TRUE);
}

/* Moves the selection; at the newest line it follows new ones again. */
static void select_by(LogPane *l, int delta)
{
    GPtrArray *v = visible_lines(l);
    int last = (int)v->len - 1, sel = CLAMP(selected_in(l, v) + delta, 0, MAX(0, last));
    l->selected = sel >= last ? -1 : sel;
    l->pane.dirty = true;
    g_ptr_array_free(v, TRUE);
}

static void show_whole(LogPane *l, bool whole)
{
    GPtrArray *v = visible_lines(l);
    if (whole && l->selected < 0 && v->len)
        l->selected = (int)v->len - 1; /* the line read stays put while others arrive */
    l->whole = whole && v->len;
    l->whole_top = 0;
    l->pane.dirty = true;
    g_ptr_array_free(v, TRUE);
}

static Action whole_key(LogPane *l, const KeyEvent *k)
{
    int page = MAX(1, l->pane.h - 2);
    Action a = keys_action(CTX_LOG, k);
    if (a == ACT_SHOW_VALUE || a == ACT_BACK) {
        show_whole(l, false);
        return ACT_HANDLED;
    }
    switch (keys_action(CTX_VIEW, k)) {
    case ACT_UP: l->whole_top--; break;
    case ACT_DOWN: l->whole_top++; break;
    case ACT_PAGE_UP: l->whole_top -= page; break;
    case ACT_PAGE_DOWN: l->whole_top += page; break;
    case ACT_TOP: l->whole_top = 0; break;
    case ACT_BOTTOM: l->whole_top = G_MAXINT / 2; break;
    default: return ACT_NONE;
    }
    l->whole_top = MAX(0, l->whole_top);
    l->pane.dirty = true;
    return ACT_HANDLED;
}

static Action log_key(Pane *p, const KeyEvent *k)
{
    LogPane *l = of(p);
    int page = MAX(1, p->h - 2);
    if (l->whole)
        return whole_key(l, k);
    if (keys_action(CTX_LOG, k) == ACT_SHOW_VALUE) {
        show_whole(l, true);
        return ACT_HANDLED;
    }
    switch (keys_action(CTX_VIEW, k)) {
    case ACT_UP: select_by(l, -1); return ACT_HANDLED;
    case ACT_DOWN: select_by(l, 1); return ACT_HANDLED;
    case ACT_PAGE_UP: select_by(l, -page); return ACT_HANDLED;
    case ACT_PAGE_DOWN: select_by(l, page); return ACT_HANDLED;
    case ACT_TOP: select_by(l, -G_MAXINT / 2); return ACT_HANDLED;
    case ACT_BOTTOM: select_by(l, G_MAXINT / 2); return ACT_HANDLED;
    default: return ACT_NONE;
    }
}

static void log_mouse(Pane *p, int y, int x, int button)
{
    (void)y, (void)x;
    if (button == 4 || button == 5)
        select_by(of(p), button == 4 ? -3 : 3);
}

static void line_free(gpointer data)
{
    LogLine *line = data;
    g_free(line->stamp);
    g_free(line->text);
    g_free(line);
}

static void log_free(Pane *p)
{
    for (size_t i = 0; i < G_N_ELEMENTS(of(p)->of_level); i++)
        g_queue_clear(&of(p)->of_level[i]);
    g_queue_clear_full(&of(p)->lines, line_free);
    g_free(p);
}

static const PaneOps LOG_OPS = { "log", log_draw, log_key, log_mouse, log_free };

LogPane *log_pane_new(const Theme *theme)
{
    LogPane *l = g_new0(LogPane, 1);
    pane_init(&l->pane, &LOG_OPS, theme);
    g_queue_init(&l->lines);
    l->selected = l->bottom = -1;
    return l;
}

Pane *log_pane_base(LogPane *l) { return &l->pane; }

/* Which line goes when the log is full: the oldest debug line, else the
 * oldest plain one, else the oldest. A batch writes three routine lines a
 * row; the refusal of row 3 of 2,000, which its summary sends the person
 * to the log for, must outlive them. */
static LogLevel level_to_drop(const LogPane *l)
{
    if (l->of_level[LOG_DEBUG].length)
        return LOG_DEBUG;
    if (l->of_level[LOG_INFO].length)
        return LOG_INFO;
    return ((const LogLine *)l->lines.head->data)->level;
}

/* How many lines shown stand before IT. */
static int shown_before(const LogPane *l, const GList *it)
{
    int n = 0;
    for (const GList *at = l->lines.head; at != it; at = at->next)
        n += shown(l, at->data);
    return n;
}

/* A line goes; someone reading a later one keeps their place. */
static void drop_one(LogPane *l)
{
    GList *it = g_queue_pop_head(&l->of_level[level_to_drop(l)]);
    LogLine *old = it->data;
    if (shown(l, old) && l->selected >= 0) { /* counted only while the person reads back */
        int before = shown_before(l, it);
        l->selected = MAX(0, l->selected - (before <= l->selected));
        l->bottom = MAX(0, l->bottom - (before <= l->bottom));
    }
    g_queue_delete_link(&l->lines, it);
    line_free(old);
}

static void add_line(LogPane *l, LogLevel level, const char *stamp, const char *text, size_t len)
{
    LogLine *line = g_new0(LogLine, 1);
    line->level = level;
    line->stamp = g_strdup(stamp);
    line->text = safe_text(text, len);
    g_queue_push_tail(&l->lines, line);
    g_queue_push_tail(&l->of_level[level], l->lines.tail);
    while (l->lines.length > LOG_CAP)
        drop_one(l);
}

void log_pane_add(LogPane *l, LogLevel level, const char *text)
{
    GDateTime *now = g_date_time_new_now_local();
    char *stamp = g_date_time_format(now, "%H:%M:%S");
    const char *start = text;
    for (const char *nl; (nl = strchr(start, '\n')); start = nl + 1)
        if (nl > start)
            add_line(l, level, stamp, start, (size_t)(nl - start));
    if (*start)
        add_line(l, level, stamp, start, strlen(start));
    g_free(stamp);
    g_date_time_unref(now);
    l->pane.dirty = true;
}

void log_pane_toggle_debug(LogPane *l)
{
    l->debug = !l->debug;
    l->selected = l->bottom = -1;
    l->whole = false;
    l->pane.dirty = true;
}
