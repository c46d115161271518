/* The form with values longer than a field holds: typing and pasting past the
 * limit are refused with a message under the field, a longer carried value is
 * left out, and the form still draws. Curses draws into a screen on /dev/null;
 * the window is read back as a person would see it. */
#include "model/values.h"
#include "tests/support/form_screen.h"
#include "tests/support/support.h"
#include "ui/form_pane.h"

#include <criterion/criterion.h>
#include <glib.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

static SupportForm T;
static Descriptor *D;
static FormPane *F;

static void start(void)
{
    support_form_start(&T, support_provider("billing-v1"), false);
    D = T.d, F = T.form;
}

static void stop(void)
{
    support_form_stop(&T);
}

TestSuite(form_limits, .init = start, .fini = stop);

/* The form drawn, as text (g_free). */
static char *drawn(void)
{
    return support_form_drawn(&T);
}

static char *value_of(const char *name)
{
    Values v;
    values_init(&v);
    form_pane_values(F, &v);
    size_t len = 0;
    const char *text = values_get(&v, name, &len);
    char *copy = g_strndup(text ? text : "", len);
    values_done(&v);
    return copy;
}

static void paste(const char *text)
{
    KeyEvent k = { .paste = g_strdup(text) };
    form_pane_base(F)->ops->key(form_pane_base(F), &k);
    key_event_done(&k);
}

Test(form_limits, a_60000_character_paste_is_refused_with_the_limit)
{
    form_pane_load(F, D, NULL);
    paste("Ann ");
    char *big = g_strnfill(60000, 'x');
    paste(big);
    char *name = value_of("name");
    cr_expect_str_eq(name, "Ann ", "the paste is refused whole; what was typed stays");
    char *s = drawn();
    cr_expect(strstr(s, "Name holds at most 200 characters: the paste was refused (it would be 60004)"), "%s", s);
    g_free(s), g_free(name), g_free(big);
}

Test(form_limits, a_carried_1_MB_value_is_left_out_and_the_form_draws)
{
    Values carry;
    values_init(&carry);
    char *big = g_strnfill(1 << 20, 'x');
    values_set(&carry, "name", big, strlen(big));
    values_set(&carry, "email", "ann@example.com", strlen("ann@example.com"));
    form_pane_load(F, D, &carry);
    values_done(&carry);
    char *name = value_of("name"), *email = value_of("email");
    cr_expect_eq(strlen(name), 0, "the value is capped: not loaded");
    cr_expect_str_eq(email, "ann@example.com", "the other fields load");
    char *s = drawn();
    cr_expect(strstr(s, "Name holds at most 200 characters: the value carried here was left out"), "%s", s);
    g_free(s), g_free(name), g_free(email), g_free(big);
}

/* What shows is what is sent: a paste's line break becomes a space, said under
 * the field; spaces before it go at once, those after it when checked. */
Test(form_limits, a_paste_is_made_one_line_and_trimmed_and_said)
{
    form_pane_load(F, D, NULL);
    paste("Jane\r\nSmith");
    char *name = value_of("name");
    cr_expect_str_eq(name, "Jane Smith");
    char *s = drawn();
    cr_expect(strstr(s, "Name: a line break in the paste became a space"), "%s", s);
    cr_expect_null(strstr(s, "✗"), "a note, not a problem:\n%s", s);
    g_free(s), g_free(name);
    KeyEvent tab = { .code = '\t' };
    form_pane_base(F)->ops->key(form_pane_base(F), &tab);
    paste("   jane@example.com  ");
    char *email = value_of("email");
    cr_expect_str_eq(email, "jane@example.com  ", "the spaces before go at once");
    g_free(email);
    Problems p;
    form_pane_check_all(F, &p);
    problems_done(&p);
    email = value_of("email");
    cr_expect_str_eq(email, "jane@example.com", "and those after it before anything is checked or sent");
    g_free(email);
}
