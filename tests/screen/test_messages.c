/* Every message whole, said once, and about what is on screen: at 80×24 the
 * log wraps, Enter shows a log line whole, and the status line neither repeats
 * its words nor outlives the pane it was about. */
#include "tests/support/support.h"
#include "tests/support/tmux.h"

#include <criterion/criterion.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

static Tmux T;
static void stop(void) { tmux_stop(&T); }

#define SEE(needle) TMUX_SEE(&T, needle)

/* What billing-sandbox (no idempotency keys) says after a connection reset. */
#define UNKNOWN_ADVICE                                                                                          \
    "The customer may or may not exist. Check on the provider before retrying, or a retry may create a "      \
    "duplicate. F8 asks the provider whether it exists."

/* The screen's rows from the one starting with TITLE up to the status line,
 * each trimmed, joined by spaces: wrapped text reads as one sentence again. */
static char *rows_from(const char *screen, const char *title)
{
    gchar **rows = g_strsplit(screen, "\n", -1);
    guint n = g_strv_length(rows);
    while (n > 0 && !*g_strstrip(rows[n - 1]))
        n--; /* trailing empty rows */
    GString *out = g_string_new(NULL);
    bool in = false;
    for (guint i = 0; i + 2 < n; i++) { /* the last two: status line and key bar */
        if (g_str_has_prefix(rows[i], title))
            in = true;
        else if (in && *g_strstrip(rows[i]))
            g_string_append_printf(out, "%s%s", out->len ? " " : "", rows[i]);
    }
    g_strfreev(rows);
    return g_string_free(out, FALSE);
}

/* The status line: the row above the key bar. */
static char *status_row(void)
{
    char *screen = tmux_screen(&T);
    gchar **rows = g_strsplit(screen, "\n", -1);
    guint n = g_strv_length(rows);
    while (n > 0 && !*g_strstrip(rows[n - 1]))
        n--;
    char *status = g_strdup(n >= 2 ? rows[n - 2] : "");
    g_strfreev(rows);
    g_free(screen);
    return status;
}

static int count(const char *hay, const char *needle)
{
    int k = 0;
    for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
        k++;
    return k;
}

static void send_unknown_at_80x24(void)
{
    tmux_start(&T, 80, 24, NULL, "--profile billing-sandbox --sandbox-fault reset");
    SEE("New customer");
    tmux_type(&T, "Una Known");
    tmux_key(&T, "Tab");
    tmux_type(&T, "una@example.com");
    tmux_key(&T, "F2");
    SEE("may or may not exist");
    SEE("whether it exists."); /* the advice's end, wherever it wraps */
}

Test(messages, the_unknown_outcome_advice_reads_whole_at_80x24, .fini = stop)
{
    send_unknown_at_80x24();
    char *screen = tmux_screen(&T), *log = rows_from(screen, " Log");
    cr_expect(strstr(log, UNKNOWN_ADVICE), "the advice, whole, in the log:\n%s", screen);
    g_free(log), g_free(screen);
    char *status = status_row();
    cr_expect(strstr(status, "…"), "the status line says where it cuts: %s", status);
    g_free(status);
}

Test(messages, enter_shows_the_selected_log_line_whole_and_esc_returns, .fini = stop)
{
    send_unknown_at_80x24();
    tmux_key(&T, "F6"); /* form → log */
    SEE("Enter Whole");
    tmux_key(&T, "Up"); /* the line before the advice: the request and how it ended */
    SEE("(scrolled)");
    tmux_key(&T, "Enter");
    SEE("the line whole");
    char *screen = tmux_screen(&T), *whole = rows_from(screen, " Log · the line whole");
    cr_expect(strstr(whole, "POST http://127.0.0.1:") && strstr(whole, "/billing-v1/api/v1/customers → no answer"),
              "the request line whole:\n%s", screen);
    cr_expect(g_str_has_suffix(whole, "after the request was sent"), "to its end:\n%s", screen);
    cr_expect_null(strstr(whole, "may or may not exist"), "that line alone:\n%s", screen);
    g_free(whole), g_free(screen);
    tmux_key(&T, "Escape");
    SEE("(scrolled)");
    screen = tmux_screen(&T);
    cr_expect_null(strstr(screen, "the line whole"), "Esc returns to the lines:\n%s", screen);
    cr_expect(strstr(screen, "Enter Whole"), "still in the log:\n%s", screen);
    g_free(screen);
}

