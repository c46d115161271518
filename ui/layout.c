#include "ui/layout.h"

static int clamp(int v, int lo, int hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

Layout layout_compute(int lines, int cols)
{
    Layout l = { 0 };
    if (lines < LAYOUT_MIN_LINES || cols < LAYOUT_MIN_COLS) {
        l.mode = LAYOUT_TOO_SMALL;
        return l;
    }
    l.status = (Rect){ lines - 2, 0, 2, cols };
    int body = lines - 2;
    if (lines < LAYOUT_SPLIT_LINES || cols < LAYOUT_SPLIT_COLS) {
        l.mode = LAYOUT_TABS;
        l.list = l.centre = l.log = (Rect){ 0, 0, body, cols };
        return l;
    }
    l.mode = LAYOUT_SPLIT;
    int list_w = clamp(cols / 4, 24, 36);
    int log_h = clamp(body / 4, 4, 12);
    l.list = (Rect){ 0, 0, body - log_h, list_w };
    l.centre = (Rect){ 0, list_w + 1, body - log_h, cols - list_w - 1 };
    l.log = (Rect){ body - log_h, 0, log_h, cols };
    return l;
}
