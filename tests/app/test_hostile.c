/* A hostile provider: escape sequences in its headers, errors, ids and body
 * must reach no terminal raw, from `custty create` now or `custty history`
 * later, and --json stays JSON. */
#include "model/jsonpath.h"
#include "tests/support/hostile.h"
#include "tests/support/support.h"

#include <criterion/criterion.h>
#include <ftw.h>
#include <glib.h>
#include <stdio.h>
#include <string.h>

#define H HOSTILE_BYTES

static char *STATE;      /* a history of this test's own */
static char *STATE_ENV;

static void start(void)
{
    char *cwd = g_get_current_dir();
    char *tmpl = g_build_filename(cwd, "build", "test-home", "hostile-XXXXXX", NULL);
    char *parent = g_path_get_dirname(tmpl);
    g_mkdir_with_parents(parent, 0700);
    g_free(parent);
    STATE = g_mkdtemp(tmpl);
    cr_assert_not_null(STATE);
    STATE_ENV = g_strdup_printf("XDG_STATE_HOME=%s", STATE);
    g_free(cwd);
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st, (void)flag, (void)ftw;
    return remove(path);
}

static void stop(void)
{
    nftw(STATE, remove_one, 8, FTW_DEPTH | FTW_PHYS);
    g_free(STATE);
    g_free(STATE_ENV);
}

TestSuite(hostile, .init = start, .fini = stop);

static void expect_safe(const RunResult *r, const char *what)
{
    const char *why = NULL;
    cr_expect(hostile_terminal_safe(r->out, strlen(r->out), &why), "%s: stdout has %s: %s", what, why, r->out);
    cr_expect(hostile_terminal_safe(r->err, strlen(r->err), &why), "%s: stderr has %s: %s", what, why, r->err);
}

/* `custty create` on Prolifi at the hostile server, with EXTRA options. */
static RunResult create_at(const HostileServer *h, const char *extra)
{
    char *base = hostile_base_url(h);
    const char *argv[] = { "create", "--provider", "prolifi", "--base-url", base, "--set", "email=a@b.co",
                           extra, NULL };
    const char *env[] = { "CUSTTY_TOKEN=sk_test_hostile", STATE_ENV, NULL };
    RunResult r = support_run_custty(argv, env, NULL);
    g_free(base);
    return r;
}

/* The same create, plain, --verbose and --json: none lets a byte through. */
static void create_three_ways(const char *answer, int want_status)
{
    HostileServer *h = hostile_start(answer);
    const char *modes[] = { NULL, "--verbose", "--json" };
    for (size_t i = 0; i < G_N_ELEMENTS(modes); i++) {
        RunResult r = create_at(h, modes[i]);
        cr_expect_eq(r.status, want_status, "%s: %s", modes[i] ? modes[i] : "plain", r.err);
        expect_safe(&r, modes[i] ? modes[i] : "plain");
        if (i == 1)
            cr_expect(strstr(r.err, "\\u001b]0;pwned\\u0007"), "--verbose still shows it, escaped: %s", r.err);
        support_run_done(&r);
    }
    hostile_stop(h);
}

/* WITH_ID: the entry has the provider's id, which the table shows. */
static void history_is_safe(bool with_id)
{
    const char *env[] = { STATE_ENV, NULL };
    RunResult r = support_run_custty((const char *const[]){ "history", NULL }, env, NULL);
    expect_safe(&r, "history");
    cr_expect(!with_id || strstr(r.out, "cus_\\u001b]0;pwned"), "the id is listed, escaped: %s", r.out);
    support_run_done(&r);
    r = support_run_custty((const char *const[]){ "history", "--json", NULL }, env, NULL);
    expect_safe(&r, "history --json");
    gchar **lines = g_strsplit(r.out, "\n", -1);
    size_t n = 0;
    for (gchar **l = lines; *l && **l; l++, n++) {
        cJSON *doc = cJSON_Parse(*l);
        cr_expect_not_null(doc, "each line is JSON: %s", *l);
        cJSON_Delete(doc);
    }
    cr_expect_gt(n, 0, "%s", r.out);
    g_strfreev(lines);
    support_run_done(&r);
}

Test(hostile, a_refused_redirect_and_request_id)
{
    char *answer = hostile_answer("302 Found", "Location: http://evil.example/" H "\r\nX-Request-Id: req_" H "\r\n", "");
    create_three_ways(answer, 1);
    history_is_safe(false);
    g_free(answer);
}

Test(hostile, an_error_type_message_and_field_errors)
{
    char *answer = hostile_answer("422 Unprocessable Entity", "X-Request-Id: req_" H "\r\n",
                                  "{\"error\":{\"type\":\"validation_" H "\",\"message\":\"bad " H "\","
                                  "\"errors\":[{\"field\":\"email" H "\",\"message\":\"no " H "\"}]}}");
    create_three_ways(answer, 1);
    history_is_safe(false);
    g_free(answer);
}

