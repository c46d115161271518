/* Nothing lost: drafts after kill -9 and SIGHUP, history across runs, unknown
 * outcomes settled, duplicates named, and no secret on disk. */
#include "tests/support/hostile.h"
#include "tests/support/support.h"
#include "tests/support/tmux.h"

#include <criterion/criterion.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static Tmux T;
static void stop(void) { tmux_stop(&T); }

#define SEE(needle) TMUX_SEE(&T, needle)

static void signal_custty(int sig)
{
    char *pid = tmux_format(&T, "#{pane_pid}");
    char *cmd = g_strdup_printf("pkill -%d -P %s -x custty", sig, pid);
    g_spawn_command_line_sync(cmd, NULL, NULL, NULL, NULL);
    g_free(cmd), g_free(pid);
    cr_assert(tmux_wait_custty_gone(&T), "custty ended on signal %d", sig);
}

static bool tree_holds(const char *dir, const char *needle);

/* Waits (up to a watchdog) until the draft on disk holds what was typed: the
 * order "saved, then killed" is checked, not assumed from a sleep. */
static void wait_draft_saved(void)
{
    char *drafts = g_build_filename(T.home, "state", "custty", "drafts", NULL);
    gint64 watchdog = g_get_monotonic_time() + TMUX_WATCHDOG_MS * (gint64)1000;
    /* "250" as a value, quoted: bare, it also matches a key or a time the file holds. */
    while (!(tree_holds(drafts, "Ann Draft") && tree_holds(drafts, "\"250\"")) && g_get_monotonic_time() < watchdog)
        g_usleep(50 * 1000);
    cr_assert(tree_holds(drafts, "Ann Draft") && tree_holds(drafts, "\"250\""), "the draft was saved");
    g_free(drafts);
}

static void type_botpenguin_form(void)
{
    SEE("Email (username)");
    tmux_type(&T, "ann@example.com");
    tmux_key(&T, "Tab");
    tmux_type(&T, "Ann Draft");
    tmux_key(&T, "Tab");
    tmux_type(&T, "Sup3r-Secret-9");
    tmux_key(&T, "Tab");
    tmux_type(&T, "250");
}

static void expect_restored(void)
{
    SEE("restored the draft");
    SEE("re-enter Password");
    SEE("ann@example.com");
    SEE("Ann Draft");
    SEE("250");
}

Test(drafts, everything_but_the_password_survives_kill_9, .fini = stop)
{
    tmux_start(&T, 100, 30, NULL, "--profile botpenguin-sandbox");
    type_botpenguin_form();
    wait_draft_saved(); /* saved on its own, a second after the last key */
    signal_custty(SIGKILL);
    tmux_relaunch(&T, 100, 30, NULL, "--profile botpenguin-sandbox");
    expect_restored();
}

Test(drafts, sighup_saves_at_once_and_gives_the_terminal_back, .fini = stop)
{
    tmux_start(&T, 100, 30, NULL, "--profile botpenguin-sandbox");
    type_botpenguin_form();
    signal_custty(SIGHUP); /* (most likely) before the second has passed */
    char *alt = tmux_wait_format(&T, "#{alternate_on}", "0");
    cr_expect_str_eq(alt, "0");
    g_free(alt);
    tmux_relaunch(&T, 100, 30, NULL, "--profile botpenguin-sandbox");
    expect_restored();
}

Test(history_screen, what_was_created_is_listed_in_the_next_run, .fini = stop)
{
    tmux_start(&T, 100, 30, NULL, NULL);
    SEE("New customer");
    tmux_type(&T, "Brighton Mboya");
    tmux_key(&T, "Tab");
    tmux_type(&T, "brighton@jani.com");
    tmux_key(&T, "F2");
    SEE("Created · cus_");
    tmux_key(&T, "F10");
    tmux_relaunch(&T, 100, 30, NULL, NULL);
    SEE("history: the list shows earlier runs");
    SEE("✓"); /* created, in the list */
    SEE("Brighton Mb"); /* by name, then email, as during the run */
}

/* The sandbox creates, then resets the connection before answering: unknown
 * by construction (an Esc inside a latency window would be a race a slow
 * machine can lose; Esc after sending is test_console's). */
