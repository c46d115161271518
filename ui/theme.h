/* Colours and the symbols that stand in for them under NO_COLOR or on a
 * monochrome terminal: state is never shown by colour alone. */
#ifndef CUSTTY_UI_THEME_H
#define CUSTTY_UI_THEME_H

#include <stdbool.h>

typedef enum {
    TONE_NORMAL,
    TONE_DIM,
    TONE_GOOD,
    TONE_BAD,
    TONE_WARN,
    TONE_LIVE,
    TONE_ACCENT,
    TONE_SELECTED,
    TONE_KEY,
    TONE_COUNT,
} Tone;

typedef struct {
    bool color;           /* false: NO_COLOR set, or the terminal has none */
    bool utf8;            /* the locale can show ✓ ✗ … */
    const char *ok;       /* "✓" or "ok" */
    const char *bad;      /* "✗" or "!!" */
    const char *required; /* "*" */
    const char *ellipsis; /* "…" or "..." */
    const char *bullet;   /* "•" or "*" for masked passwords */
} Theme;

/* Call after initscr(). */
void theme_init(Theme *t);
/* The curses attributes of TONE (a colour pair, or bold/reverse without colour). */
int theme_attr(const Theme *t, Tone tone);

#endif
