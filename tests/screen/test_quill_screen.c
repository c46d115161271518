/* Quill, the fourth provider, in the console from its file alone, at 80x24:
 * its form shows every field type and answers each as it is typed, F2
 * creates on its in-process sandbox and the viewer shows the record with its
 * UUID, and F8 settles an unknown outcome through its list endpoint. */
#include "tests/support/support.h"
#include "tests/support/tmux.h"

#include <criterion/criterion.h>
#include <glib.h>
#include <string.h>

static Tmux T;

#define SEE(needle) TMUX_SEE(&T, needle)

/* The console on quill-sandbox, with quill.json as a provider of one's own. */
static void start_quill(const char *args)
{
    char *json = support_fixture("providers/quill.json", NULL);
    const char *providers[] = { "quill", json, NULL };
    tmux_start_providers(&T, 80, 24, NULL, args, "", providers);
    g_free(json);
    SEE("New customer · Quill Ledger");
}

static void stop(void)
{
    tmux_stop(&T);
}

TestSuite(quill_screen, .fini = stop, .timeout = 180);

/* Types TEXT into the field the cursor is on, then goes to the next. */
static void fill(const char *text)
{
    tmux_type(&T, text);
    tmux_key(&T, "Tab");
}

Test(quill_screen, the_form_takes_every_type_and_f2_shows_the_record_with_its_uuid)
{
    start_quill("--profile quill-sandbox");
    static const char *const labels[] = { "Email*", "Full name*", "VIP", "Birth date", "Trial ends", "Currency",
                                          "Credit limit", "Website", "Tags", "Referred by", NULL };
    char *screen = tmux_screen(&T);
    for (const char *const *l = labels; *l; l++)
        cr_expect(strstr(screen, *l), "%s shows at 80x24:\n%s", *l, screen);
    g_free(screen);

    fill("ada@example.com");
    fill("Ada Lovelace");
    SEE("Space: true or false");
    tmux_key(&T, "Space");
    TMUX_SEE_ON_LINE(&T, "VIP", "[x] true");
    tmux_key(&T, "Tab");
    tmux_type(&T, "2027-02-30");
    SEE("February 2027 has 28 days");
    tmux_key(&T, "C-u");
    fill("1815-12-10");
    fill("2027-01-31T23:59:00Z");
    tmux_type(&T, "euro");
    SEE("use EUR, the ISO 4217 code");
    SEE("EUR — Euro");
    tmux_key(&T, "C-u");
    fill("EUR");
    fill("2500.5");
    fill("https://ada.example");
    fill("vip, north");
    tmux_key(&T, "C-x");
    TMUX_SEE_ON_LINE(&T, "Referred by", "null");

    tmux_key(&T, "F2");
    screen = tmux_wait_for(&T, "Created · ");
    cr_assert_not_null(screen, "created");
    char *head = tmux_line_with(screen, "Created · ");
    cr_expect(g_regex_match_simple("Created · [0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", head, 0,
                                   0), "the viewer names the record by its UUID:\n%s", screen);
    g_free(head), g_free(screen);
    static const char *const record[][2] = {
        { "uuid", "\"" }, { "vip", "true" }, { "currency", "\"EUR\"" }, { "credit_limit", "2500.5" },
        { "tags", "[2 items]" }, { "[1]", "\"north\"" }, { "referrer", "null" },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(record); i++)
        TMUX_SEE_ON_LINE(&T, record[i][0], record[i][1]);
}

/* At 80x24 the record's UUID and a field message naming it break after a
 * '-': not its closing quote alone (the viewer), nor "…7e2" / "2b2" (the
 * field's message). */
Test(quill_screen, a_uuid_breaks_at_a_dash_in_the_viewer_and_in_a_field_message)
{
    start_quill("--profile quill-sandbox");
    fill("ada@example.com");
    tmux_type(&T, "Ada Lovelace");
    tmux_key(&T, "F2");
    char *screen = tmux_wait_for(&T, "Created · ");
    cr_assert_not_null(screen);
    cr_expect(g_regex_match_simple("uuid *: \"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-\n[^\n]*│ *[0-9a-f]{12}\"",
                                   screen, 0, 0),
              "broken after a dash, its tail on the next row:\n%s", screen);
    g_free(screen);
    tmux_key(&T, "Escape");
    SEE("New customer · Quill Ledger");
    fill("ada@example.com");
    tmux_type(&T, "Ada Again");
    tmux_key(&T, "F2");
    SEE("Already created");
    tmux_type(&T, "y");
    screen = tmux_wait_for(&T, "provider: A customer with this");
    cr_assert_not_null(screen);
    cr_expect(g_regex_match_simple("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-\n[^\n]*│ *[0-9a-f]{12} *\n",
                                   screen, 0, 0),
              "broken after a dash, its tail on the next row:\n%s", screen);
    g_free(screen);
}

/* The sandbox creates, then resets the connection: unknown by construction. */
Test(quill_screen, f8_settles_an_unknown_outcome_through_the_list_endpoint)
{
    start_quill("--profile quill-sandbox --sandbox-fault reset");
    fill("una@example.com");
    tmux_type(&T, "Una Known");
    tmux_key(&T, "F2");
    SEE("may or may not exist");
    tmux_key(&T, "F8");
    char *screen = tmux_wait_for(&T, "una@example.com was created (id ");
    cr_assert_not_null(screen, "F8 found it");
    cr_expect(g_regex_match_simple("was created \\(id [0-9a-f-]{36}\\);", screen, 0, 0), "with its UUID:\n%s", screen);
    g_free(screen);
    SEE("read 1 page, 1 customer");
}

/* At 60x20 one pane shows at a time: the record F2 opens is the one shown,
 * drawn (it was placed while the form still had the focus, and stayed blank
 * until F6 went round). */
Test(quill_screen, at_60x20_f2_shows_the_record_drawn)
{
    char *json = support_fixture("providers/quill.json", NULL);
    const char *providers[] = { "quill", json, NULL };
    tmux_start_providers(&T, 60, 20, NULL, "--profile quill-sandbox", "", providers);
    g_free(json);
    SEE("New customer · Quill Ledger");
    fill("cy@example.com");
    fill("Cy");
    tmux_key(&T, "F2");
    SEE("Created · ");
    SEE("\"cy@example.com\"");
}

/* Ctrl-P finds the focused field's keys by their words, and runs them there:
 * "today" on a date field, "null" on a nullable one. */
Test(quill_screen, the_palette_finds_and_runs_the_fields_keys)
{
    start_quill("--profile quill-sandbox");
    for (int i = 0; i < 3; i++) /* Email → Full name → VIP → Birth date */
        tmux_key(&T, "Tab");
    SEE("Ctrl-T Today");
    tmux_key(&T, "C-p");
    SEE("Commands · Enter runs");
    tmux_type(&T, "today");
    SEE("date field: today");
    tmux_key(&T, "Enter");
    GDateTime *now = g_date_time_new_now_local();
    char *year = g_date_time_format(now, "%Y-");
    TMUX_SEE_ON_LINE(&T, "Birth date", year);
    g_free(year), g_date_time_unref(now);

    tmux_key(&T, "BTab");
    tmux_key(&T, "BTab");
    tmux_key(&T, "BTab");
    tmux_key(&T, "BTab"); /* → Email, then round to Referred by */
    SEE("Ctrl-X Null");
    tmux_key(&T, "C-p");
    SEE("Commands · Enter runs");
    tmux_type(&T, "null");
    SEE("nullable field: send null");
    tmux_key(&T, "Enter");
    TMUX_SEE_ON_LINE(&T, "Referred by", "null");
}
