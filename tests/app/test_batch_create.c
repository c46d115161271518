/* `custty create --from FILE`: every row checked before anything is sent,
 * then sent a few at a time; the report, the history and the provider's own
 * list agree, and the same command again finishes what is missing. */
#include "model/jsonpath.h"
#include "tests/support/hostile.h"
#include "tests/support/http.h"
#include "tests/support/support.h"

#include <criterion/criterion.h>
#include <glib.h>
#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pty.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <errno.h>
#include <unistd.h>

typedef struct {
    TestSandbox sb;
    char *home, *state_env, *config_env;
} Fixture;

static Fixture F;

static void start_with(const SandboxOptions *opt)
{
    test_sandbox_start(&F.sb, opt);
    F.home = g_dir_make_tmp("custty-batch-XXXXXX", NULL);
    char *config_dir = g_build_filename(F.home, "config", "custty", NULL);
    char *config = g_build_filename(config_dir, "config.ini", NULL);
    char *billing = sandbox_base_url(F.sb.sb, "billing-v1");
    char *prolifi = sandbox_base_url(F.sb.sb, "prolifi");
    char *text = g_strdup_printf("[billing-local]\nprovider = billing-v1\nbase_url = %s\n\n"
                                 "[prolifi-local]\nprovider = prolifi\nbase_url = %s\n\n"
                                 "[billing-careful]\nprovider = billing-v1\nbase_url = %s\nconfirm = true\n",
                                 billing, prolifi, billing);
    g_mkdir_with_parents(config_dir, 0700);
    cr_assert(g_file_set_contents(config, text, -1, NULL));
    F.state_env = g_strdup_printf("XDG_STATE_HOME=%s/state", F.home);
    F.config_env = g_strdup_printf("XDG_CONFIG_HOME=%s/config", F.home);
    g_free(config_dir), g_free(config), g_free(billing), g_free(prolifi), g_free(text);
}

static void start(void) { start_with(NULL); }

static void start_faulty(void)
{
    SandboxOptions o = { .fault_rate = 0.2, .seed = 7 };
    start_with(&o);
}

static void start_slow(void)
{
    SandboxOptions o = { .latency_ms = 200 };
    start_with(&o);
}

static void stop(void)
{
    char *rm = g_strdup_printf("rm -rf %s", F.home);
    g_spawn_command_line_sync(rm, NULL, NULL, NULL, NULL);
    g_free(rm), g_free(F.home), g_free(F.state_env), g_free(F.config_env);
    test_sandbox_stop(&F.sb);
}

/* The sandbox's demo token for the profile ARGV names. */
static const char *token_for(const char *const *argv)
{
    for (size_t i = 0; argv[i]; i++)
        if (strstr(argv[i], "prolifi"))
            return SANDBOX_PROLIFI_SECRET;
    return SANDBOX_TOKEN;
}

static char **env_for(const char *const *argv)
{
    char **env = g_new0(char *, 6);
    env[0] = g_strdup(F.state_env), env[1] = g_strdup(F.config_env);
    /* GLib's slices through malloc: a free of what was never allocated aborts at once. */
    env[4] = g_strdup("G_SLICE=always-malloc");
    env[2] = g_strdup_printf("CUSTTY_TOKEN=%s", token_for(argv));
    env[3] = g_strdup("DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent");
    return env;
}

static RunResult custty(const char *const *argv)
{
    char **env = env_for(argv);
    RunResult r = support_run_custty(argv, (const char *const *)env, NULL);
    g_strfreev(env);
    return r;
}

/* NAME in the fixture's home, holding TEXT (g_free). */
static char *file_with(const char *name, const char *text)
{
    char *path = g_build_filename(F.home, name, NULL);
    cr_assert(g_file_set_contents(path, text, -1, NULL));
    return path;
}

/* How many customers PROFILE's provider has, by `custty list --all --json`;
 * *EMAILS (optional) gets each email once, with how often it came. */
static int listed(const char *profile, GHashTable **emails)
{
    const char *argv[] = { "list", "--profile", profile, "--all", "--json", NULL };
    RunResult r = custty(argv);
    cr_assert_eq(r.status, 0, "%s", r.err);
    char **lines = g_strsplit(r.out, "\n", -1);
    int n = 0;
    for (char **l = lines; *l; l++) {
        if (!**l)
            continue;
        cJSON *item = cJSON_Parse(*l);
        cr_assert(item, "one customer a line: %s", *l);
        n++;
        const char *e = jsonpath_string(item, "email");
        if (emails && e) {
            int k = GPOINTER_TO_INT(g_hash_table_lookup(*emails, e));
            g_hash_table_insert(*emails, g_strdup(e), GINT_TO_POINTER(k + 1));
        }
        cJSON_Delete(item);
    }
    g_strfreev(lines);
    support_run_done(&r);
    return n;
}