Test(history_screen, an_unknown_outcome_becomes_created_in_two_keys, .fini = stop)
{
    tmux_start(&T, 100, 30, NULL, "--sandbox-fault reset");
    SEE("New customer");
    tmux_type(&T, "Una Known");
    tmux_key(&T, "Tab");
    tmux_type(&T, "una@example.com");
    tmux_key(&T, "F2");
    SEE("may or may not exist");
    SEE("unknown");
    tmux_key(&T, "F8");
    SEE("whether una@example.com exists"); /* asked (the "checking" state may pass too fast to see) */
    SEE("una@example.com was created");
    SEE("the draft was created after all");
    tmux_key(&T, "F10");
    tmux_relaunch(&T, 100, 30, NULL, NULL);
    SEE("Una Kn");
    char *s = tmux_screen(&T);
    gchar **lines = g_strsplit(s, "\n", -1);
    for (gchar **l = lines; *l; l++)
        if (strstr(*l, "Una Kn") && strstr(*l, "│"))
            cr_expect(strstr(*l, "✓") && !strstr(*l, "unknown"), "the history keeps the verdict: %s", *l);
    cr_expect_null(strstr(s, "restored the draft"), "the created draft was cleared:\n%s", s);
    g_strfreev(lines);
    g_free(s);
}

static HostileServer *S;
static void stop_held(void)
{
    tmux_stop(&T);
    hostile_stop(S);
}

/* The Idempotency-Key header of REQUEST (g_free), or NULL. */
static char *idempotency_key(const char *request)
{
    const char *at = strstr(request, "Idempotency-Key: ");
    return at ? g_strndup(at + 17, strcspn(at + 17, "\r\n")) : NULL;
}

/* The provider holds the first answer; Esc gives up on it after the body went
 * out; F2 sends the same draft again. What custty owes the provider is the
 * same Idempotency-Key both times (the sandbox's replay of it is tested in
 * tests/net). */
Test(history_screen, prolifi_sent_again_carries_the_same_idempotency_key, .fini = stop_held)
{
    char *body = support_fixture("prolifi_create_201.json", NULL), *answer = hostile_answer("201 Created", "", body);
    S = hostile_start_held(answer);
    char *base = hostile_base_url(S), *config = g_strdup_printf("[held]\nprovider = prolifi\nbase_url = %s\n", base);
    tmux_start_config(&T, 100, 30, "CUSTTY_TOKEN=sk_test_held00000000", "--profile held", config);
    SEE("New customer");
    tmux_type(&T, "once@example.com");
    tmux_key(&T, "F2");
    char *first = idempotency_key(hostile_wait_request(S, 1));
    SEE("sending");
    tmux_key(&T, "Escape");
    SEE("Sending again is safe");
    hostile_release(S);
    tmux_key(&T, "F2"); /* the same draft, the same Idempotency-Key */
    char *again = idempotency_key(hostile_wait_request(S, 2));
    SEE("Created · ");
    cr_assert_not_null(first, "the create carries an Idempotency-Key");
    cr_expect_str_eq(again ? again : "", first, "sent again with the same key");
    g_free(first), g_free(again), g_free(body), g_free(answer), g_free(base), g_free(config);
}

Test(history_screen, a_second_create_with_the_same_email_is_named_first, .fini = stop)
{
    tmux_start(&T, 100, 30, NULL, NULL);
    SEE("New customer");
    tmux_type(&T, "Ann");
    tmux_key(&T, "Tab");
    tmux_type(&T, "dup@example.com");
    tmux_key(&T, "F2");
    SEE("Created · cus_");
    tmux_key(&T, "Escape");
    tmux_type(&T, "Ann Again");
    tmux_key(&T, "Tab");
    tmux_type(&T, "dup@example.com");
    tmux_key(&T, "F2");
    SEE("Already created");
    SEE("dup@example.com was already created on billing-sandbox");
    SEE("(id cus_");
    tmux_type(&T, "n");
    SEE("billing-sandbox · not sent: no second customer"); /* not "editing not sent: …" */
}

