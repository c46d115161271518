/* Profiles from config.ini: what loads, and errors that name file and line. */
#include "app/config.h"
#include "tests/support/support.h"

#include <criterion/criterion.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static ProviderSet P;
static char *DIR_;

static void start(void)
{
    char *errors = NULL;
    provider_set_load_dir(&P, "assets/providers", &errors);
    DIR_ = g_dir_make_tmp("custty-cfg-XXXXXX", NULL);
}

static void stop(void)
{
    provider_set_done(&P);
    g_free(DIR_);
}

TestSuite(config, .init = start, .fini = stop);

/* LEN bytes of TEXT as config.ini (it may hold NULs), loaded. */
static ProfileSet load_len(const char *text, gssize len, char **errors)
{
    char *path = g_build_filename(DIR_, "config.ini", NULL);
    g_file_set_contents(path, text, len, NULL);
    chmod(path, 0600); /* whatever the umask: a file others may change is refused */
    ProfileSet set = { 0 };
    *errors = NULL;
    config_load(path, &P, &set, errors);
    g_remove(path);
    g_free(path);
    return set;
}

static ProfileSet load(const char *text, char **errors) { return load_len(text, -1, errors); }

Test(config, good_profiles_load)
{
    char *errors = NULL;
    ProfileSet s = load("# support desk\n[prolifi-live]\nprovider = prolifi\nenvironment = live\ntimeout = 30\n\n"
                        "[prolifi-test]\nprovider = prolifi\nenvironment = sandbox\n\n"
                        "[billing-local]\nprovider = billing-v1\nbase_url = http://127.0.0.1:8080\n"
                        "confirm = true\n", &errors);
    cr_expect_null(errors, "%s", errors);
    cr_assert_eq(s.count, 3);
    const Profile *live = profiles_find(&s, "prolifi-live");
    cr_expect(live->live && live->confirm, "live, and asks by default");
    cr_expect_eq(live->timeout_s, 30);
    cr_expect(g_str_has_suffix(live->origin, "config.ini:2"), "%s", live->origin);
    const Profile *test = profiles_find(&s, "prolifi-test");
    cr_expect_not(test->live);
    cr_expect_not(test->confirm);
    const Profile *local = profiles_find(&s, "billing-local");
    cr_expect_not(local->live, "loopback is not live");
    cr_expect(local->confirm);
    profiles_done(&s);
}

Test(config, broken_line_names_file_and_line_and_the_rest_loads)
{
    char *errors = NULL;
    ProfileSet s = load("[a]\nprovider = prolifi\nenvironment = sandbox\nthis line is broken\n"
                        "[b]\nprovider = botpenguin\n", &errors);
    cr_assert_not_null(errors);
    cr_expect(strstr(errors, "config.ini:4:"), "%s", errors);
    cr_expect_eq(s.count, 2, "both profiles still load");
    profiles_done(&s);
    g_free(errors);
}

Test(config, bad_values_name_their_line)
{
    static const struct { const char *text, *want; } cases[] = {
        { "[x]\nprovider = prolifi\nenviroment = live\n", "config.ini:3: [x] has an unknown key \"enviroment\"; did you mean \"environment\"?" },
        { "[x]\nprovider = prolifi\nenvironment = staging\n", "config.ini:3: [x] prolifi has no environment \"staging\"" },
        { "[x]\nprovider = prolifix\n", "config.ini:2: [x] no provider \"prolifix\"" },
        { "[x]\nenvironment = live\n", "config.ini:1: [x] needs provider" },
        { "[x]\nprovider = billing-v1\n", "config.ini:1: [x] billing-v1 has no public host" },
        { "[x]\nprovider = prolifi\nenvironment = live\ntimeout = soon\n", "config.ini:4: [x] timeout must be" },
        { "[x]\nprovider = prolifi\nenvironment = live\nconfirm = maybe\n", "config.ini:4: [x] confirm must be true or false" },
        { "[x]\nprovider = billing-v1\nbase_url = http://billing.example.com\n", "config.ini:3: [x] base_url must be https://" },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        char *errors = NULL;
        ProfileSet s = load(cases[i].text, &errors);
        cr_expect(errors && strstr(errors, cases[i].want), "case %zu: want \"%s\", got: %s", i, cases[i].want, errors);
        cr_expect_eq(s.count, 0, "case %zu: the bad profile is skipped", i);
        profiles_done(&s);
        g_free(errors);
    }
}

/* Issue 15: a base_url decides the host, and a loopback one is not LIVE by
 * default; with environment = live beside it, the profile was shown as a
 * test one. It is refused, saying which to keep. */
