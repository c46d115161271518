#include "ui/theme.h"

#include <curses.h>
#include <langinfo.h>
#include <stdlib.h>
#include <string.h>

static bool wants_color(void)
{
    const char *no = getenv("NO_COLOR");
    return !(no && *no) && has_colors();
}

void theme_init(Theme *t)
{
    t->color = wants_color();
    t->utf8 = strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
    t->ok = t->utf8 ? "✓" : "ok";
    t->bad = t->utf8 ? "✗" : "!!";
    t->required = "*";
    t->ellipsis = t->utf8 ? "…" : "...";
    t->bullet = t->utf8 ? "•" : "*";
    if (!t->color)
        return;
    start_color();
    use_default_colors(); /* the terminal's own background, not black */
    init_pair(TONE_DIM, COLOR_BLUE, -1);
    init_pair(TONE_GOOD, COLOR_GREEN, -1);
    init_pair(TONE_BAD, COLOR_RED, -1);
    init_pair(TONE_WARN, COLOR_YELLOW, -1);
    init_pair(TONE_LIVE, COLOR_WHITE, COLOR_RED);
    init_pair(TONE_ACCENT, COLOR_CYAN, -1);
    init_pair(TONE_SELECTED, COLOR_BLACK, COLOR_CYAN);
    init_pair(TONE_KEY, COLOR_BLACK, COLOR_WHITE);
}

int theme_attr(const Theme *t, Tone tone)
{
    if (t->color && tone == TONE_NORMAL)
        return (int)A_NORMAL;
    if (t->color)
        return (int)(COLOR_PAIR(tone) | (tone == TONE_LIVE || tone == TONE_BAD ? A_BOLD : 0));
    switch (tone) {
    case TONE_LIVE: case TONE_SELECTED: case TONE_KEY: return (int)A_REVERSE;
    case TONE_BAD: case TONE_ACCENT: return (int)A_BOLD;
    case TONE_DIM: return (int)A_DIM;
    default: return (int)A_NORMAL;
    }
}
