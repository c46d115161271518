/* `custty list`, `get` and `delete` against an in-process sandbox seeded
 * with plausible customers, as a script would use them: every customer
 * listed once over many pages, searches both ways, an unknown id, a
 * delete then a get, LIVE safety and the history. */
#include "model/jsonpath.h"
#include "tests/support/http.h"
#include "tests/support/support.h"

#include <criterion/criterion.h>
#include <glib.h>
#include <string.h>

#define SEEDED 310 /* more than three pages everywhere: BotPenguin 50, Prolifi 100, Quill 25 a page */

static TestSandbox T;
static char *HOME_, *CONFIG_ENV, *STATE_ENV;
static GPtrArray *LOG; /* the sandbox's request lines */
static GMutex LOG_LOCK;

static void log_line(void *user, const char *line)
{
    (void)user;
    g_mutex_lock(&LOG_LOCK);
    g_ptr_array_add(LOG, g_strdup(line));
    g_mutex_unlock(&LOG_LOCK);
}

static guint requests_logged(void)
{
    g_mutex_lock(&LOG_LOCK);
    guint n = LOG->len;
    g_mutex_unlock(&LOG_LOCK);
    return n;
}

/* A profile per provider on the sandbox, and one LIVE one (a host of the
 * person's own, said to be live) on Quill. */
static void write_config(void)
{
    static const char *const providers[] = { "botpenguin", "prolifi", "quill", "billing-v1" };
    GString *ini = g_string_new(NULL);
    for (size_t i = 0; i < G_N_ELEMENTS(providers); i++) {
        char *url = sandbox_base_url(T.sb, providers[i]);
        g_string_append_printf(ini, "[%s-local]\nprovider = %s\nbase_url = %s\n\n", providers[i], providers[i], url);
        if (i == 2)
            g_string_append_printf(ini, "[quill-live]\nprovider = quill\nbase_url = %s\nlive = true\n\n", url);
        g_free(url);
    }
    char *path = g_build_filename(HOME_, "config", "custty", "config.ini", NULL);
    cr_assert(g_file_set_contents(path, ini->str, -1, NULL));
    g_free(path);
    g_string_free(ini, TRUE);
}

static void start(void)
{
    HOME_ = g_dir_make_tmp("custty-customers-XXXXXX", NULL);
    char *dir = g_build_filename(HOME_, "config", "custty", "providers", NULL);
    g_mkdir_with_parents(dir, 0700);
    char *quill = support_fixture("providers/quill.json", NULL), *file = g_build_filename(dir, "quill.json", NULL);
    cr_assert(g_file_set_contents(file, quill, -1, NULL));
    g_free(quill), g_free(file);
    LOG = g_ptr_array_new_with_free_func(g_free);
    SandboxOptions o = { .seed_customers = SEEDED, .seed = 18, .log = log_line };
    memset(&T, 0, sizeof T);
    char *errors = NULL, *err = NULL;
    provider_set_load_dir(&T.set, "assets/providers", &errors);
    provider_set_load_dir(&T.set, dir, &errors);
    cr_assert_null(errors, "%s", errors);
    T.sb = sandbox_start(&o, &T.set, &err);
    cr_assert_not_null(T.sb, "%s", err);
    CONFIG_ENV = g_strdup_printf("XDG_CONFIG_HOME=%s/config", HOME_);
    STATE_ENV = g_strdup_printf("XDG_STATE_HOME=%s/state", HOME_);
    write_config();
    g_free(dir);
}

static void stop(void)
{
    test_sandbox_stop(&T);
    g_ptr_array_free(LOG, TRUE);
    char *rm = g_strdup_printf("rm -rf %s", HOME_);
    g_spawn_command_line_sync(rm, NULL, NULL, NULL, NULL);
    g_free(rm), g_free(HOME_), g_free(CONFIG_ENV), g_free(STATE_ENV);
}

TestSuite(customers_cmd, .init = start, .fini = stop, .timeout = 240);

static const char *token_of(const char *profile)
{
    if (g_str_has_prefix(profile, "prolifi"))
        return "CUSTTY_TOKEN=" SANDBOX_PROLIFI_SECRET;
    return g_str_has_prefix(profile, "quill") ? "CUSTTY_TOKEN=qk_test_sandbox0" : "CUSTTY_TOKEN=" SANDBOX_TOKEN;
}

