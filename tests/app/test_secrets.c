/* Secret fields stay off the screen in printed requests, and credentials stay
 * out of base URLs. */
#include "app/config.h"
#include "model/jsonpath.h"
#include "tests/support/http.h"
#include "tests/support/support.h"

#include <criterion/criterion.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

#define PASSWORD "Zq9-secret-Pw"

static RunResult run_botpenguin(const char *const *extra)
{
    const char *argv[16] = { "create", "--provider", "botpenguin", "--set", "username=ann@example.com",
                             "--set", "name=Ann", "--set", "password=" PASSWORD };
    size_t n = 9;
    for (size_t i = 0; extra[i] && n < 15; i++)
        argv[n++] = extra[i];
    argv[n] = NULL;
    return support_run_custty(argv, NULL, NULL);
}

Test(secrets, dry_run_and_json_mask_the_password)
{
    const char *const *modes[] = { (const char *const[]){ "--dry-run", NULL },
                                   (const char *const[]){ "--dry-run", "--json", NULL } };
    for (size_t i = 0; i < G_N_ELEMENTS(modes); i++) {
        RunResult r = run_botpenguin(modes[i]);
        cr_expect_eq(r.status, 0, "%s", r.err);
        cr_expect_null(strstr(r.out, PASSWORD), "mode %zu shows the password: %s", i, r.out);
        cJSON *doc = cJSON_Parse(r.out);
        cr_expect_str_eq(jsonpath_string(doc, "body.password"), "***", "%s", r.out);
        cr_expect_str_eq(jsonpath_string(doc, "body.username"), "ann@example.com", "the rest stays");
        cJSON_Delete(doc);
        support_run_done(&r);
    }
}

Test(secrets, show_secrets_prints_them_when_asked)
{
    RunResult r = run_botpenguin((const char *const[]){ "--dry-run", "--json", "--show-secrets", NULL });
    cr_expect_eq(r.status, 0, "%s", r.err);
    cr_expect(strstr(r.out, "\"password\":\"" PASSWORD "\""), "%s", r.out);
    support_run_done(&r);
    r = run_botpenguin((const char *const[]){ "--curl", "--show-secrets", NULL });
    cr_expect(strstr(r.out, "\"password\":\"" PASSWORD "\""), "%s", r.out);
    support_run_done(&r);
    r = support_run_custty((const char *const[]){ "create", "--help", NULL }, NULL, NULL);
    cr_expect(strstr(r.out, "--show-secrets"), "documented in the help: %s", r.out);
    support_run_done(&r);
}

static TestSandbox T;
static void start(void) { test_sandbox_start(&T, NULL); }
static void stop(void) { test_sandbox_stop(&T); }

/* The printed command, run by a shell with the token and password exported,
 * creates the customer: the password is not shown yet still goes. */
