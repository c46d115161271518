/* Quill, the fourth provider, from its file alone (issue 16): each test
 * installs tests/fixtures/providers/quill.json as a provider of the
 * person's own, and custty lists it, serves it, creates on it with every
 * field type, refuses bad values, gets its 409 and finds customers through
 * its list endpoint. No C in custty knows the name. */
#include "model/jsonpath.h"
#include "tests/support/http.h"
#include "tests/support/support.h"

#include <criterion/criterion.h>
#include <glib.h>
#include <string.h>

#define QUILL_TOKEN "qk_test_sandbox0" /* its descriptor's sandbox.tokens */

static char *HOME_, *CONFIG_ENV, *STATE_ENV;
static SandboxRun SB;

/* quill.json as the person's own provider, with FROM (if any) made TO. */
static void install(const char *from, const char *to)
{
    char *dir = g_build_filename(HOME_, "config", "custty", "providers", NULL);
    g_mkdir_with_parents(dir, 0700);
    char *file = g_build_filename(dir, "quill.json", NULL);
    char *text = support_fixture("providers/quill.json", NULL);
    cr_assert(!from || strstr(text, from), "quill.json holds %s", from);
    char **parts = g_strsplit(text, from ? from : "\x01", 2);
    char *changed = g_strjoinv(to, parts);
    cr_assert(g_file_set_contents(file, changed, -1, NULL));
    g_strfreev(parts);
    g_free(changed), g_free(text), g_free(file), g_free(dir);
}

static void start(void)
{
    HOME_ = g_dir_make_tmp("custty-quill-XXXXXX", NULL);
    install(NULL, NULL);
    CONFIG_ENV = g_strdup_printf("XDG_CONFIG_HOME=%s/config", HOME_);
    STATE_ENV = g_strdup_printf("XDG_STATE_HOME=%s/state", HOME_);
    SB = (SandboxRun){ .out_fd = -1 };
}

static void stop(void)
{
    support_sandbox_done(&SB);
    char *rm = g_strdup_printf("rm -rf %s", HOME_);
    g_spawn_command_line_sync(rm, NULL, NULL, NULL, NULL);
    g_free(rm), g_free(HOME_), g_free(CONFIG_ENV), g_free(STATE_ENV);
}

TestSuite(quill, .init = start, .fini = stop, .timeout = 120);

/* build/custty ARGV… in this home, with Quill's demo token in CUSTTY_TOKEN. */
static RunResult custty(const char *const *argv)
{
    const char *env[] = { CONFIG_ENV, STATE_ENV, "CUSTTY_TOKEN=" QUILL_TOKEN,
                          "DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent", NULL };
    return support_run_custty(argv, env, NULL);
}

/* `custty sandbox ARGS…` in this home, and config.ini profiles on it:
 * quill-local, and quill-careful that looks before it creates. */
static void serve(const char *const *args)
{
    support_sandbox_start(&SB, args, (const char *const[]){ CONFIG_ENV, NULL }, "  quill ");
    char *url = support_sandbox_url(&SB, "quill");
    cr_assert_not_null(url, "the banner gives quill a base URL:\n%s", SB.out);
    char *ini = g_strdup_printf("%s/config/custty/config.ini", HOME_);
    char *text = g_strdup_printf("[quill-local]\nprovider = quill\nbase_url = %s\n\n"
                                 "[quill-careful]\nprovider = quill\nbase_url = %s\ncheck_before_create = true\n",
                                 url, url);
    cr_assert(g_file_set_contents(ini, text, -1, NULL));
    g_free(ini), g_free(text), g_free(url);
}

