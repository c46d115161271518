/* The key bar, as drawn, against the key table: every key it shows is a row of
 * the table for that pane or its host, and pressing it there does something.
 * Curses draws into a screen on /dev/null; the bar is read back as a person
 * would read it. */
#include "tests/support/curses_screen.h"
#include "ui/status_pane.h"
#include "ui/view_pane.h"

#include <criterion/criterion.h>
#include <glib.h>
#include <string.h>

static SupportScreen S;
static Theme THEME;

static void start(void)
{
    support_screen_start(&S, 30, 100);
    theme_init(&THEME);
}

static void stop(void) { support_screen_stop(&S); }

TestSuite(key_bar, .init = start, .fini = stop);

/* The bar's row as drawn for a pane in context PANE under HOST (g_free). */
static char *drawn_bar(KeyContext pane, KeyContext host, int width)
{
    StatusPane *s = status_pane_new(&THEME);
    status_pane_set_key_host(s, host);
    status_pane_set_keys(s, pane);
    Pane *p = status_pane_base(s);
    pane_place(p, 0, 0, 2, width);
    p->dirty = true;
    pane_refresh(p);
    char row[256] = { 0 };
    mvwinnstr(p->win, 1, 0, row, width);
    pane_free(p);
    return g_strdup(g_strstrip(row));
}

/* The row of the table named KEY in PANE or, when the pane has none, in HOST:
 * the one a press of KEY reaches there. */
static const KeyBinding *row_named(KeyContext pane, KeyContext host, const char *key)
{
    size_t n;
    const KeyBinding *t = keys_table(&n), *found = NULL;
    for (size_t i = 0; i < n && !(found && found->ctx == pane); i++)
        if ((t[i].ctx == pane || t[i].ctx == host) && strcmp(t[i].name, key) == 0)
            found = found && found->ctx == pane ? found : &t[i];
    return found;
}

typedef void (*PressFn)(const KeyBinding *row, KeyContext pane, KeyContext host, const char *bar);

/* For each "KEY LABEL" item of the drawn bar: in the table, and reached there. */
static size_t each_bar_key(KeyContext pane, KeyContext host, int width, PressFn press)
{
    char *bar = drawn_bar(pane, host, width);
    char **items = g_strsplit(bar, "  ", -1);
    size_t n = 0;
    for (char **it = items; *it; it++) {
        char *item = g_strstrip(*it);
        if (!*item)
            continue;
        char *space = strchr(item, ' ');
        cr_assert_not_null(space, "\"%s\" in the bar \"%s\" is a key and a label", item, bar);
        *space = '\0';
        const KeyBinding *row = row_named(pane, host, item);
        cr_assert_not_null(row, "the bar \"%s\" shows %s, which the table does not have here", bar, item);
        KeyEvent k = { .code = row->code, .is_key = row->is_key };
        Action a = keys_action(pane, &k);
        a = a != ACT_NONE ? a : keys_action(host, &k);
        cr_expect_eq(a, row->action, "%s in the bar \"%s\" reaches the row the bar names", item, bar);
        if (press)
            press(row, pane, host, bar);
        n++;
    }
    g_strfreev(items), g_free(bar);
    return n;
}

static const KeyContext CONSOLE_PANES[] = { CTX_FORM, CTX_LIST, CTX_CUSTOMERS, CTX_VIEW, CTX_TREE, CTX_TEXT,
                                            CTX_LOG, CTX_PALETTE, CTX_BOOL_FIELD, CTX_DATE_FIELD,
                                            CTX_DATETIME_FIELD, CTX_NULL_FIELD };
static const KeyContext VIEWER_PANES[] = { CTX_VIEW, CTX_TREE, CTX_TEXT };

