/* The record viewer in a pseudo-terminal: folding, search, raw, save, copy,
 * and a hostile response that must not reach the terminal. */
#include "tests/support/tmux.h"

#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

static Tmux T;
static void stop(void) { tmux_stop(&T); }

#define SEE(needle) TMUX_SEE(&T, needle)

static char *fixture_path(const char *name)
{
    char *cwd = g_get_current_dir(), *path = g_build_filename(cwd, "tests", "fixtures", name, NULL);
    g_free(cwd);
    return path;
}

static void view(const char *file)
{
    char *path = fixture_path(file), *args = g_strdup_printf("view %s", path);
    tmux_start(&T, 100, 30, NULL, args);
    g_free(path), g_free(args);
}

static void search(const char *text)
{
    tmux_type(&T, "/");
    tmux_type(&T, text);
    tmux_key(&T, "Enter");
}

Test(viewer, fold_and_unfold, .fini = stop)
{
    view("botpenguin_create_201.json");
    SEE("▾ data");
    search("consumption");
    SEE("view data.consumption");
    tmux_key(&T, "Left");
    SEE("▸ consumption");
    SEE("{13 keys}");
    tmux_key(&T, "Right");
    SEE("▾ consumption");
    tmux_key(&T, "Right"); /* on an open node: into its first child */
    SEE("view data.consumption.website");
    tmux_type(&T, "*");
    SEE("▸ data");
}

Test(viewer, search_and_n_reach_every_match, .fini = stop)
{
    view("botpenguin_create_201.json");
    SEE("▾ data");
    tmux_type(&T, "*"); /* fold everything: the search must open what hides a match */
    SEE("▸ data");
    search("garima@test");
    SEE("view data.contact.email");
    SEE("\"garima@test.com\"");
    tmux_type(&T, "n");
    SEE("view data.username");
    tmux_type(&T, "N");
    SEE("view data.contact.email");
    tmux_key(&T, "End");
    SEE("view meta");
}

Test(viewer, hostile_bytes_never_reach_the_terminal, .fini = stop)
{
    char *dir = g_dir_make_tmp("custty-hostile-XXXXXX", NULL), *file = g_build_filename(dir, "hostile.json", NULL);
    g_file_set_contents(file, "{\"name\":\"\\u001b]0;pwned\\u0007\",\"wipe\":\"\\u001b[2J\",\"csi\":\"\\u009b31m\","
                              "\"bidi\":\"\\u202eevil\",\"ok\":\"still here\"}", -1, NULL);
    char *args = g_strdup_printf("view %s", file);
    tmux_start(&T, 100, 30, NULL, args);
    SEE("still here");
    char *title = tmux_format(&T, "#{pane_title}");
    cr_expect_null(strstr(title, "pwned"), "the title is unchanged: %s", title);
    char *s = tmux_screen(&T);
    cr_expect(strstr(s, "\\u001b]0;pwned\\u0007"), "shown escaped:\n%s", s);
    cr_expect(strstr(s, "\\u001b[2J") && strstr(s, "\\u009b31m") && strstr(s, "\\u202eevil"), "%s", s);
    cr_expect(strstr(s, "▾") || strstr(s, "name"), "the rest of the screen is still drawn");
    cr_expect(strstr(s, "q Quit"), "the key bar survives");
    g_free(s), g_free(title), g_free(args), g_remove(file), g_free(file), g_rmdir(dir), g_free(dir);
}

/* The last row of the screen: the key bar. */
static char *key_bar(void)
{
    char *s = tmux_screen(&T);
    g_strchomp(s);
    char *last = strrchr(s, '\n'), *bar = g_strdup(last ? last + 1 : s);
    g_free(s);
    return bar;
}

Test(viewer, key_bar_shows_the_viewers_own_keys, .fini = stop)
{
    view("botpenguin_create_201.json");
    SEE("q Quit");
    char *bar = key_bar();
    cr_expect(strstr(bar, "/ Find"), "%s", bar);
    cr_expect(!strstr(bar, "F4") && !strstr(bar, "F6") && !strstr(bar, "Back"),
              "no console key that does nothing here: %s", bar);
    g_free(bar);
    tmux_type(&T, "v");
    SEE("Esc Tree");
    tmux_key(&T, "Escape");
    SEE("/ Find");
}