Test(batch_create, bad_rows_are_all_listed_with_file_and_line_and_nothing_is_sent, .init = start, .fini = stop)
{
    char *csv = file_with("customers.csv", "\xef\xbb\xbf" "name,email,Country\r\n"
                                           "\"Ann, A\",ann@example.com,DE\r\n"
                                           "\r\n"
                                           "\"Bob \"\"B\"\"\nline two\",bob@example.com,FR\r\n"
                                           "Cy,cy@example.com,Germany\r\n"
                                           "Dee,dee@example.com\r\n"
                                           "Eve,eve@example.com,DE,extra\r\n"
                                           "Fay,fay@\"x\".com,DE\r\n");
    const char *argv[] = { "create", "--profile", "billing-local", "--from", csv, NULL };
    RunResult r = custty(argv);
    cr_expect_eq(r.status, 2, "%s", r.err);
    cr_expect(strstr(r.err, "customers.csv:6: Country (address.country): is a country name; use DE"), "%s", r.err);
    cr_expect(strstr(r.err, "customers.csv:7: 2 cells where the header has 3 columns"), "%s", r.err);
    cr_expect(strstr(r.err, "customers.csv:8: 4 cells where the header has 3 columns"), "%s", r.err);
    cr_expect(strstr(r.err, "customers.csv:9: a quote inside an unquoted field"), "%s", r.err);
    cr_expect(strstr(r.err, "customers.csv:4: Name (name): contains a control character"),
              "the quoted line break is in the cell of the row that starts on line 4: %s", r.err);
    cr_expect(strstr(r.err, "customers.csv are invalid; nothing was sent"), "%s", r.err);
    cr_expect_null(strstr(r.err, "customers.csv:2:"), "the quoted comma is fine: %s", r.err);
    support_run_done(&r);
    cr_expect_eq(listed("billing-local", NULL), 0, "nothing was sent");
    g_free(csv);
}

Test(batch_create, a_broken_json_line_is_named_and_nothing_is_sent, .init = start, .fini = stop)
{
    char *jsonl = file_with("people.jsonl", "{\"name\":\"Ann\",\"email\":\"ann@example.com\",\"address\":{\"country\":\"DE\"}}\n"
                                            "{\"name\":\"Bob\",\"email\":\"bob@example.com\"\n"
                                            "{\"name\":\"Cy\",\"email\":\"cy@example.com\",\"nickname\":\"c\"}\n");
    const char *argv[] = { "create", "--profile", "billing-local", "--from", jsonl, NULL };
    RunResult r = custty(argv);
    cr_expect_eq(r.status, 2, "%s", r.err);
    cr_expect(strstr(r.err, "people.jsonl:2: not JSON"), "%s", r.err);
    cr_expect(strstr(r.err, "people.jsonl:3: \"nickname\" is no field"), "%s", r.err);
    support_run_done(&r);
    cr_expect_eq(listed("billing-local", NULL), 0, "nothing was sent");
    g_free(jsonl);
}

Test(batch_create, dry_run_prints_each_request_as_a_json_line, .init = start, .fini = stop)
{
    char *csv = file_with("c.csv", "Full name,E-mail\nAnn,ann@example.com\nBob,bob@example.com\n");
    const char *argv[] = { "create", "--profile", "prolifi-local", "--from", csv, "--map", "E-mail=email",
                           "--dry-run", NULL };
    RunResult r = custty(argv);
    cr_expect_eq(r.status, 0, "%s", r.err);
    char **lines = g_strsplit(g_strchomp(r.out), "\n", -1);
    cr_assert_eq(g_strv_length(lines), 2, "%s", r.out);
    cJSON *req = cJSON_Parse(lines[1]);
    cr_expect_str_eq(jsonpath_string(req, "body.email"), "bob@example.com");
    cr_expect_str_eq(jsonpath_string(req, "body.name"), "Bob");
    cr_expect_null(strstr(r.out, SANDBOX_TOKEN), "the token is masked");
    cJSON_Delete(req);
    g_strfreev(lines);
    support_run_done(&r);
    cr_expect_eq(listed("prolifi-local", NULL), 0, "nothing was sent");
    g_free(csv);
}

/* A CSV of N customers of Prolifi. */
static char *people_csv(int n)
{
    GString *s = g_string_new("email,name\n");
    for (int i = 1; i <= n; i++)
        g_string_append_printf(s, "person%d@example.com,Person %d\n", i, i);
    char *path = file_with("people.csv", s->str);
    g_string_free(s, TRUE);
    return path;
}

/* Each report line's outcome, counted; the last word on each row. */
static GHashTable *report_outcomes(const char *report, int *lines)
{
    char *text = NULL;
    cr_assert(g_file_get_contents(report, &text, NULL, NULL));
    GHashTable *last = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);
    char **ls = g_strsplit(g_strchomp(text), "\n", -1);
    *lines = (int)g_strv_length(ls);
    for (char **l = ls; *l; l++) {
        cJSON *o = cJSON_Parse(*l);
        cr_assert(o, "a report line is JSON: %s", *l);
        const char *outcome = jsonpath_string(o, "outcome");
        cr_expect(g_strv_contains((const char *const[]){ "created", "refused", "unknown", "not sent", NULL },
                                  outcome), "%s", *l);
        int row = cJSON_GetObjectItem(o, "row")->valueint;
        g_hash_table_insert(last, GINT_TO_POINTER(row), g_strdup(outcome));
        cJSON_Delete(o);
    }
    g_strfreev(ls);
    g_free(text);
    return last;
}

