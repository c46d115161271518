/* The form with every later field type: Space toggles a boolean, Ctrl-T
 * fills a date, Ctrl-X sets a nullable field to null (shown as null, not the
 * text), a currency name is answered with its code, and the keys each field
 * has are in its help line and its key bar, from the one key table. */
#include "model/values.h"
#include "tests/support/form_screen.h"
#include "tests/support/support.h"
#include "ui/form_pane.h"

#include <criterion/criterion.h>
#include <glib.h>
#include <string.h>

#define CTRL(c) ((c) & 0x1f)

static SupportForm T;
static Descriptor *D;
static FormPane *F;
static size_t FOCUS; /* the form starts on the first field */

static void start(void)
{
    support_form_start(&T, support_fixture_descriptor("field_types.json", "field-types"), true);
    D = T.d, F = T.form;
    FOCUS = 0;
}

static void stop(void)
{
    support_form_stop(&T);
}

TestSuite(form_types, .init = start, .fini = stop);

static char *drawn(void)
{
    return support_form_drawn(&T);
}

static void key(int code, bool is_key)
{
    KeyEvent k = { .code = code, .is_key = is_key };
    form_pane_base(F)->ops->key(form_pane_base(F), &k);
}

static void type(const char *text)
{
    for (const char *p = text; *p; p++)
        key(*p, false);
}

/* Focus on the field named NAME, with Tab. */
static void go_to(const char *name)
{
    size_t want = 0;
    while (want < D->n_fields && strcmp(D->fields[want].name, name) != 0)
        want++;
    cr_assert_lt(want, D->n_fields, "no field %s", name);
    for (; FOCUS != want; FOCUS = (FOCUS + 1) % D->n_fields)
        key('\t', false);
}

static char *value_of(const char *name, bool *is_null)
{
    Values v;
    values_init(&v);
    form_pane_values(F, &v);
    const char *text = values_get(&v, name, NULL);
    char *copy = g_strdup(text ? text : "");
    if (is_null)
        *is_null = values_is_null(&v, name);
    values_done(&v);
    return copy;
}

/* The drawn line that holds LABEL. */
static char *line_of(const char *screen, const char *label)
{
    gchar **lines = g_strsplit(screen, "\n", -1);
    char *found = NULL;
    for (gchar **l = lines; *l && !found; l++)
        if (strstr(*l, label))
            found = g_strdup(*l);
    g_strfreev(lines);
    return found ? found : g_strdup("");
}

Test(form_types, space_toggles_a_boolean)
{
    go_to("active");
    char *screen = drawn();
    cr_expect(strstr(screen, "(Space: true or false)"), "an unset boolean says what Space does:\n%s", screen);
    cr_expect(strstr(screen, "Space: switch between true and false"), "the help line names the key:\n%s", screen);
    g_free(screen);
    key(' ', false);
    char *v = value_of("active", NULL);
    cr_expect_str_eq(v, "true");
    g_free(v);
    screen = drawn();
    char *line = line_of(screen, "Active");
    cr_expect(strstr(line, "[x] true"), "%s", line);
    g_free(line), g_free(screen);
    key(' ', false);
    v = value_of("active", NULL);
    cr_expect_str_eq(v, "false", "Space again: false");
    g_free(v);
    type("y");
    v = value_of("active", NULL);
    cr_expect_str_eq(v, "true", "y types true");
    g_free(v);
    cr_expect_eq(form_pane_key_context(F), CTX_BOOL_FIELD, "the bar shows the boolean's keys");
}

Test(form_types, ctrl_t_fills_today_and_now)
{
    go_to("born");
    cr_expect_eq(form_pane_key_context(F), CTX_DATE_FIELD);
    key(CTRL('t'), false);
    GDateTime *now = g_date_time_new_now_local();
    char *today = g_date_time_format(now, "%Y-%m-%d");
    char *v = value_of("born", NULL);
    cr_expect_str_eq(v, today);
    g_free(v), g_free(today);
    g_date_time_unref(now);
    char *screen = drawn();
    /* A date field's help and bar speak of today only; a date-time's of now. */
    cr_expect(strstr(screen, "Ctrl-T: today"), "the help line:\n%s", screen);
    cr_expect_null(strstr(screen, "date-time field"), "nothing about another kind of field:\n%s", screen);
    g_free(screen);
    go_to("ends_at");
    cr_expect_eq(form_pane_key_context(F), CTX_DATETIME_FIELD);
    screen = drawn();
    cr_expect(strstr(screen, "Ctrl-T: now (UTC)"), "the help line:\n%s", screen);
    g_free(screen);
    key(CTRL('t'), false);
    v = value_of("ends_at", NULL);
    cr_expect(strlen(v) == 20 && v[10] == 'T' && v[19] == 'Z', "now, to the second, in UTC: %s", v);
    g_free(v);
}

