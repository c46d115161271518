/* The real console in a pseudo-terminal: what a person sees and does. */
#include "tests/support/hostile.h"
#include "tests/support/support.h"
#include "tests/support/tmux.h"

#include <criterion/criterion.h>
#include <glib.h>
#include <string.h>
#include <wchar.h>
#include <glib/gstdio.h>
#include <locale.h>

static Tmux T;
static void stop(void) { tmux_stop(&T); }

/* A provider that holds its answer until the test releases it. */
static HostileServer *S;
static void stop_held(void)
{
    tmux_stop(&T);
    hostile_stop(S);
}

/* Starts the console on a profile of PROVIDER whose answers S holds (a 201
 * with FIXTURE's record once released). */
static void start_held(const char *provider, const char *fixture)
{
    char *body = support_fixture(fixture, NULL), *answer = hostile_answer("201 Created", "", body);
    S = hostile_start_held(answer);
    char *base = hostile_base_url(S);
    char *config = g_strdup_printf("[held]\nprovider = %s\nbase_url = %s\n", provider, base);
    tmux_start_config(&T, 100, 30, "CUSTTY_TOKEN=sk_test_held00000000", "--profile held", config);
    g_free(body), g_free(answer), g_free(base), g_free(config);
}

#define SEE(needle) TMUX_SEE(&T, needle)


static void fill_billing(const char *country)
{
    SEE("New customer");
    tmux_type(&T, "Brighton Mboya");
    tmux_key(&T, "Tab");
    tmux_type(&T, "brighton@jani.com");
    tmux_key(&T, "Tab");
    tmux_key(&T, "Tab");
    tmux_type(&T, "Dar es Salaam");
    tmux_key(&T, "Tab");
    tmux_type(&T, country);
}

Test(screen, tanzania_shows_its_error_and_suggestion_before_submit, .fini = stop)
{
    tmux_start(&T, 100, 30, NULL, NULL);
    fill_billing("Tanzania");
    SEE("use TZ");
    SEE("TZ — Tanzania, United Republic of");
    char *s = tmux_screen(&T);
    cr_expect_null(strstr(s, "sending"), "nothing was submitted");
    g_free(s);
}

Test(screen, fixed_to_TZ_and_F2_shows_the_record_with_its_id, .fini = stop)
{
    tmux_start(&T, 100, 30, NULL, NULL);
    fill_billing("Tanzania");
    SEE("use TZ");
    tmux_key(&T, "C-u");
    tmux_type(&T, "TZ");
    tmux_key(&T, "F2");
    SEE("Created · cus_");
    SEE(": \"cus_");
    SEE("country: \"TZ\"");
    SEE("billing-sandbox · created");
}

Test(screen, botpenguin_record_reaches_its_last_field, .fini = stop)
{
    tmux_start(&T, 100, 30, NULL, "--profile botpenguin-sandbox");
    SEE("Email (username)");
    tmux_type(&T, "Garima@test.com");
    tmux_key(&T, "Tab");
    tmux_type(&T, "Garima");
    tmux_key(&T, "Tab");
    tmux_type(&T, "Garima23$");
    char *s = tmux_wait_for(&T, "•••••••••");
    cr_expect_not_null(s, "the password is masked");
    cr_expect(s && !strstr(s, "Garima23$"), "and never shown");
    g_free(s);
    tmux_key(&T, "F2");
    SEE("Created · ");
    tmux_key(&T, "End");
    char *end = tmux_wait_for(&T, "onboard");
    cr_assert_not_null(end, "the last field is reached");
    char *line = tmux_line_with(end, "onboard");
    cr_expect(line && strstr(line, ": true"), "%s", line);
    cr_expect(strstr(end, "\"5fa913b09f70684af004db13\""), "role, just before it:\n%s", end);
    g_free(line), g_free(end);
}

Test(screen, prolifi_422_lands_on_the_field, .fini = stop)
{
    tmux_start(&T, 100, 30, NULL, "--profile prolifi-sandbox");
    SEE("New customer");
    tmux_type(&T, "not-an-email");
    tmux_key(&T, "F3"); /* QA: send as typed; the provider judges */
    SEE("rejected");
    SEE("provider: The email needs an @");
}

