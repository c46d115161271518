#include "ui/log_pane.h"

#include "model/safe_text.h"

#include <glib.h>
#include <string.h>

#define LOG_CAP 2000

typedef struct {
    LogLevel level;
    char *text;    /* "HH:MM:SS text", terminal-safe */
} LogLine;

struct LogPane {
    Pane pane;
    GQueue lines;          /* LogLine*, oldest first */
    bool debug;
    int from_bottom;       /* 0 follows new lines; more when scrolled up */
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

static void log_draw(Pane *p)
{
    LogPane *l = of(p);
    GPtrArray *v = visible_lines(l);
    int rows = p->h - 1;
    int last = (int)v->len - 1 - l->from_bottom;
    char *right = g_strdup_printf("%s%s", l->debug ? "debug on " : "", l->from_bottom ? "(scrolled) " : "");
    pane_title(p, "Log", right);
    for (int r = rows - 1, i = last; r >= 0 && i >= 0; r--, i--) {
        const LogLine *line = v->pdata[i];
        pane_put(p->win, 1 + r, 0, line->text, p->w, theme_attr(p->theme, tone_of(line->level)));
    }
    g_free(right);
    g_ptr_array_free(v, TRUE);
}

static void scroll_by(LogPane *l, int delta)
{
    GPtrArray *v = visible_lines(l);
    int max = MAX(0, (int)v->len - (l->pane.h - 1));
    l->from_bottom = CLAMP(l->from_bottom + delta, 0, max);
    l->pane.dirty = true;
    g_ptr_array_free(v, TRUE);
}

static Action log_key(Pane *p, const KeyEvent *k)
{
    LogPane *l = of(p);
    int page = MAX(1, p->h - 2);
    switch (keys_action(CTX_VIEW, k)) {
    case ACT_UP: scroll_by(l, 1); return ACT_HANDLED;
    case ACT_DOWN: scroll_by(l, -1); return ACT_HANDLED;
    case ACT_PAGE_UP: scroll_by(l, page); return ACT_HANDLED;
    case ACT_PAGE_DOWN: scroll_by(l, -page); return ACT_HANDLED;
    case ACT_TOP: scroll_by(l, G_MAXINT / 2); return ACT_HANDLED;
    case ACT_BOTTOM: scroll_by(l, -G_MAXINT / 2); return ACT_HANDLED;
    default: return ACT_NONE;
    }
}

static void log_mouse(Pane *p, int y, int x, int button)
{
    (void)y, (void)x;
    if (button == 4 || button == 5)
        scroll_by(of(p), button == 4 ? 3 : -3);
}

static void line_free(gpointer data)
{
    LogLine *line = data;
    g_free(line->text);
    g_free(line);
}

static void log_free(Pane *p)
{
    g_queue_clear_full(&of(p)->lines, line_free);
    g_free(p);
}

static const PaneOps LOG_OPS = { "log", log_draw, log_key, log_mouse, log_free };

LogPane *log_pane_new(const Theme *theme)
{
    LogPane *l = g_new0(LogPane, 1);
    pane_init(&l->pane, &LOG_OPS, theme);
    g_queue_init(&l->lines);
    return l;
}

Pane *log_pane_base(LogPane *l) { return &l->pane; }

static void add_line(LogPane *l, LogLevel level, const char *stamp, const char *text, size_t len)
{
    char *safe = safe_text(text, len);
    LogLine *line = g_new0(LogLine, 1);
    line->level = level;
    line->text = g_strdup_printf("%s %s", stamp, safe);
    g_free(safe);
    g_queue_push_tail(&l->lines, line);
    if (l->from_bottom && shown(l, line))
        l->from_bottom++; /* someone reading older lines keeps their place */
    while (l->lines.length > LOG_CAP)
        line_free(g_queue_pop_head(&l->lines));
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
    l->from_bottom = 0;
    l->pane.dirty = true;
}