/* Whether any file under DIR holds NEEDLE. */
static bool tree_holds(const char *dir, const char *needle)
{
    char *cmd = g_strdup_printf("grep -rlF -- '%s' %s", needle, dir), *out = NULL;
    g_spawn_command_line_sync(cmd, &out, NULL, NULL, NULL);
    bool hit = out && *out;
    g_free(cmd), g_free(out);
    return hit;
}

Test(history_screen, no_token_or_password_ever_reaches_the_disk, .fini = stop)
{
    tmux_start(&T, 100, 30, NULL, "--profile botpenguin-sandbox");
    type_botpenguin_form();
    wait_draft_saved(); /* so that a draft is among the files checked */
    tmux_key(&T, "F2");
    SEE("Created · ");
    tmux_key(&T, "F4"); /* debug lines too */
    tmux_type(&T, "s");
    SEE("Save the document");
    tmux_key(&T, "Enter");
    SEE("saved botpenguin-");
    tmux_key(&T, "F10");
    cr_assert(tmux_wait_custty_gone(&T), "custty quit");
    char *state = g_build_filename(T.home, "state", "custty", "history.jsonl", NULL);
    cr_assert(g_file_test(state, G_FILE_TEST_EXISTS), "a history was written");
    cr_expect_not(tree_holds(T.home, "Sup3r-Secret-9"), "the password is on no file");
    cr_expect_not(tree_holds(T.home, "sandbox-token"), "nor the token");
    g_free(state);
}

Test(history_screen, a_create_answered_by_nothing_is_unknown_then_checked, .fini = stop)
{
    tmux_start(&T, 100, 30, NULL, "--profile billing-sandbox --sandbox-fault reset");
    SEE("New customer");
    tmux_type(&T, "Rae Set");
    tmux_key(&T, "Tab");
    tmux_type(&T, "rae@example.com");
    tmux_key(&T, "F2");
    SEE("may or may not exist");
    tmux_key(&T, "F8");
    SEE("rae@example.com was created");
}

/* Issue 12, item 1: `d` on another profile's entry must bring that profile's
 * token, not carry the one of the profile that was open. */
Test(history_screen, a_draft_like_another_profiles_entry_sends_that_profiles_token, .fini = stop)
{
    tmux_start(&T, 100, 30, NULL, "--profile billing-sandbox");
    SEE("New customer");
    tmux_type(&T, "Bill One");
    tmux_key(&T, "Tab");
    tmux_type(&T, "bill@example.com");
    tmux_key(&T, "F2");
    SEE("Created · cus_");
    tmux_key(&T, "F10");
    tmux_relaunch(&T, 100, 30, NULL, "--profile prolifi-sandbox");
    SEE("Prolifi Public API");
    tmux_key(&T, "F6");
    tmux_key(&T, "F6");
    SEE("d Draft");
    tmux_key(&T, "Up"); /* botpenguin-sandbox */
    tmux_key(&T, "Up"); /* the billing-sandbox entry */
    tmux_type(&T, "d");
    SEE("Billing API (billing-v1)");
    tmux_key(&T, "Tab");
    tmux_key(&T, "C-u");
    tmux_type(&T, "bill2@example.com");
    tmux_key(&T, "F4");
    tmux_key(&T, "F2");
    char *s = tmux_wait_for(&T, "Created · cus_");
    cr_expect_not_null(s, "billing-sandbox's own demo token creates it");
    char *all = tmux_screen(&T);
    cr_expect_null(strstr(all, "401"), "no refusal for a wrong key:\n%s", all);
    cr_expect_null(strstr(all, "Bearer sk_"), "Prolifi's key never went to billing:\n%s", all);
    g_free(s), g_free(all);
}

/* The history file is outside input: an entry naming another URL must not
 * make F8 send the profile's token there. */