/* build/custty ARGV… in this home with the token PROFILE's provider takes. */
static RunResult custty(const char *profile, const char *const *argv)
{
    const char *env[] = { CONFIG_ENV, STATE_ENV, token_of(profile), "DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent",
                          NULL };
    return support_run_custty(argv, env, NULL);
}

/* The ids of `list --json` lines, each line parsed; the count in *LINES. */
static GHashTable *ids_of(const char *out, guint *lines)
{
    GHashTable *ids = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    gchar **each = g_strsplit(out, "\n", -1);
    *lines = 0;
    for (gchar **l = each; *l; l++) {
        if (!**l)
            continue;
        cJSON *o = cJSON_Parse(*l);
        cr_assert(cJSON_IsObject(o), "a JSON line: %s", *l);
        const char *id = jsonpath_string(o, "id");
        cr_assert_not_null(id, "each line has its id: %s", *l);
        cr_expect_not_null(jsonpath_string(o, "email"), "and its email: %s", *l);
        g_hash_table_add(ids, g_strdup(id));
        (*lines)++;
        cJSON_Delete(o);
    }
    g_strfreev(each);
    return ids;
}

/* The first customer `list --json` shows on PROFILE: into ID and EMAIL (g_free). */
static void first_customer(const char *profile, char **id, char **email)
{
    RunResult r = custty(profile, (const char *const[]){ "list", "--profile", profile, "--json", "--limit", "1",
                                                         NULL });
    cr_assert_eq(r.status, 0, "%s", r.err);
    cJSON *o = cJSON_Parse(r.out);
    *id = g_strdup(jsonpath_string(o, "id"));
    *email = g_strdup(jsonpath_string(o, "email"));
    cJSON_Delete(o);
    support_run_done(&r);
}

Test(customers_cmd, list_all_returns_every_customer_once_on_every_provider)
{
    static const char *const profiles[] = { "botpenguin-local", "prolifi-local", "quill-local", "billing-v1-local" };
    for (size_t i = 0; i < G_N_ELEMENTS(profiles); i++) {
        guint before = requests_logged();
        RunResult r = custty(profiles[i], (const char *const[]){ "list", "--profile", profiles[i], "--all", "--json",
                                                                 NULL });
        cr_expect_eq(r.status, 0, "%s: %s", profiles[i], r.err);
        guint lines = 0;
        GHashTable *ids = ids_of(r.out, &lines);
        cr_expect_eq(lines, SEEDED, "%s: one line per customer", profiles[i]);
        cr_expect_eq(g_hash_table_size(ids), SEEDED, "%s: each customer once", profiles[i]);
        if (i < 3)
            cr_expect_gt(requests_logged() - before, 3, "%s: read over more than three pages", profiles[i]);
        g_hash_table_destroy(ids);
        support_run_done(&r);
    }
}

Test(customers_cmd, without_all_the_first_page_or_the_limit)
{
    RunResult r = custty("botpenguin-local", (const char *const[]){ "list", "--profile", "botpenguin-local", "--json",
                                                                    NULL });
    guint lines = 0;
    g_hash_table_destroy(ids_of(r.out, &lines));
    cr_expect_eq(lines, 50, "BotPenguin's first page: %s", r.err);
    cr_expect(strstr(r.err, "--all reads every page"), "%s", r.err);
    support_run_done(&r);
    r = custty("botpenguin-local", (const char *const[]){ "list", "--profile", "botpenguin-local", "--json",
                                                          "--limit", "120", NULL });
    g_hash_table_destroy(ids_of(r.out, &lines));
    cr_expect_eq(lines, 120, "pages until it has them");
    support_run_done(&r);
}

Test(customers_cmd, the_table_escapes_what_the_provider_sent)
{
    RunResult r = custty("prolifi-local", (const char *const[]){ "list", "--profile", "prolifi-local", NULL });
    cr_expect_eq(r.status, 0, "%s", r.err);
    cr_expect(g_str_has_prefix(r.out, "NAME "), "a header row: %s", r.out);
    cr_expect(strstr(r.out, "@example.com"), "%s", r.out);
    cr_expect(strstr(r.err, "100 customers shown"), "%s", r.err);
    support_run_done(&r);
}

