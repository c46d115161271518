#include "ui/pane.h"

#include "model/safe_text.h"
#include "ui/line_edit.h"

#include <glib.h>
#include <string.h>
#include <wchar.h>

void pane_init(Pane *p, const PaneOps *ops, const Theme *theme)
{
    memset(p, 0, sizeof *p);
    p->ops = ops;
    p->theme = theme;
    p->dirty = true;
}

void pane_place(Pane *p, int y, int x, int h, int w)
{
    bool same = p->win && p->y == y && p->x == x && p->h == h && p->w == w;
    p->visible = h > 0 && w > 0;
    if (same)
        return;
    if (p->win)
        delwin(p->win);
    p->win = p->visible ? newwin(h, w, y, x) : NULL;
    p->y = y, p->x = x, p->h = h, p->w = w;
    p->dirty = true;
}

void pane_refresh(Pane *p)
{
    if (!p->visible || !p->win)
        return;
    if (p->dirty) {
        werase(p->win);
        p->ops->draw(p);
        p->dirty = false;
    }
    wnoutrefresh(p->win);
}

void pane_free(Pane *p)
{
    if (!p)
        return;
    if (p->win)
        delwin(p->win);
    p->ops->free(p);
}

bool pane_contains(const Pane *p, int y, int x)
{
    return p->visible && y >= p->y && y < p->y + p->h && x >= p->x && x < p->x + p->w;
}

int pane_put(WINDOW *w, int y, int x, const char *text, int max, int attr)
{
    int used = 0;
    wattr_on(w, (attr_t)attr, NULL);
    const char *end = text + strlen(text), *next;
    for (const char *s = text; *s && used < max; s = next) {
        /* The last line of defence: a name or label from a file that reached
         * here unescaped still sends no control, C1 or bidi mark, and an
         * invalid byte is one cell, never a reason to read past the end. */
        gunichar c = g_utf8_get_char_validated(s, end - s);
        bool invalid = c == (gunichar)-1 || c == (gunichar)-2;
        next = invalid ? s + 1 : g_utf8_next_char(s);
        if (invalid || safe_text_escapes(c))
            c = 0xfffd;
        int cw = wcwidth((wchar_t)c);
        cw = cw < 0 ? 1 : cw;
        if (used + cw > max)
            break;
        cchar_t cell;
        wchar_t wc[2] = { (wchar_t)c, 0 };
        setcchar(&cell, wc, 0, 0, NULL);
        mvwadd_wch(w, y, x + used, &cell);
        used += cw;
    }
    wattr_off(w, (attr_t)attr, NULL);
    return used;
}

void pane_title(Pane *p, const char *title, const char *right)
{
    int attr = theme_attr(p->theme, p->focused ? TONE_SELECTED : TONE_ACCENT) | (p->focused ? A_BOLD : 0);
    wattr_on(p->win, (attr_t)attr, NULL);
    mvwhline(p->win, 0, 0, ' ', p->w);
    wattr_off(p->win, (attr_t)attr, NULL);
    pane_put(p->win, 0, 1, title, p->w - 2, attr);
    if (right) {
        int cols = text_columns(right, strlen(right));
        if (cols < p->w - 2 - text_columns(title, strlen(title)) - 1)
            pane_put(p->win, 0, p->w - 1 - cols, right, cols, attr);
    }
}

void pane_line(WINDOW *w, const Theme *t, int y, int x, int n, bool down)
{
    const char *glyph = t->utf8 ? (down ? "│" : "─") : (down ? "|" : "-");
    for (int i = 0; i < n; i++)
        pane_put(w, down ? y + i : y, down ? x : x + i, glyph, 1, theme_attr(t, TONE_DIM));
}

/* Where the line that starts at P ends: the last space that keeps it within
 * WIDTH columns, else as many characters as fit (at least one). */
static const char *wrap_end(const char *p, int width)
{
    const char *end = p, *space = NULL;
    int cols = 0;
    while (*end) {
        const char *next = g_utf8_next_char(end);
        int cw = MAX(1, text_columns(end, (size_t)(next - end)));
        if (cols + cw > width && end > p)
            return *end == ' ' || !space ? end : space;
        if (*end == ' ' && end > p)
            space = end;
        cols += cw;
        end = next;
    }
    return end;
}

GPtrArray *pane_wrap(const char *text, int width)
{
    GPtrArray *lines = g_ptr_array_new_with_free_func(g_free);
    char *valid = g_utf8_make_valid(text ? text : "", -1); /* stepped through by character */
    const char *p = valid;
    width = MAX(width, 1);
    do {
        const char *end = wrap_end(p, width);
        g_ptr_array_add(lines, g_strndup(p, (gsize)(end - p)));
        p = *end == ' ' ? end + 1 : end;
    } while (*p);
    g_free(valid);
    return lines;
}