Test(history_screen, a_check_asks_where_the_profile_points_not_where_the_file_says, .fini = stop)
{
    unsigned elsewhere;
    int fd = support_listen_loopback(&elsewhere);
    fcntl(fd, F_SETFL, O_NONBLOCK);
    tmux_start_config(&T, 100, 30, "CUSTTY_TOKEN=billing-token-0123456789", "--profile billing-local",
                      "[billing-local]\nprovider = billing-v1\nbase_url = http://127.0.0.1:9/billing-v1\n");
    SEE("New customer");
    char *line = g_strdup_printf("{\"entry\":\"h_1\",\"time\":\"2026-11-26T10:00:00Z\",\"profile\":\"billing-local\","
                                 "\"provider\":\"billing-v1\",\"base_url\":\"http://127.0.0.1:%u/billing-v1\","
                                 "\"outcome\":\"unknown\",\"email\":\"probe@example.com\","
                                 "\"request\":{\"name\":\"P\",\"email\":\"probe@example.com\"}}\n", elsewhere);
    tmux_write_history(&T, line);
    tmux_relaunch(&T, 100, 30, "CUSTTY_TOKEN=billing-token-0123456789", "--profile billing-local");
    SEE("unknown P"); /* the name sent, then the email */
    tmux_key(&T, "F8");
    SEE("check by hand");
    g_usleep(300 * 1000);
    int conn = accept(fd, NULL, NULL);
    cr_expect_lt(conn, 0, "nothing connected to the URL the history file named");
    if (conn >= 0)
        close(conn);
    close(fd);
    g_free(line);
}

/* Issue 13: a key names one body. A 409 is a definite answer, so the
 * corrected draft goes with a new key and is created, not refused again. */
Test(history_screen, a_409_then_a_fix_ends_created, .fini = stop)
{
    tmux_start(&T, 100, 30, NULL, "--profile prolifi-sandbox");
    SEE("Prolifi Public API");
    tmux_type(&T, "first@example.com");
    for (int i = 0; i < 5; i++)
        tmux_key(&T, "Tab");
    tmux_type(&T, "org_1");
    tmux_key(&T, "F2");
    SEE("Created · ");
    tmux_key(&T, "Escape");
    SEE("New customer");
    tmux_type(&T, "second@example.com");
    for (int i = 0; i < 5; i++)
        tmux_key(&T, "Tab");
    tmux_type(&T, "org_1");
    tmux_key(&T, "F2");
    SEE("rejected");
    tmux_key(&T, "BSpace");
    tmux_type(&T, "2");
    tmux_key(&T, "F2");
    SEE("Created · ");
}

Test(history_screen, an_edit_after_an_unknown_outcome_is_said_and_asked, .fini = stop)
{
    tmux_start(&T, 100, 30, NULL, "--profile prolifi-sandbox --sandbox-fault reset");
    SEE("Prolifi Public API");
    tmux_type(&T, "maybe@example.com");
    tmux_key(&T, "F2");
    SEE("may or may not exist");
    tmux_key(&T, "Tab");
    tmux_type(&T, "Maybe Later");
    tmux_key(&T, "F2");
    SEE("Sent before, outcome unknown");
    SEE("The form changed since");
    tmux_type(&T, "n");
    SEE("not sent: F8 asks");
    tmux_key(&T, "F8");
    SEE("maybe@example.com was created");
}

Test(history_screen, a_second_send_without_keys_after_an_unknown_outcome_is_asked, .fini = stop)
{
    tmux_start(&T, 100, 30, NULL, "--profile billing-sandbox --sandbox-fault reset");
    SEE("New customer");
    tmux_type(&T, "Ann");
    tmux_key(&T, "Tab");
    tmux_type(&T, "ann@example.com");
    tmux_key(&T, "F2");
    SEE("may or may not exist");
    tmux_key(&T, "F2");
    SEE("provider has no");
    SEE("idempotency keys, so sending again");
}

Test(history_screen, r_sends_the_stored_body_with_its_key_and_gets_the_replay, .fini = stop)
{
    tmux_start(&T, 100, 30, NULL, "--profile prolifi-sandbox --sandbox-latency 1000");
    SEE("Prolifi Public API");
    tmux_type(&T, "again@example.com");
    tmux_key(&T, "F2");
    SEE("sending");
    g_usleep(200 * 1000);
    tmux_key(&T, "Escape"); /* sent, then cancelled: unknown */
    SEE("Sending again is safe");
    g_usleep(1200 * 1000); /* meanwhile the provider made it */
    tmux_key(&T, "Tab");
    tmux_type(&T, "A newer form");
    tmux_key(&T, "F6");
    tmux_key(&T, "F6");
    SEE("d Draft");
    tmux_key(&T, "Down"); /* the unknown entry, under prolifi-sandbox */
    tmux_type(&T, "r");
    SEE("Created · ");
    SEE("the provider replayed the first answer");
    char *s = tmux_screen(&T);
    cr_expect_null(strstr(s, "A newer form"), "the stored body went, not the form:\n%s", s);
    g_free(s);
}