Test(viewer, not_json_shows_text_and_where_it_broke, .fini = stop)
{
    char *dir = g_dir_make_tmp("custty-text-XXXXXX", NULL), *file = g_build_filename(dir, "page.html", NULL);
    g_file_set_contents(file, "<html>\n<body>502 Bad Gateway</body>\n</html>\n", -1, NULL);
    char *args = g_strdup_printf("view %s", file);
    tmux_start(&T, 100, 30, NULL, args);
    SEE("the body is not JSON: line 1, column 1");
    SEE("502 Bad Gateway");
    g_free(args), g_remove(file), g_free(file), g_rmdir(dir), g_free(dir);
}

static void create_on_botpenguin(void)
{
    tmux_start(&T, 100, 30, NULL, "--profile botpenguin-sandbox");
    SEE("Email (username)");
    tmux_type(&T, "Garima@test.com");
    tmux_key(&T, "Tab");
    tmux_type(&T, "Garima");
    tmux_key(&T, "Tab");
    tmux_type(&T, "Garima23$");
    tmux_key(&T, "F2");
    SEE("Created · ");
}

Test(viewer, raw_shows_the_exchange_with_the_token_masked, .fini = stop)
{
    create_on_botpenguin();
    tmux_type(&T, "r");
    SEE("Raw exchange");
    SEE("> POST http://127.0.0.1:");
    SEE("> Authorization: Bearer san…");
    SEE("\"password\":\"***\"");
    SEE("< HTTP/1.1 201");
    char *s = tmux_screen(&T);
    cr_expect_null(strstr(s, "sandbox-token"), "the token never shows");
    cr_expect_null(strstr(s, "Garima23$"), "nor the password");
    g_free(s);
    tmux_type(&T, "r");
    SEE("▾ chatGPT");
}

Test(viewer, copy_puts_the_value_on_the_clipboard, .fini = stop)
{
    create_on_botpenguin();
    tmux_type(&T, "/");
    tmux_type(&T, "garima@test");
    tmux_key(&T, "Enter");
    SEE("viewing contact.email");
    tmux_type(&T, "y");
    SEE("copied contact.email (15 bytes)");
    char *clip = tmux_buffer(&T);
    cr_expect_str_eq(clip, "garima@test.com", "OSC 52 reached the terminal's clipboard");
    g_free(clip);
}

Test(viewer, save_writes_pretty_json_and_asks_before_replacing, .fini = stop)
{
    create_on_botpenguin();
    tmux_type(&T, "s");
    SEE("Save the document");
    SEE("botpenguin-");
    tmux_key(&T, "Enter");
    SEE("saved botpenguin-");
    GDir *d = g_dir_open(T.home, 0, NULL);
    const char *name;
    char *saved = NULL;
    while ((name = g_dir_read_name(d)))
        if (g_str_has_prefix(name, "botpenguin-") && g_str_has_suffix(name, ".json"))
            saved = g_build_filename(T.home, name, NULL);
    g_dir_close(d);
    cr_assert_not_null(saved, "a file in the working directory");
    char *text = NULL;
    g_file_get_contents(saved, &text, NULL, NULL);
    cJSON *doc = cJSON_Parse(text);
    cr_expect(cJSON_IsTrue(cJSON_GetObjectItem(doc, "onboard")), "the whole record");
    cr_expect(strstr(text, "\n  \"") != NULL && !strchr(text, '\t'), "pretty JSON, two spaces a level: %s", text);
    cJSON_Delete(doc);
    tmux_type(&T, "s");
    SEE("Save the document");
    tmux_key(&T, "Enter");
    SEE("exists. Replace it?");
    tmux_type(&T, "n");
    g_free(text), g_free(saved);
}

/* ---- outside bytes in ids: the title, the dialog, the clipboard, the file name ---- */

/* An id that would set the terminal's title and reverse the line after it. */
#define HOSTILE_ID "cus_\\u001b]0;pwned\\u0007\\u202eevil"
#define SHOWN_ID HOSTILE_ID /* the same text: in JSON it is escapes, on screen it is shown so */

/* Starts the console on a history that holds ENTRIES (JSON lines). */
static void start_with_history(const char *entries)
{
    tmux_start(&T, 100, 30, NULL, NULL);
    SEE("New customer");
    tmux_write_history(&T, entries);
    tmux_relaunch(&T, 100, 30, NULL, NULL);
    SEE("history: the list shows earlier runs");
}