Test(key_bar, every_key_shown_is_in_the_table_for_that_pane)
{
    for (int width = 100; width >= 30; width -= 35) {
        for (size_t i = 0; i < G_N_ELEMENTS(CONSOLE_PANES); i++)
            cr_expect_gt(each_bar_key(CONSOLE_PANES[i], CTX_GLOBAL, width, NULL), 0, "a bar for each pane");
        for (size_t i = 0; i < G_N_ELEMENTS(VIEWER_PANES); i++)
            cr_expect_gt(each_bar_key(VIEWER_PANES[i], CTX_VIEWER, width, NULL), 0, "a bar for each pane");
    }
}

Test(key_bar, a_narrow_bar_keeps_the_most_important_keys)
{
    char *wide = drawn_bar(CTX_FORM, CTX_GLOBAL, 100), *narrow = drawn_bar(CTX_FORM, CTX_GLOBAL, 20);
    cr_expect_str_eq(wide, "F1 Help  F2 Create  F6 Pane  F10 Quit  Ctrl-P Commands  Ctrl-Y Curl");
    cr_expect_str_eq(narrow, "F1 Help  F10 Quit", "what goes first is the least important, not the last");
    g_free(wide), g_free(narrow);
}

/* Whether the bar drawn for PANE under HOST at WIDTH shows each of KEYS (NULL-ended). */
static void expect_bar_keys(KeyContext pane, KeyContext host, int width, const char *const *keys)
{
    char *bar = drawn_bar(pane, host, width);
    gchar **items = g_strsplit(bar, "  ", -1);
    for (const char *const *k = keys; *k; k++) {
        bool shown = false;
        for (gchar **it = items; *it && !shown; it++)
            shown = g_str_has_prefix(*it, *k) && (*it)[strlen(*k)] == ' ';
        cr_expect(shown, "at %d columns the bar \"%s\" shows %s", width, bar, *k);
    }
    g_strfreev(items), g_free(bar);
}

Test(key_bar, each_panes_own_keys_fit_at_80_columns)
{
    static const char *const tree[] = { "/", "n", "N", "v", "y", "Y", "s", "r", "*", NULL };
    static const char *const tree_console[] = { "Esc", NULL }, *const tree_viewer[] = { "q", NULL };
    static const char *const list[] = { "/", "Enter", "d", "c", "r", "F1", NULL };
    static const char *const form[] = { "F1", "F2", "F10", "Ctrl-P", "Ctrl-Y", NULL };
    expect_bar_keys(CTX_TREE, CTX_GLOBAL, 80, tree);
    expect_bar_keys(CTX_TREE, CTX_GLOBAL, 80, tree_console);
    expect_bar_keys(CTX_TREE, CTX_VIEWER, 80, tree);
    expect_bar_keys(CTX_TREE, CTX_VIEWER, 80, tree_viewer);
    expect_bar_keys(CTX_LIST, CTX_GLOBAL, 80, list);
    expect_bar_keys(CTX_FORM, CTX_GLOBAL, 80, form);
    static const char *const customers[] = { "Enter", "/", "x", "R", "Esc", "F1", NULL };
    expect_bar_keys(CTX_CUSTOMERS, CTX_GLOBAL, 80, customers);
}