Test(batch_create, a_faulty_batch_and_its_reruns_create_each_row_once, .init = start_faulty, .fini = stop)
{
    enum { N = 24 };
    char *csv = people_csv(N);
    char *report = g_build_filename(F.home, "report.jsonl", NULL);
    const char *argv[] = { "create", "--profile", "prolifi-local", "--from", csv, "--report", report,
                           "--concurrency", "4", NULL };
    RunResult r = custty(argv);
    cr_expect(r.status == 0 || r.status == 1 || r.status == 3, "%d: %s", r.status, r.err);
    int lines = 0;
    GHashTable *last = report_outcomes(report, &lines);
    cr_expect_eq(lines, N, "one line a row: %s", r.err);
    cr_expect_eq(g_hash_table_size(last), N);
    support_run_done(&r);
    int runs = 1;
    while (r.status != 0 && runs < 12) {
        r = custty(argv);
        runs++;
        if (r.status != 0)
            cr_expect(strstr(r.err, "skipped"), "a re-run says what it skipped: %s", r.err);
        support_run_done(&r);
    }
    cr_expect_eq(r.status, 0, "every row created after %d runs", runs);
    g_hash_table_destroy(last);
    last = report_outcomes(report, &lines);
    for (int row = 1; row <= N; row++)
        cr_expect_str_eq(g_hash_table_lookup(last, GINT_TO_POINTER(row)), "created", "row %d", row);
    GHashTable *emails = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    cr_expect_eq(listed("prolifi-local", &emails), N, "each row once on the provider");
    for (int i = 1; i <= N; i++) {
        char *e = g_strdup_printf("person%d@example.com", i);
        cr_expect_eq(GPOINTER_TO_INT(g_hash_table_lookup(emails, e)), 1, "%s", e);
        g_free(e);
    }
    const char *again[] = { "create", "--profile", "prolifi-local", "--from", csv, NULL };
    r = custty(again);
    cr_expect_eq(r.status, 0, "%s", r.err);
    cr_expect(strstr(r.err, "skipped 24 rows created by an earlier run"), "%s", r.err);
    support_run_done(&r);
    g_hash_table_destroy(emails), g_hash_table_destroy(last);
    g_free(csv), g_free(report);
}

/* Reads FD until its text holds NEEDLE (or the end), into *SO_FAR. */
static bool read_until(int fd, GString *so_far, const char *needle)
{
    char buf[4096];
    ssize_t n;
    while (!strstr(so_far->str, needle) && (n = read(fd, buf, sizeof buf)) > 0)
        g_string_append_len(so_far, buf, n);
    return strstr(so_far->str, needle) != NULL;
}

Test(batch_create, ctrl_c_stops_says_where_to_resume_and_the_rerun_finishes, .init = start_slow, .fini = stop)
{
    enum { N = 40 };
    char *csv = people_csv(N);
    char *report = g_build_filename(F.home, "report.jsonl", NULL);
    const char *argv[] = { "build/custty", "create", "--profile", "prolifi-local", "--from", csv, "--report",
                           report, "--concurrency", "2", NULL };
    char **env = g_environ_setenv(g_get_environ(), "XDG_STATE_HOME", strchr(F.state_env, '=') + 1, TRUE);
    env = g_environ_setenv(env, "XDG_CONFIG_HOME", strchr(F.config_env, '=') + 1, TRUE);
    env = g_environ_setenv(env, "CUSTTY_TOKEN", SANDBOX_PROLIFI_SECRET, TRUE);
    GPid pid;
    int err_fd = -1;
    cr_assert(g_spawn_async_with_pipes(NULL, (char **)argv, env, G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL,
                                       NULL, NULL, &pid, NULL, NULL, &err_fd, NULL));
    GString *err = g_string_new(NULL);
    cr_assert(read_until(err_fd, err, "row 3 "), "rows go out: %s", err->str);
    kill(pid, SIGINT);
    read_until(err_fd, err, "\x01never");
    int status = 0;
    waitpid(pid, &status, 0);
    close(err_fd);
    cr_expect(WIFEXITED(status) && WEXITSTATUS(status) == 3, "exits 3 when stopped: %d %s", status, err->str);
    cr_expect(strstr(err->str, "run the same command again to resume"), "%s", err->str);
    char *text = NULL;
    cr_assert(g_file_get_contents(report, &text, NULL, NULL));
    cr_expect(strstr(text, "\"outcome\":\"stopped\""), "the report says where: %s", text);
    int created_first = listed("prolifi-local", NULL);
    cr_expect_lt(created_first, N, "stopped before the end");
    const char *again[] = { "create", "--profile", "prolifi-local", "--from", csv, NULL };
    RunResult r = custty(again);
    cr_expect_eq(r.status, 0, "%s", r.err);
    cr_expect(strstr(r.err, "skipped"), "%s", r.err);
    support_run_done(&r);
    cr_expect_eq(listed("prolifi-local", NULL), N, "the re-run finishes the file, no duplicate");
    g_free(text);
    g_string_free(err, TRUE);
    g_strfreev(env);
    g_free(csv), g_free(report);
}

/* An unknown create of EMAIL on billing-local in the history, as a lost
 * answer leaves it; CREATED: the customer was in fact made. */
static void earlier_unknown(const char *email, bool created)
{
    char *base = sandbox_base_url(F.sb.sb, "billing-v1");
    if (created) {
        char *url = g_strdup_printf("%s/api/v1/customers", base);
        char *body = g_strdup_printf("{\"name\":\"Was Made\",\"email\":\"%s\"}", email);
        HttpReply h = http_do("POST", url, (const char *const[]){ "Authorization: Bearer " SANDBOX_TOKEN,
                                                                  "Content-Type: application/json", NULL }, body);
        cr_assert_eq(h.status, 201, "%s", h.body);
        http_done(&h);
        g_free(url), g_free(body);
    }
    char *dir = g_build_filename(F.home, "state", "custty", NULL), *file = g_build_filename(dir, "history.jsonl", NULL);
    char *line = g_strdup_printf("{\"entry\":\"h_%s\",\"time\":\"2026-11-26T10:00:00Z\",\"profile\":\"billing-local\","
                                 "\"provider\":\"billing-v1\",\"base_url\":\"%s\",\"outcome\":\"unknown\","
                                 "\"email\":\"%s\",\"request\":{\"name\":\"Was Made\",\"email\":\"%s\"}}\n",
                                 email, base, email, email);
    g_mkdir_with_parents(dir, 0700);
    char *old = NULL;
    g_file_get_contents(file, &old, NULL, NULL);
    char *all = g_strconcat(old ? old : "", line, NULL);
    cr_assert(g_file_set_contents(file, all, -1, NULL));
    g_chmod(file, 0600);
    g_free(dir), g_free(file), g_free(base), g_free(line), g_free(old), g_free(all);
}