Test(config, base_url_with_a_live_environment_is_refused_not_shown_as_test)
{
    char *errors = NULL;
    ProfileSet s = load("[ambiguous]\nprovider = prolifi\nenvironment = live\nbase_url = http://127.0.0.1:9000\n"
                        "[fine]\nprovider = prolifi\nenvironment = live\n", &errors);
    cr_expect(errors && strstr(errors, "config.ini:4: [ambiguous] sets both environment = live and base_url"),
              "%s", errors);
    cr_expect(errors && strstr(errors, "live = true"), "says how to keep a LIVE host of one's own: %s", errors);
    cr_expect_null(profiles_find(&s, "ambiguous"), "never loaded as a test profile");
    cr_expect_not_null(profiles_find(&s, "fine"), "the other profile still loads");
    profiles_done(&s);
    g_free(errors);
}

Test(config, missing_file_is_fine_and_builtins_stay)
{
    ProfileSet s = { 0 };
    char *errors = NULL;
    config_load("/nonexistent/config.ini", &P, &s, &errors);
    cr_expect_null(errors);
    cr_expect_eq(s.count, 0);
    profiles_add_builtin(&s, &P);
    cr_expect_not_null(profiles_find(&s, "billing-sandbox"));
    cr_expect_not_null(profiles_find(&s, "botpenguin-sandbox"));
    cr_expect_not_null(profiles_find(&s, "prolifi-sandbox"));
    profiles_done(&s);
}

Test(config, a_bad_group_line_is_reported_and_every_other_profile_loads)
{
    char *errors = NULL;
    ProfileSet s = load("[a]\nprovider = prolifi\nenvironment = sandbox\n"
                        "[b c\nprovider = botpenguin\n"
                        "[d]\nprovider = botpenguin\n", &errors);
    cr_assert_not_null(errors, "the bad line is reported");
    cr_expect(strstr(errors, "config.ini:4:"), "with file and line: %s", errors);
    cr_expect_eq(strchr(errors, '\n'), strrchr(errors, '\n'), "said once, not once per line under it: %s", errors);
    cr_expect_eq(s.count, 2, "a and d load: %s", errors);
    const Profile *a = profiles_find(&s, "a");
    cr_expect(a && strcmp(a->provider, "prolifi") == 0, "the broken group's keys do not land in [a]");
    cr_expect_not_null(profiles_find(&s, "d"));
    profiles_done(&s);
    g_free(errors);
}

Test(config, keys_before_any_group_are_reported_and_the_rest_loads)
{
    char *errors = NULL;
    ProfileSet s = load("provider = prolifi\n[d]\nprovider = botpenguin\n", &errors);
    cr_expect(errors && strstr(errors, "config.ini:1:"), "%s", errors);
    cr_expect_eq(s.count, 1);
    profiles_done(&s);
    g_free(errors);
}

Test(config, a_nul_byte_is_reported_and_the_profiles_after_it_load)
{
    static const char text[] = "[a]\nprovider = prolifi\nenviron\0ment = sandbox\nenvironment = sandbox\n"
                               "[b]\nprovider = botpenguin\n";
    char *errors = NULL;
    ProfileSet s = load_len(text, sizeof text - 1, &errors);
    cr_assert_not_null(errors, "the NUL is reported");
    cr_expect(strstr(errors, "config.ini:3:") && strstr(errors, "NUL"), "with file and line: %s", errors);
    cr_expect_not_null(profiles_find(&s, "a"), "%s", errors);
    cr_expect_not_null(profiles_find(&s, "b"), "the profile after the NUL loads: %s", errors);
    profiles_done(&s);
    g_free(errors);
}

Test(config, a_nul_byte_in_a_header_costs_only_its_group)
{
    static const char text[] = "[a]\nprovider = prolifi\nenvironment = sandbox\n[b\0]\nprovider = botpenguin\n"
                               "[c]\nprovider = botpenguin\n";
    char *errors = NULL;
    ProfileSet s = load_len(text, sizeof text - 1, &errors);
    cr_expect(errors && strstr(errors, "config.ini:4:") && strstr(errors, "NUL"), "%s", errors);
    const Profile *a = profiles_find(&s, "a");
    cr_expect(a && strcmp(a->provider, "prolifi") == 0, "[b]'s keys do not land in [a]");
    cr_expect_not_null(profiles_find(&s, "c"), "%s", errors);
    profiles_done(&s);
    g_free(errors);
}

Test(config, messages_never_repeat_escape_bytes_from_the_file)
{
    static const char *const texts[] = {
        "[x]\nprovider = \x1b]0;pwned\x07\xe2\x80\xae\n",
        "[x]\nprovider = prolifi\nenvironment = live\nbad\x1b[2Jkey = 1\n",
        "[x\x1b]0;pwned\x07]\nprovider = prolifi\n",
        ("[x]\nprovider = prolifi\nenvironment = \xc2\x9b" "31m\n"), /* U+009B, the one-byte CSI */
    };
    for (size_t i = 0; i < G_N_ELEMENTS(texts); i++) {
        char *errors = NULL;
        ProfileSet s = load(texts[i], &errors);
        cr_assert_not_null(errors, "case %zu is refused", i);
        cr_expect_null(strchr(errors, 0x1b), "case %zu: no ESC in: %s", i, errors);
        cr_expect_null(strchr(errors, 0x07), "case %zu: no BEL", i);
        cr_expect_null(strstr(errors, "\xe2\x80\xae"), "case %zu: no bidi override", i);
        cr_expect_null(strstr(errors, "\xc2\x9b"), "case %zu: no C1 CSI", i);
        cr_expect_null(strchr(errors, (char)0x9b), "case %zu: no raw 0x9b", i);
        profiles_done(&s);
        g_free(errors);
    }
}