Test(key_bar, a_fields_own_keys_come_first_in_the_forms_bar)
{
    static const char *const boolean[] = { "Space", "F1", "F2", "F10", NULL };
    static const char *const date[] = { "Ctrl-T", "F1", "F2", "F10", NULL };
    static const char *const nullable[] = { "Ctrl-X", "F1", "F2", "F10", NULL };
    expect_bar_keys(CTX_BOOL_FIELD, CTX_GLOBAL, 80, boolean);
    expect_bar_keys(CTX_DATE_FIELD, CTX_GLOBAL, 80, date);
    expect_bar_keys(CTX_DATETIME_FIELD, CTX_GLOBAL, 80, date);
    expect_bar_keys(CTX_NULL_FIELD, CTX_GLOBAL, 80, nullable);
    char *bar = drawn_bar(CTX_BOOL_FIELD, CTX_GLOBAL, 100);
    cr_expect(g_str_has_prefix(bar, "Space Toggle  F1 Help  F2 Create"), "%s", bar);
    g_free(bar);
    char *hint = keys_field_hint(CTX_DATE_FIELD);
    cr_expect_str_eq(hint, "Ctrl-T: today");
    g_free(hint);
    hint = keys_field_hint(CTX_DATETIME_FIELD);
    cr_expect_str_eq(hint, "Ctrl-T: now (UTC)");
    g_free(hint);
    bar = drawn_bar(CTX_DATE_FIELD, CTX_GLOBAL, 100);
    cr_expect(g_str_has_prefix(bar, "Ctrl-T Today  F1 Help"), "a date field's Ctrl-T fills today: %s", bar);
    g_free(bar);
    bar = drawn_bar(CTX_DATETIME_FIELD, CTX_GLOBAL, 100);
    cr_expect(g_str_has_prefix(bar, "Ctrl-T Now  F1 Help"), "%s", bar);
    g_free(bar);
}

/* One line of F1 per action, all its keys on it; and in what one pane reads
 * (its section, the form's fields, Everywhere), a key on one line only. */
static void expect_each_key_once(const char *help, const char *const *sections)
{
    gchar **lines = g_strsplit(help, "\n", -1);
    GHashTable *seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    bool in = false;
    for (gchar **l = lines; *l; l++) {
        if (**l && **l != ' ') {
            in = g_strv_contains(sections, *l);
            continue;
        }
        if (!in || !**l)
            continue;
        const char *end = strstr(*l + 2, "  ");
        cr_assert_not_null(end, "\"%s\": keys, two spaces, what they do", *l);
        char *names = g_strndup(*l + 2, (size_t)(end - *l - 2));
        gchar **each = g_strsplit(names, ", ", -1);
        for (gchar **k = each; *k; k++) {
            const char *before = g_hash_table_lookup(seen, *k);
            cr_expect_null(before, "%s is listed twice: \"%s\" and \"%s\"", *k, before, *l);
            g_hash_table_insert(seen, g_strdup(*k), g_strdup(*l));
        }
        g_strfreev(each), g_free(names);
    }
    g_hash_table_destroy(seen), g_strfreev(lines);
}

Test(key_bar, help_lists_each_key_once_per_pane)
{
    char *help = keys_help_text(CTX_GLOBAL);
    static const char *const form[] = { "Everywhere", "In the form", "In the form, on a JSON field",
                                        "In the form, on a password field", "In the form, on a date field",
                                        "In the form, on a nullable field", NULL };
    static const char *const list[] = { "Everywhere", "In the list", NULL };
    static const char *const record[] = { "Everywhere", "In the record (a JSON tree)",
                                          "Moving in the log, the record and the help", NULL };
    expect_each_key_once(help, form);
    expect_each_key_once(help, list);
    expect_each_key_once(help, record);
    static const char *const customers[] = { "Everywhere", "In the provider's customers (p in the list)", NULL };
    expect_each_key_once(help, customers);
    cr_expect(strstr(help, "\n  p             the provider's customers") && strstr(help, "\n  x, Delete ") &&
              strstr(help, "\n  Ctrl-F        look the email typed up"), "the Customers view's keys:\n%s", help);
    cr_expect(strstr(help, "F10, Ctrl-Q, Ctrl-C"), "a quit's keys on one line:\n%s", help);
    cr_expect(strstr(help, "In the form, on a boolean field\n  Space ") && strstr(help, "\n  Ctrl-T ") &&
              strstr(help, "\n  Ctrl-X "), "the new fields' keys are in F1:\n%s", help);
    cr_expect(strstr(help, "\nIn the command palette") && strstr(help, "Ctrl-P, :"), "the palette's keys too");
    cr_expect(strstr(help, "the list, the form (or the record, or this help), the log"), "F6's real order");
    g_free(help);
    char *viewer = keys_help_text(CTX_VIEWER);
    static const char *const view[] = { "In custty view", "In the document (a JSON tree)", "Moving", NULL };
    expect_each_key_once(viewer, view);
    cr_expect(strstr(viewer, "F1") && strstr(viewer, "q, Esc"), "%s", viewer);
    cr_expect(!strstr(viewer, "F6") && !strstr(viewer, "F4") && !strstr(viewer, "F2"), "no console key:\n%s", viewer);
    g_free(viewer);
}