Test(history_screen, a_check_stopped_with_esc_stays_unknown, .fini = stop)
{
    tmux_start(&T, 100, 30, NULL, "--profile billing-sandbox --sandbox-latency 1500");
    SEE("New customer");
    tmux_type(&T, "Ed");
    tmux_key(&T, "Tab");
    tmux_type(&T, "ed@example.com");
    tmux_key(&T, "F2");
    SEE("sending");
    g_usleep(200 * 1000);
    tmux_key(&T, "Escape");
    SEE("may or may not exist");
    tmux_key(&T, "F8");
    SEE("(Esc stops)");
    tmux_key(&T, "Escape");
    SEE("still unknown: stopped with Esc");
    char *s = tmux_screen(&T);
    cr_expect(strstr(s, "unknown"), "the entry stays unknown:\n%s", s);
    g_free(s);
}

/* A profile pointed elsewhere since (a sandbox environment turned live): r
 * on an entry sent to the old place must not create it at the new one. */
Test(history_screen, a_resend_goes_only_where_the_entry_went, .fini = stop)
{
    unsigned now_port;
    int fd = support_listen_loopback(&now_port);
    fcntl(fd, F_SETFL, O_NONBLOCK);
    char *config = g_strdup_printf("[prolifi-local]\nprovider = prolifi\nbase_url = http://127.0.0.1:%u/v1\n", now_port);
    tmux_start_config(&T, 100, 30, "CUSTTY_TOKEN=sk_live_0123456789", "--profile prolifi-local", config);
    SEE("New customer");
    const char *line = "{\"entry\":\"h_1\",\"time\":\"2026-11-26T10:00:00Z\",\"profile\":\"prolifi-local\","
                       "\"provider\":\"prolifi\",\"base_url\":\"http://127.0.0.1:9/v1\",\"outcome\":\"unknown\","
                       "\"email\":\"moved@example.com\",\"idempotency_key\":\"k-1\","
                       "\"request\":{\"email\":\"moved@example.com\"}}\n";
    tmux_write_history(&T, line);
    tmux_relaunch(&T, 100, 30, "CUSTTY_TOKEN=sk_live_0123456789", "--profile prolifi-local");
    SEE("unknown mov"); /* cut with an ellipsis at 100 columns */
    tmux_key(&T, "F6");
    tmux_key(&T, "F6");
    SEE("d Draft");
    tmux_key(&T, "Down");
    tmux_type(&T, "r");
    SEE("cannot resend");
    g_usleep(300 * 1000);
    int conn = accept(fd, NULL, NULL);
    cr_expect_lt(conn, 0, "nothing was sent to where the profile points now");
    if (conn >= 0)
        close(conn);
    close(fd);
    g_free(config);
}

/* Issue 18: a delete in the history (custty delete) is listed as one, and is
 * no unknown create: nothing to check, nothing counted as waiting. */
Test(history_screen, a_delete_is_listed_as_a_delete_and_never_checked, .fini = stop)
{
    tmux_start(&T, 100, 30, NULL, "--profile billing-sandbox");
    SEE("New customer");
    tmux_write_history(&T, "{\"entry\":\"h_1\",\"time\":\"2026-11-26T10:00:00Z\",\"profile\":\"billing-sandbox\","
                           "\"provider\":\"billing-v1\",\"outcome\":\"unknown\",\"email\":\"gone@example.com\","
                           "\"id\":\"cus_gone\",\"action\":\"delete\"}\n");
    tmux_relaunch(&T, 100, 30, NULL, "--profile billing-sandbox");
    SEE("delete unkn"); /* "delete unknown", cut at this width */
    char *s = tmux_screen(&T);
    cr_expect_null(strstr(s, "not checked yet"), "a delete is not an unknown create waiting: %s", s);
    g_free(s);
    tmux_key(&T, "F8");
    SEE("no unknown outcome to check");
}
