/* The command palette's matching: a few letters in order find an action or a
 * profile, the closest first; and Enter gives what is selected. */
#include "tests/support/curses_screen.h"
#include "ui/palette_pane.h"

#include <criterion/criterion.h>

Test(palette, letters_in_order_match_closest_first)
{
    cr_expect_eq(palette_match("anything", ""), 0, "an empty filter shows everything");
    cr_expect_eq(palette_match("prolifi-sandbox", "xyz"), -1);
    cr_expect_eq(palette_match("prolifi-sandbox", "lp"), -1, "in order only");
    int name = palette_match("prolifi-sandbox", "prol"), other = palette_match("enter a token for this profile", "prol");
    cr_expect(name >= 0 && other >= 0 && name < other, "the name that starts so first: %d, %d", name, other);
    cr_expect_lt(palette_match("botpenguin-sandbox", "SAND"), palette_match("thousands", "sand"),
                 "a word's start before the middle of one, in any case");
    cr_expect_lt(palette_match("billing-sandbox", "bsand"), palette_match("b s a n d", "bsand"),
                 "close together before far apart");
}

static SupportScreen S;
static Theme THEME;

Test(palette, enter_gives_the_selected_profile)
{
    support_screen_start(&S, 24, 80);
    theme_init(&THEME);
    PalettePane *p = palette_pane_new(&THEME);
    const char *names[] = { "billing-sandbox", "prolifi-sandbox" }, *details[] = { "billing-v1", "prolifi" };
    palette_pane_open(p, names, details, 2);
    palette_pane_place(p, 24, 80);
    PaletteChoice c = { 0 };
    for (const char *k = "prol"; *k; k++)
        cr_expect_eq(palette_pane_key(p, &(KeyEvent){ .code = *k }, &c), PALETTE_PENDING);
    cr_expect_eq(palette_pane_key(p, &(KeyEvent){ .code = '\n' }, &c), PALETTE_CHOSEN);
    cr_expect(c.is_profile && c.profile == 1, "prolifi-sandbox");
    cr_expect_not(palette_pane_is_open(p), "closed once chosen");
    palette_pane_open(p, names, details, 2);
    cr_expect_eq(palette_pane_key(p, &(KeyEvent){ .code = 27 }, &c), PALETTE_CLOSED);
    pane_free(palette_pane_base(p));
    support_screen_stop(&S);
}

/* The focused field's keys are in it too, by their words: "null" finds
 * Ctrl-X on a nullable field, "today" Ctrl-T on a date, and Enter gives the
 * key to press there. */
static PaletteChoice chosen_for(PalettePane *p, const char *typed)
{
    PaletteChoice c = { 0 };
    for (const char *k = typed; *k; k++)
        palette_pane_key(p, &(KeyEvent){ .code = *k }, &c);
    cr_expect_eq(palette_pane_key(p, &(KeyEvent){ .code = '\n' }, &c), PALETTE_CHOSEN, "%s finds something", typed);
    return c;
}

Test(palette, the_focused_fields_keys_are_found_by_their_words)
{
    support_screen_start(&S, 24, 80);
    theme_init(&THEME);
    PalettePane *p = palette_pane_new(&THEME);
    const char *names[] = { "quill-sandbox" }, *details[] = { "quill" };
    const KeyContext date_null[] = { CTX_DATE_FIELD, CTX_NULL_FIELD };
    palette_pane_open(p, names, details, 1);
    palette_pane_add_field_keys(p, date_null, 2);
    PaletteChoice c = chosen_for(p, "null");
    cr_assert_not_null(c.field_key, "a field's key");
    cr_expect(c.field_key->code == ('x' & 0x1f) && c.field_key->action == ACT_NULL, "Ctrl-X");
    palette_pane_open(p, names, details, 1);
    palette_pane_add_field_keys(p, date_null, 2);
    c = chosen_for(p, "today");
    cr_assert_not_null(c.field_key, "a field's key");
    cr_expect(c.field_key->code == ('t' & 0x1f) && c.field_key->action == ACT_NOW, "Ctrl-T");
    palette_pane_open(p, names, details, 1);
    c = chosen_for(p, "quit");
    cr_expect(!c.field_key && c.action == ACT_QUIT, "the console's actions as before");
    pane_free(palette_pane_base(p));
    support_screen_stop(&S);
}
