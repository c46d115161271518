/* The Customers view as drawn: a line per customer in columns that fit,
 * outside text made safe, and a last row that says what comes next. */
#include "tests/support/curses_screen.h"
#include "ui/customers_pane.h"

#include <criterion/criterion.h>
#include <glib.h>
#include <string.h>

static SupportScreen S;
static Theme THEME;

static void start(void)
{
    support_screen_start(&S, 30, 120);
    theme_init(&THEME);
}

static void stop(void) { support_screen_stop(&S); }

TestSuite(customers_pane, .init = start, .fini = stop);

static CustomersPane *filled(size_t n)
{
    CustomersPane *c = customers_pane_new(&THEME);
    customers_pane_reset(c, "Customers · billing-sandbox");
    for (size_t i = 0; i < n; i++) {
        char *name = g_strdup_printf("Person %zu", i), *email = g_strdup_printf("person%zu@example.com", i);
        char *id = g_strdup_printf("cus_%04zu", i);
        customers_pane_add(c, &(CustomerRow){ name, email, id, "2026-11-26", "active" });
        g_free(name), g_free(email), g_free(id);
    }
    return c;
}

/* What the pane shows at H × W (g_free). */
static char *drawn(CustomersPane *c, int h, int w)
{
    Pane *p = customers_pane_base(c);
    pane_place(p, 0, 0, h, w);
    p->focused = true;
    p->dirty = true;
    pane_refresh(p);
    return support_window_text(p->win);
}

Test(customers_pane, every_column_fits_at_80_and_the_email_stays_at_any_width)
{
    int w[CUSTOMERS_COLS];
    customers_pane_columns(78, w);
    int sum = 0;
    for (int i = 0; i < CUSTOMERS_COLS; i++) {
        cr_expect_gt(w[i], 0, "column %d shows at 78", i);
        sum += w[i] + 1;
    }
    cr_expect_leq(sum - 1, 78, "they fit");
    cr_expect_geq(w[CUSTOMERS_COL_EMAIL], 20, "room for an email: %d", w[CUSTOMERS_COL_EMAIL]);
    for (int width = 120; width >= 20; width--) {
        customers_pane_columns(width, w);
        sum = 0;
        for (int i = 0; i < CUSTOMERS_COLS; i++)
            sum += w[i] ? w[i] + 1 : 0;
        cr_expect_leq(sum - 1, width, "at %d they fit", width);
        cr_expect_gt(w[CUSTOMERS_COL_EMAIL], 0, "at %d the email shows", width);
    }
}

Test(customers_pane, a_line_per_customer_under_headings)
{
    CustomersPane *c = filled(3);
    customers_pane_set_tail(c, CUSTOMERS_TAIL_END, NULL);
    char *text = drawn(c, 10, 80);
    cr_expect(strstr(text, "Customers · billing-sandbox"), "%s", text);
    cr_expect(strstr(text, "Name") && strstr(text, "Email") && strstr(text, "Id") && strstr(text, "Created") &&
              strstr(text, "Status"), "the headings:\n%s", text);
    char *line = g_strdup(strstr(text, "Person 1"));
    *strchr(line, '\n') = '\0';
    cr_expect(strstr(line, "person1@example.com") && strstr(line, "cus_0001") && strstr(line, "2026-11-26") &&
              strstr(line, "active"), "one line holds all five: %s", line);
    cr_expect(strstr(text, "end of the list"), "%s", text);
    g_free(line), g_free(text);
    pane_free(customers_pane_base(c));
}

Test(customers_pane, outside_text_is_made_safe_and_a_cut_ends_in_an_ellipsis)
{
    CustomersPane *c = customers_pane_new(&THEME);
    customers_pane_add(c, &(CustomerRow){ "Eve\x1b]0;owned\x07", "a-very-long-address-indeed@subdomain.example.com",
                                          "cus_01hxyz", NULL, "active" });
    char *text = drawn(c, 6, 60);
    cr_expect(!strchr(text, '\x1b') && !strchr(text, '\x07'), "no control reaches the screen:\n%s", text);
    cr_expect(strstr(text, "Eve\\u001b"), "escaped as safe_text writes it:\n%s", text);
    cr_expect(strstr(text, "…"), "a cut shows:\n%s", text);
    g_free(text);
    pane_free(customers_pane_base(c));
}

