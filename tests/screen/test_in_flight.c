/* While a create is in flight its answer belongs to the profile, the draft
 * and the idempotency key it was sent with: nothing the person does meanwhile
 * (open another profile, send an entry again, start a new draft) may file it
 * elsewhere, lose it, or make a later resend a second customer. */
#include "tests/support/http.h"
#include "tests/support/support.h"
#include "tests/support/tmux.h"

#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <glib.h>
#include <string.h>

static Tmux T;
static void stop(void) { tmux_stop(&T); }

#define SEE(needle) TMUX_SEE(&T, needle)

/* Waits up to a few seconds for the history to hold N lines; returns it (g_free). */
static char *history_with_lines(int n)
{
    char *text = NULL;
    for (int i = 0; i < 80; i++) {
        g_free(text);
        text = tmux_read_history(&T);
        int lines = 0;
        for (const char *p = text; (p = strchr(p, '\n')); p++)
            lines++;
        if (lines >= n)
            break;
        g_usleep(100 * 1000);
    }
    return text;
}

static void to_the_list(void)
{
    tmux_key(&T, "F6");
    tmux_key(&T, "F6");
    SEE("d Draft");
}

Test(in_flight, another_profile_opened_meanwhile_does_not_take_the_answer, .fini = stop)
{
    tmux_start(&T, 100, 30, NULL, "--profile prolifi-sandbox --sandbox-latency 2000 --sandbox-fault reset");
    SEE("Prolifi Public API");
    tmux_type(&T, "pro@example.com");
    tmux_key(&T, "F2");
    SEE("sending");
    to_the_list();
    for (int i = 0; i < 4; i++)
        tmux_key(&T, "Up"); /* billing-sandbox */
    tmux_key(&T, "Enter");
    char *h = history_with_lines(1);
    cr_expect(strstr(h, "\"profile\":\"prolifi-sandbox\",\"provider\":\"prolifi\""),
              "the Prolifi create is filed under prolifi-sandbox:\n%s", h);
    cr_expect_null(strstr(h, "billing"), "not under billing, whose check would call it not created:\n%s", h);
    g_free(h);
}

Test(in_flight, sending_an_entry_again_meanwhile_loses_no_outcome, .fini = stop)
{
    tmux_start(&T, 100, 30, NULL, "--profile prolifi-sandbox --sandbox-latency 1500 --sandbox-fault reset");
    SEE("Prolifi Public API");
    tmux_type(&T, "first@example.com");
    tmux_key(&T, "F2");
    SEE("may or may not exist");
    tmux_key(&T, "C-n");
    tmux_type(&T, "second@example.com");
    tmux_key(&T, "F2");
    SEE("sending");
    to_the_list();
    tmux_key(&T, "Down"); /* the unknown first@ entry */
    tmux_type(&T, "r");
    g_usleep(1500 * 1000);
    char *h = history_with_lines(2);
    cr_expect(strstr(h, "second@example.com"), "the create in flight is on record:\n%s", h);
    g_free(h);
}

/* The key recorded for an entry, from the history's first line (g_free). */
static char *recorded_key(const char *history)
{
    cJSON *e = cJSON_ParseWithLength(history, strcspn(history, "\n"));
    const cJSON *k = cJSON_GetObjectItemCaseSensitive(e, "idempotency_key");
    char *key = cJSON_IsString(k) ? g_strdup(k->valuestring) : NULL;
    cJSON_Delete(e);
    return key;
}

