/* Every provider the sandbox serves, as a person meets it: a NAME-sandbox
 * profile that creates, a base URL a provider in `custty sandbox`, and
 * tokens of their own per provider (--token NAME=T). */
#include "model/jsonpath.h"
#include "tests/support/support.h"

#include <criterion/criterion.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

static char *HOME_, *FILE_, *ENV_;

/* A config home whose providers folder holds quill-lite (X-Api-Key auth). */
static void start(void)
{
    HOME_ = g_dir_make_tmp("custty-sbp-XXXXXX", NULL);
    char *dir = g_build_filename(HOME_, "custty", "providers", NULL);
    g_mkdir_with_parents(dir, 0700);
    char *text = support_fixture("sandbox/quill-lite.json", NULL);
    FILE_ = g_build_filename(dir, "quill-lite.json", NULL);
    cr_assert(g_file_set_contents(FILE_, text, -1, NULL));
    ENV_ = g_strdup_printf("XDG_CONFIG_HOME=%s", HOME_);
    g_free(text), g_free(dir);
}

static void stop(void)
{
    g_unlink(FILE_);
    char *dir = g_path_get_dirname(FILE_), *custty = g_path_get_dirname(dir);
    g_rmdir(dir), g_rmdir(custty), g_rmdir(HOME_);
    g_free(dir), g_free(custty), g_free(FILE_), g_free(HOME_), g_free(ENV_);
}

TestSuite(sandbox_providers, .init = start, .fini = stop);

Test(sandbox_providers, a_descriptor_of_ones_own_gets_a_sandbox_profile_that_creates)
{
    const char *env[] = { ENV_, NULL };
    RunResult r = support_run_custty((const char *const[]){ "profiles", NULL }, env, NULL);
    cr_expect_eq(r.status, 0, "%s", r.err);
    cr_expect(strstr(r.out, "quill-lite-sandbox") && strstr(r.out, "billing-sandbox"), "%s", r.out);
    support_run_done(&r);
    const char *argv[] = { "create", "--profile", "quill-lite-sandbox", "--json", "--set",
                           "customer.email=ada@example.com", "--set", "customer.full_name=Ada Lovelace", NULL };
    r = support_run_custty(argv, env, NULL);
    cr_expect_eq(r.status, 0, "%s", r.err);
    cJSON *rec = cJSON_Parse(r.out);
    cr_expect_eq(strlen(jsonpath_string(rec, "uuid") ? jsonpath_string(rec, "uuid") : ""), 36, "%s", r.out);
    cr_expect_str_eq(jsonpath_string(rec, "full_name"), "Ada Lovelace", "%s", r.out);
    cJSON_Delete(rec);
    support_run_done(&r);
}

/* `custty sandbox ARGS…` until its banner names LAST; then SIGTERM. Its
 * stdout so far, and *STATUS its exit status. */
static char *banner(const char *const *args, const char *last, int *status)
{
    SandboxRun s;
    support_sandbox_start(&s, args, (const char *const[]){ ENV_, NULL }, last);
    *status = support_sandbox_stop(&s);
    char *out = s.out;
    s.out = NULL;
    support_sandbox_done(&s);
    return out;
}

/* The line of OUT that starts with "  NAME ". */
static char *line_of(const char *out, const char *name)
{
    char *start = g_strdup_printf("  %s ", name);
    const char *at = strstr(out, start);
    g_free(start);
    return at ? g_strndup(at, strcspn(at, "\n")) : g_strdup("");
}

Test(sandbox_providers, the_banner_has_a_url_a_provider_and_tokens_of_ones_own, .timeout = 60)
{
    const char *args[] = { "--token", "prolifi=sk_test_mine", "--token", "prolifi=pk_test_mine2",
                           "--token", "mytoken-1234", NULL };
    int status = -1;
    char *out = banner(args, "quill-lite ", &status);
    cr_expect_eq(status, 0, "stops cleanly: %s", out);
    char *bill = line_of(out, "billing-v1"), *bp = line_of(out, "botpenguin"), *pro = line_of(out, "prolifi");
    char *quill = line_of(out, "quill-lite");
    cr_expect(strstr(bill, "/billing-v1  token: mytoken-1234"), "a bare token where its pattern takes it: %s", out);
    cr_expect(strstr(bp, "/botpenguin  token: mytoken-1234"), "%s", out);
    cr_expect(strstr(pro, "/prolifi/api/v1/public  token: sk_test_mine  read-only: pk_test_mine2"), "%s", out);
    cr_expect(strstr(quill, "/quill-lite  token: qk_test_sandbox0"), "its own demo token: %s", out);
    g_free(bill), g_free(bp), g_free(pro), g_free(quill), g_free(out);
}