/* The provider holds its answer until the typing has shown: the order of
 * events is fixed by the test, not by a latency the machine may outrun. */
Test(screen, typing_goes_on_while_the_answer_is_awaited, .fini = stop_held)
{
    start_held("prolifi", "prolifi_create_201.json");
    SEE("New customer");
    tmux_type(&T, "slow@example.com");
    tmux_key(&T, "F2");
    hostile_wait_request(S, 1); /* sent, and held */
    SEE("sending");
    tmux_key(&T, "Tab");
    tmux_type(&T, "Typed While Waiting");
    char *s = tmux_wait_for(&T, "Typed While Waiting");
    cr_assert_not_null(s, "what was typed shows");
    cr_expect(strstr(s, "sending"), "while the request is still in flight:\n%s", s);
    g_free(s);
    hostile_release(S);
    SEE("kept as a new draft"); /* what was typed meanwhile is not cleared by the answer */
}

/* The display column of NEEDLE in LINE. */
static int column_of(const char *line, const char *needle)
{
    const char *at = strstr(line, needle);
    int col = 0;
    for (const char *p = line; at && p < at; p = g_utf8_next_char(p))
        col += MAX(0, wcwidth((wchar_t)g_utf8_get_char(p)));
    return at ? col : -1;
}

Test(screen, wide_characters_line_up, .fini = stop)
{
    setlocale(LC_ALL, "C.UTF-8");
    tmux_start(&T, 100, 30, NULL, NULL);
    SEE("New customer");
    tmux_type(&T, "山田太郎 Zoë Ñúñez");
    tmux_key(&T, "Tab");
    tmux_type(&T, "yamada@example.jp");
    char *s = tmux_wait_for(&T, "yamada@example.jp");
    cr_assert_not_null(s);
    char *name = tmux_line_with(s, "山田太郎"), *email = tmux_line_with(s, "yamada@");
    cr_assert(name && email, "%s", s);
    cr_expect_eq(column_of(name, "山田太郎"), column_of(email, "yamada@"), "values start in one column");
    cr_expect_eq(column_of(name, "✓"), column_of(email, "✓"), "the marks line up:\n%s\n%s", name, email);
    g_free(name), g_free(email), g_free(s);
}

Test(screen, no_color_shows_symbols_and_words, .fini = stop)
{
    tmux_start(&T, 100, 30, "NO_COLOR=1", NULL);
    SEE("New customer");
    tmux_key(&T, "Tab");
    tmux_type(&T, "bad-email");
    SEE("✗ error: Email needs an @");
}

Test(screen, layouts_at_60x20_and_30x8_and_too_small, .fini = stop)
{
    tmux_start(&T, 60, 20, NULL, NULL);
    SEE("New customer");
    char *s = tmux_screen(&T);
    cr_expect_null(strstr(s, "Profiles"), "one pane at a time at 60×20:\n%s", s);
    cr_expect(strstr(s, "F1 Help"), "with the key bar");
    g_free(s);
    tmux_key(&T, "F6");
    SEE(" Log");
    tmux_key(&T, "F6");
    SEE("Profiles");
    tmux_resize(&T, 30, 8);
    SEE("Enter Open");
    char *small = tmux_screen(&T);
    cr_expect(strstr(small, "billing-sandbox"), "the list still works at 30×8:\n%s", small);
    g_free(small);
    tmux_resize(&T, 20, 6);
    SEE("terminal too small");
    SEE("(need 30×8,");
    tmux_resize(&T, 100, 30);
    SEE("New customer");
    SEE("Profiles");
}

Test(screen, a_paste_with_a_newline_is_one_edit, .fini = stop)
{
    tmux_start(&T, 100, 30, NULL, NULL);
    SEE("New customer");
    tmux_paste(&T, "Ann\nLee");
    char *s = tmux_wait_for(&T, "Ann Lee");
    cr_assert_not_null(s, "the newline is a space, not taken as Enter");
    char *name = tmux_line_with(s, "Ann Lee");
    cr_expect(name && strstr(name, "▸"), "focus stays on the field: %s", name);
    g_free(name), g_free(s);
}