/* custty create --profile PROFILE with EMAIL and a name, then EXTRA… */
static RunResult create(const char *profile, const char *email, const char *const *extra)
{
    char *set = g_strdup_printf("customer.email=%s", email);
    GPtrArray *argv = g_ptr_array_new();
    const char *head[] = { "create", "--profile", profile, "--set", set, "--set", "customer.full_name=Ada Lovelace" };
    for (size_t i = 0; i < G_N_ELEMENTS(head); i++)
        g_ptr_array_add(argv, (gpointer)head[i]);
    for (size_t i = 0; extra && extra[i]; i++)
        g_ptr_array_add(argv, (gpointer)extra[i]);
    g_ptr_array_add(argv, NULL);
    RunResult r = custty((const char *const *)argv->pdata);
    g_ptr_array_free(argv, TRUE);
    g_free(set);
    return r;
}

/* The lines of `custty providers` from "quill —" to the end. */
static char *quill_section(const char *out)
{
    const char *at = strstr(out, "quill — ");
    return g_strdup(at ? at : "");
}

Test(quill, providers_lists_every_field_with_its_type_and_profiles_has_its_sandbox)
{
    RunResult r = custty((const char *const[]){ "providers", NULL });
    cr_expect_eq(r.status, 0, "%s", r.err);
    cr_expect_str_eq(r.err, "", "the file loads without a complaint");
    char *quill = quill_section(r.out);
    static const char *const fields[][2] = {
        { "*customer.email", "email" },        { "*customer.full_name", "string" },
        { "customer.vip", "boolean" },          { "customer.birth_date", "date" },
        { "customer.trial_ends_at", "date-time" }, { "customer.currency", "currency" },
        { "customer.credit_limit", "number" },  { "customer.website", "url" },
        { "customer.tags", "list" },            { "customer.referrer", "string" },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(fields); i++) {
        char *want = g_strdup_printf("%s ", fields[i][0]);
        const char *line = strstr(quill, want);
        char *type = line ? g_strndup(line + strlen(want), strcspn(line + strlen(want), "\n")) : g_strdup("");
        g_strchug(type);
        cr_expect(g_str_has_prefix(type, fields[i][1]) && type[strlen(fields[i][1])] == ' ',
                  "%s is listed as a %s:\n%s", fields[i][0], fields[i][1], quill);
        g_free(type), g_free(want);
    }
    cr_expect(strstr(quill, "Referred by [nullable]"), "%s", quill);
    cr_expect(strstr(quill, "create:  POST /v2/customers"), "%s", quill);
    g_free(quill);
    support_run_done(&r);
    r = custty((const char *const[]){ "profiles", NULL });
    cr_expect_eq(r.status, 0, "%s", r.err);
    const char *at = strstr(r.out, "quill-sandbox ");
    char *line = g_strndup(at ? at : "", strcspn(at ? at : "", "\n"));
    cr_expect(strstr(line, " quill ") && strstr(line, "sandbox"), "a quill-sandbox profile:\n%s", r.out);
    g_free(line);
    support_run_done(&r);
}

/* Where the word after the first run of spaces from FROM begins. */
static const char *next_column(const char *from)
{
    const char *gap = from + strcspn(from, " ");
    return gap + strspn(gap, " ");
}

/* In every field line of one provider's table, the type and the label each
 * begin in one column, with a space at least before each. */
static void expect_aligned(const char *section)
{
    char *title = g_strndup(section, strcspn(section, "\n"));
    gchar **lines = g_strsplit(section, "\n", -1);
    long type_col = -1, label_col = -1;
    for (gchar **l = lines; *l; l++) {
        if (!g_str_has_prefix(*l, "    "))
            continue;
        const char *type = next_column(*l + 5); /* after the "*" or " " of required */
        const char *label = next_column(type);
        if (type_col < 0)
            type_col = type - *l, label_col = label - *l;
        cr_expect(type - *l == type_col && label - *l == label_col,
                  "%s: types at column %ld and labels at %ld, each line:\n%s", title, type_col, label_col, section);
    }
    g_strfreev(lines);
    g_free(title);
}