Test(in_flight, a_new_draft_meanwhile_keeps_the_key_that_was_sent, .fini = stop)
{
    tmux_start(&T, 100, 30, NULL, "--profile prolifi-sandbox --sandbox-latency 1500");
    char *s = tmux_wait_for(&T, "sandbox on 127.0.0.1:");
    cr_assert_not_null(s);
    unsigned port = (unsigned)g_ascii_strtoull(strstr(s, "sandbox on 127.0.0.1:") + 21, NULL, 10);
    g_free(s);
    tmux_type(&T, "keyed@example.com");
    tmux_key(&T, "F2");
    SEE("sending");
    tmux_key(&T, "C-n"); /* a new draft while the first is on its way */
    char *h = history_with_lines(1), *key = recorded_key(h);
    cr_assert_not_null(key, "a key is on record:\n%s", h);
    /* The recorded key must be the one the provider saw: sent again with it,
     * the sandbox replays the first answer instead of creating a second. */
    char *cmd = g_strdup_printf("curl -s -o /dev/null -D - -H 'Authorization: Bearer sk_test_sandbox' "
                                "-H 'Content-Type: application/json' -H 'Idempotency-Key: %s' "
                                "-d '{\"email\":\"keyed@example.com\"}' "
                                "http://127.0.0.1:%u/prolifi/api/v1/public/customers", key, port);
    char *out = NULL;
    g_spawn_command_line_sync(cmd, &out, NULL, NULL, NULL);
    char *lower = g_ascii_strdown(out ? out : "", -1);
    cr_expect(strstr(lower, "idempotent-replayed: true"), "the recorded key replays the first create:\n%s", out);
    g_free(cmd), g_free(out), g_free(lower), g_free(key), g_free(h);
}

/* Two checks in a row: the second waits for the first (and can be asked
 * again), whose verdict would otherwise be dropped, the entry left unknown. */
Test(in_flight, a_second_check_meanwhile_loses_no_verdict, .fini = stop)
{
    tmux_start(&T, 100, 30, NULL, "--profile billing-sandbox --sandbox-latency 1000 --sandbox-fault reset");
    SEE("Billing API");
    tmux_type(&T, "Ann");
    tmux_key(&T, "Tab");
    tmux_type(&T, "ann@example.com");
    tmux_key(&T, "F2");
    SEE("may or may not exist");
    tmux_key(&T, "C-n");
    tmux_type(&T, "Bob");
    tmux_key(&T, "Tab");
    tmux_type(&T, "bob@example.com");
    tmux_key(&T, "F2");
    char *h = history_with_lines(2);
    g_free(h);
    to_the_list();
    tmux_key(&T, "Down"); /* one entry */
    tmux_type(&T, "c");
    tmux_key(&T, "Down"); /* the other, while the first is asked */
    tmux_type(&T, "c");
    h = history_with_lines(3);
    g_free(h);
    tmux_type(&T, "c"); /* again, once the first has its verdict */
    h = history_with_lines(4);
    cr_expect(strstr(h, "\"email\":\"ann@example.com\",\"message\":\"checked"), "ann's check is on record:\n%s", h);
    cr_expect(strstr(h, "\"email\":\"bob@example.com\",\"message\":\"checked"), "bob's too:\n%s", h);
    g_free(h);
}

/* "Send again?" answered no: the entry is still unknown, and the next create
 * (of another draft) must not be taken for its resend and mark it created. */
Test(in_flight, a_resend_declined_leaves_the_entry_unknown, .fini = stop)
{
    tmux_start(&T, 100, 30, NULL, "--profile billing-sandbox --sandbox-latency 1500");
    SEE("Billing API");
    tmux_type(&T, "Una");
    tmux_key(&T, "Tab");
    tmux_type(&T, "una@example.com");
    tmux_key(&T, "F2");
    SEE("sending");
    g_usleep(300 * 1000);
    tmux_key(&T, "Escape"); /* cancelled after sending: nobody can tell */
    SEE("may or may not exist");
    tmux_key(&T, "C-n");
    tmux_type(&T, "Other");
    tmux_key(&T, "Tab");
    tmux_type(&T, "other@example.com");
    to_the_list();
    tmux_key(&T, "Down"); /* una's unknown entry */
    tmux_type(&T, "r");
    SEE("Send again?");
    tmux_type(&T, "n");
    tmux_key(&T, "F6"); /* back to the form, and create the other draft */
    tmux_key(&T, "F2");
    SEE("Created · cus_");
    tmux_key(&T, "Escape");
    to_the_list();
    for (int i = 0; i < 6; i++)
        tmux_key(&T, "Up"); /* billing-sandbox, at the top */
    tmux_key(&T, "Down"); /* the new entry, newest first */
    tmux_key(&T, "Down"); /* una's */
    char *s = tmux_screen(&T);
    cr_expect(strstr(s, "unknown Una"), "una's entry is still unknown:\n%s", s);
    g_free(s);
    tmux_type(&T, "c"); /* so it can be checked */
    SEE("una@example.com was created");
}