Test(customers_cmd, a_search_goes_to_the_provider_where_it_filters)
{
    char *id = NULL, *email = NULL;
    first_customer("quill-local", &id, &email);
    RunResult r = custty("quill-local", (const char *const[]){ "list", "--profile", "quill-local", "--search", email,
                                                               "--json", NULL });
    cr_expect_eq(r.status, 0, "%s", r.err);
    guint lines = 0;
    GHashTable *ids = ids_of(r.out, &lines);
    cr_expect_eq(lines, 1);
    cr_expect(g_hash_table_contains(ids, id));
    cr_expect_null(strstr(r.err, "in the pages read"), "Quill filters by email itself: %s", r.err);
    g_hash_table_destroy(ids);
    support_run_done(&r);
    g_free(id), g_free(email);
}

Test(customers_cmd, a_search_the_provider_cannot_do_reads_the_pages_and_says_so)
{
    char *id = NULL, *email = NULL;
    first_customer("prolifi-local", &id, &email);
    RunResult r = custty("prolifi-local", (const char *const[]){ "list", "--profile", "prolifi-local", "--search",
                                                                 email, "--all", "--json", NULL });
    cr_expect_eq(r.status, 0, "%s", r.err);
    guint lines = 0;
    GHashTable *ids = ids_of(r.out, &lines);
    cr_expect_eq(lines, 1, "%s", r.out);
    cr_expect(g_hash_table_contains(ids, id));
    cr_expect(strstr(r.err, "Prolifi Public API filters no list by this"), "%s", r.err);
    cr_expect(strstr(r.err, "searched 310 customers on 4 pages"), "%s", r.err);
    g_hash_table_destroy(ids);
    support_run_done(&r);
    g_free(id), g_free(email);
}

Test(customers_cmd, get_of_an_unknown_id_exits_1_with_the_providers_message)
{
    RunResult r = custty("prolifi-local", (const char *const[]){ "get", "--profile", "prolifi-local", "cus_nobody",
                                                                 NULL });
    cr_expect_eq(r.status, 1, "%s", r.err);
    cr_expect(strstr(r.err, ": Customer not found."), "the provider's own words: %s", r.err);
    support_run_done(&r);
    r = custty("quill-local", (const char *const[]){ "get", "--profile", "quill-local", "nobody", "--json", NULL });
    cr_expect_eq(r.status, 1);
    cr_expect(strstr(r.err, "nobody"), "%s", r.err);
    cr_expect_str_empty(r.out);
    support_run_done(&r);
}

Test(customers_cmd, get_shows_the_whole_record)
{
    char *id = NULL, *email = NULL;
    first_customer("quill-local", &id, &email);
    RunResult r = custty("quill-local", (const char *const[]){ "get", "--profile", "quill-local", id, "--json", NULL });
    cr_expect_eq(r.status, 0, "%s", r.err);
    cJSON *rec = cJSON_Parse(r.out);
    cr_expect_str_eq(jsonpath_string(rec, "email"), email);
    cr_expect_not_null(jsonpath_get(rec, "tags"), "the record, not the list's item: %s", r.out);
    cJSON_Delete(rec);
    support_run_done(&r);
    g_free(id), g_free(email);
}

/* Deletes PROFILE's first customer; returns its id (g_free). */
static char *delete_first(const char *profile, const char *says)
{
    char *id = NULL, *email = NULL;
    first_customer(profile, &id, &email);
    RunResult r = custty(profile, (const char *const[]){ "delete", "--profile", profile, id, NULL });
    cr_expect_eq(r.status, 0, "%s: %s", profile, r.err);
    cr_expect(strstr(r.out, says) && strstr(r.out, id), "%s: %s", profile, r.out);
    support_run_done(&r);
    g_free(email);
    return id;
}

