/* The common part of every pane, first in each concrete one (htop's Panel):
 * geometry, window, dirty flag and the ops that make it what it is. */
#ifndef CUSTTY_UI_PANE_H
#define CUSTTY_UI_PANE_H

#include "ui/keys.h"
#include "ui/theme.h"

#include <curses.h>
#include <glib.h>
#include <stdbool.h>

typedef struct Pane Pane;

typedef struct {
    const char *name;
    void (*draw)(Pane *p);                       /* into p->win; called when dirty */
    Action (*key)(Pane *p, const KeyEvent *k);   /* ACT_HANDLED, ACT_NONE, or one for the app */
    void (*mouse)(Pane *p, int y, int x, int button); /* window coordinates */
    void (*free)(Pane *p);
} PaneOps;

struct Pane {
    const PaneOps *ops;
    const Theme *theme;
    WINDOW *win;
    int y, x, h, w;
    bool dirty;
    bool visible;
    bool focused;
};

void pane_init(Pane *p, const PaneOps *ops, const Theme *theme);
/* Moves and resizes P (recreating its window); hides it when H or W is 0. */
void pane_place(Pane *p, int y, int x, int h, int w);
/* Draws P if it is visible and dirty, and queues it for doupdate(). */
void pane_refresh(Pane *p);
void pane_free(Pane *p);
/* Whether screen cell (Y, X) is inside P. */
bool pane_contains(const Pane *p, int y, int x);

/* Draws a title line at the top of P's window: focused panes stand out. */
void pane_title(Pane *p, const char *title, const char *right);
/* A line of N cells from (Y, X): across, or down when DOWN. Drawn with
 * Unicode box characters where the locale has them (not the terminal's
 * alternate character set, which multiplexers sometimes mangle). */
void pane_line(WINDOW *w, const Theme *t, int y, int x, int n, bool down);
/* Writes UTF-8 TEXT at (Y, X), clipped to MAX columns; returns columns used. */
int pane_put(WINDOW *w, int y, int x, const char *text, int max, int attr);
/* TEXT cut into lines of at most WIDTH columns, at spaces where it can (the
 * space ending a line is dropped), so that every word can be read whole.
 * A GPtrArray of g_strdup'ed lines; at least one (g_ptr_array_unref it). */
GPtrArray *pane_wrap(const char *text, int width);

#endif