Test(screen, the_terminal_is_restored_after_SIGTERM, .fini = stop)
{
    tmux_start(&T, 100, 30, NULL, NULL);
    SEE("New customer");
    char *before = tmux_format(&T, "#{alternate_on}");
    cr_expect_str_eq(before, "1", "the console uses the alternate screen");
    g_free(before);
    char *pid = tmux_format(&T, "#{pane_pid}");
    char *cmd = g_strdup_printf("pkill -TERM -P %s -x custty", pid);
    g_spawn_command_line_sync(cmd, NULL, NULL, NULL, NULL);
    char *state = tmux_wait_format(&T, "#{alternate_on} #{cursor_flag} #{keypad_flag} #{mouse_any_flag}", "0 1 0 0");
    cr_expect_str_eq(state, "0 1 0 0", "main screen, cursor shown, keypad and mouse off");
    g_free(state), g_free(cmd), g_free(pid);
}

/* The key bar on the screen's last line: its keys, in order ("F1", "F2" …). */
static GPtrArray *key_bar_keys(void)
{
    char *s = tmux_screen(&T);
    gchar **lines = g_strsplit(g_strchomp(s), "\n", -1);
    guint n = g_strv_length(lines);
    GPtrArray *keys = g_ptr_array_new_with_free_func(g_free);
    gchar **items = g_strsplit(n ? lines[n - 1] : "", "  ", -1); /* "F1 Help", "F2 Create" … */
    for (gchar **i = items; *i; i++) {
        gchar *item = g_strstrip(*i);
        if (*item)
            g_ptr_array_add(keys, g_strndup(item, strcspn(item, " ")));
    }
    g_strfreev(items), g_strfreev(lines), g_free(s);
    return keys;
}

/* Help's lines (from the table), paged through: numbered by the pane's
 * "shown/total" mark, so each line is kept once, in order. */
static GPtrArray *help_lines(void)
{
    GPtrArray *all = g_ptr_array_new_with_free_func(g_free);
    int total = -1, page = 0;
    for (int guard = 0; guard < 50 && (int)all->len != total; guard++, tmux_key(&T, "NPage")) {
        char *s = tmux_wait_for(&T, "Help · Esc closes");
        cr_assert_not_null(s);
        gchar **lines = g_strsplit(s, "\n", -1);
        int head = 0, bottom = 0;
        while (lines[head] && !strstr(lines[head], "Help · Esc closes"))
            head++;
        cr_assert(lines[head] && sscanf(strrchr(lines[head], ' ') + 1, "%d/%d", &bottom, &total) == 2, "%s", s);
        page = page ? page : bottom; /* the first page starts at line 1 */
        for (int k = 0; k < page; k++) {
            int number = bottom - page + 1 + k;
            const char *bar = lines[head + 1 + k] ? strstr(lines[head + 1 + k], "│") : NULL;
            const char *text = bar ? bar + strlen("│") : "";
            if (number == (int)all->len + 1)
                g_ptr_array_add(all, g_strdup(*text == ' ' ? text + 1 : text));
        }
        g_strfreev(lines), g_free(s);
    }
    cr_assert_eq((int)all->len, total, "every line of the help was read");
    return all;
}

/* Whether HELP lists KEY under one of SECTIONS (NULL-terminated headings). */
static bool help_binds(GPtrArray *help, const char *key, const char *const *sections)
{
    bool in = false;
    for (guint i = 0; i < help->len; i++) {
        const char *l = help->pdata[i];
        if (*l && *l != ' ') {
            char *heading = g_strchomp(g_strdup(l));
            in = g_strv_contains(sections, heading);
            g_free(heading);
        } else if (in && g_str_has_prefix(l, "  ")) { /* "  F10, Ctrl-Q, Ctrl-C  quit" */
            const char *end = strstr(l + 2, "  ");
            char *names = g_strndup(l + 2, end ? (size_t)(end - l - 2) : strlen(l + 2));
            gchar **each = g_strsplit(names, ", ", -1);
            bool found = g_strv_contains((const char *const *)each, key);
            g_strfreev(each), g_free(names);
            if (found)
                return true;
        }
    }
    return false;
}

/* Every key a pane's bar shows is bound, in the table F1 is made from, for
 * that pane or everywhere: a bar that drifts from the table fails here. */
