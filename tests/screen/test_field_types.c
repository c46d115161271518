/* The console's form for a provider of the person's own that has every later
 * field type, at 80x24: each field shows, Space toggles the boolean, Ctrl-T
 * fills the date, a bad date, URL, number or currency is answered as it is
 * typed, and Ctrl-X shows null. */
#include "tests/support/support.h"
#include "tests/support/tmux.h"

#include <criterion/criterion.h>
#include <glib.h>
#include <string.h>

static Tmux T;

static void start(void)
{
    char *json = support_fixture("field_types.json", NULL);
    const char *providers[] = { "typeshop", json, NULL };
    tmux_start_providers(&T, 80, 24, NULL, "--profile types",
                         "[types]\nprovider = typeshop\nbase_url = http://127.0.0.1:9\n", providers);
    g_free(json);
    TMUX_SEE(&T, "Every field type");
}

static void stop(void)
{
    tmux_stop(&T);
}

TestSuite(field_types_screen, .init = start, .fini = stop, .timeout = 180);

/* Tabs N times (from the first field). */
static void tabs(int n)
{
    for (int i = 0; i < n; i++)
        tmux_key(&T, "Tab");
}

/* The SGR sequences just before WORD on the line holding LABEL (g_free). */
static char *style_before(const char *label, const char *word)
{
    char *styled = tmux_screen_styled(&T);
    char *line = tmux_line_with(styled, label);
    const char *at = line ? strstr(line + strlen(label), word) : NULL;
    cr_assert_not_null(at, "%s on the %s line: %s", word, label, line);
    const char *from = at;
    while (from > line && (from[-1] == 'm' || g_ascii_isdigit(from[-1]) || from[-1] == ';' || from[-1] == '[' ||
                           from[-1] == '\033'))
        from--;
    char *style = g_strndup(from, (gsize)(at - from));
    g_free(line), g_free(styled);
    return style;
}

Test(field_types_screen, every_type_shows_and_each_key_works)
{
    static const char *const labels[] = { "Email", "Active", "Limit", "Born", "Ends at", "Site", "Tags",
                                          "Currency", "Referrer", "Count", NULL };
    char *screen = tmux_screen(&T);
    for (const char *const *l = labels; *l; l++)
        cr_expect(strstr(screen, *l), "%s shows at 80x24:\n%s", *l, screen);
    g_free(screen);

    tabs(1); /* Active: a boolean */
    TMUX_SEE(&T, "Space Toggle");
    TMUX_SEE(&T, "Space: switch between true");
    tmux_key(&T, "Space");
    TMUX_SEE_ON_LINE(&T, "Active", "[x] true");
    tmux_key(&T, "Space");
    TMUX_SEE_ON_LINE(&T, "Active", "[ ] false");

    tabs(1); /* Limit: a number */
    tmux_type(&T, "12,5");
    TMUX_SEE(&T, "takes a dot for decimals");
    tmux_key(&T, "C-u");
    tmux_type(&T, "12.5");

    tabs(1); /* Born: a date */
    TMUX_SEE(&T, "Ctrl-T Today");
    tmux_type(&T, "2027-02-30");
    TMUX_SEE(&T, "February 2027 has 28 days");
    tmux_key(&T, "C-t");
    GDateTime *now = g_date_time_new_now_utc();
    char *today = g_date_time_format(now, "%Y-%m-%d");
    TMUX_SEE_ON_LINE(&T, "Born", today);
    g_free(today);
    g_date_time_unref(now);

    tabs(2); /* Site: a URL */
    tmux_type(&T, "ftp://example.com");
    TMUX_SEE(&T, "not ftp://");

    tabs(2); /* Currency */
    tmux_type(&T, "euro");
    TMUX_SEE(&T, "use EUR");
    TMUX_SEE(&T, "EUR — Euro");

    tabs(1); /* Referrer: nullable */
    TMUX_SEE(&T, "Ctrl-X Null");
    tmux_key(&T, "C-x");
    TMUX_SEE_ON_LINE(&T, "Referrer", "null");
    char *as_null = style_before("Referrer", "null");
    tmux_type(&T, "Bo");
    TMUX_SEE_ON_LINE(&T, "Referrer", "Bo");
    char *as_text = style_before("Referrer", "Bo");
    cr_expect_str_neq(as_null, as_text, "null is drawn unlike typed text (dim, italic where the terminal can)");
    g_free(as_null), g_free(as_text);
}

/* This provider takes no token: nothing to look for in the keyring, and no
 * warning about one in the log (checked after the form has answered typing,
 * by when a keyring's answer has long been drawn). */
Test(field_types_screen, a_provider_without_auth_asks_no_keyring)
{
    tabs(2);
    tmux_type(&T, "12,5");
    TMUX_SEE(&T, "takes a dot for decimals");
    char *screen = tmux_screen(&T);
    cr_expect_null(strstr(screen, "keyring"), "no keyring talk for a provider without auth:\n%s", screen);
    cr_expect_null(strstr(screen, "no token"), "%s", screen);
    g_free(screen);
}
