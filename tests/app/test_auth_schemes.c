/* `custty create` with providers of the person's own that take their key with
 * HTTP Basic, in a header of their own, or in a query parameter: what the
 * provider receives (the lookup before the create too), and that the token
 * shows nowhere: --verbose, --dry-run, --json, --curl, errors, the history. */
#include "tests/support/hostile.h"
#include "tests/support/support.h"

#include <criterion/criterion.h>
#include <ftw.h>
#include <glib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* Tokens with what a query must encode and a shell must not expand, and a
 * marker no mask keeps. */
#define TOKEN "sk_test+a/b=c&d%e$HOME-QZX9Q"
#define BASIC "partner:pa55+w/rd$HOME-QZX9Q"

static char *HOME_;
static char *CONFIG;     /* HOME_/config/custty */
static char *ENV_CONFIG, *ENV_STATE;

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st, (void)flag, (void)ftw;
    return remove(path);
}

static void write_file(const char *dir, const char *name, const char *text)
{
    g_mkdir_with_parents(dir, 0700);
    char *path = g_build_filename(dir, name, NULL);
    cr_assert(g_file_set_contents(path, text, -1, NULL), "writing %s", path);
    g_free(path);
}

/* providers/bp-NAME.json: BotPenguin (whose list path has a query of its
 * own) taking its key as AUTH says. */
static void write_provider(const char *name, const char *auth)
{
    char *edited = support_provider_text_with_auth("botpenguin", auth);
    char *dir = g_build_filename(CONFIG, "providers", NULL), *file = g_strdup_printf("%s.json", name);
    write_file(dir, file, edited);
    g_free(edited), g_free(dir), g_free(file);
}

#define PATTERN ", \"token\": {\"pattern\": \"^[!-~]{8,}$\"}"

static void start(void)
{
    char *cwd = g_get_current_dir();
    char *tmpl = g_build_filename(cwd, "build", "test-home", "auth-XXXXXX", NULL);
    char *parent = g_path_get_dirname(tmpl);
    g_mkdir_with_parents(parent, 0700);
    HOME_ = g_mkdtemp(tmpl);
    cr_assert_not_null(HOME_);
    CONFIG = g_build_filename(HOME_, "config", "custty", NULL);
    ENV_CONFIG = g_strdup_printf("XDG_CONFIG_HOME=%s/config", HOME_);
    ENV_STATE = g_strdup_printf("XDG_STATE_HOME=%s/state", HOME_);
    write_provider("bp-basic", "{\"scheme\": \"basic\"" PATTERN "}");
    write_provider("bp-header", "{\"scheme\": \"header\", \"header\": {\"name\": \"X-Api-Key\", \"value\": "
                                "\"Key {token}\"}" PATTERN "}");
    write_provider("bp-query", "{\"scheme\": \"query\", \"query\": \"api_key\"" PATTERN "}");
    g_free(cwd), g_free(parent);
}

static void stop(void)
{
    nftw(HOME_, remove_one, 8, FTW_DEPTH | FTW_PHYS);
    g_free(HOME_), g_free(CONFIG), g_free(ENV_CONFIG), g_free(ENV_STATE);
}

TestSuite(auth_schemes, .init = start, .fini = stop);

typedef struct {
    const char *provider, *token;
} Scheme;

static const Scheme SCHEMES[] = { { "bp-basic", BASIC }, { "bp-header", TOKEN }, { "bp-query", TOKEN } };

static RunResult run(const char *const *argv, const char *token, const char *input)
{
    char *env_token = token ? g_strdup_printf("CUSTTY_TOKEN=%s", token) : NULL;
    const char *env[] = { ENV_CONFIG, ENV_STATE, "DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent", env_token, NULL };
    RunResult r = support_run_custty(argv, env, input);
    g_free(env_token);
    return r;
}

static void expect_no_token(const RunResult *r, const char *what)
{
    cr_expect_null(strstr(r->out, "QZX9Q"), "%s: the token on stdout: %s", what, r->out);
    cr_expect_null(strstr(r->err, "QZX9Q"), "%s: the token on stderr: %s", what, r->err);
}

static void expect_history_clean(void)
{
    char *path = g_build_filename(HOME_, "state", "custty", "history.jsonl", NULL);
    char *text = NULL;
    cr_assert(g_file_get_contents(path, &text, NULL, NULL), "the history was written: %s", path);
    cr_expect_null(strstr(text, "QZX9Q"), "the token in the history: %s", text);
    g_free(text), g_free(path);
}