static void expect_bar_in_table(GPtrArray *help, const char *pane, const char *const *sections)
{
    GPtrArray *bar = key_bar_keys();
    cr_expect_gt(bar->len, 0, "%s: a key bar is shown", pane);
    for (guint i = 0; i < bar->len; i++)
        cr_expect(help_binds(help, bar->pdata[i], sections), "%s: the key bar shows %s, which the key table "
                  "(F1) does not bind there", pane, (char *)bar->pdata[i]);
    g_ptr_array_free(bar, TRUE);
}

Test(screen, help_lists_the_keys_from_the_table, .fini = stop)
{
    tmux_start(&T, 100, 30, NULL, NULL);
    SEE("New customer");
    tmux_key(&T, "F1");
    SEE("create the customer");
    GPtrArray *help = help_lines();
    GString *all = g_string_new(NULL);
    for (guint i = 0; i < help->len; i++)
        g_string_append_printf(all, "%s\n", (char *)help->pdata[i]);
    cr_expect(strstr(all->str, "Ctrl-W") && strstr(all->str, "to the end"), "the last sections are read:\n%s", all->str);
    g_string_free(all, TRUE);
    static const char *const everywhere[] = { "Everywhere", NULL };
    static const char *const form[] = { "Everywhere", "In the form", NULL };
    static const char *const list[] = { "Everywhere", "In the list", NULL };
    static const char *const view[] = { "Everywhere", "Moving in the log, the record and the help", NULL };
    static const char *const log[] = { "Everywhere", "In the log", "Moving in the log, the record and the help", NULL };
    cr_expect_not(help_binds(help, "Ctrl-W", everywhere), "sections are told apart");
    expect_bar_in_table(help, "help", view);
    tmux_key(&T, "Escape");
    SEE("New customer");
    expect_bar_in_table(help, "form", form);
    tmux_key(&T, "F6"); /* the log */
    SEE("Esc Back");
    expect_bar_in_table(help, "log", log);
    tmux_key(&T, "F6"); /* the list */
    SEE("Enter Open");
    expect_bar_in_table(help, "list", list);
    g_ptr_array_free(help, TRUE);
}

#define NO_BUS "DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent"

Test(screen, live_profile_is_marked_asks_for_a_token_and_confirms, .fini = stop)
{
    tmux_start_config(&T, 100, 30, NO_BUS, "--profile qa-live",
                      "[qa-live]\nprovider = prolifi\nenvironment = live\n");
    SEE("LIVE");
    SEE("keyring: no Secret Service");
    tmux_type(&T, "ann@example.com");
    tmux_key(&T, "F2");
    SEE("Token needed");
    tmux_type(&T, "pk_live_readonly123");
    tmux_key(&T, "Enter");
    SEE("read-only"); /* a pk_ key is refused for creating, with the reason */
    SEE("Token refused"); /* and asked for again */
    tmux_type(&T, "sk_live_secret123456");
    char *s = tmux_screen(&T);
    cr_expect_null(strstr(s, "sk_live_secret123456"), "the token is never on screen");
    g_free(s);
    tmux_key(&T, "Enter");
    /* No Secret Service: custty knows, and does not offer to save the token there. */
    SEE("REAL customer on LIVE");
    SEE("for ann@example.com (profile qa-live)");
    tmux_type(&T, "n");
    tmux_key(&T, "Enter");
    SEE("\"n\" does not confirm it"); /* one letter never confirms a LIVE create */
    tmux_key(&T, "Escape");
    SEE("not confirmed");
    s = tmux_screen(&T);
    cr_expect_null(strstr(s, "Save the token?"), "%s", s);
    g_free(s);
}

/* Esc once the provider has the whole request and holds its answer: ordered
 * by the test, not by a sleep inside a latency window. */
Test(screen, esc_cancels_and_the_outcome_is_unknown_not_failed, .fini = stop_held)
{
    start_held("billing-v1", "billing_create_201.json");
    SEE("New customer");
    tmux_type(&T, "Ann");
    tmux_key(&T, "Tab");
    tmux_type(&T, "ann@example.com");
    tmux_key(&T, "F2");
    hostile_wait_request(S, 1); /* the body is with the provider */
    SEE("sending");
    tmux_key(&T, "Escape");
    SEE("may or may not exist");
    SEE("Check on the provider before retrying");
}