Test(customers_pane, the_last_row_says_loading_or_the_error_and_the_cursor_reaches_an_error)
{
    CustomersPane *c = filled(2);
    customers_pane_set_tail(c, CUSTOMERS_TAIL_LOADING, "⠋ loading page 2 · Esc cancels");
    char *text = drawn(c, 10, 80);
    cr_expect(strstr(text, "⠋ loading page 2"), "%s", text);
    g_free(text);
    KeyEvent down = { .code = KEY_DOWN, .is_key = true };
    for (int i = 0; i < 5; i++)
        customers_pane_base(c)->ops->key(customers_pane_base(c), &down);
    cr_expect_eq(customers_pane_selected(c), 1, "a page loading is not a row to stand on");
    customers_pane_set_tail(c, CUSTOMERS_TAIL_FAILED, "page 2 failed: the provider answered 500 · r retries");
    customers_pane_base(c)->ops->key(customers_pane_base(c), &down);
    cr_expect_eq(customers_pane_selected(c), -1, "on the failed page's row");
    text = drawn(c, 10, 80);
    cr_expect(strstr(text, "page 2 failed: the provider answered 500"), "%s", text);
    g_free(text);
    KeyEvent enter = { .code = '\n' };
    cr_expect_eq(customers_pane_base(c)->ops->key(customers_pane_base(c), &enter), ACT_OPEN, "Enter goes to the app");
    pane_free(customers_pane_base(c));
}

static bool odd(void *ctx, size_t index)
{
    (void)ctx;
    return index % 2 == 1;
}

Test(customers_pane, a_filter_shows_what_it_keeps_and_rows_added_later_too)
{
    CustomersPane *c = filled(4);
    customers_pane_filter(c, odd, NULL);
    cr_expect_eq(customers_pane_shown(c), 2);
    customers_pane_add(c, &(CustomerRow){ "Late", "late@example.com", "cus_9", NULL, NULL }); /* index 4 */
    customers_pane_add(c, &(CustomerRow){ "Later", "later@example.com", "cus_10", NULL, NULL }); /* index 5 */
    cr_expect_eq(customers_pane_shown(c), 3);
    char *text = drawn(c, 10, 80);
    cr_expect(strstr(text, "Person 1") && strstr(text, "Later") && !strstr(text, "Person 2"), "%s", text);
    cr_expect(strstr(text, "3 of 6"), "the title counts what shows: %s", text);
    g_free(text);
    customers_pane_filter(c, NULL, NULL);
    cr_expect_eq(customers_pane_shown(c), 6);
    pane_free(customers_pane_base(c));
}

Test(customers_pane, slash_types_a_search_and_enter_hands_it_to_the_app)
{
    CustomersPane *c = filled(1);
    Pane *p = customers_pane_base(c);
    pane_place(p, 0, 0, 10, 80);
    KeyEvent slash = { .code = '/' }, a = { .code = 'a' }, enter = { .code = '\n' };
    cr_expect_eq(p->ops->key(p, &slash), ACT_HANDLED);
    cr_expect(customers_pane_searching(c));
    cr_expect_eq(p->ops->key(p, &a), ACT_HANDLED);
    cr_expect_eq(p->ops->key(p, &enter), ACT_SEARCH);
    cr_expect_str_eq(customers_pane_search_text(c), "a");
    cr_expect(!customers_pane_searching(c));
    pane_free(p);
}

/* At 120 columns an id (a UUID, 36) and a status ("suspended") show whole:
 * the email keeps room for a long address, not half the screen while the
 * id is cut. At 80 the email keeps what it had. */
Test(customers_pane, a_wide_screen_shows_ids_and_statuses_whole)
{
    int w[CUSTOMERS_COLS], narrow[CUSTOMERS_COLS];
    customers_pane_columns(118, w);
    cr_expect_geq(w[CUSTOMERS_COL_ID], 36, "a UUID whole: %d", w[CUSTOMERS_COL_ID]);
    cr_expect_geq(w[CUSTOMERS_COL_STATUS], 9, "\"suspended\" whole: %d", w[CUSTOMERS_COL_STATUS]);
    cr_expect_geq(w[CUSTOMERS_COL_EMAIL], 32, "an email of 32: %d", w[CUSTOMERS_COL_EMAIL]);
    customers_pane_columns(78, narrow);
    cr_expect_geq(narrow[CUSTOMERS_COL_EMAIL], 28, "at 80 the email as before: %d", narrow[CUSTOMERS_COL_EMAIL]);
}