Test(batch_create, without_idempotency_an_unknown_row_is_looked_up_before_any_resend, .init = start, .fini = stop)
{
    earlier_unknown("bea@example.com", true);
    earlier_unknown("cal@example.com", false);
    char *csv = file_with("c.csv", "name,email\nAda,ada@example.com\nBea,bea@example.com\nCal,cal@example.com\n");
    const char *argv[] = { "create", "--profile", "billing-local", "--from", csv, NULL };
    RunResult r = custty(argv);
    cr_expect_eq(r.status, 0, "no 409 for the row made before: %s", r.err);
    cr_expect(strstr(r.err, "about 2 rows sent before with an unknown outcome: 1 created (skipped), 1 not created"),
              "%s", r.err);
    cr_expect(strstr(r.err, "skipped 1 row created by an earlier run"), "%s", r.err);
    support_run_done(&r);
    GHashTable *emails = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    cr_expect_eq(listed("billing-local", &emails), 3);
    cr_expect_eq(GPOINTER_TO_INT(g_hash_table_lookup(emails, "bea@example.com")), 1);
    g_hash_table_destroy(emails);
    g_free(csv);
}

/* A provider that answers its third create with 429 and Retry-After: 2,
 * every other with 201, and counts the customers it made by email. */
typedef struct {
    GMutex lock;
    int requests, refused;
    GHashTable *made;        /* email → how many times */
    bool low_quota;          /* answer every create with 3 of 100 requests left, slowly, and no 429 */
    int in_flight;           /* requests being answered now */
    int most_after_first;    /* the most at once seen by a request from the fifth on */
} Fake;

static void fake_done(void *cls, struct MHD_Connection *c, void **con_cls, enum MHD_RequestTerminationCode code)
{
    (void)cls, (void)c, (void)code;
    if (*con_cls)
        g_string_free(*con_cls, TRUE);
    *con_cls = NULL;
}

static enum MHD_Result fake_reply(struct MHD_Connection *c, unsigned status, const char *body, bool limited)
{
    struct MHD_Response *res = MHD_create_response_from_buffer(strlen(body), (void *)body, MHD_RESPMEM_MUST_COPY);
    MHD_add_response_header(res, "Content-Type", "application/json");
    if (limited)
        MHD_add_response_header(res, "Retry-After", "2");
    MHD_add_response_header(res, "X-RateLimit-Limit", "100");
    MHD_add_response_header(res, "X-RateLimit-Remaining", "3");
    enum MHD_Result ok = MHD_queue_response(c, status, res);
    MHD_destroy_response(res);
    return ok;
}

static enum MHD_Result fake_answer(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                                   const char *version, const char *upload, size_t *upload_size, void **con_cls)
{
    Fake *f = cls;
    (void)url, (void)method, (void)version;
    if (!*con_cls) {
        *con_cls = g_string_new(NULL);
        return MHD_YES;
    }
    if (*upload_size) {
        g_string_append_len(*con_cls, upload, (gssize)*upload_size);
        *upload_size = 0;
        return MHD_YES;
    }
    cJSON *body = cJSON_Parse(((GString *)*con_cls)->str);
    const char *email = jsonpath_string(body, "email");
    g_mutex_lock(&f->lock);
    int n = ++f->requests;
    int at_once = ++f->in_flight;
    if (n >= 5 && at_once > f->most_after_first)
        f->most_after_first = at_once;
    bool limited = n == 3 && !f->low_quota;
    f->refused += limited;
    if (!limited && email)
        g_hash_table_insert(f->made, g_strdup(email),
                            GINT_TO_POINTER(GPOINTER_TO_INT(g_hash_table_lookup(f->made, email)) + 1));
    g_mutex_unlock(&f->lock);
    char *json = limited ? g_strdup("{\"error\":{\"message\":\"slow down\"}}")
                         : g_strdup_printf("{\"id\":\"cus_%d\",\"name\":\"N\",\"email\":\"%s\"}", n,
                                           email ? email : "");
    if (f->low_quota)
        g_usleep(30 * 1000); /* a slow provider, so that rows would overlap if sent together */
    enum MHD_Result ok = fake_reply(c, limited ? 429 : 201, json, limited);
    g_mutex_lock(&f->lock);
    f->in_flight--;
    g_mutex_unlock(&f->lock);
    g_free(json);
    cJSON_Delete(body);
    return ok;
}