/* `custty create --provider NAME --base-url BASE` with EXTRA options. */
static RunResult create(const Scheme *s, const char *base, const char *extra, const char *extra2)
{
    const char *argv[] = { "create", "--provider", s->provider, "--base-url", base, "--set", "username=ann@example.com",
                           "--set", "name=Ann", "--set", "password=Sup3rSecret!", extra, extra2, NULL };
    return run(argv, s->token, NULL);
}

/* ---- what the provider receives ----------------------------------------------------- */

/* REQUEST carries S's token where S's scheme puts it. */
static void expect_token_in(const Scheme *s, const char *request, const char *what)
{
    if (strcmp(s->provider, "bp-basic") == 0) {
        char *b64 = g_base64_encode((const guchar *)BASIC, strlen(BASIC));
        char *want = g_strdup_printf("\r\nAuthorization: Basic %s\r\n", b64);
        cr_expect(strstr(request, want), "%s carries %s: %s", what, want, request);
        g_free(b64), g_free(want);
    } else if (strcmp(s->provider, "bp-header") == 0) {
        cr_expect(strstr(request, "\r\nX-Api-Key: Key " TOKEN "\r\n"), "%s carries the key: %s", what, request);
    } else {
        char *value = support_request_query(request, "api_key");
        cr_expect_str_eq(value, TOKEN, "%s carries ?api_key: %s", what, request);
        cr_expect_null(strstr(request, "Authorization:"), "%s", request);
        g_free(value);
    }
}

#define EMPTY_LIST "{\"success\":true,\"data\":[]}"

/* A profile that looks before it creates: the lookup (GET of the list,
 * whose own ?sort=createdAt stays) and then the create carry the token. */
Test(auth_schemes, the_provider_gets_the_token_on_the_lookup_and_the_create)
{
    char *answer = hostile_answer("200 OK", "Content-Type: application/json\r\n", EMPTY_LIST);
    HostileServer *h = hostile_start(answer);
    char *base = hostile_base_url(h);
    GString *ini = g_string_new(NULL);
    for (size_t i = 0; i < G_N_ELEMENTS(SCHEMES); i++)
        g_string_append_printf(ini, "[%s]\nprovider = %s\nbase_url = %s\ncheck_before_create = true\n\n",
                               SCHEMES[i].provider, SCHEMES[i].provider, base);
    write_file(CONFIG, "config.ini", ini->str);
    for (size_t i = 0; i < G_N_ELEMENTS(SCHEMES); i++) {
        const Scheme *s = &SCHEMES[i];
        const char *argv[] = { "create", "--profile", s->provider, "--set", "username=ann@example.com", "--set",
                               "name=Ann", "--set", "password=Sup3rSecret!", "--verbose", NULL };
        RunResult r = run(argv, s->token, NULL);
        expect_no_token(&r, s->provider);
        char *b64 = g_base64_encode((const guchar *)s->token, strlen(s->token));
        cr_expect_null(strstr(r.err, b64 + 12), "nor its base64: %s", r.err);
        cr_expect(strstr(r.err, "> POST "), "--verbose shows the request: %s", r.err);
        support_run_done(&r);
        g_free(b64);
        const char *lookup = hostile_wait_request(h, (int)(2 * i + 1));
        const char *made = hostile_wait_request(h, (int)(2 * i + 2));
        cr_expect(g_str_has_prefix(lookup, "GET /customer/list?sort=createdAt&"), "%s", lookup);
        cr_expect(g_str_has_prefix(made, "POST /customer/create"), "%s", made);
        expect_token_in(s, lookup, "the lookup");
        expect_token_in(s, made, "the create");
    }
    expect_history_clean();
    hostile_stop(h);
    g_string_free(ini, TRUE);
    g_free(base), g_free(answer);
}

/* `custty check` asks about an unknown create with the profile's token. */
Test(auth_schemes, check_asks_with_the_token_in_its_place)
{
    char *answer = hostile_answer("200 OK", "Content-Type: application/json\r\n", EMPTY_LIST);
    HostileServer *h = hostile_start(answer);
    char *base = hostile_base_url(h);
    char *ini = g_strdup_printf("[mine]\nprovider = bp-query\nbase_url = %s\n", base);
    write_file(CONFIG, "config.ini", ini);
    char *state = g_build_filename(HOME_, "state", "custty", NULL);
    char *line = g_strdup_printf("{\"entry\":\"h_1\",\"time\":\"2026-11-26T10:00:00Z\",\"profile\":\"mine\","
                                 "\"provider\":\"bp-query\",\"base_url\":\"%s\",\"outcome\":\"unknown\","
                                 "\"email\":\"ann@example.com\",\"request\":{\"username\":\"ann@example.com\"}}\n",
                                 base);
    write_file(state, "history.jsonl", line);
    RunResult r = run((const char *const[]){ "check", "--profile", "mine", NULL }, TOKEN, NULL);
    cr_expect_eq(r.status, 0, "%s%s", r.out, r.err);
    cr_expect(strstr(r.out, "not created"), "an empty list: %s", r.out);
    expect_no_token(&r, "check");
    support_run_done(&r);
    const char *asked = hostile_wait_request(h, 1);
    cr_expect(g_str_has_prefix(asked, "GET /customer/list?sort=createdAt&"), "%s", asked);
    expect_token_in(&SCHEMES[2], asked, "the check");
    expect_history_clean();
    hostile_stop(h);
    g_free(answer), g_free(base), g_free(ini), g_free(state), g_free(line);
}