Test(hostile, a_created_record_and_its_id)
{
    char *answer = hostile_answer("201 Created", "X-Request-Id: req_" H "\r\n",
                                  "{\"data\":{\"id\":\"cus_" H "\",\"email\":\"a@b.co\",\"name\":\"Ann " H "\","
                                  "\"note\":\"" H "\"}}");
    create_three_ways(answer, 0);
    HostileServer *h = hostile_start(answer);
    RunResult r = create_at(h, "--json");
    cJSON *doc = cJSON_Parse(r.out);
    cr_expect_not_null(doc, "--json is JSON: %s", r.out);
    cr_expect(g_str_has_prefix(jsonpath_string(doc, "id"), "cus_\x1b]0;pwned\x07"),
              "the same id, escaped in JSON: %s", r.out);
    cJSON_Delete(doc);
    support_run_done(&r);
    hostile_stop(h);
    history_is_safe(true);
    g_free(answer);
}

Test(hostile, a_server_error_that_is_not_json_without_newlines)
{
    GString *body = g_string_new(NULL);
    for (int i = 0; i < 200; i++)
        g_string_append(body, "<html>" H);
    char *answer = hostile_answer("500 Internal Server Error", "X-Request-Id: " H "\r\n", body->str);
    create_three_ways(answer, 1);
    history_is_safe(false);
    g_free(answer);
    g_string_free(body, TRUE);
}

static void write_file(const char *dir, const char *name, const char *text)
{
    g_mkdir_with_parents(dir, 0700);
    char *path = g_build_filename(dir, name, NULL);
    cr_assert(g_file_set_contents(path, text, -1, NULL), "%s", path);
    g_free(path);
}

/* A config.ini and a descriptor of the user's own with escape sequences, and
 * a token in the environment with them: profiles, providers and token print
 * them escaped. (STATE serves as the config home here.) */
Test(hostile, config_descriptor_and_environment_values)
{
    char *custty = g_build_filename(STATE, "custty", NULL), *providers = g_build_filename(custty, "providers", NULL);
    /* GKeyFile takes only valid UTF-8: the rest of the hostile bytes. */
    const char *v = "\x1b]0;pwned\x07\x1b]52;c;cHduZWQ=\x07\x1b[2J\xe2\x80\xae\xc2\x9b";
    char *ini = g_strdup_printf("[evil\xc2\x9b\xe2\x80\xae]\nprovider = prolifi\nbase_url = http://127.0.0.1:9/%s\n\n"
                                "[worse]\nprovider = prolifi\nenvironment = %s\n", v, v);
    write_file(custty, "config.ini", ini);
    char *prolifi = support_fixture("../../assets/providers/prolifi.json", NULL);
    char **parts = g_strsplit(prolifi, "\"Prolifi Public API\"", 2);
    char *evil = g_strjoinv("\"Evil \\u001b]0;pwned\\u0007 \\u009b\\u202e API\"", parts);
    write_file(providers, "evil.json", evil);
    char *config_env = g_strdup_printf("XDG_CONFIG_HOME=%s", STATE);
    const char *env[] = { config_env, "CUSTTY_TOKEN=" H "-and-some-more-token", NULL };
    const char *const *commands[] = { (const char *const[]){ "profiles", NULL },
                                      (const char *const[]){ "providers", NULL },
                                      (const char *const[]){ "token", "status", "evil\xc2\x9b\xe2\x80\xae", NULL },
                                      (const char *const[]){ "create", "--profile", "evil\xc2\x9b\xe2\x80\xae",
                                                             "--dry-run", "--set", "email=a@b.co", NULL } };
    for (size_t i = 0; i < G_N_ELEMENTS(commands); i++) {
        RunResult r = support_run_custty(commands[i], env, NULL);
        expect_safe(&r, commands[i][0]);
        cr_expect(strstr(r.out, "\\u001b]0;pwne") || strstr(r.err, "\\u001b]0;pwne"), "%s shows it, escaped: %s%s",
                  commands[i][0], r.out, r.err);
        support_run_done(&r);
    }
    g_strfreev(parts);
    g_free(prolifi), g_free(evil), g_free(ini), g_free(config_env), g_free(custty), g_free(providers);
}

/* A customer whose every text is hostile, and two whose ids are no strings. */
#define HOSTILE_ITEM "{\"id\":\"cus_" H "\",\"email\":\"" H "@x.io\",\"name\":\"Ann " H "\",\"status\":\"" H "\"," \
                     "\"created_at\":\"" H "\"}"
#define HOSTILE_PAGE "{\"data\":[" HOSTILE_ITEM ",{\"id\":5,\"name\":{\"a\":\"" H "\"}},{\"id\":{\"x\":\"" H "\"}}]," \
                     "\"pagination\":{\"has_more\":true}}"

