/* The command palette (Ctrl-P or :, as in Posting and k9s): a box over the
 * panes with a one-line filter that finds, by a few letters in order, any of
 * the console's actions (F1's lines for them, from the key table) or a
 * profile by name. While it is open it takes every key. */
#ifndef CUSTTY_UI_PALETTE_PANE_H
#define CUSTTY_UI_PALETTE_PANE_H

#include "ui/pane.h"

#include <stddef.h>

typedef struct PalettePane PalettePane;

/* What Enter chose: an action to run, or a profile to open. */
typedef struct {
    bool is_profile;
    Action action;
    size_t profile;    /* its index in the names given to palette_pane_open */
    const KeyBinding *field_key; /* a key of the focused field's (Ctrl-X: null), run as if pressed there; else NULL */
} PaletteChoice;

typedef enum { PALETTE_PENDING, PALETTE_CHOSEN, PALETTE_CLOSED } PaletteResult;

PalettePane *palette_pane_new(const Theme *theme);
Pane *palette_pane_base(PalettePane *p);
/* Opens it, empty, on the actions everywhere in the console and N profiles:
 * NAMES and what each is (DETAILS, e.g. "billing-v1 · LIVE"), both copied. */
void palette_pane_open(PalettePane *p, const char *const *names, const char *const *details, size_t n);
/* Adds the keys of the focused field's N contexts CTX (Ctrl-X: send null,
 * Ctrl-T: today), first: what works on this field is found by its words too. */
void palette_pane_add_field_keys(PalettePane *p, const KeyContext *ctx, size_t n);
bool palette_pane_is_open(const PalettePane *p);
/* Feeds a key: still PENDING, CHOSEN (*OUT filled; it has closed) or CLOSED (Esc). */
PaletteResult palette_pane_key(PalettePane *p, const KeyEvent *k, PaletteChoice *out);
/* Near the top, centred, on a screen of LINES × COLS. */
void palette_pane_place(PalettePane *p, int lines, int cols);
void palette_pane_place_cursor(PalettePane *p);

/* How well QUERY matches TEXT, letters in order, any case: -1 for not at all,
 * else lower is better (a whole word, then close together, then early). */
int palette_match(const char *text, const char *query);

#endif