static void create_on_billing_at_80x24(void)
{
    tmux_start(&T, 80, 24, NULL, "--profile billing-sandbox");
    SEE("New customer");
    tmux_type(&T, "Ann Status");
    tmux_key(&T, "Tab");
    tmux_type(&T, "ann@example.com");
    tmux_key(&T, "F2");
    SEE("Created · cus_");
}

Test(messages, the_status_says_each_thing_once_and_follows_the_pane, .fini = stop)
{
    create_on_billing_at_80x24();
    tmux_key(&T, "Down");
    tmux_type(&T, "y");
    SEE("copied ");
    tmux_type(&T, "y");
    tmux_type(&T, "y");
    SEE("copied ");
    char *status = status_row();
    cr_expect_eq(count(status, "copied"), 1, "said once: %s", status);
    cr_expect_eq(count(status, "clipboard"), 1, "said once: %s", status);
    g_free(status);

    char *path = g_build_filename(T.home, "ann.json", NULL);
    tmux_type(&T, "s");
    SEE("Save the document");
    tmux_key(&T, "C-u");
    tmux_type(&T, path);
    tmux_key(&T, "Enter");
    SEE("ann.json (");
    status = status_row();
    cr_expect_eq(count(status, "saved"), 1, "said once: %s", status);
    g_free(status);
    char *text = NULL;
    cr_assert(g_file_get_contents(path, &text, NULL, NULL), "saved to %s", path);
    cr_expect(strstr(text, "\n  \"") && !strchr(text, '\t'), "two spaces a level, no tab:\n%s", text);
    g_free(text), g_free(path);

    tmux_key(&T, "Down");
    SEE("viewing");
    tmux_key(&T, "Escape"); /* back to the form */
    SEE("editing");
    status = status_row();
    cr_expect_null(strstr(status, "viewing"), "nothing about the record once it is gone: %s", status);
    cr_expect_null(strstr(status, "ann.json"), "nothing about the record once it is gone: %s", status);
    g_free(status);
}

/* F2 with fields to fix: "not sent" once, as one sentence, not "not sent 2
 * fields to fix; nothing was sent". */
Test(messages, fields_to_fix_say_not_sent_once, .fini = stop)
{
    tmux_start(&T, 80, 24, NULL, "--profile billing-sandbox");
    SEE("New customer");
    tmux_key(&T, "F2");
    SEE(" to fix");
    char *status = status_row();
    cr_expect(strstr(status, "billing-sandbox · not sent: 2 fields to fix"), "one sentence: %s", status);
    cr_expect_eq(count(status, "sent"), 1, "said once: %s", status);
    g_free(status);
}

Test(messages, a_copied_document_is_indented_with_two_spaces, .fini = stop)
{
    create_on_billing_at_80x24();
    tmux_type(&T, "Y");
    SEE("copied ");
    char *clip = tmux_buffer(&T);
    cr_expect(strstr(clip, "\n  \"") && !strchr(clip, '\t'), "two spaces a level, no tab:\n%s", clip);
    g_free(clip);
}

Test(messages, a_restored_draft_is_said_once, .fini = stop)
{
    tmux_start(&T, 80, 24, NULL, "--profile billing-sandbox");
    SEE("New customer");
    tmux_type(&T, "Dora Draft");
    tmux_key(&T, "F10"); /* quitting keeps the draft */
    cr_assert(tmux_wait_custty_gone(&T));
    tmux_relaunch(&T, 80, 24, NULL, "--profile billing-sandbox");
    SEE("restored the draft");
    SEE("draft restored");
    char *status = status_row();
    cr_expect_eq(count(status, "restored"), 1, "said once: %s", status);
    g_free(status);
}

Test(messages, the_country_suggestion_reads_whole_at_80x24, .fini = stop)
{
    tmux_start(&T, 80, 24, NULL, "--profile billing-sandbox");
    SEE("New customer");
    tmux_type(&T, "Brighton");
    for (int i = 0; i < 4; i++)
        tmux_key(&T, "Tab"); /* to the country */
    tmux_type(&T, "Tanzania");
    SEE("↳ TZ — Tanzania");
    SEE("Enter takes the first"); /* wrapped under it, not cut at the edge */
}