Test(sandbox_providers, a_token_for_a_provider_not_served_or_an_empty_one_is_refused)
{
    static const struct { const char *token, *want; } cases[] = {
        { "prolifl=sk_test_x", "no provider \"prolifl\"" },
        { "prolifi=", "needs a token" },
        { "", "--token needs a token" }, /* a bare empty one took billing-v1's place */
    };
    const char *env[] = { ENV_, NULL };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        const char *argv[] = { "sandbox", "--port", "0", "--token", cases[i].token, NULL };
        RunResult r = support_run_custty(argv, env, NULL);
        cr_expect_eq(r.status, 2, "%s: %s", cases[i].token, r.err);
        cr_expect(strstr(r.err, cases[i].want), "%s: %s", cases[i].token, r.err);
        support_run_done(&r);
    }
}

/* Quill's file with its sandbox section (and, when DROP_PATTERN, its token
 * pattern) taken out, saved as NAME.json beside quill-lite. */
static char *install_bare_quill(const char *name, bool drop_pattern)
{
    char *text = support_fixture("providers/quill.json", NULL);
    cJSON *d = cJSON_Parse(text);
    cJSON_DeleteItemFromObject(d, "sandbox");
    if (drop_pattern)
        cJSON_DeleteItemFromObject(cJSON_GetObjectItem(d, "auth"), "token");
    char *out = cJSON_Print(d), *dir = g_path_get_dirname(FILE_);
    char *file = g_strdup_printf("%s/%s.json", dir, name);
    cr_assert(g_file_set_contents(file, out, -1, NULL));
    cJSON_Delete(d);
    g_free(text), g_free(out), g_free(dir);
    return file;
}

/* A descriptor of one's own with no sandbox section is still served when the
 * defaults fit it: the demo token sandbox-token, the customer (not the
 * request's wrapper) as the record, with a generated id. */
Test(sandbox_providers, a_descriptor_without_a_sandbox_section_is_served_from_its_fields)
{
    char *file = install_bare_quill("plainquill", true);
    const char *env[] = { ENV_, NULL };
    const char *argv[] = { "create", "--profile", "plainquill-sandbox", "--set", "customer.email=ada@example.com",
                           "--set", "customer.full_name=Ada Lovelace", "--set", "customer.vip=yes", NULL };
    RunResult r = support_run_custty(argv, env, NULL);
    cr_expect_eq(r.status, 0, "%s", r.err);
    cr_expect(strstr(r.out, "Created: Ada Lovelace · ada@example.com · id "), "the customer is the record: %s", r.out);
    cr_expect(strstr(r.out, "vip: true"), "%s", r.out);
    support_run_done(&r);
    g_unlink(file);
    g_free(file);
}

/* When the defaults do not fit (its token pattern refuses sandbox-token),
 * the banner says why and what to add, instead of leaving it out unsaid. */
Test(sandbox_providers, a_provider_the_sandbox_cannot_serve_is_named_with_the_reason, .timeout = 60)
{
    char *file = install_bare_quill("strictquill", false);
    int status = -1;
    char *out = banner((const char *const[]){ NULL }, "strictquill ", &status);
    char *line = line_of(out, "strictquill");
    cr_expect(strstr(line, "not served: it has no \"sandbox\" section") &&
              strstr(line, "does not match auth.token.pattern") && strstr(line, "naming a demo token"), "%s", out);
    g_free(line), g_free(out);
    const char *env[] = { ENV_, NULL };
    RunResult r = support_run_custty((const char *const[]){ "profiles", NULL }, env, NULL);
    cr_expect_null(strstr(r.out, "strictquill-sandbox"), "%s", r.out);
    support_run_done(&r);
    g_unlink(file);
    g_free(file);
}
