/* `custty create --from` on a terminal, read as a person reads it: a
 * progress bar (done/total, created, refused, unknown, rate, ETA) while rows
 * go out, Ctrl-C typed in the middle stopping it and saying how to resume,
 * and the same command again finishing the file with no customer twice. */
#include "tests/support/http.h"
#include "tests/support/support.h"
#include "tests/support/tmux.h"

#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <glib.h>
#include <string.h>

static Tmux T;
static Sandbox *SB;
static ProviderSet SET;

#define SEE(needle) TMUX_SEE(&T, needle)

static void stop(void)
{
    tmux_stop(&T);
    sandbox_stop(SB);
    SB = NULL;
    provider_set_done(&SET);
    memset(&SET, 0, sizeof SET);
}

TestSuite(batch_terminal, .fini = stop, .timeout = 240);

/* A slow sandbox, so that the bar is on screen for seconds, not a blink. */
static char *slow_sandbox_config(void)
{
    SandboxOptions o = { .latency_ms = 300 };
    char *errors = NULL, *err = NULL;
    provider_set_load_dir(&SET, "assets/providers", &errors);
    cr_assert_null(errors, "%s", errors);
    SB = sandbox_start(&o, &SET, &err);
    cr_assert_not_null(SB, "sandbox: %s", err);
    char *base = sandbox_base_url(SB, "billing-v1");
    char *config = g_strdup_printf("[billing-test]\nprovider = billing-v1\nbase_url = %s\n", base);
    g_free(base);
    return config;
}

static int held_by_provider(GHashTable *emails)
{
    return sandbox_billing_customers(SB, emails);
}

Test(batch_terminal, the_bar_shows_progress_ctrl_c_stops_and_the_same_command_finishes_the_file)
{
    enum { N = 40 };
    char *config = slow_sandbox_config();
    GString *csv = g_string_new("name,email\n");
    for (int i = 1; i <= N; i++)
        g_string_append_printf(csv, "Term Person %d,t%d@example.com\n", i, i);
    char *dir = g_dir_make_tmp("custty-term-XXXXXX", NULL), *path = g_build_filename(dir, "people.csv", NULL);
    cr_assert(g_file_set_contents(path, csv->str, -1, NULL));
    char *args = g_strdup_printf("create --profile billing-test --from %s --concurrency 2", path);
    tmux_start_config(&T, 100, 24, "CUSTTY_TOKEN=" SANDBOX_TOKEN, args, config);
    SEE("/40  created "); /* the bar: rows done of the total, then the counts */
    SEE("ETA ");
    SEE("unknown 0");
    tmux_key(&T, "C-c"); /* typed, as a person stops it: the terminal sends SIGINT */
    SEE("custty: stopping: no new rows");
    SEE("run the same command");
    SEE("again to resume");
    cr_assert(tmux_wait_custty_gone(&T));
    GHashTable *emails = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    int first = held_by_provider(emails);
    cr_expect_gt(first, 0);
    cr_expect_lt(first, N, "stopped before the end");
    g_hash_table_remove_all(emails);
    tmux_relaunch(&T, 100, 24, "CUSTTY_TOKEN=" SANDBOX_TOKEN, args);
    char *skipped = g_strdup_printf("skipped %d row%s created by an earlier run", first, first == 1 ? "" : "s");
    SEE(skipped);
    SEE("40 rows:");
    cr_assert(tmux_wait_custty_gone(&T));
    cr_expect_eq(held_by_provider(emails), N, "the file finished");
    GHashTableIter it;
    gpointer key, count;
    g_hash_table_iter_init(&it, emails);
    while (g_hash_table_iter_next(&it, &key, &count))
        cr_expect_eq(GPOINTER_TO_INT(count), 1, "%s made once", (char *)key);
    g_hash_table_destroy(emails);
    char *cmd = g_strdup_printf("rm -rf %s", dir);
    g_spawn_command_line_sync(cmd, NULL, NULL, NULL, NULL);
    g_free(cmd), g_free(skipped), g_free(args), g_free(path), g_free(dir), g_free(config);
    g_string_free(csv, TRUE);
}