Test(form_types, bad_values_say_what_is_wrong_as_typed)
{
    go_to("born");
    type("2027-02-30");
    char *screen = drawn();
    cr_expect(strstr(screen, "2027-02-30 is not a date: February 2027 has 28 days"), "%s", screen);
    g_free(screen);
    go_to("limit");
    type("12,5");
    screen = drawn();
    cr_expect(strstr(screen, "takes a dot for decimals"), "%s", screen);
    g_free(screen);
    go_to("site");
    type("ftp://x.org");
    screen = drawn();
    cr_expect(strstr(screen, "must start with http:// or https://, not ftp://"), "%s", screen);
    g_free(screen);
    go_to("currency");
    type("euro");
    screen = drawn();
    cr_expect(strstr(screen, "use EUR, the ISO 4217 code for Euro"), "%s", screen);
    cr_expect(strstr(screen, "EUR — Euro"), "completed like a country:\n%s", screen);
    g_free(screen);
    key('\n', false); /* Enter takes the first */
    char *v = value_of("currency", NULL);
    cr_expect_str_eq(v, "EUR");
    g_free(v);
}

/* A list with empty items passes, but not silently: what will be sent is
 * said under the focused field, and that empty items were dropped. */
Test(form_types, a_list_says_what_it_sends_and_that_empty_items_went)
{
    go_to("tags");
    type("a,,b, ,c");
    char *screen = drawn();
    cr_expect(strstr(screen, "3 items: a, b, c; empty items dropped"), "%s", screen);
    g_free(screen);
    for (int i = 0; i < 8; i++)
        key(KEY_BACKSPACE, true);
    type("north, south");
    screen = drawn();
    cr_expect(strstr(screen, "2 items: north, south)"), "%s", screen);
    cr_expect_not(strstr(screen, "dropped"), "%s", screen);
    g_free(screen);
}

Test(form_types, ctrl_x_sets_null_and_typing_replaces_it)
{
    go_to("referrer");
    cr_expect_eq(form_pane_key_context(F), CTX_NULL_FIELD);
    key(CTRL('x'), false);
    bool is_null = false;
    char *v = value_of("referrer", &is_null);
    cr_expect(is_null, "Ctrl-X: null");
    g_free(v);
    char *screen = drawn();
    char *line = line_of(screen, "Referrer");
    cr_expect(strstr(line, "null"), "shown as null: %s", line);
    cr_expect(strstr(screen, "Ctrl-X: send null, again: the text back (typing"), "the help line:\n%s", screen);
    g_free(line), g_free(screen);
    type("Bo");
    v = value_of("referrer", &is_null);
    cr_expect_not(is_null);
    cr_expect_str_eq(v, "Bo", "typing replaced the null");
    g_free(v);
    go_to("site");
    key(CTRL('x'), false);
    v = value_of("site", &is_null);
    cr_expect_not(is_null, "a field that is not nullable is never set to null");
    g_free(v);
}

/* Toggling null back and forth loses nothing: Ctrl-X again brings back the
 * text the field held before it was set to null. */
Test(form_types, ctrl_x_again_brings_back_the_text)
{
    go_to("referrer");
    type("Bob");
    key(CTRL('x'), false);
    bool is_null = false;
    char *v = value_of("referrer", &is_null);
    cr_expect(is_null, "Ctrl-X: null");
    g_free(v);
    key(CTRL('x'), false);
    v = value_of("referrer", &is_null);
    cr_expect_not(is_null, "Ctrl-X again: not null");
    cr_expect_str_eq(v, "Bob", "the text typed before is back");
    g_free(v);
    char *screen = drawn();
    char *line = line_of(screen, "Referrer");
    cr_expect(strstr(line, "Bob"), "shown: %s", line);
    g_free(line), g_free(screen);
    key(CTRL('x'), false);
    type("Al"); /* typing replaces a null, and Ctrl-X then nulls what was typed */
    key(CTRL('x'), false);
    key(CTRL('x'), false);
    v = value_of("referrer", &is_null);
    cr_expect_str_eq(v, "Al");
    g_free(v);
}

/* What nothing completes says so in plain words ("starts so" puzzled). */
Test(form_types, a_currency_nothing_completes_says_so_plainly)
{
    go_to("currency");
    type("ZZZ");
    char *screen = drawn();
    cr_expect(strstr(screen, "no currency code or name starts with what is typed"), "%s", screen);
    g_free(screen);
}

Test(form_types, a_null_carried_into_the_form_stays_null)
{
    Values v;
    values_init(&v);
    values_set_null(&v, "referrer");
    values_set(&v, "tags", "a, b", 4);
    form_pane_load(F, D, &v);
    values_done(&v);
    bool is_null = false;
    char *text = value_of("referrer", &is_null);
    cr_expect(is_null);
    g_free(text);
    char *screen = drawn();
    char *line = line_of(screen, "Referrer");
    cr_expect(strstr(line, "null"), "%s", line);
    g_free(line), g_free(screen);
}
