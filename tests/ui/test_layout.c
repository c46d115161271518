/* Where panes go at each size, without a terminal. */
#include "ui/layout.h"

#include <criterion/criterion.h>

Test(layout, side_by_side_at_80x24)
{
    Layout l = layout_compute(24, 80);
    cr_expect_eq(l.mode, LAYOUT_SPLIT);
    cr_expect_eq(l.status.y, 22);
    cr_expect_eq(l.list.x + l.list.w + 1, l.centre.x, "a one-column rule between list and form");
    cr_expect_eq(l.centre.x + l.centre.w, 80);
    cr_expect_eq(l.log.y + l.log.h, 22, "the log ends above the status rows");
    cr_expect_geq(l.centre.h, 12, "room for the form");
}

Test(layout, wide_terminals_give_the_room_to_the_form)
{
    Layout l = layout_compute(60, 250);
    cr_expect_leq(l.list.w, 36);
    cr_expect_geq(l.centre.w, 200);
    cr_expect_leq(l.log.h, 12);
}

Test(layout, narrow_or_short_is_tabs_and_below_the_minimum_too_small)
{
    cr_expect_eq(layout_compute(20, 60).mode, LAYOUT_TABS);
    cr_expect_eq(layout_compute(8, 30).mode, LAYOUT_TABS);
    cr_expect_eq(layout_compute(15, 200).mode, LAYOUT_TABS);
    cr_expect_eq(layout_compute(7, 30).mode, LAYOUT_TOO_SMALL);
    cr_expect_eq(layout_compute(8, 29).mode, LAYOUT_TOO_SMALL);
    Layout l = layout_compute(8, 30);
    cr_expect_eq(l.centre.h, 6);
}