/* `custty ARGV...` with a profile "evil" on Prolifi at H; its exit status is WANT. */
static RunResult customers_at(const HostileServer *h, const char *const *argv, int want)
{
    char *base = hostile_base_url(h), *custty = g_build_filename(STATE, "custty", NULL);
    char *ini = g_strdup_printf("[evil]\nprovider = prolifi\nbase_url = %s\n", base);
    write_file(custty, "config.ini", ini);
    char *config_env = g_strdup_printf("XDG_CONFIG_HOME=%s", STATE);
    const char *env[] = { config_env, STATE_ENV, "CUSTTY_TOKEN=sk_test_hostile",
                          "DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent", NULL };
    RunResult r = support_run_custty(argv, env, NULL);
    cr_expect_eq(r.status, want, "%s: exit %d: %s", argv[0], r.status, r.err);
    expect_safe(&r, argv[0]);
    g_free(base), g_free(custty), g_free(ini), g_free(config_env);
    return r;
}

/* Every --json line is a JSON object, in valid UTF-8: COUNT of them. */
static void expect_json_lines(const char *out, size_t count)
{
    cr_expect(g_utf8_validate(out, -1, NULL), "valid UTF-8: %s", out);
    gchar **lines = g_strsplit(out, "\n", -1);
    size_t n = 0;
    for (gchar **l = lines; *l && **l; l++, n++) {
        cJSON *doc = cJSON_Parse(*l);
        cr_expect(cJSON_IsObject(doc), "each line is a JSON object: %s", *l);
        cJSON_Delete(doc);
    }
    cr_expect_eq(n, count, "%zu lines, not %zu: %s", n, count, out);
    g_strfreev(lines);
}

/* list (the table, --json, --all against the same page for ever), get and
 * delete of a hostile customer, and the history of the delete. */
Test(hostile, the_customers_list_get_and_delete)
{
    char *answer = hostile_answer("200 OK", "X-Request-Id: req_" H "\r\n", HOSTILE_PAGE);
    HostileServer *h = hostile_start(answer);
    RunResult r = customers_at(h, (const char *const[]){ "list", "--profile", "evil", NULL }, 0);
    cr_expect(strstr(r.out, "cus_\\u001b]0;pwned"), "the id, escaped: %s", r.out);
    support_run_done(&r);
    r = customers_at(h, (const char *const[]){ "list", "--profile", "evil", "--json", NULL }, 0);
    expect_json_lines(r.out, 3);
    support_run_done(&r);
    r = customers_at(h, (const char *const[]){ "list", "--profile", "evil", "--json", "--all", NULL }, 1);
    expect_json_lines(r.out, 3); /* the same page again adds none */
    cr_expect(strstr(r.err, "the same as the one before"), "the list stops: %s", r.err);
    support_run_done(&r);
    hostile_stop(h);
    g_free(answer);

    answer = hostile_answer("200 OK", "", "{\"data\":" HOSTILE_ITEM "}");
    h = hostile_start(answer);
    const char *id = "a/b?c#d%e..\x1b[2J";
    r = customers_at(h, (const char *const[]){ "get", "--profile", "evil", id, NULL }, 0);
    cr_expect(strstr(r.out, "Ann \\u001b]0;pwned"), "%s", r.out);
    support_run_done(&r);
    r = customers_at(h, (const char *const[]){ "get", "--profile", "evil", "--json", id, NULL }, 0);
    expect_json_lines(r.out, 1);
    support_run_done(&r);
    r = customers_at(h, (const char *const[]){ "delete", "--profile", "evil", id, NULL }, 0);
    support_run_done(&r);
    const char *sent = hostile_wait_request(h, 3);
    cr_expect(g_str_has_prefix(sent, "DELETE /customers/a%2Fb%3Fc%23d%25e..%1B%5B2J HTTP/1.1\r\n"),
              "the id is one segment: %s", sent);
    hostile_stop(h);
    g_free(answer);
    history_is_safe(false);
}

/* A DELETE answered 303 with a hostile Location: whether the customer is
 * gone is unknown (exit 3, not "refused"), and `custty get` is named to tell. */
Test(hostile, a_delete_answered_with_a_redirect_is_unknown)
{
    char *answer = hostile_answer("303 See Other", "Location: http://evil.example/" H "\r\n", "");
    HostileServer *h = hostile_start(answer);
    RunResult r = customers_at(h, (const char *const[]){ "delete", "--profile", "evil", "cus_1", NULL }, 3);
    cr_expect_null(strstr(r.err, "refused"), "%s", r.err);
    cr_expect(strstr(r.err, "whether cus_1 was deleted is unknown"), "%s", r.err);
    cr_expect_null(strstr(r.out, "Deleted"), "%s", r.out);
    support_run_done(&r);
    hostile_stop(h);
    g_free(answer);
    history_is_safe(false);
}