Test(customers_cmd, delete_then_get_shows_it_gone_or_archived)
{
    static const char *const gone[] = { "botpenguin-local", "quill-local" };
    for (size_t i = 0; i < G_N_ELEMENTS(gone); i++) {
        char *id = delete_first(gone[i], "Deleted: ");
        RunResult r = custty(gone[i], (const char *const[]){ "get", "--profile", gone[i], id, NULL });
        cr_expect_eq(r.status, 1, "%s: gone: %s", gone[i], r.out);
        cr_expect(strstr(r.err, id), "%s", r.err);
        support_run_done(&r);
        g_free(id);
    }
    char *id = delete_first("prolifi-local", "Archived: ");
    RunResult r = custty("prolifi-local", (const char *const[]){ "get", "--profile", "prolifi-local", id, "--json",
                                                                 NULL });
    cr_expect_eq(r.status, 0, "Prolifi keeps it: %s", r.err);
    cJSON *rec = cJSON_Parse(r.out);
    cr_expect_str_eq(jsonpath_string(rec, "status"), "archived");
    cJSON_Delete(rec);
    support_run_done(&r);
    g_free(id);
}

Test(customers_cmd, delete_on_live_needs_yes_and_sends_nothing_without_it)
{
    char *id = NULL, *email = NULL;
    first_customer("quill-live", &id, &email);
    guint before = requests_logged();
    RunResult r = custty("quill-live", (const char *const[]){ "delete", "--profile", "quill-live", id, NULL });
    cr_expect_eq(r.status, 2);
    cr_expect(strstr(r.err, "is LIVE") && strstr(r.err, "--yes") && strstr(r.err, "nothing was sent"), "%s", r.err);
    cr_expect_eq(requests_logged(), before, "not one request");
    support_run_done(&r);
    r = custty("quill-live", (const char *const[]){ "delete", "--profile", "quill-live", id, "--yes", NULL });
    cr_expect_eq(r.status, 0, "%s", r.err);
    char *says = g_strdup_printf("Deleting %s (id %s) on LIVE Quill Ledger (fictional, for tests), profile quill-live",
                                 email, id);
    cr_expect(strstr(r.err, says), "names what goes first, from the provider's record: %s", r.err);
    support_run_done(&r);
    g_free(says), g_free(id), g_free(email);
}

Test(customers_cmd, the_history_records_each_delete)
{
    char *id = delete_first("prolifi-local", "Archived: ");
    RunResult r = custty("prolifi-local", (const char *const[]){ "get", "--profile", "prolifi-local", "nope", NULL });
    support_run_done(&r);
    r = custty("prolifi-local", (const char *const[]){ "history", "--json", NULL });
    cr_assert_eq(r.status, 0, "%s", r.err);
    cJSON *e = cJSON_Parse(r.out);
    cr_expect_str_eq(jsonpath_string(e, "action"), "delete", "%s", r.out);
    cr_expect_str_eq(jsonpath_string(e, "id"), id);
    cr_expect(cJSON_IsTrue(jsonpath_get(e, "archived")));
    cr_expect_not_null(jsonpath_string(e, "email"), "the answer's record names it");
    cJSON_Delete(e);
    support_run_done(&r);
    r = custty("prolifi-local", (const char *const[]){ "history", NULL });
    cr_expect(strstr(r.out, "archived") && strstr(r.out, id), "%s", r.out);
    support_run_done(&r);
    r = custty("prolifi-local", (const char *const[]){ "check", NULL });
    cr_expect_eq(r.status, 0, "a delete is no unknown create to check: %s", r.err);
    cr_expect(strstr(r.out, "nothing to check"), "%s", r.out);
    support_run_done(&r);
    g_free(id);
}

/* An id that would be a step along the path (".", "..") is refused before
 * anything is sent: no request, exit 2, and the reason on stderr. */
Test(customers_cmd, get_or_delete_of_a_dot_segment_id_sends_nothing)
{
    static const char *const ids[] = { "..", "." };
    for (size_t i = 0; i < G_N_ELEMENTS(ids); i++) {
        static const char *const commands[] = { "get", "delete" };
        for (size_t c = 0; c < G_N_ELEMENTS(commands); c++) {
            guint before = requests_logged();
            RunResult r = custty("quill-local", (const char *const[]){ commands[c], "--profile", "quill-local", ids[i],
                                                                      NULL });
            cr_expect_eq(r.status, 2, "%s %s: %d %s", commands[c], ids[i], r.status, r.err);
            cr_expect(strstr(r.err, "is no customer id"), "%s %s: %s", commands[c], ids[i], r.err);
            cr_expect_eq(requests_logged(), before, "%s %s: not one request", commands[c], ids[i]);
            support_run_done(&r);
        }
    }
}