Test(quill, the_field_table_lines_up_however_long_the_names)
{
    RunResult r = custty((const char *const[]){ "providers", NULL });
    cr_expect_eq(r.status, 0, "%s", r.err);
    gchar **providers = g_strsplit(r.out, "\n\n", -1);
    for (gchar **p = providers; *p; p++)
        expect_aligned(*p);
    g_strfreev(providers);
    support_run_done(&r);
}

Test(quill, the_sandbox_serves_it_with_its_demo_token)
{
    serve(NULL);
    const char *at = strstr(SB.out, "\n  quill ");
    char *line = at ? g_strndup(at + 1, strcspn(at + 1, "\n")) : g_strdup("");
    cr_expect(g_regex_match_simple("^  quill +http://127\\.0\\.0\\.1:[0-9]+/quill  token: " QUILL_TOKEN "$", line, 0, 0),
              "a base URL and its demo token: %s", SB.out);
    g_free(line);
    cr_expect_eq(support_sandbox_stop(&SB), 0, "%s", SB.out);
}

static const char *const EVERY_TYPE[] = {
    "--set", "customer.vip=yes", "--set", "customer.birth_date=1815-12-10",
    "--set", "customer.trial_ends_at=2027-01-31T23:59:00Z", "--set", "customer.currency=eur",
    "--set", "customer.credit_limit=2500.5", "--set", "customer.website=https://ada.example",
    "--set", "customer.tags=vip, north", "--null", "customer.referrer", NULL,
};

/* The record as a person reads it, each value as the JSON type it is. */
static void expect_every_type_printed(const char *out)
{
    static const char *const lines[] = {
        "email: \"ada@example.com\"\n", "full_name: \"Ada Lovelace\"\n", "vip: true\n",
        "birth_date: \"1815-12-10\"\n", "trial_ends_at: \"2027-01-31T23:59:00Z\"\n", "currency: \"EUR\"\n",
        "credit_limit: 2500.5\n", "website: \"https://ada.example\"\n", "tags\n  [0]: \"vip\"\n  [1]: \"north\"\n",
        "referrer: null\n", "\ncreated: \"20",
    };
    for (size_t i = 0; i < G_N_ELEMENTS(lines); i++)
        cr_expect(strstr(out, lines[i]), "the record shows %s:\n%s", lines[i], out);
    cr_expect(g_regex_match_simple("^Created: Ada Lovelace · ada@example.com · id [0-9a-f-]{36}\n", out, 0, 0),
              "its summary and UUID first:\n%s", out);
}

Test(quill, create_sends_every_type_with_its_key_in_x_api_key)
{
    serve(NULL);
    const size_t n = G_N_ELEMENTS(EVERY_TYPE) - 1;
    const char *args[G_N_ELEMENTS(EVERY_TYPE) + 1];
    memcpy(args, EVERY_TYPE, n * sizeof *args);
    args[n] = "--verbose", args[n + 1] = NULL;
    RunResult r = create("quill-local", "ada@example.com", args);
    cr_expect_eq(r.status, 0, "%s", r.err);
    expect_every_type_printed(r.out);
    cr_expect(strstr(r.err, "> X-Api-Key: qk_t…\n"), "the key went in X-Api-Key, masked in the log:\n%s", r.err);
    cr_expect(strstr(r.err, "{\"customer\":{\"email\":\"ada@example.com\""), "the body wrapped: %s", r.err);
    cr_expect_null(strstr(r.err, QUILL_TOKEN), "never the key itself:\n%s", r.err);
    cr_expect_null(strstr(r.out, QUILL_TOKEN));
    support_run_done(&r);
    support_sandbox_stop(&SB);
    cr_expect(g_regex_match_simple("POST /quill/v2/customers 200 [0-9]+ms token=qk_t…", SB.out, 0, 0),
              "the sandbox had the key from X-Api-Key (it answers 401 without): %s", SB.out);
}