Test(secrets, curl_reads_the_password_from_a_variable_and_works, .init = start, .fini = stop)
{
    char *base = sandbox_base_url(T.sb, "botpenguin");
    const char *argv[] = { "create", "--provider", "botpenguin", "--base-url", base, "--curl",
                           "--set", "username=ann@example.com", "--set", "name=Ann",
                           "--set", "password=" PASSWORD, NULL };
    RunResult r = support_run_custty(argv, NULL, NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_expect_null(strstr(r.out, PASSWORD), "%s", r.out);
    cr_expect(strstr(r.out, "\"password\":\"'\"$CUSTTY_SECRET_PASSWORD\"'\""), "%s", r.out);
    cr_expect(strstr(r.err, "CUSTTY_SECRET_PASSWORD"), "says which variable to export: %s", r.err);
    const char *sh[] = { "/bin/sh", "-c", r.out, NULL };
    char *out = NULL;
    const char *env_none[] = { "CUSTTY_TOKEN=sandbox-token", "PATH=/usr/bin:/bin", NULL };
    g_spawn_sync(NULL, (char **)sh, (char **)env_none, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL, NULL, NULL);
    cr_expect(strstr(out, "\"success\":false") || strstr(out, "password"), "no variable, no password: %s", out);
    g_free(out);
    const char *env[] = { "CUSTTY_TOKEN=sandbox-token", "CUSTTY_SECRET_PASSWORD=It's $ecret1", "PATH=/usr/bin:/bin",
                          NULL };
    g_spawn_sync(NULL, (char **)sh, (char **)env, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL, NULL, NULL);
    cJSON *doc = cJSON_Parse(out);
    cr_expect(cJSON_IsTrue(jsonpath_get(doc, "success")), "created with the exported password: %s", out);
    cJSON_Delete(doc);
    g_free(out);
    support_run_done(&r);
    g_free(base);
}

Test(secrets, base_url_with_credentials_is_refused_on_the_command_line)
{
    static const char *const urls[] = { "https://ann:hunter2pass@api.example.com", "https://ann@api.example.com/v1",
                                         "http://ann:hunter2pass@127.0.0.1:9" };
    for (size_t i = 0; i < G_N_ELEMENTS(urls); i++) {
        const char *argv[] = { "create", "--provider", "prolifi", "--base-url", urls[i], "--dry-run",
                               "--set", "email=a@b.co", NULL };
        RunResult r = support_run_custty(argv, NULL, NULL);
        cr_expect_eq(r.status, 2, "%s: %s", urls[i], r.out);
        cr_expect_null(strstr(r.out, "hunter2"), "%s", r.out);
        cr_expect_null(strstr(r.err, "hunter2"), "the password is not repeated: %s", r.err);
        cr_expect(strstr(r.err, "custty token set"), "says where tokens belong: %s", r.err);
        support_run_done(&r);
    }
}

Test(secrets, url_credentials_are_found_and_plain_urls_pass)
{
    cr_expect(config_url_has_credentials("https://u:p@host.example"));
    cr_expect(config_url_has_credentials("https://u@host.example"));
    cr_expect(config_url_has_credentials("https://:p@host.example/x"));
    cr_expect(config_url_has_credentials("https://@host.example"));
    cr_expect(config_url_has_credentials("not a url u:p@host"));
    cr_expect_not(config_url_has_credentials("https://host.example/path@x?mail=a@b#c@d"));
    cr_expect_not(config_url_has_credentials("http://127.0.0.1:8080/api"));
    cr_expect_not(config_url_has_credentials("https://[::1]:8443/"));
}

/* config.ini: the profile is not loaded, so `custty profiles` never prints it,
 * and the error says where the token goes. */
Test(secrets, base_url_with_credentials_is_refused_in_the_config)
{
    char *home = g_dir_make_tmp("custty-cred-XXXXXX", NULL);
    char *dir = g_build_filename(home, "custty", NULL);
    char *path = g_build_filename(dir, "config.ini", NULL);
    g_mkdir_with_parents(dir, 0700);
    g_file_set_contents(path, "[staging]\nprovider = prolifi\nbase_url = https://ann:hunter2pass@api.example.com\n\n"
                              "[other]\nprovider = prolifi\nenvironment = sandbox\n", -1, NULL);
    char *env_home = g_strdup_printf("XDG_CONFIG_HOME=%s", home);
    const char *env[] = { env_home, NULL };
    RunResult r = support_run_custty((const char *const[]){ "profiles", NULL }, env, NULL);
    cr_expect_null(strstr(r.out, "hunter2"), "%s", r.out);
    cr_expect_null(strstr(r.err, "hunter2"), "%s", r.err);
    cr_expect(strstr(r.err, "config.ini:3:") && strstr(r.err, "custty token set staging"), "%s", r.err);
    cr_expect(strstr(r.out, "other"), "the rest loads: %s", r.out);
    support_run_done(&r);
    g_remove(path), g_rmdir(dir), g_rmdir(home);
    g_free(env_home), g_free(path), g_free(dir), g_free(home);
}

/* The console's first frame does not wait for libcurl, libmicrohttpd and what
 * they pull in (TLS, Kerberos, LDAP, SSH): the program maps them only when it
 * loads its network module. The loader's own account (LD_DEBUG) says what it
 * maps at start. */
Test(start_up, the_program_starts_without_the_network_libraries)
{
    RunResult r = support_run_custty((const char *const[]){ "--version", NULL },
                                     (const char *const[]){ "LD_DEBUG=files", NULL }, NULL);
    cr_assert_eq(r.status, 0, "%s", r.err);
    cr_assert(strstr(r.err, "libncursesw"), "LD_DEBUG reports the libraries mapped: %s", r.err);
    cr_expect_null(strstr(r.err, "libcurl"), "libcurl is not mapped at start");
    cr_expect_null(strstr(r.err, "libmicrohttpd"), "libmicrohttpd is not mapped at start");
    cr_expect_null(strstr(r.err, "libgnutls"), "nor what libcurl pulls in");
    support_run_done(&r);
}
