/* The form with the keys a provider gives beyond a field's type: the
 * placeholder dim in an empty field (gone once typed, never a value), the
 * default in the help line, and min_length and the pattern checked live. */
#include "model/values.h"
#include "tests/support/form_screen.h"
#include "tests/support/support.h"
#include "ui/form_pane.h"

#include <criterion/criterion.h>
#include <glib.h>
#include <string.h>

static SupportForm T;
static Descriptor *D;
static FormPane *F;
static size_t FOCUS;

static void start(void)
{
    support_form_start(&T, support_fixture_descriptor("field_shapes.json", "field-shapes"), true);
    D = T.d, F = T.form;
    FOCUS = 0;
}

static void stop(void)
{
    support_form_stop(&T);
}

TestSuite(form_shapes, .init = start, .fini = stop);

static char *drawn(void)
{
    return support_form_drawn(&T);
}

static void type(const char *text)
{
    for (const char *p = text; *p; p++) {
        KeyEvent k = { .code = *p, .is_key = false };
        form_pane_base(F)->ops->key(form_pane_base(F), &k);
    }
}

static void go_to(const char *name)
{
    size_t want = 0;
    while (want < D->n_fields && strcmp(D->fields[want].name, name) != 0)
        want++;
    cr_assert_lt(want, D->n_fields, "no field %s", name);
    for (; FOCUS != want; FOCUS = (FOCUS + 1) % D->n_fields)
        type("\t");
}

/* Where TEXT is drawn on the line holding LABEL: its row and column. */
static bool find_on_line(const char *screen, const char *label, const char *text, int *row, int *col)
{
    gchar **lines = g_strsplit(screen, "\n", -1);
    bool found = false;
    for (int y = 0; lines[y] && !found; y++) {
        const char *at = strstr(lines[y], label) ? strstr(lines[y], text) : NULL;
        if (at)
            found = true, *row = y, *col = (int)g_utf8_pointer_to_offset(lines[y], at);
    }
    g_strfreev(lines);
    return found;
}

static char *value_of(const char *name)
{
    Values v;
    values_init(&v);
    form_pane_values(F, &v);
    const char *text = values_get(&v, name, NULL);
    char *copy = g_strdup(text ? text : "");
    values_done(&v);
    return copy;
}

Test(form_shapes, the_placeholder_is_dim_in_an_empty_field_and_never_a_value)
{
    char *screen = drawn();
    int row = 0, col = 0;
    cr_assert(find_on_line(screen, "Code", "TZ-0042", &row, &col), "the placeholder is shown:\n%s", screen);
    chtype cell = mvwinch(form_pane_base(F)->win, row, col);
    int dim = theme_attr(&T.theme, TONE_DIM);
    cr_expect_eq(cell & (chtype)dim, (chtype)dim, "drawn dim (%#x has %#x)", (unsigned)cell, (unsigned)dim);
    cr_expect(find_on_line(screen, "Nickname", "Ada", &row, &col), "%s", screen);
    g_free(screen);
    char *v = value_of("code");
    cr_expect_str_eq(v, "", "a placeholder is not a value: nothing is sent");
    g_free(v);
    go_to("code");
    type("Q");
    screen = drawn();
    cr_expect_not(find_on_line(screen, "Code", "TZ-0042", &row, &col), "typing hides it:\n%s", screen);
    g_free(screen);
}

Test(form_shapes, the_default_is_in_the_help_line)
{
    go_to("nickname");
    char *screen = drawn();
    cr_expect(strstr(screen, "What they are called.  · default: the part of the email before the @"), "%s", screen);
    g_free(screen);
    go_to("ref");
    screen = drawn();
    cr_expect(strstr(screen, "default: ref_auto"), "a default without help:\n%s", screen);
    g_free(screen);
}

Test(form_shapes, min_length_and_the_pattern_are_checked_as_typed)
{
    go_to("code");
    type("tz-42");
    char *screen = drawn();
    cr_expect(strstr(screen, "Code does not have the form the provider requires: two capital letters"), "%s",
              screen);
    g_free(screen);
    go_to("nickname");
    type("Al");
    screen = drawn();
    cr_expect(strstr(screen, "Nickname is 2 characters; the provider needs at least 3"), "%s", screen);
    g_free(screen);
}