/* ---- what is shown --------------------------------------------------------------------- */

Test(auth_schemes, dry_runs_and_json_show_the_token_masked)
{
    static const char *const want[] = { "\"Authorization\": \"Basic ", "\"X-Api-Key\": \"Key sk_test…\"",
                                        "/customer/create?api_key=sk_test…\"" };
    for (size_t i = 0; i < G_N_ELEMENTS(SCHEMES); i++) {
        const Scheme *s = &SCHEMES[i];
        RunResult r = create(s, "http://127.0.0.1:9", "--dry-run", NULL);
        cr_expect_eq(r.status, 0, "%s: %s", s->provider, r.err);
        cr_expect(strstr(r.out, want[i]), "%s: %s in %s", s->provider, want[i], r.out);
        expect_no_token(&r, "--dry-run");
        support_run_done(&r);
        r = create(s, "http://127.0.0.1:9", "--dry-run", "--json");
        cr_expect_eq(r.status, 0, "%s: %s", s->provider, r.err);
        expect_no_token(&r, "--dry-run --json");
        support_run_done(&r);
        r = create(s, "http://127.0.0.1:9", "--dry-run", "--show-secrets");
        cr_expect(strstr(r.out, "Sup3rSecret!"), "--show-secrets shows the secret fields: %s", r.out);
        expect_no_token(&r, "--show-secrets, which is about fields, not the token");
        support_run_done(&r);
    }
}

/* The URL argument of a curl command (its first line), as a shell reads it
 * with CUSTTY_TOKEN set (g_free). */
/* Runs COMMAND (a printed curl command) in a shell whose CUSTTY_TOKEN is TOKEN. */
static void shell_runs(const char *command, const char *token)
{
    char *env_token = g_strdup_printf("CUSTTY_TOKEN=%s", token);
    char *argv[] = { "/bin/sh", "-c", (char *)command, NULL }, *envp[] = { env_token, "PATH=/usr/bin:/bin", NULL };
    cr_assert(g_spawn_sync(NULL, argv, envp, G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                           NULL, NULL, NULL, NULL));
    g_free(env_token);
}

/* The value of NAME in the request line of SENT, decoded (g_free). */
static char *query_value(const char *sent, const char *name)
{
    char *needle = g_strdup_printf("%s=", name);
    const char *at = strstr(sent, needle);
    g_free(needle);
    cr_assert_not_null(at, "%s", sent);
    at += strlen(name) + 1;
    char *raw = g_strndup(at, strcspn(at, "& #\r\n"));
    char *value = g_uri_unescape_string(raw, NULL);
    g_free(raw);
    return value;
}

Test(auth_schemes, curl_reads_the_token_from_the_environment_where_the_scheme_puts_it)
{
    static const char *const want[] = { "\n  -u \"$CUSTTY_TOKEN\"", "\n  -H \"X-Api-Key: Key $CUSTTY_TOKEN\"",
                                        "\n  --url-query \"api_key=$CUSTTY_TOKEN\"" };
    for (size_t i = 0; i < G_N_ELEMENTS(SCHEMES); i++) {
        const Scheme *s = &SCHEMES[i];
        RunResult r = create(s, "http://127.0.0.1:9", "--curl", NULL);
        cr_expect_eq(r.status, 0, "%s: %s", s->provider, r.err);
        cr_expect(strstr(r.out, want[i]), "%s: %s in %s", s->provider, want[i], r.out);
        cr_expect_null(strstr(r.out, "Authorization: Bearer"), "%s", r.out);
        expect_no_token(&r, "--curl");
        support_run_done(&r);
    }
}

/* The printed command sends the provider the very key custty sends, though
 * it holds '+', '/', '=', '&', '%' and '$': curl encodes it as custty does. */
