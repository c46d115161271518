/* Where the panes go for a terminal size: side by side, one at a time (tabs),
 * or a plain "too small" notice. Pure arithmetic, tested without a terminal. */
#ifndef CUSTTY_UI_LAYOUT_H
#define CUSTTY_UI_LAYOUT_H

typedef enum { LAYOUT_SPLIT, LAYOUT_TABS, LAYOUT_TOO_SMALL } LayoutMode;

typedef struct {
    int y, x, h, w;
} Rect;

typedef struct {
    LayoutMode mode;
    Rect list, centre, log, status;  /* in TABS every pane gets the same body */
} Layout;

#define LAYOUT_MIN_COLS 30
#define LAYOUT_MIN_LINES 8
#define LAYOUT_SPLIT_COLS 72
#define LAYOUT_SPLIT_LINES 16

Layout layout_compute(int lines, int cols);

#endif