/* A config.ini that is a FIFO, a device or huge: every command reads it at
 * start, so it is refused (named) without waiting on it or reading it. */
static char *refusal_of_config(void (*make)(const char *path))
{
    char *path = g_build_filename(DIR_, "config.ini", NULL);
    make(path);
    ProfileSet set = { 0 };
    char *errors = NULL;
    config_load(path, &P, &set, &errors);
    cr_expect_eq(set.count, 0);
    profiles_done(&set);
    g_remove(path);
    g_free(path);
    return errors;
}

static void make_fifo(const char *path) { cr_assert_eq(mkfifo(path, 0600), 0); }
static void make_link_to_dev_zero(const char *path) { cr_assert_eq(symlink("/dev/zero", path), 0); }
static void make_huge(const char *path)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    cr_assert(fd >= 0 && ftruncate(fd, (off_t)1 << 30) == 0);
    close(fd);
}

Test(config, a_fifo_is_refused_not_waited_for, .timeout = 30)
{
    char *errors = refusal_of_config(make_fifo);
    cr_expect(errors && strstr(errors, "config.ini") && strstr(errors, "not a regular file"), "%s", errors);
    g_free(errors);
}

Test(config, a_link_to_a_device_is_refused_unread, .timeout = 30)
{
    char *errors = refusal_of_config(make_link_to_dev_zero);
    cr_expect(errors && strstr(errors, "not a regular file"), "%s", errors);
    g_free(errors);
}

Test(config, a_huge_file_is_refused_unread, .timeout = 30)
{
    char *errors = refusal_of_config(make_huge);
    cr_expect(errors && strstr(errors, "config.ini") && strstr(errors, "too large"), "%s", errors);
    g_free(errors);
}

/* N profiles as config.ini text (g_free). */
static char *many_profiles(int n)
{
    GString *s = g_string_new(NULL);
    for (int i = 0; i < n; i++)
        g_string_append_printf(s, "[p%d]\nprovider = prolifi\nenvironment = sandbox\n", i);
    return g_string_free(s, FALSE);
}

/* Microseconds config_load takes for N profiles. */
static gint64 load_time(int n)
{
    char *text = many_profiles(n), *errors = NULL;
    gint64 t0 = g_get_monotonic_time();
    ProfileSet set = load(text, &errors);
    gint64 t = g_get_monotonic_time() - t0;
    cr_expect_eq(set.count, (size_t)n);
    cr_expect_null(errors, "%s", errors);
    profiles_done(&set);
    g_free(errors), g_free(text);
    return MAX(t, 1);
}

/* A 1 MiB config.ini holds some 20,000 profiles: loading it must grow with
 * its length, not with its square (each profile's line was found by reading
 * the whole file again, and such a file took minutes). */
Test(config, many_profiles_load_in_linear_time, .timeout = 120)
{
    load_time(250); /* warm up */
    gint64 small = load_time(250), large = load_time(4000);
    double ratio = (double)large / (double)small;
    cr_expect_lt(ratio, 48.0, "16 times the profiles took %.0f times as long (%lld us vs %lld us)", ratio,
                 (long long)large, (long long)small);
}

/* config.ini says where each profile's token goes: a file any user may
 * change, or someone else's, is not taken. */
static void make_world_writable(const char *path)
{
    cr_assert(g_file_set_contents(path, "[p]\nprovider = prolifi\nbase_url = https://elsewhere.example\n", -1, NULL));
    cr_assert_eq(chmod(path, 0666), 0);
}

static void make_someone_elses(const char *path)
{
    if (geteuid() != 0)
        cr_skip_test("giving a file to another user needs root");
    cr_assert(g_file_set_contents(path, "[p]\nprovider = prolifi\nbase_url = https://elsewhere.example\n", -1, NULL));
    cr_assert_eq(chown(path, 65534, 65534), 0);
    cr_assert_eq(chmod(path, 0644), 0);
}

Test(config, a_file_any_user_may_change_is_refused)
{
    char *errors = refusal_of_config(make_world_writable);
    cr_expect(errors && strstr(errors, "config.ini") && strstr(errors, "any user may change it"), "%s", errors);
    g_free(errors);
}

Test(config, a_file_of_someone_else_is_refused)
{
    char *errors = refusal_of_config(make_someone_elses);
    cr_expect(errors && strstr(errors, "config.ini") && strstr(errors, "belongs to uid 65534"), "%s", errors);
    g_free(errors);
}