Test(screen, ctrl_o_edits_json_in_the_editor, .fini = stop)
{
    char *dir = g_dir_make_tmp("custty-editor-XXXXXX", NULL);
    char *editor = g_build_filename(dir, "editor", NULL);
    g_file_set_contents(editor, "#!/bin/sh\nprintf '{\"loyalty_program\": \"Gold\"}' > \"$1\"\n", -1, NULL);
    g_chmod(editor, 0700);
    char *env = g_strdup_printf("EDITOR=%s", editor);
    tmux_start(&T, 100, 30, env, NULL);
    SEE("New customer");
    tmux_key(&T, "BTab"); /* from the first field back to the last: custom data */
    tmux_key(&T, "C-o");
    SEE("{\"loyalty_program\": \"Gold\"}");
    SEE("Profiles"); /* the screen is whole again after the editor */
    g_free(env), g_free(editor), g_free(dir);
}

Test(screen, ctrl_c_quits_and_gives_the_terminal_back, .fini = stop)
{
    tmux_start(&T, 100, 30, NULL, NULL);
    SEE("New customer");
    tmux_key(&T, "C-c");
    char *state = tmux_wait_format(&T, "#{alternate_on} #{cursor_flag}", "0 1");
    cr_expect_str_eq(state, "0 1");
    g_free(state);
}

Test(screen, a_resize_storm_loses_nothing_typed, .fini = stop)
{
    tmux_start(&T, 100, 30, NULL, NULL);
    SEE("New customer");
    static const int sizes[][2] = { { 60, 20 }, { 120, 40 }, { 30, 8 }, { 20, 5 }, { 80, 24 }, { 250, 60 } };
    for (int i = 0; i < 30; i++) {
        tmux_resize(&T, sizes[i % 6][0], sizes[i % 6][1]);
        tmux_type(&T, i % 2 ? "b" : "a");
    }
    tmux_resize(&T, 100, 30);
    SEE("ababababababababababababababab");
    SEE("Profiles");
}

Test(screen, the_cursor_sits_where_the_person_types, .fini = stop)
{
    setlocale(LC_ALL, "C.UTF-8");
    tmux_start(&T, 100, 30, NULL, NULL);
    SEE("New customer");
    tmux_type(&T, "Zoë");
    char *s = tmux_wait_for(&T, "Zoë");
    cr_assert_not_null(s);
    gchar **lines = g_strsplit(s, "\n", -1);
    int row = -1;
    for (int i = 0; lines[i] && row < 0; i++)
        if (strstr(lines[i], "Zoë"))
            row = i;
    char *want_x = g_strdup_printf("%d", column_of(lines[row], "Zoë") + 3);
    char *want_y = g_strdup_printf("%d", row);
    char *x = tmux_format(&T, "#{cursor_x}"), *y = tmux_format(&T, "#{cursor_y}");
    cr_expect_str_eq(y, want_y, "on the Name row");
    cr_expect_str_eq(x, want_x, "just after what was typed");
    g_strfreev(lines);
    g_free(s), g_free(want_x), g_free(want_y), g_free(x), g_free(y);
}

Test(screen, messages_wrap_whole_at_80_columns, .fini = stop)
{
    tmux_start(&T, 80, 24, NULL, NULL);
    fill_billing("Tanzania");
    SEE("use");
    SEE("code for Tanzania"); /* not "cod" cut at the pane's edge */
}

/* An empty choice field's hint is never cut mid-word: it shortens to what fits. */
Test(screen, a_choice_hint_fits_whole_at_80x24, .fini = stop)
{
    tmux_start(&T, 80, 24, NULL, "--profile billing-sandbox");
    SEE("Status");
    char *s = tmux_screen(&T);
    const char *at = strstr(s, "Status");
    const char *eol = at ? strchr(at, '\n') : NULL;
    char *line = at ? g_strndup(at, eol ? (size_t)(eol - at) : strlen(at)) : g_strdup("");
    g_strchomp(line);
    cr_expect(g_str_has_suffix(line, ")"), "the hint ends whole: [%s]", line);
    g_free(line), g_free(s);
}