Test(batch_create, a_429_pauses_the_batch_and_no_row_is_lost_or_sent_twice, .init = start, .fini = stop)
{
    Fake f = { .made = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL) };
    g_mutex_init(&f.lock);
    struct sockaddr_in addr = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    struct MHD_Daemon *mhd = MHD_start_daemon(MHD_USE_AUTO_INTERNAL_THREAD, 0, NULL, NULL, fake_answer, &f,
                                              MHD_OPTION_SOCK_ADDR, &addr, MHD_OPTION_NOTIFY_COMPLETED,
                                              fake_done, NULL, MHD_OPTION_END);
    cr_assert(mhd);
    unsigned port = MHD_get_daemon_info(mhd, MHD_DAEMON_INFO_BIND_PORT)->port;
    char *base = g_strdup_printf("http://127.0.0.1:%u", port);
    enum { N = 8 };
    GString *text = g_string_new("name,email\n");
    for (int i = 1; i <= N; i++)
        g_string_append_printf(text, "P %d,p%d@example.com\n", i, i);
    char *csv = file_with("c.csv", text->str);
    char *report = g_build_filename(F.home, "r.jsonl", NULL);
    const char *argv[] = { "create", "--provider", "billing-v1", "--base-url", base, "--from", csv,
                           "--concurrency", "2", "--report", report, NULL };
    RunResult r = custty(argv);
    cr_expect_eq(r.status, 0, "%s", r.err);
    cr_expect(strstr(r.err, "is rate limiting: the batch pauses for 2 s, then goes on"), "%s", r.err);
    cr_expect(strstr(r.err, "paused 1 time for Billing API"), "the summary says so: %s", r.err);
    support_run_done(&r);
    MHD_stop_daemon(mhd);
    cr_expect_eq(f.refused, 1);
    cr_expect_eq(f.requests, N + 1, "the refused row went again, once");
    cr_expect_eq(g_hash_table_size(f.made), N, "no row lost");
    for (int i = 1; i <= N; i++) {
        char *e = g_strdup_printf("p%d@example.com", i);
        cr_expect_eq(GPOINTER_TO_INT(g_hash_table_lookup(f.made, e)), 1, "%s made once", e);
        g_free(e);
    }
    int lines = 0;
    GHashTable *last = report_outcomes(report, &lines);
    cr_expect_eq(lines, N, "one report line a row; the 429 is no outcome");
    g_hash_table_destroy(last), g_hash_table_destroy(f.made);
    g_mutex_clear(&f.lock);
    g_string_free(text, TRUE);
    g_free(csv), g_free(report), g_free(base);
}

Test(batch_create, stdin_as_json_lines, .init = start, .fini = stop)
{
    const char *argv[] = { "create", "--profile", "billing-local", "--from", "-", "--format", "jsonl", NULL };
    char **env = env_for(argv);
    RunResult r = support_run_custty(argv, (const char *const *)env,
                                     "{\"name\":\"Ann\",\"email\":\"ann@example.com\",\"address\":{\"country\":\"TZ\"}}\n"
                                     "{\"name\":\"Bob\",\"email\":\"bob@example.com\"}\n");
    cr_expect_eq(r.status, 0, "%s", r.err);
    cr_expect(strstr(r.err, "stdin: 2 rows: 2 created"), "%s", r.err);
    support_run_done(&r);
    g_strfreev(env);
    cr_expect_eq(listed("billing-local", NULL), 2);
}

Test(batch_create, a_profile_that_confirms_asks_once_for_the_batch_or_needs_yes, .init = start, .fini = stop)
{
    char *csv = file_with("c.csv", "name,email\nAnn,ann@example.com\nBob,bob@example.com\nCy,cy@example.com\n");
    const char *argv[] = { "create", "--profile", "billing-careful", "--from", csv, NULL };
    RunResult r = custty(argv);
    cr_expect_eq(r.status, 2, "%s", r.err);
    cr_expect(strstr(r.err, "add --yes to confirm all 3 rows"), "%s", r.err);
    support_run_done(&r);
    cr_expect_eq(listed("billing-local", NULL), 0, "nothing was sent");
    const char *yes[] = { "create", "--profile", "billing-careful", "--from", csv, "--yes", NULL };
    r = custty(yes);
    cr_expect_eq(r.status, 0, "%s", r.err);
    support_run_done(&r);
    cr_expect_eq(listed("billing-local", NULL), 3);
    g_free(csv);
}

Test(batch_create, a_low_rate_limit_quota_slows_the_batch_to_one_at_a_time, .init = start, .fini = stop)
{
    Fake f = { .made = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL), .low_quota = true };
    g_mutex_init(&f.lock);
    struct sockaddr_in addr = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    struct MHD_Daemon *mhd = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION, 0,
                                              NULL, NULL, fake_answer, &f, MHD_OPTION_SOCK_ADDR, &addr,
                                              MHD_OPTION_NOTIFY_COMPLETED, fake_done, NULL, MHD_OPTION_END);
    cr_assert(mhd);
    unsigned port = MHD_get_daemon_info(mhd, MHD_DAEMON_INFO_BIND_PORT)->port;
    char *base = g_strdup_printf("http://127.0.0.1:%u", port);
    enum { N = 12 };
    GString *text = g_string_new("email\n");
    for (int i = 1; i <= N; i++)
        g_string_append_printf(text, "q%d@example.com\n", i);
    char *csv = file_with("q.csv", text->str);
    const char *argv[] = { "create", "--provider", "prolifi", "--base-url", base, "--from", csv,
                           "--concurrency", "4", NULL };
    RunResult r = custty(argv);
    cr_expect_eq(r.status, 0, "%s", r.err);
    support_run_done(&r);
    MHD_stop_daemon(mhd);
    cr_expect_eq(g_hash_table_size(f.made), N);
    cr_expect_eq(f.most_after_first, 1, "once the quota ran low, one request at a time (saw %d)", f.most_after_first);
    g_hash_table_destroy(f.made);
    g_mutex_clear(&f.lock);
    g_string_free(text, TRUE);
    g_free(csv), g_free(base);
}

