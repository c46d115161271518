#include "ui/dialog.h"

#include "ui/line_edit.h"

#include <glib.h>
#include <string.h>

struct Dialog {
    Pane pane;
    bool open, wants_entry, hidden;
    DialogThen then;
    char *title, *text;
    LineEdit entry;
    int cursor_x;
};

static Dialog *of(Pane *p) { return (Dialog *)p; }

/* The question's lines, each wrapped at spaces to WIDTH columns, so that an
 * id or a time at the end of a long line is never cut at the frame
 * (g_ptr_array_unref). */
static GPtrArray *text_lines(const char *text, int width)
{
    GPtrArray *all = g_ptr_array_new_with_free_func(g_free);
    gchar **parts = g_strsplit(text ? text : "", "\n", -1);
    for (gchar **l = parts; *l; l++) {
        GPtrArray *wrapped = pane_wrap(*l, width);
        for (guint i = 0; i < wrapped->len; i++)
            g_ptr_array_add(all, g_strdup(g_ptr_array_index(wrapped, i)));
        g_ptr_array_unref(wrapped);
    }
    g_strfreev(parts);
    return all;
}

static void dialog_draw(Pane *p)
{
    Dialog *d = of(p);
    const Theme *t = p->theme;
    pane_line(p->win, t, 0, 0, p->w, false);
    pane_line(p->win, t, p->h - 1, 0, p->w, false);
    pane_line(p->win, t, 0, 0, p->h, true);
    pane_line(p->win, t, 0, p->w - 1, p->h, true);
    const char *corners[] = { "┌", "┐", "└", "┘" }, *plain = "+";
    int cy[] = { 0, 0, p->h - 1, p->h - 1 }, cx[] = { 0, p->w - 1, 0, p->w - 1 };
    for (int i = 0; i < 4; i++)
        pane_put(p->win, cy[i], cx[i], t->utf8 ? corners[i] : plain, 1, theme_attr(t, TONE_DIM));
    pane_put(p->win, 0, 2, d->title, p->w - 4, A_BOLD | theme_attr(t, TONE_ACCENT));
    GPtrArray *lines = text_lines(d->text, p->w - 4);
    for (guint i = 0; i < lines->len && (int)i + 1 < p->h - 2; i++)
        pane_put(p->win, (int)i + 1, 2, g_ptr_array_index(lines, i), p->w - 4, 0);
    g_ptr_array_unref(lines);
    if (d->wants_entry) {
        GString *shown = g_string_new(NULL);
        for (glong i = 0; d->hidden && i < g_utf8_strlen(d->entry.text->str, -1) && (int)i < p->w - 6; i++)
            g_string_append(shown, t->bullet);
        if (!d->hidden)
            g_string_append(shown, d->entry.text->str);
        mvwhline(p->win, p->h - 2, 2, ' ', p->w - 4);
        d->cursor_x = 2 + pane_put(p->win, p->h - 2, 2, shown->str, p->w - 4, A_UNDERLINE);
        g_string_free(shown, TRUE);
    } else {
        pane_put(p->win, p->h - 2, 2, "y = yes    n or Esc = no", p->w - 4, theme_attr(t, TONE_DIM));
    }
}

static Action dialog_pane_key(Pane *p, const KeyEvent *k)
{
    (void)p, (void)k;
    return ACT_NONE;
}

static void dialog_mouse(Pane *p, int y, int x, int b)
{
    (void)p, (void)y, (void)x, (void)b;
}

static void drop(Dialog *d);

static void dialog_free(Pane *p)
{
    Dialog *d = of(p);
    drop(d);
    line_edit_done(&d->entry);
    g_free(d);
}

static const PaneOps DIALOG_OPS = { "dialog", dialog_draw, dialog_pane_key, dialog_mouse, dialog_free };

Dialog *dialog_new(const Theme *theme)
{
    Dialog *d = g_new0(Dialog, 1);
    pane_init(&d->pane, &DIALOG_OPS, theme);
    line_edit_init(&d->entry, NULL);
    return d;
}

Pane *dialog_base(Dialog *d) { return &d->pane; }
bool dialog_is_open(const Dialog *d) { return d->open; }

/* Closes it, wiping what was typed, and forgets its continuation. */
static void drop(Dialog *d)
{
    if (d->then.ctx_free)
        d->then.ctx_free(d->then.ctx);
    d->then = (DialogThen){ 0 };
    d->open = false;
    line_edit_set(&d->entry, "");
    g_free(d->title), g_free(d->text);
    d->title = d->text = NULL;
}

static void open_with(Dialog *d, DialogThen then, const char *title, const char *text, bool entry, bool hidden)
{
    drop(d); /* one question at a time: a newer one replaces an unanswered one */
    d->title = g_strdup(title);
    d->text = g_strdup(text);
    d->then = then;
    d->wants_entry = entry;
    d->hidden = hidden;
    d->open = true;
    line_edit_set(&d->entry, "");
    d->pane.dirty = true;
}

void dialog_ask(Dialog *d, const char *title, const char *text, DialogThen then)
{
    open_with(d, then, title, text, false, false);
}

void dialog_ask_secret(Dialog *d, const char *title, const char *text, DialogThen then)
{
    open_with(d, then, title, text, true, true);
}

void dialog_ask_text(Dialog *d, const char *title, const char *text, const char *initial, DialogThen then)
{
    open_with(d, then, title, text, true, false);
    line_edit_insert(&d->entry, initial, strlen(initial));
}

void dialog_answer(Dialog *d, DialogAnswer answer)
{
    DialogThen then = d->then;
    char *text = d->wants_entry ? g_strdup(d->entry.text->str) : NULL;
    d->then.ctx_free = NULL; /* freed below, after the call */
    drop(d);
    if (then.then)
        then.then(then.ctx, answer == DIALOG_YES, text);
    if (then.ctx_free)
        then.ctx_free(then.ctx);
    if (text)
        explicit_bzero(text, strlen(text)); /* it may be a token */
    g_free(text);
}

static DialogAnswer entry_key(Dialog *d, const KeyEvent *k)
{
    EntryKey r = keys_edit_entry(&d->entry, k);
    d->pane.dirty = true;
    if (r == ENTRY_ENTER && d->entry.text->len)
        return DIALOG_YES;
    return r == ENTRY_ESCAPE ? DIALOG_NO : DIALOG_PENDING;
}

DialogAnswer dialog_key(Dialog *d, const KeyEvent *k)
{
    if (!k->is_key && !k->paste && k->code == 27)
        return DIALOG_NO;
    if (d->wants_entry)
        return entry_key(d, k);
    if (!k->is_key && (k->code == 'y' || k->code == 'Y'))
        return DIALOG_YES;
    if (!k->is_key && (k->code == 'n' || k->code == 'N'))
        return DIALOG_NO;
    return DIALOG_PENDING;
}

void dialog_place(Dialog *d, int lines, int cols)
{
    int w = MIN(cols, 70);
    GPtrArray *rows = text_lines(d->text, w - 4);
    int h = MIN(lines, (int)rows->len + 4);
    g_ptr_array_unref(rows);
    pane_place(&d->pane, (lines - h) / 2, (cols - w) / 2, h, w);
}

void dialog_place_cursor(Dialog *d)
{
    curs_set(d->wants_entry ? 1 : 0);
    if (d->wants_entry)
        wmove(d->pane.win, d->pane.h - 2, d->cursor_x), wnoutrefresh(d->pane.win);
}
