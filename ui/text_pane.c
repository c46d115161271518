#include "ui/text_pane.h"

#include "model/safe_text.h"
#include "ui/line_edit.h"

#include <glib.h>
#include <string.h>

struct TextPane {
    Pane pane;
    char *title, *right;
    GPtrArray *lines;  /* terminal-safe */
    GPtrArray *rows;   /* the lines wrapped to the width (help lines are long at 80 columns) */
    int rows_width;    /* the width ROWS were made for, 0 when they are stale */
    int top;           /* in rows */
};

static TextPane *of(Pane *p) { return (TextPane *)p; }

/* Where a wrapped line goes on: under the text after "  KEYS  " (a help
 * line), else under its own indent. */
static int hanging_indent(const char *line, int width)
{
    size_t lead = strspn(line, " ");
    const char *gap = lead ? strstr(line + lead, "  ") : NULL;
    int at = gap ? (int)(gap - line + strspn(gap, " ")) : (int)lead;
    return at < width / 2 ? at : 2;
}

/* LINE cut at spaces into rows of at most WIDTH columns, onto ROWS. */
static void wrap_line(GPtrArray *rows, const char *line, int width)
{
    int indent = 0;
    const char *p = line;
    do {
        int room = MAX(8, width - indent), used = 0;
        const char *end = p, *space = NULL;
        while (*end && used < room) {
            const char *next = g_utf8_next_char(end);
            used += text_columns(end, (size_t)(next - end));
            if (*end == ' ' && end > p)
                space = end;
            end = next;
        }
        if (*end && space && used >= room)
            end = space;
        g_ptr_array_add(rows, g_strdup_printf("%*s%.*s", indent, "", (int)(end - p), p));
        if (indent == 0)
            indent = hanging_indent(line, width);
        p = end + strspn(end, " ");
    } while (*p);
}

static void wrap(TextPane *t, int width)
{
    if (t->rows_width == width)
        return;
    g_ptr_array_set_size(t->rows, 0);
    for (guint i = 0; i < t->lines->len; i++)
        wrap_line(t->rows, t->lines->pdata[i], width);
    t->rows_width = width;
}

static void text_draw(Pane *p)
{
    TextPane *t = of(p);
    int rows = p->h - 1;
    wrap(t, MAX(1, p->w - 2));
    t->top = CLAMP(t->top, 0, MAX(0, (int)t->rows->len - rows));
    char *pos = g_strdup_printf("%s%s%d/%u", t->right ? t->right : "", t->right ? "  " : "",
                                MIN(t->top + rows, (int)t->rows->len), t->rows->len);
    pane_title(p, t->title ? t->title : "", pos);
    for (int r = 0; r < rows && t->top + r < (int)t->rows->len; r++) {
        pane_put(p->win, 1 + r, 1, t->rows->pdata[t->top + r], p->w - 1, 0);
    }
    g_free(pos);
}

static void scroll_to(TextPane *t, int top)
{
    wrap(t, MAX(1, t->pane.w - 2));
    t->top = CLAMP(top, 0, MAX(0, (int)t->rows->len - (t->pane.h - 1)));
    t->pane.dirty = true;
}

static Action text_key(Pane *p, const KeyEvent *k)
{
    TextPane *t = of(p);
    int page = MAX(1, p->h - 2);
    switch (keys_action(CTX_VIEW, k)) {
    case ACT_UP: scroll_to(t, t->top - 1); return ACT_HANDLED;
    case ACT_DOWN: scroll_to(t, t->top + 1); return ACT_HANDLED;
    case ACT_PAGE_UP: scroll_to(t, t->top - page); return ACT_HANDLED;
    case ACT_PAGE_DOWN: scroll_to(t, t->top + page); return ACT_HANDLED;
    case ACT_TOP: scroll_to(t, 0); return ACT_HANDLED;
    case ACT_BOTTOM: scroll_to(t, G_MAXINT / 2); return ACT_HANDLED;
    default: return ACT_NONE;
    }
}

static void text_mouse(Pane *p, int y, int x, int button)
{
    (void)y, (void)x;
    if (button == 4 || button == 5)
        scroll_to(of(p), of(p)->top + (button == 4 ? -3 : 3));
}

static void text_free(Pane *p)
{
    TextPane *t = of(p);
    g_ptr_array_free(t->lines, TRUE);
    g_ptr_array_free(t->rows, TRUE);
    g_free(t->title), g_free(t->right);
    g_free(t);
}

static const PaneOps TEXT_OPS = { "text", text_draw, text_key, text_mouse, text_free };

TextPane *text_pane_new(const Theme *theme)
{
    TextPane *t = g_new0(TextPane, 1);
    pane_init(&t->pane, &TEXT_OPS, theme);
    t->lines = g_ptr_array_new_with_free_func(g_free);
    t->rows = g_ptr_array_new_with_free_func(g_free);
    return t;
}

Pane *text_pane_base(TextPane *t) { return &t->pane; }

static void set_lines(TextPane *t, const char *title, const char *right, const char *text, size_t len)
{
    g_free(t->title), g_free(t->right);
    t->title = g_strdup(title);
    t->right = right ? g_strdup(right) : NULL;
    g_ptr_array_set_size(t->lines, 0);
    const char *p = text, *end = text + len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
        g_ptr_array_add(t->lines, safe_text(p, n));
        p += n + (nl ? 1 : 0);
    }
    t->top = 0;
    t->rows_width = 0;
    t->pane.dirty = true;
}

void text_pane_show_text(TextPane *t, const char *title, const char *right, const char *text, size_t len)
{
    set_lines(t, title, right, text, len);
}