Test(quill, create_on_its_sandbox_profile_prints_the_record_and_json)
{
    RunResult r = create("quill-sandbox", "ada@example.com", EVERY_TYPE);
    cr_expect_eq(r.status, 0, "%s", r.err);
    expect_every_type_printed(r.out);
    support_run_done(&r);
    const char *json[] = { "--json", "--set", "customer.vip=true", "--set", "customer.credit_limit=2500.5",
                           "--set", "customer.tags=vip,north", "--null", "customer.referrer", NULL };
    r = create("quill-sandbox", "ada@example.com", json);
    cr_expect_eq(r.status, 0, "%s", r.err);
    cJSON *rec = cJSON_Parse(r.out);
    cr_assert_not_null(rec, "the record alone, as JSON: %s", r.out);
    const char *uuid = jsonpath_string(rec, "uuid");
    cr_expect(uuid && g_regex_match_simple("^[0-9a-f-]{36}$", uuid, 0, 0), "%s", r.out);
    cr_expect(cJSON_IsTrue(cJSON_GetObjectItem(rec, "vip")), "%s", r.out);
    char *tags = cJSON_PrintUnformatted(cJSON_GetObjectItem(rec, "tags"));
    cr_expect_str_eq(tags, "[\"vip\",\"north\"]");
    cJSON *limit = cJSON_GetObjectItem(rec, "credit_limit");
    cr_expect(cJSON_IsNumber(limit) && limit->valuedouble == 2500.5, "%s", r.out);
    cr_expect(cJSON_IsNull(cJSON_GetObjectItem(rec, "referrer")), "%s", r.out);
    cJSON_free(tags);
    cJSON_Delete(rec);
    support_run_done(&r);
}