static const char HOSTILE_HISTORY[] =
    "{\"entry\":\"e1\",\"time\":\"2026-11-26T10:00:00Z\",\"profile\":\"billing-sandbox\",\"provider\":\"billing-v1\","
    "\"outcome\":\"created\",\"status\":201,\"id\":\"" HOSTILE_ID "\",\"email\":\"dup@example.com\","
    "\"response\":{\"id\":\"" HOSTILE_ID "\"}}\n"
    "{\"entry\":\"e2\",\"time\":\"2026-11-26T10:01:00Z\",\"profile\":\"billing-sandbox\",\"provider\":\"../../.hidden\","
    "\"outcome\":\"created\",\"status\":201,\"id\":\"" HOSTILE_ID "/../..\","
    "\"response\":{\"id\":\"" HOSTILE_ID "\",\"name\":\"Y\"}}\n";

static bool has_control_bytes(const char *s, const char *allowed)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if ((*p < 0x20 || *p == 0x7f) && !strchr(allowed, *p))
            return true;
    return strstr(s, "\u202e") != NULL;
}

/* Opens the newest entry of HOSTILE_HISTORY: no email, so its id is the title. */
static void open_hostile_entry(void)
{
    start_with_history(HOSTILE_HISTORY);
    tmux_key(&T, "F6"), tmux_key(&T, "F6"); /* form, log, list */
    SEE("Enter Open");
    tmux_key(&T, "Down");
    tmux_key(&T, "Enter");
    SEE("2 nodes");
}

Test(viewer, an_id_with_escapes_is_shown_escaped_in_the_title, .fini = stop)
{
    start_with_history(HOSTILE_HISTORY);
    char *before = tmux_format(&T, "#{pane_title}");
    tmux_key(&T, "F6"), tmux_key(&T, "F6");
    SEE("Enter Open");
    tmux_key(&T, "Down");
    tmux_key(&T, "Enter");
    SEE(SHOWN_ID "/../.. · created");
    char *s = tmux_screen(&T), *title = tmux_format(&T, "#{pane_title}");
    cr_expect_null(strstr(s, "\u202e"), "no bidi override reaches the screen:\n%s", s);
    cr_expect_str_eq(title, before, "the terminal's title is unchanged");
    g_free(s), g_free(title), g_free(before);
}

Test(viewer, y_and_Y_copy_what_the_screen_shows, .fini = stop)
{
    open_hostile_entry();
    tmux_type(&T, "y"); /* the id, as the screen shows it */
    SEE("control characters escaped as shown");
    char *clip = tmux_buffer(&T);
    cr_expect_str_eq(clip, "cus_\\u001b]0;pwned\\u0007\\u202eevil", "the copy is what the screen shows");
    cr_expect_not(has_control_bytes(clip, ""), "no control byte in the OSC 52 payload");
    g_free(clip);
    tmux_type(&T, "j"); /* off the id, so the next note differs */
    SEE("viewing name");
    tmux_type(&T, "Y"); /* the whole document keeps its layout, nothing else */
    SEE("copied name (");
    clip = tmux_buffer(&T);
    cr_expect(strstr(clip, "\n  \"name\": \"Y\""), "the document, two spaces a level: %s", clip);
    cr_expect_not(has_control_bytes(clip, "\n"), "only the newlines of the layout: %s", clip);
    g_free(clip);
}

Test(viewer, s_offers_a_safe_name_and_saves_private, .fini = stop)
{
    open_hostile_entry();
    tmux_type(&T, "s");
    SEE("Save the document");
    tmux_key(&T, "Enter");
    SEE("saved ");
    GDir *d = g_dir_open(T.home, 0, NULL);
    const char *name;
    int saved = 0;
    while ((name = g_dir_read_name(d))) {
        if (!g_str_has_suffix(name, ".json"))
            continue;
        saved++;
        cr_expect(g_regex_match_simple("^[A-Za-z0-9_-]{1,80}\\.json$", name, 0, 0), "a safe default name: %s", name);
        char *path = g_build_filename(T.home, name, NULL);
        GStatBuf st;
        cr_expect_eq(g_stat(path, &st), 0);
        cr_expect_eq(st.st_mode & 0777, 0600, "saved private: %o", st.st_mode & 0777);
        g_free(path);
    }
    g_dir_close(d);
    cr_expect_eq(saved, 1, "the record was saved in the working directory, not above it");
}

Test(viewer, the_already_created_dialog_escapes_the_id, .fini = stop)
{
    start_with_history(HOSTILE_HISTORY);
    tmux_type(&T, "Ann");
    tmux_key(&T, "Tab");
    tmux_type(&T, "dup@example.com");
    tmux_key(&T, "F2");
    SEE("Already created");
    SEE("(id " SHOWN_ID);
    char *s = tmux_screen(&T);
    cr_expect_null(strstr(s, "\u202e"), "no bidi override reaches the screen:\n%s", s);
    g_free(s);
}
