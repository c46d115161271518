/* The console on screen: which panes show where, drawn with one doupdate,
 * and the few facts every controller asks of the console. */
#include "app/console_internal.h"

#include <string.h>

/* ---- small helpers the other console files use ------------------------------- */

const Profile *console_profile(const Console *c) { return &c->profiles.items[c->profile]; }

const Descriptor *console_descriptor(const Console *c)
{
    return provider_set_find(&c->providers, console_profile(c)->provider);
}

void console_status(Console *c, const char *state, Tone tone, const char *message)
{
    status_pane_set(c->status, state, tone, message);
}

/* The panes, once: layout, drawing, mouse and teardown walk this list. */
size_t console_all_panes(Console *c, Pane **out)
{
    Pane *all[] = { list_pane_base(c->list), form_pane_base(c->form), view_pane_base(c->record),
                    text_pane_base(c->help), log_pane_base(c->log), status_pane_base(c->status),
                    dialog_base(c->dialog), palette_pane_base(c->palette), customers_pane_base(c->customers_pane) };
    memcpy(out, all, sizeof all);
    return G_N_ELEMENTS(all);
}

bool console_centre_wide(Console *c)
{
    return c->layout.mode == LAYOUT_SPLIT && console_centre(c) == customers_pane_base(c->customers_pane);
}

Pane *console_centre(Console *c)
{
    return c->show_help ? text_pane_base(c->help)
           : c->show_record ? view_pane_base(c->record)
           : c->show_customers ? customers_pane_base(c->customers_pane) : form_pane_base(c->form);
}

static KeyContext context_of(Console *c, Pane *p)
{
    return p == list_pane_base(c->list)     ? CTX_LIST
           : p == form_pane_base(c->form)   ? form_pane_key_context(c->form)
           : p == view_pane_base(c->record) ? view_pane_keys(c->record)
           : p == log_pane_base(c->log)     ? CTX_LOG
           : p == customers_pane_base(c->customers_pane) ? CTX_CUSTOMERS
                                            : CTX_VIEW;
}

void console_focus(Console *c, Pane *p)
{
    if (c->focus && c->focus != p) /* what was said about the pane left goes with it */
        status_pane_end_scope(c->status, c->focus, p == form_pane_base(c->form) ? "editing" : NULL);
    if (c->focus)
        c->focus->focused = false, c->focus->dirty = true;
    c->focus = p;
    p->focused = true;
    p->dirty = true;
    status_pane_set_keys(c->status, context_of(c, p));
}


void console_show_record(Console *c, bool show)
{
    c->show_record = show && !view_pane_empty(c->record);
    c->show_help = false;
    console_focus(c, console_centre(c)); /* first: one pane at a time shows the focused one */
    console_relayout(c);
}

/* ---- layout ------------------------------------------------------------------------ */

static void place(Pane *p, Rect r, bool shown)
{
    pane_place(p, r.y, r.x, shown ? r.h : 0, shown ? r.w : 0);
}

void console_relayout(Console *c)
{
    c->layout = layout_compute(LINES, COLS);
    const Layout *l = &c->layout;
    bool split = l->mode == LAYOUT_SPLIT, tabs = l->mode == LAYOUT_TABS;
    Pane *mid = console_centre(c);
    /* The customers' five columns take the list's room too: it is a step away (Esc). */
    bool wide = console_centre_wide(c);
    Rect centre = wide ? (Rect){ l->centre.y, 0, l->centre.h, l->status.w } : l->centre;
    Pane *panes[] = { form_pane_base(c->form), view_pane_base(c->record), text_pane_base(c->help),
                      customers_pane_base(c->customers_pane) };
    for (size_t i = 0; i < G_N_ELEMENTS(panes); i++)
        place(panes[i], centre, panes[i] == mid && (split || (tabs && c->focus == mid)));
    place(list_pane_base(c->list), l->list, (split && !wide) || (tabs && c->focus == list_pane_base(c->list)));
    place(log_pane_base(c->log), l->log, split || (tabs && c->focus == log_pane_base(c->log)));
    place(status_pane_base(c->status), l->status, l->mode != LAYOUT_TOO_SMALL);
    if (dialog_is_open(c->dialog))
        dialog_place(c->dialog, LINES, COLS);
    if (palette_pane_is_open(c->palette))
        palette_pane_place(c->palette, LINES, COLS);
    /* stdscr is wiped below, so every pane must copy itself over it again. */
    Pane *all[CONSOLE_MAX_PANES];
    for (size_t i = 0, n = console_all_panes(c, all); i < n; i++)
        all[i]->dirty = true;
    erase();
    wnoutrefresh(stdscr);
}

/* Says what is needed, on as many lines as the width allows. */
static void draw_too_small(void)
{
    char *lines[] = { g_strdup("terminal too small"), g_strdup_printf("(need %d×%d,", LAYOUT_MIN_COLS, LAYOUT_MIN_LINES),
                      g_strdup_printf("now %d×%d)", COLS, LINES) };
    erase();
    for (int i = 0; i < 3; i++) {
        int cols = (int)g_utf8_strlen(lines[i], -1);
        mvaddnstr(MAX(0, LINES / 2 - 1 + i), MAX(0, (COLS - cols) / 2), lines[i], -1);
        g_free(lines[i]);
    }
    wnoutrefresh(stdscr);
}

void console_draw(Console *c)
{
    if (c->layout.mode == LAYOUT_TOO_SMALL) {
        draw_too_small();
        doupdate();
        return;
    }
    if (c->layout.mode == LAYOUT_SPLIT && !console_centre_wide(c))
        pane_line(stdscr, &c->theme, c->layout.centre.y, c->layout.centre.x - 1, c->layout.centre.h, true),
            wnoutrefresh(stdscr);
    Pane *all[CONSOLE_MAX_PANES];
    size_t n = console_all_panes(c, all);
    for (size_t i = 0; i < n; i++)
        if (all[i] != dialog_base(c->dialog) && all[i] != palette_pane_base(c->palette))
            pane_refresh(all[i]);
    if (dialog_is_open(c->dialog)) { /* over the others, whatever they redrew */
        dialog_base(c->dialog)->dirty = true;
        pane_refresh(dialog_base(c->dialog));
        dialog_place_cursor(c->dialog);
    } else if (palette_pane_is_open(c->palette)) { /* the same */
        palette_pane_base(c->palette)->dirty = true;
        pane_refresh(palette_pane_base(c->palette));
        palette_pane_place_cursor(c->palette);
    } else if (c->focus == form_pane_base(c->form)) {
        form_pane_place_cursor(c->form);
    } else {
        curs_set(0);
    }
    doupdate();
}