/* ---- pressed for real: custty view's pane and its loop ------------------------------ */

static ViewPane *V;

/* What the viewer's pane shows: its rows and its status line (g_free). */
static char *seen(void)
{
    Pane *p = view_pane_base(V);
    p->dirty = true;
    pane_refresh(p);
    GString *s = g_string_new(NULL);
    for (int y = 0; y < p->h; y++) {
        char row[256] = { 0 };
        mvwinnstr(p->win, y, 0, row, p->w);
        g_string_append_printf(s, "%s\n", row);
    }
    char *status = view_pane_status(V);
    g_string_append(s, status);
    g_free(status);
    return g_string_free(s, FALSE);
}

/* Pressed in custty view, the key changes what the pane shows, asks for a copy
 * (the one request the viewer's loop carries out) or quits. */
static void press_in_viewer(const KeyBinding *row, KeyContext pane, KeyContext host, const char *bar)
{
    cr_assert_eq(view_pane_keys(V), pane, "the pane is in the context whose bar is checked");
    KeyEvent k = { .code = row->code, .is_key = row->is_key };
    Pane *p = view_pane_base(V);
    char *before = seen();
    Action a = p->ops->key(p, &k);
    const char *text;
    ViewRequest r = view_pane_take_request(V, &text);
    char *after = seen();
    Action hosts = a == ACT_NONE ? keys_action(host, &k) : ACT_NONE; /* the viewer's loop: quits, or shows help */
    bool acts = strcmp(before, after) != 0 || r == VIEW_COPY || r == VIEW_SAVE || hosts == ACT_QUIT || hosts == ACT_HELP;
    cr_expect(acts, "%s in custty view's bar \"%s\" does something there", row->name, bar);
    g_free(before), g_free(after);
    /* Back to where the next key of the bar is pressed. */
    if (row->action == ACT_SEARCH)
        p->ops->key(p, &(KeyEvent){ .code = 27 }); /* leaves the search entry */
    if (view_pane_keys(V) != pane)
        p->ops->key(p, &(KeyEvent){ .code = pane == CTX_TREE ? 27 : 'v' });
    cr_assert_eq(view_pane_keys(V), pane);
}

static void show(const char *json)
{
    V = view_pane_new(&THEME);
    pane_place(view_pane_base(V), 0, 0, 28, 100);
    cJSON *doc = json ? cJSON_Parse(json) : NULL;
    view_pane_show(V, "test", doc, json ? json : "<html>", json ? strlen(json) : 6, json ? NULL : "line 1", NULL, NULL);
}

Test(key_bar, every_key_in_custty_views_bar_acts_there)
{
    show("{\"a\": {\"b\": \"c\"}, \"d\": [1, 2]}");
    cr_expect_gt(each_bar_key(CTX_TREE, CTX_VIEWER, 100, press_in_viewer), 1);
    Pane *p = view_pane_base(V);
    p->ops->key(p, &(KeyEvent){ .code = 'v' });
    cr_assert_eq(view_pane_keys(V), CTX_TEXT, "v shows a value whole");
    cr_expect_gt(each_bar_key(CTX_TEXT, CTX_VIEWER, 100, press_in_viewer), 1);
    pane_free(p);
    show(NULL);
    cr_assert_eq(view_pane_keys(V), CTX_VIEW, "a body that is not JSON is text");
    cr_expect_gt(each_bar_key(CTX_VIEW, CTX_VIEWER, 100, press_in_viewer), 0);
    pane_free(view_pane_base(V));
}
