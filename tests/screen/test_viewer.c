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
    cr_expect(strstr(s, "Esc Back"), "the key bar survives");
    g_free(s), g_free(title), g_free(args), g_remove(file), g_free(file), g_rmdir(dir), g_free(dir);
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
    cr_expect(strstr(text, "\n\t\"") != NULL, "pretty JSON");
    cJSON_Delete(doc);
    tmux_type(&T, "s");
    SEE("Save the document");
    tmux_key(&T, "Enter");
    SEE("exists. Replace it?");
    tmux_type(&T, "n");
    g_free(text), g_free(saved);
}