Test(batch_create, a_directory_or_a_device_is_refused_by_what_it_is, .init = start, .fini = stop,
     .timeout = 120 /* a watchdog: the device was read to no end before */)
{
    const char *dir[] = { "create", "--profile", "billing-local", "--from", F.home, NULL };
    RunResult r = custty(dir);
    cr_expect_eq(r.status, 2, "%s", r.err);
    cr_expect(strstr(r.err, "is a directory"), "not \"empty\": %s", r.err);
    support_run_done(&r);
    char *link = g_build_filename(F.home, "rows.csv", NULL);
    cr_assert(symlink("/dev/zero", link) == 0);
    const char *zero[] = { "create", "--profile", "billing-local", "--from", link, NULL };
    r = custty(zero); /* read to no end before */
    cr_expect_eq(r.status, 2, "%s", r.err);
    cr_expect(strstr(r.err, "is not a regular file"), "%s", r.err);
    support_run_done(&r);
    g_free(link);
}

/* Runs `custty ARGV…` on a pseudo-terminal (so a LIVE profile asks); once
 * its output holds WHEN, calls THEN(PATH) and types TYPED. Its exit status;
 * what it wrote in *OUT. */
static int custty_on_pty(const char *const *argv, const char *when, void (*then)(const char *), const char *path,
                         const char *typed, GString *out)
{
    GPtrArray *args = g_ptr_array_new();
    g_ptr_array_add(args, "build/custty");
    for (size_t i = 0; argv[i]; i++)
        g_ptr_array_add(args, (char *)argv[i]);
    g_ptr_array_add(args, NULL);
    char **add = env_for(argv), **env = g_get_environ();
    for (char **e = add; *e; e++) {
        char *k = g_strndup(*e, strcspn(*e, "="));
        env = g_environ_setenv(env, k, *e + strlen(k) + 1, TRUE);
        g_free(k);
    }
    int fd = -1;
    pid_t pid = forkpty(&fd, NULL, NULL, NULL);
    cr_assert(pid >= 0);
    if (pid == 0) {
        execve("build/custty", (char **)args->pdata, env);
        _exit(127);
    }
    cr_assert(read_until(fd, out, when), "%s", out->str);
    then(path);
    cr_assert_eq(write(fd, typed, strlen(typed)), (ssize_t)strlen(typed));
    read_until(fd, out, "\x01never"); /* to its end */
    int status = 0;
    waitpid(pid, &status, 0);
    close(fd);
    g_strfreev(add), g_strfreev(env);
    g_ptr_array_free(args, TRUE);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* Rows nobody checked, written into PATH in place (the same file, longer). */
static void add_unchecked_rows(const char *path)
{
    FILE *f = fopen(path, "a");
    cr_assert(f);
    fputs("Eve,not-an-email\nMal,mal@example.com\nMax,max@example.com\n", f);
    fclose(f);
}

Test(batch_create, a_file_changed_while_the_live_question_waits_sends_nothing_unchecked, .init = start, .fini = stop)
{
    char *csv = file_with("c.csv", "name,email\nAnn,ann@example.com\n");
    const char *argv[] = { "create", "--profile", "billing-careful", "--from", csv, NULL };
    GString *out = g_string_new(NULL);
    int status = custty_on_pty(argv, "Type yes", add_unchecked_rows, csv, "yes\n", out);
    cr_expect_eq(status, 2, "%s", out->str);
    cr_expect(strstr(out->str, "This creates 1 real customer on LIVE"), "%s", out->str);
    cr_expect(strstr(out->str, "changed after its check"), "%s", out->str);
    cr_expect_eq(listed("billing-local", NULL), 0, "the 1 row confirmed was not what the file held: nothing sent");
    g_string_free(out, TRUE);
    g_free(csv);
}

Test(batch_create, two_rows_with_one_email_are_named_and_nothing_is_sent, .init = start, .fini = stop)
{
    char *csv = file_with("c.csv", "name,email\nAnn,ann@example.com\nBob,bob@example.com\nAnn Again,ANN@example.com\n"
                                   "Bob,bob@example.com\n");
    const char *argv[] = { "create", "--profile", "billing-local", "--from", csv, NULL };
    RunResult r = custty(argv);
    cr_expect_eq(r.status, 2, "before, the first was made and the others refused, then skipped by a re-run: %s",
                 r.err);
    cr_expect(strstr(r.err, "c.csv:4: Email (email): the same as on line 2"), "%s", r.err);
    cr_expect(strstr(r.err, "c.csv:5: Email (email): the same as on line 3"), "%s", r.err);
    support_run_done(&r);
    cr_expect_eq(listed("billing-local", NULL), 0, "nothing was sent");
    g_free(csv);
}

Test(batch_create, a_second_batch_on_the_same_profile_waits_its_turn, .init = start_slow, .fini = stop)
{
    enum { N = 10 };
    char *csv = people_csv(N);
    const char *argv[] = { "build/custty", "create", "--profile", "prolifi-local", "--from", csv, "--concurrency", "1",
                           NULL };
    char **env = g_environ_setenv(g_get_environ(), "XDG_STATE_HOME", strchr(F.state_env, '=') + 1, TRUE);
    env = g_environ_setenv(env, "XDG_CONFIG_HOME", strchr(F.config_env, '=') + 1, TRUE);
    env = g_environ_setenv(env, "CUSTTY_TOKEN", SANDBOX_PROLIFI_SECRET, TRUE);
    GPid pid;
    int err_fd = -1;
    cr_assert(g_spawn_async_with_pipes(NULL, (char **)argv, env, G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL,
                                       NULL, NULL, &pid, NULL, NULL, &err_fd, NULL));
    GString *err = g_string_new(NULL);
    cr_assert(read_until(err_fd, err, "row 1 "), "the first batch sends: %s", err->str);
    RunResult r = custty(argv + 1); /* the same command, meanwhile: before, it sent every row again */
    cr_expect_eq(r.status, 2, "%s", r.err);
    cr_expect(strstr(r.err, "another custty is sending a batch to profile prolifi-local"), "%s", r.err);
    support_run_done(&r);
    read_until(err_fd, err, "\x01never");
    int status = 0;
    waitpid(pid, &status, 0);
    close(err_fd);
    cr_expect(WIFEXITED(status) && WEXITSTATUS(status) == 0, "%d %s", status, err->str);
    char *history = g_build_filename(F.home, "state", "custty", "history.jsonl", NULL), *text = NULL;
    cr_assert(g_file_get_contents(history, &text, NULL, NULL));
    int sent = 0;
    for (const char *p = text; (p = strstr(p, "\"entry\"")); p++)
        sent++;
    cr_expect_eq(sent, N, "each row sent once, by the first");
    g_free(history), g_free(text);
    g_string_free(err, TRUE);
    g_strfreev(env);
    g_free(csv);
}

/* ---- what the batch reads and writes beside the file ------------------------------ */

static char *state_path(const char *name)
{
    return g_build_filename(F.home, "state", "custty", name, NULL);
}

static char *people(int n, const char *prefix)
{
    GString *text = g_string_new("name,email\n");
    for (int i = 1; i <= n; i++)
        g_string_append_printf(text, "P %d,%s%d@example.com\n", i, prefix, i);
    char *name = g_strdup_printf("%s.csv", prefix), *csv = file_with(name, text->str);
    g_string_free(text, TRUE), g_free(name);
    return csv;
}

Test(batch_create, a_report_path_that_is_a_link_or_a_fifo_is_refused_and_nothing_sent, .init = start, .fini = stop,
     .timeout = 60)
{
    char *csv = people(2, "rep"), *precious = file_with("precious.txt", "keep me\n");
    char *link = g_build_filename(F.home, "r.jsonl", NULL), *fifo = g_build_filename(F.home, "r.fifo", NULL);
    cr_assert_eq(symlink(precious, link), 0);
    cr_assert_eq(mkfifo(fifo, 0600), 0);
    const char *through_link[] = { "create", "--profile", "billing-local", "--from", csv, "--report", link, NULL };
    RunResult r = custty(through_link);
    cr_expect_eq(r.status, 2, "%s", r.err);
    cr_expect(strstr(r.err, "cannot write the report") && strstr(r.err, "nothing was sent"), "%s", r.err);
    support_run_done(&r);
    char *kept = NULL;
    cr_assert(g_file_get_contents(precious, &kept, NULL, NULL));
    cr_expect_str_eq(kept, "keep me\n", "the link's target untouched");
    const char *to_fifo[] = { "create", "--profile", "billing-local", "--from", csv, "--report", fifo, NULL };
    r = custty(to_fifo); /* refused at once: no wait for a reader (the watchdog calls a hang) */
    cr_expect_eq(r.status, 2, "%s", r.err);
    cr_expect(strstr(r.err, "not a regular file"), "%s", r.err);
    support_run_done(&r);
    cr_expect_eq(listed("billing-local", NULL), 0, "nothing was sent");
    g_free(kept), g_free(csv), g_free(precious), g_free(link), g_free(fifo);
}

Test(batch_create, a_history_that_cannot_be_read_sends_nothing_rather_than_everything_again, .init = start,
     .fini = stop)
{
    char *csv = people(2, "hist");
    const char *argv[] = { "create", "--profile", "billing-local", "--from", csv, NULL };
    RunResult r = custty(argv);
    cr_expect_eq(r.status, 0, "%s", r.err);
    support_run_done(&r);
    char *history = state_path("history.jsonl"), *moved = state_path("elsewhere.jsonl");
    cr_assert_eq(rename(history, moved), 0);
    cr_assert_eq(symlink(moved, history), 0); /* not a file custty reads */
    r = custty(argv);
    cr_expect_eq(r.status, 2, "%s", r.err);
    cr_expect(strstr(r.err, "the history cannot be read") && strstr(r.err, "nothing was sent"), "%s", r.err);
    support_run_done(&r);
    cr_expect_eq(listed("billing-local", NULL), 2, "no row sent a second time");
    g_free(csv), g_free(history), g_free(moved);
}

Test(batch_create, rows_created_before_the_history_rotated_are_still_skipped, .init = start, .fini = stop)
{
    char *csv = people(30, "rot");
    const char *argv[] = { "create", "--profile", "billing-local", "--from", csv, NULL };
    RunResult r = custty(argv);
    cr_expect_eq(r.status, 0, "%s", r.err);
    support_run_done(&r);
    char **env = env_for(argv);
    env = g_environ_setenv(env, "CUSTTY_HISTORY_MAX_BYTES", "4000", TRUE); /* each entry now rotates the file */
    for (int i = 0; i < 3; i++) { /* later work pushes the batch's entries into a rotated file */
        char *email = g_strdup_printf("--set=email=later%d@example.com", i);
        const char *one[] = { "create", "--profile", "billing-local", "--set=name=Later", email, NULL };
        RunResult o = support_run_custty(one, (const char *const *)env, NULL);
        cr_expect_eq(o.status, 0, "%s", o.err);
        support_run_done(&o);
        g_free(email);
    }
    char *rotated = state_path("history.jsonl.1");
    cr_assert(g_file_test(rotated, G_FILE_TEST_EXISTS), "the history rotated since the batch");
    r = custty(argv);
    cr_expect_eq(r.status, 0, "%s", r.err);
    cr_expect(strstr(r.err, "0 created") && strstr(r.err, "skipped 30 rows"), "%s", r.err);
    support_run_done(&r);
    cr_expect_eq(listed("billing-local", NULL), 33, "the batch's 30, once, and the three later");
    g_strfreev(env);
    g_free(csv), g_free(rotated);
}

Test(batch_create, rows_made_on_another_server_are_not_taken_for_made_here, .init = start, .fini = stop)
{
    char *csv = people(2, "else");
    char *billing = sandbox_base_url(F.sb.sb, "billing-v1");
    const char *here[] = { "create", "--provider", "billing-v1", "--base-url", billing, "--from", csv, NULL };
    RunResult r = custty(here);
    cr_expect_eq(r.status, 0, "%s", r.err);
    support_run_done(&r);
    TestSandbox other;
    test_sandbox_start(&other, NULL);
    char *there_url = sandbox_base_url(other.sb, "billing-v1");
    const char *there[] = { "create", "--provider", "billing-v1", "--base-url", there_url, "--from", csv, NULL };
    r = custty(there);
    cr_expect_eq(r.status, 0, "%s", r.err);
    cr_expect(strstr(r.err, "2 created"), "made on the other server too, not skipped: %s", r.err);
    support_run_done(&r);
    test_sandbox_stop(&other);
    g_free(csv), g_free(billing), g_free(there_url);
}

Test(batch_create, the_history_refusing_a_write_stops_the_batch, .init = start_slow, .fini = stop)
{
    char *csv = people(30, "full");
    char *mnt = g_build_filename(F.home, "state", NULL);
    g_mkdir_with_parents(mnt, 0700);
    if (mount("tmpfs", mnt, "tmpfs", 0, "size=8k") != 0) /* a disk that fills mid-batch */
        cr_skip_test("cannot mount a small tmpfs here (%s); needs root with CAP_SYS_ADMIN", g_strerror(errno));
    const char *argv[] = { "create", "--profile", "billing-local", "--from", csv, "--concurrency", "1", NULL };
    RunResult r = custty(argv);
    cr_expect_eq(r.status, 3, "%s", r.err);
    cr_expect(strstr(r.err, "are not in the history, and the batch stops"), "%s", r.err);
    support_run_done(&r);
    cr_expect_lt(listed("billing-local", NULL), 30, "it stopped rather than make customers no history knows of");
    umount(mnt);
    g_free(csv), g_free(mnt);
}

/* A provider's words in the report are JSON still, and harmless to `cat`. */
Test(batch_create, a_hostile_answer_reaches_the_report_escaped, .init = start, .fini = stop)
{
    char *answer = hostile_answer("422 Unprocessable Entity", "Content-Type: application/json\r\n",
                                  "{\"error\":{\"message\":\"" HOSTILE_BYTES "\"}}");
    HostileServer *h = hostile_start(answer);
    char *base = hostile_base_url(h), *csv = people(1, "hostile");
    char *report = g_build_filename(F.home, "report.jsonl", NULL);
    const char *argv[] = { "create", "--provider", "billing-v1", "--base-url", base, "--from", csv, "--report",
                           report, NULL };
    RunResult r = custty(argv);
    cr_expect_eq(r.status, 1, "refused: %s", r.err);
    support_run_done(&r);
    char *text = NULL;
    gsize len = 0;
    cr_assert(g_file_get_contents(report, &text, &len, NULL));
    const char *why = NULL;
    cr_expect(hostile_terminal_safe(text, len, &why), "%s: %s", why, text);
    cJSON *line = cJSON_Parse(text);
    cr_expect_not_null(line, "still JSON: %s", text);
    cr_expect_str_eq(jsonpath_string(line, "outcome"), "refused");
    cJSON_Delete(line);
    hostile_stop(h);
    g_free(text), g_free(report), g_free(csv), g_free(base), g_free(answer);
}

/* Stdin is kept to be read twice; a stream with no line end (a pipe from
 * /dev/zero) stops the copy at a row's limit, not when the disk is full. */
Test(batch_create, stdin_with_no_line_end_is_refused_at_a_rows_limit, .init = start, .fini = stop)
{
    const char *argv[] = { "create", "--profile", "billing-local", "--from", "-", NULL };
    char **env = env_for(argv);
    char *endless = g_strnfill(3 << 20, 'x');
    signal(SIGPIPE, SIG_IGN); /* custty stops reading early: the rest cannot be written, and that is the point */
    RunResult r = support_run_custty(argv, (const char *const *)env, endless);
    cr_expect_eq(r.status, 2, "%s", r.err);
    cr_expect(strstr(r.err, "longer than a row may be (1 MiB)") && strstr(r.err, "nothing was sent"), "%s", r.err);
    support_run_done(&r);
    g_free(endless);
    g_strfreev(env);
}

/* Away from a terminal a line a row, each with the count settled up to it,
 * also when answers are written to the history together. */
Test(batch_create, each_rows_line_counts_up, .init = start, .fini = stop)
{
    char *csv = people(3, "count");
    const char *argv[] = { "create", "--profile", "billing-local", "--from", csv, "--concurrency", "3", NULL };
    RunResult r = custty(argv);
    cr_expect_eq(r.status, 0, "%s", r.err);
    for (int i = 1; i <= 3; i++) {
        char *count = g_strdup_printf("(%d/3)", i);
        cr_expect(strstr(r.err, count), "%s in: %s", count, r.err);
        g_free(count);
    }
    support_run_done(&r);
    g_free(csv);
}
