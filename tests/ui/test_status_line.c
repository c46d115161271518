/* The status line as drawn at any width: the profile whole, an id whole or
 * not at all, an ellipsis where words went, and nothing said twice. */
#include "tests/support/curses_screen.h"
#include "ui/status_pane.h"
#include "ui/view_pane.h"

#include <criterion/criterion.h>
#include <glib.h>
#include <string.h>
#include <wchar.h>

static SupportScreen S;
static Theme THEME;

static void start(void)
{
    support_screen_start(&S, 30, 200);
    theme_init(&THEME);
}

static void stop(void) { support_screen_stop(&S); }

TestSuite(status_line, .init = start, .fini = stop);

#define ID "d0b2d074-80d9-43b4-abd5-06ccde0aedb3"
#define EMAIL "averyveryverylongemailaddress.person@example-company.com"

/* The status row as drawn at WIDTH, in UTF-8 (g_free). */
static char *drawn(const char *profile, const char *state, const char *message, int width)
{
    StatusPane *s = status_pane_new(&THEME);
    status_pane_set_profile(s, profile, false);
    status_pane_set(s, state, TONE_NORMAL, message);
    Pane *p = status_pane_base(s);
    pane_place(p, 0, 0, 2, width);
    p->dirty = true;
    pane_refresh(p);
    wchar_t row[256] = { 0 };
    mvwinnwstr(p->win, 0, 0, row, width);
    pane_free(p);
    char *text = g_ucs4_to_utf8((const gunichar *)row, -1, NULL, NULL, NULL);
    return g_strchomp(text);
}

Test(status_line, an_id_is_whole_or_absent_and_the_profile_is_whole)
{
    const char *msg = "Janet Averylongsurname-Smithington · " EMAIL " · id " ID;
    for (int width = 200; width >= 40; width -= 4) {
        char *row = drawn("prolifi-sandbox", "created", msg, width);
        cr_expect(g_str_has_prefix(row, "prolifi-sandbox · created"), "at %d: %s", width, row);
        bool id = strstr(row, ID) != NULL, email = strstr(row, EMAIL) != NULL;
        cr_expect(id || !strstr(row, "d0b2"), "at %d the id is whole or absent: %s", width, row);
        cr_expect(email || !strstr(row, "averyvery"), "at %d the email is whole or absent: %s", width, row);
        cr_expect(id || width < 16 + 10 + 36, "at %d the id fits, so it shows: %s", width, row);
        cr_expect(strstr(row, msg) || strstr(row, "…"), "at %d an ellipsis where words went: %s", width, row);
        g_free(row);
    }
}

Test(status_line, a_message_that_starts_with_the_state_says_it_once)
{
    char *row = drawn("billing-sandbox", "saved", "saved record.json (12 bytes)", 100);
    cr_expect_str_eq(row, "billing-sandbox · saved record.json (12 bytes)");
    g_free(row);
}

/* "not sent: no second customer with that email" said as the state and the
 * rest: one sentence, its colon kept, "not sent" once. */
Test(status_line, a_message_that_starts_with_the_state_and_a_colon_keeps_the_colon)
{
    char *row = drawn("quill-sandbox", "not sent", "not sent: no second customer with that email", 80);
    cr_expect_str_eq(row, "quill-sandbox · not sent: no second customer with that email");
    g_free(row);
    row = drawn("quill-sandbox", "not sent", "not sent:", 80);
    cr_expect_str_eq(row, "quill-sandbox · not sent");
    g_free(row);
}

/* A body that is not JSON: the viewer's title says why once. */
Test(status_line, a_body_that_is_not_json_says_so_once)
{
    ViewPane *v = view_pane_new(&THEME);
    view_pane_show(v, "The provider's answer", NULL, "<html>", 6, "not JSON: line 1, column 1", NULL, NULL);
    Pane *p = view_pane_base(v);
    pane_place(p, 0, 0, 5, 120);
    p->dirty = true;
    pane_refresh(p);
    wchar_t row[256] = { 0 };
    mvwinnwstr(p->win, 0, 0, row, 120);
    char *title = g_ucs4_to_utf8((const gunichar *)row, -1, NULL, NULL, NULL);
    const char *first = strstr(title, "not JSON");
    cr_expect(first, "%s", title);
    cr_expect_null(first ? strstr(first + 1, "not JSON") : NULL, "said once: %s", title);
    g_free(title);
    pane_free(p);
}

