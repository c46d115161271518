/* What an answer means for the person at the keyboard: the record opens
 * when created; a refusal puts the provider's messages on their fields; any
 * other trouble says whether the customer may exist and what is safe next. */
#include "app/outcome.h"

#include "app/console_internal.h"
#include "model/jsonpath.h"
#include "model/quota.h"
#include "model/text.h"

#include <string.h>

/* The exchange as it went: request (masked), status, headers, body. */
char *outcome_exchange_text(const NetResult *r)
{
    GString *s = g_string_new(r->request_text ? r->request_text : "");
    g_string_append(s, "\n\n");
    gchar **lines = g_strsplit(r->raw_headers ? r->raw_headers : "", "\n", -1);
    for (gchar **l = lines; *l; l++)
        if (**l && strcmp(*l, "\r") != 0)
            g_string_append_printf(s, "< %s\n", g_strchomp(*l));
    g_strfreev(lines);
    g_string_append_c(s, '\n');
    g_string_append_len(s, r->raw_body ? r->raw_body : "", (gssize)r->raw_len);
    return g_string_free(s, FALSE);
}

static char *file_name_for(const Console *c, const NetResult *r)
{
    char *id = r->response.id ? g_strdup(r->response.id) : g_strdup_printf("http-%d", r->status);
    char *stem = g_strdup_printf("%s-%s", console_profile(c)->provider, id);
    char *name = text_file_name(stem, ".json"); /* the provider's id is not ours to trust */
    g_free(id), g_free(stem);
    return name;
}

static void show_answer(Console *c, const NetResult *r, const char *title)
{
    const cJSON *doc = r->response.record ? r->response.record : r->response.document;
    char *raw = outcome_exchange_text(r), *name = file_name_for(c, r);
    view_pane_show(c->record, title, doc ? cJSON_Duplicate(doc, true) : NULL, r->raw_body, r->raw_len,
                   r->response.parse_error, raw, name);
    g_free(raw), g_free(name);
}

char *outcome_label(Console *c, const NetResult *r, const cJSON *sent)
{
    if (r->response.summary && *r->response.summary)
        return g_strdup(r->response.summary);
    /* What was sent, not the form: it may have been typed into since. */
    const char *field = descriptor_email_field(console_descriptor(c));
    const char *email = field && sent ? jsonpath_string(sent, field) : NULL;
    return g_strdup(email && *email ? email : "(no email)");
}

/* Created, but the answer is not readable (cut short, not JSON, no record in
 * it): what was sent stays in sight, and F8 fetches the record itself. */
#define UNREAD_SAID "the answer could not be read: F8 fetches the record"

static void show_sent(Console *c, const NetResult *r, const cJSON *sent)
{
    const char *why = r->error ? r->error : r->response.parse_error ? r->response.parse_error : "no record in it";
    char *title = g_strdup_printf("Created · as sent · its answer could not be read (%s)", why);
    char *raw = outcome_exchange_text(r), *name = file_name_for(c, r);
    view_pane_show(c->record, title, sent ? cJSON_Duplicate(sent, true) : NULL, NULL, 0, NULL, raw, name);
    g_free(title), g_free(raw), g_free(name);
}

static void say_created(Console *c, const NetResult *r, const char *label, bool unread, bool typed)
{
    if (unread) {
        char *line = g_strdup_printf("%s created, but " UNREAD_SAID, label);
        log_pane_add(c->log, LOG_WARN, line);
        g_free(line);
        console_status(c, "created", TONE_WARN, "but " UNREAD_SAID);
    } else if (typed) {
        char *msg = g_strdup_printf("%s · what you typed meanwhile is a new draft", label);
        console_status(c, "created", TONE_GOOD, msg);
        g_free(msg);
    } else {
        console_status(c, "created", TONE_GOOD, r->response.message ? r->response.message : label);
    }
    if (typed)
        log_pane_add(c->log, LOG_INFO, "what you typed during the send is kept as a new draft; the created "
                                       "customer's record opens with Enter on it in the list");
}

static void on_created(Console *c, const NetResult *r, const cJSON *sent, bool typed)
{
    bool unread = !r->response.record;
    char *label = outcome_label(c, r, sent);
    if (unread) {
        show_sent(c, r, sent);
    } else {
        char *title = g_strdup_printf("Created · %s", r->response.id ? r->response.id : label);
        show_answer(c, r, title);
        g_free(title);
    }
    say_created(c, r, label, unread, typed);
    if (typed) { /* the person is typing the next one: the record waits in the list (Enter) */
        console_draft_kept(c);
    } else {
        console_draft_done(c); /* a created draft is done with */
        console_show_record(c, true);
    }
    g_free(label);
}

static void on_rejected(Console *c, const NetResult *r, bool typed)
{
    form_pane_show_provider_errors(c->form, &r->response, !typed); /* the cursor stays where one types */
    show_answer(c, r, "The provider's answer");
    for (size_t i = 0; i < r->response.n_field_errors; i++) {
        char *line = g_strdup_printf("%s: %s", r->response.field_errors[i].field, r->response.field_errors[i].message);
        log_pane_add(c->log, LOG_ERROR, line);
        g_free(line);
    }
    const char *msg = r->error ? r->error : r->response.message;
    char *full = g_strdup_printf("%s — %s", msg ? msg : "refused", outcome_advice(r->outcome, false));
    console_status(c, "rejected", TONE_BAD, full);
    g_free(full);
    console_focus(c, form_pane_base(c->form));
}

static void on_trouble(Console *c, const NetResult *r)
{
    const Descriptor *d = console_descriptor(c);
    GString *msg = g_string_new(NULL);
    if (r->outcome == OUTCOME_UNKNOWN && r->status && r->response.message) /* a 2xx it does not document */
        g_string_append_printf(msg, "%s. ", r->response.message);
    if (r->outcome == OUTCOME_RATE_LIMITED && r->retry_after_s) { /* first: the status line keeps it whole */
        char *retry = quota_retry_text(r->retry_after_s, g_get_real_time() / G_USEC_PER_SEC);
        g_string_append_printf(msg, "%s ", retry);
        g_free(retry);
    }
    g_string_append(msg, outcome_advice(r->outcome, d->idempotency));
    if (r->outcome == OUTCOME_UNKNOWN || r->outcome == OUTCOME_SERVER_ERROR)
        g_string_append(msg, d->idempotency ? " F8 checks with the provider; F2 sends this draft again, safely."
                                            : " F8 asks the provider whether it exists.");
    if (r->status)
        show_answer(c, r, "The provider's answer");
    log_pane_add(c->log, LOG_WARN, msg->str);
    console_status(c, outcome_name(r->outcome), TONE_WARN, msg->str);
    g_string_free(msg, TRUE);
}

void outcome_show(Console *c, const NetResult *r, const cJSON *sent, bool typed)
{
    if (r->outcome == OUTCOME_CREATED)
        on_created(c, r, sent, typed);
    else if (r->outcome == OUTCOME_REJECTED)
        on_rejected(c, r, typed);
    else
        on_trouble(c, r);
}
