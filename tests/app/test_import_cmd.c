/* `custty providers import SPEC`, run as a person would: seed 002's spec
 * becomes a provider that builds the very request the hand-written prolifi.json
 * builds; a large generated spec's form types its fields; hostile documents
 * are refused with a clear message (exit 2) and nothing written. */
#include "model/jsonpath.h"
#include "model/spec_tree.h"
#include "tests/support/openapi_gen.h"
#include "tests/support/support.h"

#include <criterion/criterion.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static char *HOME_, *ENV_;

static void start(void)
{
    HOME_ = g_dir_make_tmp("custty-import-XXXXXX", NULL);
    ENV_ = g_strdup_printf("XDG_CONFIG_HOME=%s", HOME_);
}

static void stop(void)
{
    char *cmd = g_strdup_printf("rm -rf %s", HOME_);
    g_spawn_command_line_sync(cmd, NULL, NULL, NULL, NULL);
    g_free(cmd), g_free(HOME_), g_free(ENV_);
}

TestSuite(import_cmd, .init = start, .fini = stop);

static RunResult run(const char *const *argv, const char *input)
{
    const char *env[] = { ENV_, NULL };
    return support_run_custty(argv, env, input);
}

static char *home_file(const char *name)
{
    return g_build_filename(HOME_, name, NULL);
}

/* `custty create --provider P --dry-run --json` with the seed's example. */
static cJSON *seed_dry_run(const char *provider)
{
    const char *argv[] = { "create", "--provider", provider, "--base-url", "http://127.0.0.1:9/api/v1",
                           "--dry-run", "--json", "--set", "email=john@example.com", "--set", "name=John Doe",
                           "--set", "external_id=user_12345",
                           "--set", "country_id=d290f1ee-6c54-4b01-90e6-d701748f0851", NULL };
    RunResult r = run(argv, NULL);
    cr_assert_eq(r.status, 0, "%s: %s", provider, r.err);
    cJSON *out = cJSON_Parse(r.out);
    cr_assert_not_null(out, "%s", r.out);
    support_run_done(&r);
    /* a fresh random key each run, and one the seed's document never names */
    cJSON_DeleteItemFromObject(cJSON_GetObjectItem(out, "headers"), "Idempotency-Key");
    return out;
}