/* Creates EMAIL on quill-local; the UUID Quill gave it (g_free). */
static char *created_id(const char *email)
{
    RunResult r = create("quill-local", email, NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    const char *at = strstr(r.out, "uuid: \"");
    cr_assert_not_null(at, "%s", r.out);
    char *id = g_strndup(at + 7, 36);
    support_run_done(&r);
    return id;
}

Test(quill, a_second_create_of_the_same_email_is_its_409_naming_the_first)
{
    serve(NULL);
    char *id = created_id("bo@example.com");
    RunResult r = create("quill-local", "bo@example.com", NULL);
    cr_expect_eq(r.status, 1, "%s", r.err);
    cr_expect(strstr(r.err, "rejected (HTTP 409)"), "%s", r.err);
    cr_expect(strstr(r.err, id), "names the customer there already, %s:\n%s", id, r.err);
    cr_expect_str_eq(r.out, "");
    support_run_done(&r);
    g_free(id);
}

/* Refused before sending: exit 2, the field named, nothing on stdout. */
static void expect_refused(const char *opt, const char *value, const char *field, const char *says)
{
    const char *extra[] = { opt, value, NULL };
    RunResult r = create("quill-sandbox", "cy@example.com", extra);
    cr_expect_eq(r.status, 2, "%s: %s", value, r.err);
    cr_expect(strstr(r.err, field) && strstr(r.err, says), "%s: names %s and says \"%s\":\n%s", value, field, says,
              r.err);
    cr_expect(strstr(r.err, "nothing was sent"), "%s", r.err);
    cr_expect_str_eq(r.out, "");
    support_run_done(&r);
}

Test(quill, bad_values_are_refused_before_sending_naming_the_field)
{
    expect_refused("--set", "customer.birth_date=2027-02-30", "(customer.birth_date)", "February 2027 has 28 days");
    expect_refused("--set", "customer.currency=euro", "(customer.currency)", "use EUR");
    expect_refused("--set", "customer.credit_limit=1000000.5", "(customer.credit_limit)", "between 0 and 1000000");
    expect_refused("--set", "customer.credit_limit=-1", "(customer.credit_limit)", "between 0 and 1000000");
    expect_refused("--set", "customer.website=ftp://files.example", "(customer.website)", "not ftp://");
    expect_refused("--null", "customer.website", "(customer.website)", "cannot be null");
}

/* A key given without its dots, or by its label, or mistyped: the field meant
 * is named, not only every field listed. */
Test(quill, an_unknown_set_key_suggests_the_field_meant)
{
    expect_refused("--set", "email=cy@example.com", "\"email\"", "did you mean \"customer.email\"?");
    expect_refused("--set", "Trial ends=2027-01-31T10:00:00Z", "\"Trial ends\"",
                   "did you mean \"customer.trial_ends_at\"?");
    expect_refused("--set", "customer.emial=cy@example.com", "\"customer.emial\"",
                   "did you mean \"customer.email\"?");
    expect_refused("--set", "credit_limt=5", "\"credit_limt\"", "did you mean \"customer.credit_limit\"?");
}

Test(quill, a_careful_profile_finds_the_email_through_its_list_endpoint)
{
    serve(NULL);
    char *id = created_id("dee@example.com");
    RunResult r = create("quill-careful", "DEE@example.com", NULL);
    cr_expect_eq(r.status, 2, "%s", r.err);
    char *says = g_strdup_printf("DEE@example.com already exists on quill-careful (id %s, created 20", id);
    cr_expect(strstr(r.err, says), "%s in:\n%s", says, r.err);
    cr_expect(strstr(r.err, "nothing was sent"), "%s", r.err);
    support_run_done(&r);
    r = create("quill-careful", "eve@example.com", NULL);
    cr_expect_eq(r.status, 0, "one it does not have is created: %s", r.err);
    support_run_done(&r);
    g_free(says), g_free(id);
}

Test(quill, check_settles_an_unknown_create_through_its_list_endpoint)
{
    serve((const char *const[]){ "--create-fault", "reset", NULL });
    RunResult r = create("quill-local", "una@example.com", NULL);
    cr_assert_eq(r.status, 3, "created, then no answer: unknown\n%s", r.err);
    support_run_done(&r);
    r = custty((const char *const[]){ "check", "--profile", "quill-local", NULL });
    cr_expect_eq(r.status, 0, "%s%s", r.out, r.err);
    cr_expect(g_regex_match_simple("^una@example\\.com \\(quill-local\\): created, id [0-9a-f-]{36} — read 1 page, "
                                   "1 customer", r.out, 0, 0), "%s", r.out);
    support_run_done(&r);
    r = custty((const char *const[]){ "history", "--json", NULL });
    cr_expect(strstr(r.out, "\"outcome\":\"created\""), "the history keeps the verdict: %s", r.out);
    support_run_done(&r);
}

/* A Quill whose list cannot filter by email: the lookup reads page after
 * page (?page=1, 2, …: 25 a page in its sandbox) until one is short. */
Test(quill, check_reads_its_pages_when_the_list_does_not_filter)
{
    install("\"filter\": \"email\",", "");
    serve((const char *const[]){ "--create-fault", "reset", NULL });
    char *url = support_sandbox_url(&SB, "quill");
    char *post = g_strdup_printf("%s/v2/customers", url);
    for (int i = 0; i < 30; i++) { /* created, each answer cut off by the fault */
        char *body = g_strdup_printf("{\"customer\": {\"email\": \"c%d@example.com\", \"full_name\": \"C\"}}", i);
        HttpReply h = http_do("POST", post, (const char *const[]){ "X-Api-Key: " QUILL_TOKEN,
                                                                   "Content-Type: application/json", NULL }, body);
        http_done(&h);
        g_free(body);
    }
    RunResult r = create("quill-local", "una@example.com", NULL);
    cr_assert_eq(r.status, 3, "unknown\n%s", r.err);
    support_run_done(&r);
    r = custty((const char *const[]){ "check", "--profile", "quill-local", NULL });
    cr_expect_eq(r.status, 0, "%s%s", r.out, r.err);
    cr_expect(g_regex_match_simple("^una@example\\.com \\(quill-local\\): created, id [0-9a-f-]{36} — read 2 pages, "
                                   "31 customers", r.out, 0, 0), "%s", r.out);
    support_run_done(&r);
    g_free(post), g_free(url);
}