/* The status row at WIDTH with a standing note (the quota running low). */
static char *drawn_with_note(const char *message, const char *note, const char *plain, int width)
{
    StatusPane *s = status_pane_new(&THEME);
    status_pane_set_profile(s, "prolifi-sandbox", false);
    status_pane_set(s, "created", TONE_GOOD, message);
    status_pane_set_note(s, note, plain);
    Pane *p = status_pane_base(s);
    pane_place(p, 0, 0, 2, width);
    p->dirty = true;
    pane_refresh(p);
    wchar_t row[256] = { 0 };
    mvwinnwstr(p->win, 0, 0, row, width);
    pane_free(p);
    char *text = g_ucs4_to_utf8((const gunichar *)row, -1, NULL, NULL, NULL);
    return g_strchomp(text);
}

Test(status_line, a_low_quota_stands_at_the_right_end_and_the_profile_stays_whole)
{
    const char *note = "Prolifi Public API: 3 of 1000 requests left in this rate-limit window";
    const char *plain = "quota 3/1000";
    const char *msg = "Janet Smith · jane@example.com · id " ID;
    char *row = drawn_with_note(msg, note, plain, 200);
    cr_expect(g_str_has_suffix(row, note), "the whole note, at the end: %s", row);
    cr_expect(strstr(row, ID), "the message still fits: %s", row);
    g_free(row);
    for (int width = 120; width >= 30; width -= 5) {
        row = drawn_with_note(msg, note, plain, width);
        char *alone = drawn_with_note(msg, NULL, NULL, width);
        cr_expect(g_str_has_prefix(row, "prolifi-sandbox · created"), "at %d: %s", width, row);
        cr_expect(g_str_has_suffix(row, plain) || width < 26 + 74 + 2 + 12, "at %d the quota is said: %s", width,
                  row);
        cr_expect(!strstr(row, "quota") || g_str_has_suffix(row, plain), "at %d whole or absent: %s", width, row);
        cr_expect(!strstr(alone, ID) || strstr(row, ID), "at %d the id is not given up for the quota: %s", width, row);
        cr_expect(!strstr(alone, "jane@") || strstr(row, "jane@"), "at %d nor the email: %s", width, row);
        g_free(row), g_free(alone);
    }
    StatusPane *s = status_pane_new(&THEME);
    status_pane_set_note(s, "x", "x");
    status_pane_set_note(s, NULL, NULL); /* gone once the quota is fine again */
    pane_free(status_pane_base(s));
}

/* At 80 columns the customer just created wins the room: the quota is said
 * short ("quota 1/10"), or not at all, never over the email and the id. */
Test(status_line, the_result_wins_the_room_over_the_quota_at_80_columns)
{
    const char *note = "Prolifi Public API: 1 of 10 requests left in this rate-limit window";
    char *row = drawn_with_note("ada@example.com · id " ID, note, "quota 1/10", 80);
    cr_expect_str_eq(row, "prolifi-sandbox · created ada@example.com … " ID, "the email and the id, no quota");
    g_free(row);
    row = drawn_with_note("Ada · " ID, note, "quota 1/10", 80);
    cr_expect(g_str_has_prefix(row, "prolifi-sandbox · created Ada · " ID) && g_str_has_suffix(row, "  quota 1/10"),
              "the quota short beside the whole message: %s", row);
    g_free(row);
    row = drawn_with_note("ada", note, "quota 1/10", 100);
    cr_expect(g_str_has_suffix(row, "in this rate-limit window"), "the whole note where there is room: %s", row);
    g_free(row);
}

/* A clock time is no id: cut short, a 429's message keeps its first words
 * ("Retry after 26 s"), not "… 18:53:26). …". */
Test(status_line, a_time_gives_way_like_a_word_and_the_message_starts_as_written)
{
    const char *msg = "Retry after 26 s (at 18:53:26). The customer was not created: too many requests. "
                      "Retry after the wait the provider asked for.";
    for (int width = 60; width >= 46; width -= 2) {
        char *row = drawn("prolifi-local", "rate limited", msg, width);
        cr_expect(g_str_has_prefix(row, "prolifi-local · rate limited Retry after 26"), "at %d: %s", width, row);
        g_free(row);
    }
}