Test(auth_schemes, the_printed_curl_command_sends_the_query_key_custty_sends)
{
    char *answer = hostile_answer("500 Internal Server Error", "", "{}");
    HostileServer *h = hostile_start(answer);
    char *base = hostile_base_url(h);
    RunResult r = create(&SCHEMES[2], base, "--curl", NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    shell_runs(r.out, SCHEMES[2].token);
    char *from_curl = query_value(hostile_wait_request(h, 1), "api_key");
    cr_expect_str_eq(from_curl, TOKEN, "curl sent the key itself");
    support_run_done(&r);
    r = create(&SCHEMES[2], base, NULL, NULL);
    char *from_custty = query_value(hostile_wait_request(h, 2), "api_key");
    cr_expect_str_eq(from_custty, from_curl, "custty and the printed command send the same key");
    support_run_done(&r);
    hostile_stop(h);
    g_free(base), g_free(answer), g_free(from_curl), g_free(from_custty);
}

/* ---- errors and the history -------------------------------------------------------------- */

Test(auth_schemes, a_transfer_error_names_no_token)
{
    unsigned port = 0;
    close(support_listen_loopback(&port)); /* free, and nobody listens there now */
    char *base = g_strdup_printf("http://127.0.0.1:%u", port);
    for (size_t i = 0; i < G_N_ELEMENTS(SCHEMES); i++) {
        RunResult r = create(&SCHEMES[i], base, "--verbose", NULL);
        cr_expect_eq(r.status, 3, "not sent: %s", r.err);
        cr_expect(strstr(r.err, "not sent"), "%s", r.err);
        expect_no_token(&r, SCHEMES[i].provider);
        support_run_done(&r);
    }
    expect_history_clean();
    g_free(base);
}

/* A redirect to https that echoes the URL the token went in. */
Test(auth_schemes, a_redirect_that_echoes_the_query_token_is_masked)
{
    char *answer = hostile_answer("301 Moved Permanently",
                                  "Location: https://api.example/customer/create?api_key="
                                  "sk_test%2ba%2fb%3dc%26d%25e%24HOME-QZX9Q\r\n", "");
    HostileServer *h = hostile_start(answer);
    char *base = hostile_base_url(h);
    RunResult r = create(&SCHEMES[2], base, "--verbose", NULL);
    const char *sent = hostile_wait_request(h, 1);
    cr_expect(strstr(sent, "api_key=sk_test%2ba%2fb%3dc%26d%25e%24HOME-QZX9Q "), "the echo is as sent: %s", sent);
    cr_expect(strstr(r.err, "redirects to https://api.example/customer/create?api_key=sk_test"), "%s", r.err);
    expect_no_token(&r, "a redirect");
    support_run_done(&r);
    expect_history_clean();
    hostile_stop(h);
    g_free(base), g_free(answer);
}

/* ---- the token's form ---------------------------------------------------------------------- */

Test(auth_schemes, a_basic_token_without_a_colon_is_refused_saying_the_form)
{
    Scheme nocolon = { "bp-basic", "partner-only-no-colon" };
    RunResult r = create(&nocolon, "http://127.0.0.1:9", NULL, NULL);
    cr_expect_eq(r.status, 2, "%s", r.err);
    cr_expect(strstr(r.err, "CUSTTY_TOKEN") && strstr(r.err, "user:password"), "names the form: %s", r.err);
    support_run_done(&r);
    write_file(CONFIG, "config.ini", "[mine]\nprovider = bp-basic\nbase_url = http://127.0.0.1:9\n");
    RunResult set = run((const char *const[]){ "token", "set", "mine", NULL }, NULL, "partner-only-no-colon\n");
    cr_expect_eq(set.status, 2, "%s", set.err);
    cr_expect(strstr(set.err, "not stored") && strstr(set.err, "user:password"), "%s", set.err);
    support_run_done(&set);
}

/* Before a token is ever asked for, `custty providers` says how each takes
 * it: a support agent sees "user:password" for a Basic one. */
Test(auth_schemes, providers_says_how_each_takes_its_token)
{
    RunResult r = run((const char *const[]){ "providers", "bp-basic", "bp-header", "bp-query", NULL }, NULL, NULL);
    cr_expect_eq(r.status, 0, "%s", r.err);
    cr_expect(strstr(r.out, "  token:   sent with HTTP Basic, as user:password\n"), "%s", r.out);
    cr_expect(strstr(r.out, "  token:   sent in the X-Api-Key header\n"), "%s", r.out);
    cr_expect(strstr(r.out, "  token:   sent in the api_key query parameter\n"), "%s", r.out);
    support_run_done(&r);
}