/* r on an entry whose request cannot be built (here a key that would add a
 * header line): nothing is sent, and the next create is not its resend. */
Test(in_flight, a_resend_that_cannot_be_built_leaves_the_entry_unknown, .fini = stop)
{
    tmux_start(&T, 100, 30, NULL, "--profile prolifi-sandbox");
    SEE("Prolifi Public API");
    const char *line = "{\"entry\":\"h_1\",\"time\":\"2026-11-26T10:00:00Z\",\"profile\":\"prolifi-sandbox\","
                       "\"provider\":\"prolifi\",\"outcome\":\"unknown\",\"email\":\"old@example.com\","
                       "\"idempotency_key\":\"k\\r\\nX-Injected: 1\",\"request\":{\"email\":\"old@example.com\"}}\n";
    tmux_write_history(&T, line);
    tmux_relaunch(&T, 100, 30, NULL, "--profile prolifi-sandbox");
    SEE("unknown old");
    to_the_list();
    tmux_key(&T, "Down");
    tmux_type(&T, "r");
    SEE("idempotency key");
    tmux_key(&T, "F6");
    tmux_key(&T, "C-u");
    tmux_type(&T, "new@example.com");
    tmux_key(&T, "F2");
    SEE("Created · ");
    tmux_key(&T, "Escape");
    char *s = tmux_screen(&T);
    cr_expect(strstr(s, "unknown old"), "the old entry is still unknown:\n%s", s);
    g_free(s);
}

/* `r` on a LIVE profile creates a real customer like F2 does: it is asked
 * the same way, and a "no" sends nothing. */
Test(in_flight, a_resend_on_a_live_profile_is_confirmed_first, .fini = stop)
{
    TestSandbox sb;
    test_sandbox_start(&sb, NULL);
    char *base = sandbox_base_url(sb.sb, "prolifi");
    char *config = g_strdup_printf("[careful]\nprovider = prolifi\nbase_url = %s\nlive = true\n", base);
    tmux_start_config(&T, 100, 30, "CUSTTY_TOKEN=" SANDBOX_PROLIFI_SECRET, "--profile careful", config);
    SEE("Prolifi Public API");
    char *line = g_strdup_printf("{\"entry\":\"h_1\",\"time\":\"2026-11-26T10:00:00Z\",\"profile\":\"careful\","
                                 "\"provider\":\"prolifi\",\"base_url\":\"%s\",\"outcome\":\"unknown\","
                                 "\"email\":\"old@example.com\",\"idempotency_key\":\"k-1\","
                                 "\"request\":{\"email\":\"old@example.com\"}}\n", base);
    tmux_write_history(&T, line);
    tmux_relaunch(&T, 100, 30, "CUSTTY_TOKEN=" SANDBOX_PROLIFI_SECRET, "--profile careful");
    SEE("unknown old");
    to_the_list();
    tmux_key(&T, "Down");
    tmux_type(&T, "r");
    SEE("REAL customer on LIVE");
    tmux_key(&T, "Escape");
    SEE("not sent: the LIVE create was not confirmed");
    char *s = tmux_screen(&T);
    cr_expect(strstr(s, "unknown old"), "still unknown, nothing sent:\n%s", s);
    g_free(s), g_free(line), g_free(config), g_free(base);
    test_sandbox_stop(&sb);
}