Test(import_cmd, seed_002_builds_the_request_prolifi_json_builds)
{
    const char *argv[] = { "providers", "import", "tests/fixtures/openapi/prolifi.yaml", NULL };
    RunResult r = run(argv, NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_expect(strstr(r.out, "Imported Prolifi Public API as the provider prolifi-public-api"), "%s", r.out);
    cr_expect(strstr(r.out, "Not mapped:\n  metadata: a free object (no properties) — imported as json"), "%s", r.out);
    support_run_done(&r);
    char *file = home_file("custty/providers/prolifi-public-api.json");
    struct stat st;
    cr_assert_eq(stat(file, &st), 0);
    cr_expect_eq(st.st_mode & 0777, 0600);
    cJSON *imported = seed_dry_run("prolifi-public-api"), *hand = seed_dry_run("prolifi");
    char *a = cJSON_PrintUnformatted(imported), *b = cJSON_PrintUnformatted(hand);
    cr_expect(cJSON_Compare(imported, hand, true), "imported:\n%s\nhand-written:\n%s", a, b);
    cJSON_free(a), cJSON_free(b), cJSON_Delete(imported), cJSON_Delete(hand), g_free(file);
}

Test(import_cmd, never_replaces_a_file_without_force)
{
    const char *argv[] = { "providers", "import", "tests/fixtures/openapi/prolifi.yaml", "--name", "mine", NULL };
    RunResult r = run(argv, NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    support_run_done(&r);
    char *file = home_file("custty/providers/mine.json");
    cr_assert(g_file_set_contents(file, "{\"kept\": true}", -1, NULL));
    r = run(argv, NULL);
    cr_expect_eq(r.status, 2);
    cr_expect(strstr(r.err, "already exists; use --force to replace it"), "%s", r.err);
    support_run_done(&r);
    char *text = NULL;
    g_file_get_contents(file, &text, NULL, NULL);
    cr_expect_str_eq(text, "{\"kept\": true}");
    g_free(text);
    const char *force[] = { "providers", "import", "tests/fixtures/openapi/prolifi.yaml", "--name", "mine",
                            "--force", NULL };
    r = run(force, NULL);
    cr_expect_eq(r.status, 0, "%s", r.err);
    support_run_done(&r);
    const char *list[] = { "providers", NULL };
    r = run(list, NULL);
    cr_expect(strstr(r.out, "mine — Prolifi Public API"), "%s", r.out);
    support_run_done(&r);
    g_free(file);
}

Test(import_cmd, large_spec_from_stdin_types_its_fields)
{
    char *spec = openapi_gen_large(300, 0, NULL);
    char *out = home_file("ledger.json");
    const char *argv[] = { "providers", "import", "-", "--output", out, NULL };
    RunResult r = run(argv, spec);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_expect(strstr(r.out, "customer.settings: oneOf of 3 schemas — imported as json"), "%s", r.out);
    support_run_done(&r);
    char *dir = home_file("custty/providers");
    g_mkdir_with_parents(dir, 0700);
    char *to = g_build_filename(dir, "ledger.json", NULL);
    cr_assert_eq(g_rename(out, to), 0);
    const char *create[] = { "create", "--provider", "ledger", "--base-url", "http://127.0.0.1:9", "--dry-run",
                             "--json", "--set", "customer.email=a@b.co", "--set", "customer.currency=eur",
                             "--set", "customer.country=TZ", "--set", "customer.seats=3",
                             "--set", "customer.tags=gold, north", "--set", "customer.tax_exempt=yes", NULL };
    r = run(create, NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cJSON *doc = cJSON_Parse(r.out);
    cJSON *sent = cJSON_GetObjectItem(cJSON_GetObjectItem(doc, "body"), "customer");
    cJSON *want = cJSON_Parse("{\"email\":\"a@b.co\",\"currency\":\"EUR\",\"country\":\"TZ\",\"seats\":3,"
                              "\"tags\":[\"gold\",\"north\"],\"tax_exempt\":true}");
    cr_expect(cJSON_Compare(sent, want, true), "%s", r.out);
    cJSON_Delete(want);
    cJSON_Delete(doc);
    support_run_done(&r);
    const char *bad[] = { "create", "--provider", "ledger", "--dry-run", "--base-url", "http://127.0.0.1:9",
                          "--set", "customer.email=a@b.co", "--set", "customer.currency=XYZ",
                          "--set", "customer.seats=900", NULL };
    r = run(bad, NULL);
    cr_expect_eq(r.status, 2, "%s", r.out);
    cr_expect(strstr(r.err, "customer.seats"), "%s", r.err);
    support_run_done(&r);
    g_free(spec), g_free(out), g_free(dir), g_free(to);
}

Test(import_cmd, several_candidates_listed_exit_2)
{
    const char *spec =
        "openapi: 3.0.0\ninfo: {title: Two}\npaths:\n"
        "  /customers:\n    post: {operationId: createCustomer, summary: New customer}\n"
        "  /b2b/customer:\n    post: {operationId: createB2bCustomer, summary: \"\\e[31mred\"}\n";
    const char *argv[] = { "providers", "import", "-", NULL };
    RunResult r = run(argv, spec);
    cr_expect_eq(r.status, 2);
    cr_expect(strstr(r.err, "2 operations could create a customer"), "%s", r.err);
    cr_expect(strstr(r.err, "  createCustomer  POST /customers  New customer\n"), "%s", r.err);
    cr_expect(strstr(r.err, "createB2bCustomer  POST /b2b/customer  "), "%s", r.err);
    cr_expect_null(strchr(r.err, '\033'), "the spec's escape reaches no terminal");
    support_run_done(&r);
}

static RunResult import_file(const char *path)
{
    const char *argv[] = { "providers", "import", path, NULL };
    return run(argv, NULL);
}

static void expect_refused(const char *name, const char *text, size_t len, const char *needle)
{
    char *path = home_file(name);
    cr_assert(g_file_set_contents(path, text, (gssize)len, NULL));
    RunResult r = import_file(path);
    cr_expect_eq(r.status, 2, "%s: %s", name, r.err);
    cr_expect(strstr(r.err, needle), "%s: %s", name, r.err);
    char *dir = home_file("custty/providers");
    cr_expect(!g_file_test(dir, G_FILE_TEST_EXISTS), "%s: nothing written", name);
    g_free(dir);
    support_run_done(&r);
    g_free(path);
}

Test(import_cmd, hostile_specs_refused_clearly)
{
    static const char nul[] = "openapi: 3.0.0\npaths: {}\x00\n";
    expect_refused("nul.yaml", nul, sizeof nul - 1, "nul.yaml:2: a NUL byte");
    static const char utf[] = "openapi: 3.0.0\ninfo: {title: \"\xff\"}\n";
    expect_refused("utf.yaml", utf, sizeof utf - 1, "utf.yaml:2: invalid UTF-8");
    const char *remote = "openapi: 3.0.0\npaths:\n  /customers:\n    post:\n      requestBody:\n"
                         "        content: {application/json: {schema: {$ref: 'http://127.0.0.1:9/s.json'}}}\n";
    expect_refused("remote.yaml", remote, strlen(remote), "custty never fetches");
    const char *cycle = "openapi: 3.0.0\npaths:\n  /customers:\n    post:\n      requestBody:\n"
                        "        content: {application/json: {schema: {$ref: '#/components/schemas/A'}}}\n"
                        "components: {schemas: {A: {$ref: '#/components/schemas/A'}}}\n";
    expect_refused("cycle.yaml", cycle, strlen(cycle), "a $ref cycle: #/components/schemas/A → #/components/schemas/A");
    GString *bomb = g_string_new("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for (int i = 1; i < 12; i++)
        g_string_append_printf(bomb, "a%d: &a%d [*a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d]\n", i,
                               i, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1);
    expect_refused("bomb.yaml", bomb->str, bomb->len, "alias bomb");
    g_string_free(bomb, TRUE);
    /* and within bounded memory: refused the same under a 400 MB address-space limit */
    char *path = home_file("bomb.yaml");
    char *cmd = g_strdup_printf("sh -c 'ulimit -v 400000; exec build/custty providers import %s'", path);
    int status = 0;
    char *err = NULL;
    g_spawn_command_line_sync(cmd, NULL, &err, &status, NULL);
    cr_expect(g_spawn_check_wait_status(status, NULL) == FALSE && WIFEXITED(status) && WEXITSTATUS(status) == 2,
              "exit 2, not killed: %d", status);
    cr_expect(strstr(err, "alias bomb"), "%s", err);
    g_free(err), g_free(cmd), g_free(path);
}

Test(import_cmd, a_50_mb_file_is_refused_unread)
{
    char *path = home_file("huge.yaml");
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs("openapi: 3.0.0\ndescription: |\n", f);
    char line[1024];
    memset(line, 'a', sizeof line - 1);
    line[0] = line[1] = ' ';
    line[sizeof line - 2] = '\n';
    line[sizeof line - 1] = 0;
    for (int i = 0; i < 50 * 1024; i++)
        fputs(line, f);
    fclose(f);
    RunResult r = import_file(path);
    cr_expect_eq(r.status, 2);
    cr_expect(strstr(r.err, "huge.yaml is too large: custty reads at most 16 MiB of it"), "%s", r.err);
    support_run_done(&r);
    /* the same through a pipe, where no size is known ahead: bounded while reading */
    char *cmd = g_strdup_printf("sh -c 'cat %s | build/custty providers import -'", path);
    int status = 0;
    char *err = NULL;
    g_spawn_command_line_sync(cmd, NULL, &err, &status, NULL);
    cr_expect(strstr(err, "standard input is too large"), "%s", err);
    g_free(err), g_free(cmd), g_free(path);
}

/* custty sandbox, started in HOME_ (so it serves the imported providers);
 * *PORT from its first line. */
static GPid sandbox_start(unsigned *port, int *out_fd)
{
    const char *argv[] = { "build/custty", "sandbox", "--port", "0", NULL };
    gchar **env = g_environ_setenv(g_get_environ(), "XDG_CONFIG_HOME", HOME_, TRUE);
    GPid pid;
    cr_assert(g_spawn_async_with_pipes(NULL, (char **)argv, env, G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDERR_TO_DEV_NULL,
                                       NULL, NULL, &pid, NULL, out_fd, NULL, NULL));
    g_strfreev(env);
    FILE *f = fdopen(dup(*out_fd), "r");
    char line[512] = "";
    cr_assert_not_null(fgets(line, sizeof line, f));
    fclose(f);
    cr_assert_eq(sscanf(line, "custty sandbox listening on port %u", port), 1, "%s", line);
    return pid;
}

static void sandbox_stop(GPid pid, int out_fd)
{
    kill(pid, SIGTERM);
    waitpid(pid, NULL, 0);
    g_spawn_close_pid(pid);
    close(out_fd);
}

Test(import_cmd, the_imported_seed_creates_through_custty_sandbox)
{
    const char *argv[] = { "providers", "import", "tests/fixtures/openapi/prolifi.yaml", "--name", "prol", NULL };
    RunResult r = run(argv, NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_expect(strstr(r.out, "sandbox: served by custty sandbox with the demo token sandbox-token under "
                            "/api/v1/public"), "%s", r.out);
    support_run_done(&r);
    unsigned port;
    int out_fd;
    GPid pid = sandbox_start(&port, &out_fd);
    char *base = g_strdup_printf("http://127.0.0.1:%u/prol/api/v1/public", port);
    const char *create[] = { "create", "--provider", "prol", "--base-url", base, "--json",
                             "--set", "email=john@example.com", "--set", "name=John Doe", NULL };
    const char *env[] = { ENV_, "CUSTTY_TOKEN=sandbox-token", NULL };
    r = support_run_custty(create, env, NULL);
    cr_expect_eq(r.status, 0, "%s", r.err);
    cJSON *record = cJSON_Parse(r.out);
    cr_expect_str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(record, "email")), "john@example.com", "%s", r.out);
    cr_expect(cJSON_IsString(cJSON_GetObjectItem(record, "created_at")), "the sandbox set the time: %s", r.out);
    cJSON_Delete(record);
    support_run_done(&r);
    sandbox_stop(pid, out_fd);
    g_free(base);
}

/* The property names of the seed's Customer schema, read from the document. */
static GPtrArray *seed_customer_keys(void)
{
    size_t len = 0;
    char *text = support_fixture("openapi/prolifi.yaml", &len), *err = NULL;
    cJSON *spec = spec_tree_parse(text, len, "prolifi.yaml", &err);
    cr_assert_not_null(spec, "%s", err);
    const cJSON *props = jsonpath_get(spec, "components.schemas.Customer.properties"), *p;
    GPtrArray *keys = g_ptr_array_new_with_free_func(g_free);
    cJSON_ArrayForEach(p, props)
        g_ptr_array_add(keys, g_strdup(p->string));
    cJSON_Delete(spec);
    g_free(text);
    return keys;
}

/* The seed's 201 has no example: the imported sandbox builds its record from
 * the Customer schema, so a create through prol-sandbox answers with every
 * key the provider's record has, as the hand-written prolifi.json does. */
Test(import_cmd, the_imported_sandbox_answers_with_the_whole_schema_record)
{
    const char *argv[] = { "providers", "import", "tests/fixtures/openapi/prolifi.yaml", "--name", "prol", NULL };
    RunResult r = run(argv, NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_expect(strstr(r.out, "sandbox: records made from the 201 response's schema (14 keys)"), "%s", r.out);
    support_run_done(&r);
    const char *create[] = { "create", "--profile", "prol-sandbox", "--json", "--set", "email=john@example.com",
                             "--set", "first_name=John", NULL };
    r = run(create, NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cJSON *record = cJSON_Parse(r.out);
    cr_assert_not_null(record, "%s", r.out);
    GPtrArray *keys = seed_customer_keys();
    cr_assert_gt(keys->len, 10);
    for (guint i = 0; i < keys->len; i++)
        cr_expect(cJSON_HasObjectItem(record, keys->pdata[i]), "the record has %s: %s", (char *)keys->pdata[i], r.out);
    cr_expect_str_eq(jsonpath_string(record, "status"), "active", "the first value of CustomerStatus");
    cr_expect_str_eq(jsonpath_string(record, "first_name"), "John");
    cr_expect(cJSON_IsNull(cJSON_GetObjectItem(record, "company_name")), "%s", r.out);
    cr_expect_eq(strlen(jsonpath_string(record, "id") ? jsonpath_string(record, "id") : ""), 36, "%s", r.out);
    g_ptr_array_free(keys, TRUE);
    cJSON_Delete(record);
    support_run_done(&r);
}

Test(import_cmd, a_descriptor_that_would_not_load_is_not_written)
{
    const char *spec = "openapi: 3.0.0\ninfo: {title: Dots}\npaths:\n  /v1/../customers:\n    post:\n"
                       "      requestBody: {content: {application/json: {schema: {type: object, properties: "
                       "{email: {type: string}}}}}}\n";
    const char *argv[] = { "providers", "import", "-", NULL };
    RunResult r = run(argv, spec);
    cr_expect_eq(r.status, 2);
    cr_expect(strstr(r.err, "the imported descriptor would not load, so nothing was written"), "%s", r.err);
    cr_expect(strstr(r.err, "create.path"), "%s", r.err);
    support_run_done(&r);
    char *dir = home_file("custty/providers");
    cr_expect(!g_file_test(dir, G_FILE_TEST_EXISTS));
    g_free(dir);
    const char *both[] = { "providers", "import", "x.yaml", "--operation", "a", "--path", "/b", NULL };
    r = run(both, NULL);
    cr_expect_eq(r.status, 2);
    cr_expect(strstr(r.err, "Usage: custty providers import"), "%s", r.err);
    support_run_done(&r);
}
