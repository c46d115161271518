/* Look before creating: on a profile with check_before_create, the email is
 * looked up on the provider (as F8 does) before anything is sent, and a
 * customer found is shown with its id and date for the person to decide. */
#include "app/console_internal.h"

#include "model/jsonpath.h"
#include "model/safe_text.h"
#include "model/text.h"

#include <string.h>

#define LOOK_TIMEOUT_MS (60 * 1000)

static char *form_email(Console *c)
{
    Values v;
    values_init(&v);
    form_pane_values(c->form, &v);
    const char *field = descriptor_email_field(console_descriptor(c));
    const char *email = field ? values_get(&v, field, NULL) : NULL;
    char *copy = email ? g_strstrip(g_strdup(email)) : NULL;
    values_done(&v);
    return copy;
}

/* The form's body without its secrets: what an exact lookup reads. */
static cJSON *form_masked_body(Console *c)
{
    const Descriptor *d = console_descriptor(c);
    Values v;
    values_init(&v);
    form_pane_values(c->form, &v);
    char *err = NULL;
    cJSON *body = request_body(d, &v, &err);
    char *text = body ? cJSON_PrintUnformatted(body) : NULL;
    cJSON *masked = text ? request_masked_body(d, text) : NULL;
    if (text)
        explicit_bzero(text, strlen(text));
    g_free(text), g_free(err);
    cJSON_Delete(body);
    values_done(&v);
    return masked;
}

bool console_look_first(Console *c)
{
    const Profile *p = console_profile(c);
    if (!p->check_before_create || c->looked_ok || c->look)
        return false;
    const Descriptor *d = console_descriptor(c);
    char *email = form_email(c), *err = NULL;
    char *sb_url = c->sandbox && p->sandbox ? sandbox_base_url(c->sandbox, d->name) : NULL;
    char *base = email && *email ? profile_base_url(p, d, sb_url, &err) : NULL;
    cJSON *body = form_masked_body(c);
    LookupScan *scan = base ? lookup_scan_new(d, base, email, body, &err) : NULL;
    if (scan) {
        c->look = lookup_run_start(c->net, d, scan, bound_token_peek(&c->token, p), LOOK_TIMEOUT_MS);
        char *msg = g_strdup_printf("looking for %s on %s before creating… (Esc stops)", email, d->title);
        console_status(c, "looking", TONE_ACCENT, msg);
        log_pane_add(c->log, LOG_INFO, msg);
        g_free(msg);
    }
    cJSON_Delete(body);
    g_free(email), g_free(sb_url), g_free(base), g_free(err);
    return scan != NULL; /* with no email or no lookup, nothing to look for */
}

/* Outside text, one line, escaped; "" for NULL. */
static char *shown(const char *s)
{
    return safe_text(s ? s : "", s ? strlen(s) : 0);
}

static void ask_found(Console *c, const char *email, const char *id, const cJSON *record)
{
    const LookupSpec *l = &console_descriptor(c)->lookup;
    const char *created = l->created ? jsonpath_string(record, l->created) : NULL;
    view_pane_show(c->record, "Already on the provider", cJSON_Duplicate(record, true), NULL, 0, NULL, NULL, NULL);
    console_show_record(c, true);
    char *e = shown(email), *i = shown(id ? id : "unknown"), *t = shown(created);
    char *q = g_strdup_printf("%s already exists on %s\n(id %s%s%s).\nIts record is open behind this.\n"
                              "Create another customer anyway?", e, console_profile(c)->name, i,
                              created ? ", created " : "", t);
    dialog_ask(c->dialog, ASK_EXISTS, "Already on the provider", q);
    dialog_place(c->dialog, LINES, COLS);
    g_free(q), g_free(e), g_free(i), g_free(t);
}

static void ask_unsure(Console *c, const char *said)
{
    char *escaped = shown(said);
    gchar **parts = g_strsplit(escaped, "; ", -1); /* one clause a line: dialogs do not wrap */
    char *why = g_strjoinv(";\n", parts);
    g_strfreev(parts), g_free(escaped);
    char *q = g_strdup_printf("Could not tell whether this customer exists:\n%s.\nCreate it anyway?", why);
    dialog_ask(c->dialog, ASK_LOOK_UNSURE, "Not sure it is new", q);
    dialog_place(c->dialog, LINES, COLS);
    g_free(q), g_free(why);
}

static void look_finished(Console *c)
{
    char *id = NULL, *said = NULL, *email = form_email(c);
    cJSON *record = NULL;
    LookupVerdict v = lookup_run_verdict(c->look, &id, &record, &said);
    lookup_run_free(c->look);
    c->look = NULL;
    char *line = g_strdup_printf("looked for %s: %s (%s)", email ? email : "", lookup_verdict_name(v), said);
    log_pane_add(c->log, v == LOOKUP_ABSENT ? LOG_INFO : LOG_WARN, line);
    if (v == LOOKUP_FOUND)
        ask_found(c, email, id, record);
    else if (v == LOOKUP_CANNOT_TELL)
        ask_unsure(c, said);
    else
        c->looked_ok = true, console_submit_ready(c);
    g_free(line), g_free(id), g_free(said), g_free(email);
    cJSON_Delete(record);
}

void console_look_step(Console *c, NetResult *r)
{
    if (!lookup_run_feed(c->look, r)) {
        char *progress = lookup_run_progress(c->look);
        console_status(c, "looking", TONE_ACCENT, progress);
        g_free(progress);
        return;
    }
    look_finished(c);
}

void console_look_cancel(Console *c)
{
    lookup_run_free(c->look);
    c->look = NULL;
    console_status(c, "not sent", TONE_WARN, "stopped looking for the customer: nothing was sent");
}

void console_look_answered(Console *c, int tag, bool yes)
{
    if (yes) {
        c->looked_ok = true;
        console_show_record(c, false);
        console_submit_ready(c);
        return;
    }
    console_status(c, "not sent", TONE_NORMAL, tag == ASK_EXISTS ? "not sent: the customer already exists"
                                                                  : "not sent: F2 looks again");
}
