/* The console with providers of one's own that take their key in a query
 * parameter or with HTTP Basic: the token dialog says how the token is sent,
 * the provider gets it, and neither the screen (log, raw exchange), the curl
 * copy nor the history holds it. */
#include "tests/support/hostile.h"
#include "tests/support/support.h"
#include "tests/support/tmux.h"

#include <criterion/criterion.h>
#include <glib.h>
#include <string.h>

static Tmux T;
static HostileServer *S;
static char *HOME_;

#define SEE(needle) TMUX_SEE(&T, needle)
#define NO_BUS "DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent"
#define TOKEN "sk_test_typed+QZX9Q"

static void stop(void)
{
    tmux_stop(&T);
    hostile_stop(S);
    char *rm = g_strdup_printf("rm -rf %s", HOME_);
    g_spawn_command_line_sync(rm, NULL, NULL, NULL, NULL);
    g_free(rm), g_free(HOME_);
}

/* custty on profile "mine" of a provider "bp-NAME" (BotPenguin taking its key
 * as AUTH says) at a provider that answers every create with a 201. */
static void start_at(const char *name, const char *auth, int w, int h)
{
    char *body = support_fixture("botpenguin_create_201.json", NULL), *answer = hostile_answer("201 Created", "", body);
    S = hostile_start(answer);
    char *base = hostile_base_url(S);
    HOME_ = g_dir_make_tmp("custty-auth-XXXXXX", NULL);
    char *providers = g_build_filename(HOME_, "custty", "providers", NULL);
    g_mkdir_with_parents(providers, 0700);
    char *edited = support_provider_text_with_auth("botpenguin", auth);
    char *file = g_strdup_printf("%s/%s.json", providers, name);
    g_file_set_contents(file, edited, -1, NULL);
    char *ini = g_strdup_printf("%s/custty/config.ini", HOME_);
    char *config = g_strdup_printf("[mine]\nprovider = %s\nbase_url = %s\ncheck_before_create = false\n", name, base);
    g_file_set_contents(ini, config, -1, NULL);
    char *env = g_strdup_printf("%s XDG_CONFIG_HOME=%s", NO_BUS, HOME_);
    tmux_start(&T, w, h, env, "--profile mine");
    g_free(body), g_free(answer), g_free(base), g_free(providers), g_free(edited), g_free(file);
    g_free(ini), g_free(config), g_free(env);
}

static void start_with(const char *name, const char *auth)
{
    start_at(name, auth, 120, 30);
}

static void expect_screen_clean(const char *what)
{
    char *s = tmux_screen(&T);
    cr_expect_null(strstr(s, "QZX9Q"), "%s: the token on screen:\n%s", what, s);
    g_free(s);
}

Test(auth_console, a_query_token_goes_in_the_url_and_shows_nowhere, .fini = stop)
{
    start_with("bp-query", "{\"scheme\": \"query\", \"query\": \"api_key\"}");
    SEE("Email (username)");
    tmux_type(&T, "ann@example.com");
    tmux_key(&T, "Tab");
    tmux_type(&T, "Ann");
    tmux_key(&T, "Tab");
    tmux_type(&T, "Sup3rSecret!");
    tmux_key(&T, "F2");
    SEE("Token needed · mine");
    SEE("It is sent in the api_key query parameter.");
    tmux_type(&T, TOKEN);
    tmux_key(&T, "Enter");
    SEE("Created · ");
    const char *sent = hostile_wait_request(S, 1);
    cr_expect(g_str_has_prefix(sent, "POST /customer/create?api_key=sk_test_typed%2bQZX9Q HTTP/1.1"), "%s", sent);
    expect_screen_clean("created");
    tmux_type(&T, "r"); /* the record's exchange */
    SEE("Raw exchange");
    SEE("/customer/create?api_key=sk_t…");
    expect_screen_clean("the raw exchange");
    tmux_key(&T, "C-y");
    SEE("copied the record's request as curl");
    char *clip = tmux_buffer(&T);
    cr_expect(strstr(clip, "--url-query \"api_key=$CUSTTY_TOKEN\""), "the token as a variable: %s", clip);
    cr_expect_null(strstr(clip, "QZX9Q"), "%s", clip);
    char *history = tmux_read_history(&T);
    cr_expect_null(strstr(history, "QZX9Q"), "%s", history);
    g_free(clip), g_free(history);
}

Test(auth_console, a_basic_token_is_asked_for_as_user_and_password, .fini = stop)
{
    start_with("bp-basic", "{\"scheme\": \"basic\"}");
    SEE("Email (username)");
    tmux_key(&T, "F7");
    SEE("It is sent with HTTP Basic, as user:password.");
    tmux_type(&T, "no-colon-token");
    tmux_key(&T, "Enter");
    SEE("token refused");
    SEE("give it as user:password");
}

/* At 80 columns the status line cannot hold why a token was refused: the
 * dialog asks again and says why, whole, and the create goes on from there. */
Test(auth_console, a_refused_token_is_asked_for_again_with_the_reason, .fini = stop)
{
    start_at("bp-basic", "{\"scheme\": \"basic\"}", 80, 24);
    SEE("Email (username)");
    tmux_type(&T, "ann@example.com");
    tmux_key(&T, "Tab");
    tmux_type(&T, "Ann");
    tmux_key(&T, "Tab");
    tmux_type(&T, "Sup3rSecret!");
    tmux_key(&T, "F2");
    SEE("Token needed · mine");
    tmux_type(&T, "no-colon-token");
    tmux_key(&T, "Enter");
    SEE("Token refused · mine");
    SEE("(a key alone as KEY:)");
    tmux_type(&T, "ann:QZX9Q");
    tmux_key(&T, "Enter");
    SEE("Created · ");
    const char *sent = hostile_wait_request(S, 1);
    cr_expect(strstr(sent, "Authorization: Basic YW5uOlFaWDlR"), "the second token went: %s", sent);
}
