/* The console's create: checks, token, LIVE confirmation, the send, and what
 * each outcome means for the person at the keyboard. */
#include "app/console_internal.h"

#include "model/history.h"
#include "model/jsonpath.h"
#include "model/safe_text.h"
#include "model/text.h"
#include "model/validate.h"

#include <string.h>

void console_new_draft_key(Console *c)
{
    draft_key_new(&c->key);
    c->prior_ok = false;
}

/* ---- tokens ---------------------------------------------------------------- */

void console_start_keyring_lookup(Console *c)
{
    const Profile *p = console_profile(c);
    if (c->keyring)
        return; /* when it ends, a lookup for the profile then current follows */
    c->keyring = keyring_call_start(KEYRING_LOOKUP, p->name, p->provider, NULL);
    c->keyring_op = KEYRING_LOOKUP;
    c->keyring_profile = c->profile;
}

static void keyring_looked_up(Console *c, KeyringStatus s, char *secret, const char *why)
{
    const Profile *asked = &c->profiles.items[c->keyring_profile], *p = console_profile(c);
    if (asked != p) {
        /* The person moved on while the keyring answered: that token stays
         * where it belongs, and the profile now open gets its own lookup. */
        text_free_secret(secret);
        if (!bound_token_is_for(&c->token, p) && !p->sandbox)
            console_start_keyring_lookup(c);
        return;
    }
    if (s == KEYRING_OK && !bound_token_is_for(&c->token, p)) {
        bound_token_set(&c->token, p, secret, TOKEN_KEYRING);
        log_pane_add(c->log, LOG_INFO, "token: from the keyring");
        return;
    }
    text_free_secret(secret);
    if (s == KEYRING_OK)
        return; /* one was typed meanwhile: it wins */
    char *msg = s == KEYRING_NOT_FOUND
                    ? g_strdup_printf("no token for %s in the keyring: F7 enters one (or F2 asks for it)", p->name)
                    : g_strdup_printf("keyring: %s. A token you enter is kept for this run only.", why);
    log_pane_add(c->log, LOG_WARN, msg);
    g_free(msg);
}

void console_on_keyring(Console *c)
{
    char *secret = NULL, *why = NULL;
    KeyringOp op = c->keyring_op;
    KeyringStatus s = keyring_call_finish(c->keyring, KEYRING_TIMEOUT_MS, &secret, &why);
    c->keyring = NULL;
    if (op == KEYRING_LOOKUP) {
        keyring_looked_up(c, s, secret, why);
    } else {
        char *msg = s == KEYRING_OK ? g_strdup_printf("token saved in the keyring for %s", console_profile(c)->name)
                                    : g_strdup_printf("the token was not saved (%s); it is kept for this run only", why);
        log_pane_add(c->log, s == KEYRING_OK ? LOG_INFO : LOG_WARN, msg);
        g_free(msg);
        text_free_secret(secret);
    }
    g_free(why);
}

/* A token typed in the dialog (TOKEN), or the answer to "save it?" (TOKEN NULL,
 * THEN_SEND meaning yes). */
void console_token_entered(Console *c, const char *token, bool then_send)
{
    const Profile *p = console_profile(c);
    if (token) {
        FieldCheck check;
        char *clean = g_strstrip(g_strdup(token));
        validate_token(console_descriptor(c), clean, true, &check);
        if (!check.ok) {
            console_status(c, "token refused", TONE_BAD, check.message);
            text_free_secret(clean);
            return;
        }
        bound_token_set(&c->token, p, g_strdup(clean), TOKEN_MEMORY);
        tokens_remember(p, clean);
        text_free_secret(c->pending_token);
        c->pending_token = clean;
        c->resume_submit = then_send;
        char *q = g_strdup_printf("Save this token in the system keyring for %s?\n(n keeps it for this run only)", p->name);
        dialog_ask(c->dialog, ASK_SAVE_TOKEN, "Save the token?", q);
        dialog_place(c->dialog, LINES, COLS);
        g_free(q);
        return;
    }
    if (then_send && c->pending_token && !c->keyring) {
        c->keyring = keyring_call_start(KEYRING_STORE, p->name, p->provider, c->pending_token);
        c->keyring_op = KEYRING_STORE;
    }
    text_free_secret(c->pending_token);
    c->pending_token = NULL;
    console_status(c, "editing", TONE_NORMAL, "token ready: F2 creates");
    if (c->resume_submit)
        console_submit_ready(c);
    c->resume_submit = false;
}

/* ---- submitting --------------------------------------------------------------- */

static const char *email_in(const Console *c, const Values *v);

static void report_problems(Console *c, const Problems *p)
{
    for (size_t i = 0; i < p->count; i++) {
        char *line = g_strdup_printf("%s: %s %s", p->items[i].field, p->items[i].label, p->items[i].message);
        log_pane_add(c->log, LOG_ERROR, line);
        g_free(line);
    }
    char *msg = g_strdup_printf("%zu field%s to fix; nothing was sent", p->count, p->count == 1 ? "" : "s");
    console_status(c, "not sent", TONE_BAD, msg);
    log_pane_add(c->log, LOG_WARN, msg);
    g_free(msg);
}

static bool token_ready(Console *c)
{
    const Descriptor *d = console_descriptor(c);
    FieldCheck check;
    validate_token(d, bound_token_peek(&c->token, console_profile(c)), true, &check);
    if (check.ok)
        return true;
    if (!check.empty) {
        console_status(c, "token refused", TONE_BAD, check.message);
        return false;
    }
    dialog_ask_secret(c->dialog, ASK_TOKEN, "Token needed",
                      "This profile has no token yet. Paste or type it;\nit is not shown. Enter to use it, Esc to stop.");
    dialog_place(c->dialog, LINES, COLS);
    return false;
}

static const char *email_in(const Console *c, const Values *v)
{
    const char *field = descriptor_email_field(console_descriptor(c));
    return field ? values_get(v, field, NULL) : NULL;
}

static void confirm_live(Console *c)
{
    Values v;
    values_init(&v);
    form_pane_values(c->form, &v);
    const char *email = email_in(c, &v);
    char *q = g_strdup_printf("This creates a REAL customer on LIVE %s\nfor %s (profile %s).\nCreate it?",
                              console_descriptor(c)->title, email && *email ? email : "(no email)",
                              console_profile(c)->name);
    dialog_ask(c->dialog, ASK_LIVE_CREATE, "LIVE create", q);
    dialog_place(c->dialog, LINES, COLS);
    g_free(q);
    values_done(&v);
}

/* A customer with this email already made on this profile: name it and ask. */
static bool warn_duplicate(Console *c)
{
    Values v;
    values_init(&v);
    form_pane_values(c->form, &v);
    gssize dup = c->duplicate_ok ? -1 : console_duplicate_of(c, email_in(c, &v));
    values_done(&v);
    c->duplicate_ok = false;
    if (dup < 0)
        return false;
    const Customer *cu = &g_array_index(c->customers, Customer, dup);
    /* Every piece came from the history file or the provider: escaped. */
    const char *parts[] = { cu->email ? cu->email : "", console_profile(c)->name, cu->id ? cu->id : "unknown",
                            cu->time ? cu->time : "" };
    char *safe[G_N_ELEMENTS(parts)];
    for (size_t i = 0; i < G_N_ELEMENTS(parts); i++)
        safe[i] = safe_text(parts[i], strlen(parts[i]));
    char *q = g_strdup_printf("%s was already created on %s\n(id %s, %s).\nCreate another customer with it?",
                              safe[0], safe[1], safe[2], safe[3]);
    dialog_ask(c->dialog, ASK_DUPLICATE, "Already created", q);
    dialog_place(c->dialog, LINES, COLS);
    g_free(q);
    for (size_t i = 0; i < G_N_ELEMENTS(parts); i++)
        g_free(safe[i]);
    return true;
}

/* ---- an earlier attempt whose outcome is unknown ------------------------------ */

typedef enum { PRIOR_NONE, PRIOR_SAME, PRIOR_EDITED } PriorAttempt;

/* The body the form would send now (g_free), or NULL when it cannot be built. */
static char *form_body(Console *c)
{
    const Descriptor *d = console_descriptor(c);
    if (c->resend_body)
        return cJSON_PrintUnformatted(c->resend_body);
    Values v;
    values_init(&v);
    form_pane_values(c->form, &v);
    char *err = NULL;
    cJSON *body = c->unchecked ? request_body_unchecked(d, &v) : request_body(d, &v, &err);
    char *text = body ? cJSON_PrintUnformatted(body) : NULL;
    cJSON_Delete(body);
    values_done(&v);
    g_free(err);
    return text;
}

static void wipe(char *text)
{
    if (text)
        explicit_bzero(text, strlen(text)); /* a body may carry a password */
    g_free(text);
}

static bool has_secret_values(const Descriptor *d, const cJSON *body)
{
    for (size_t i = 0; i < d->n_fields; i++)
        if (d->fields[i].secret && jsonpath_get(body, d->fields[i].name))
            return true;
    return false;
}

/* The unsettled unknown attempt of this draft in the history: by its key, or
 * (a provider without keys, whose entries have none) by its very body. */
static const Customer *unknown_attempt(const Console *c, const cJSON *masked)
{
    const Descriptor *d = console_descriptor(c);
    for (guint i = c->customers->len; i-- > 0;) {
        const Customer *cu = &g_array_index(c->customers, Customer, i);
        bool unknown = cu->outcome == OUTCOME_UNKNOWN || cu->outcome == OUTCOME_SERVER_ERROR;
        if (cu->profile != c->profile || !unknown)
            continue;
        if (d->idempotency ? g_strcmp0(cu->idempotency_key, c->key.key) == 0
                           : cJSON_Compare(cu->request, masked, true))
            return cu;
    }
    return NULL;
}

/* Whether BODY goes where an attempt of unknown outcome went before it. */
static PriorAttempt prior_attempt(Console *c, const char *body)
{
    if (c->key.state == DRAFT_KEY_OPEN) {
        char *sum = draft_key_body_sum(body);
        bool same = g_strcmp0(sum, c->key.sum) == 0;
        g_free(sum);
        return same ? PRIOR_SAME : PRIOR_EDITED;
    }
    if (c->key.state != DRAFT_KEY_RESTORED)
        return PRIOR_NONE;
    /* After a restart only the history knows; it keeps bodies without their
     * secret fields, so a body with secrets cannot be proven the same. */
    const Descriptor *d = console_descriptor(c);
    cJSON *masked = request_masked_body(d, body);
    const Customer *cu = unknown_attempt(c, masked);
    PriorAttempt p = !cu ? PRIOR_NONE
                     : cJSON_Compare(cu->request, masked, true) && !has_secret_values(d, masked) ? PRIOR_SAME
                                                                                              : PRIOR_EDITED;
    cJSON_Delete(masked);
    return p;
}

static void ask_after_unknown(Console *c, PriorAttempt p)
{
    const char *q = p == PRIOR_EDITED ? "The last attempt's answer never came: it may still\n"
                                        "have created a customer. The form changed since, so\n"
                                        "this goes as a new request and could make a second.\n"
                                        "F8 checks first. Send anyway?"
                                      : "The last attempt's answer never came: it may still\n"
                                        "have created a customer. This provider has no\n"
                                        "idempotency keys, so sending again could make a\n"
                                        "second one. F8 checks first. Send anyway?";
    dialog_ask(c->dialog, ASK_AFTER_UNKNOWN, "Sent before, outcome unknown", q);
    dialog_place(c->dialog, LINES, COLS);
}

/* An earlier attempt may have created the customer, and this send could
 * make a second: say so and ask, unless the provider's key makes it safe. */
static bool warn_after_unknown(Console *c)
{
    if (c->prior_ok || c->resend_body)
        return false;
    char *body = form_body(c);
    PriorAttempt p = body ? prior_attempt(c, body) : PRIOR_NONE;
    wipe(body);
    bool risky = p == PRIOR_EDITED || (p == PRIOR_SAME && !console_descriptor(c)->idempotency);
    if (risky)
        ask_after_unknown(c, p);
    return risky;
}

void console_submit(Console *c, bool unchecked)
{
    if (c->sending) {
        console_status(c, "sending", TONE_WARN, "a create is already in flight: Esc cancels it");
        return;
    }
    Problems problems;
    if (!form_pane_check_all(c->form, &problems) && !unchecked) {
        report_problems(c, &problems);
        problems_done(&problems);
        console_show_record(c, false);
        return;
    }
    problems_done(&problems);
    c->unchecked = unchecked;
    if (warn_after_unknown(c) || warn_duplicate(c))
        return;
    if (token_ready(c))
        console_submit_ready(c);
}

void console_submit_ready(Console *c)
{
    if (!c->resend_body && console_look_first(c))
        return; /* console_look_* carries on */
    c->looked_ok = false;
    if (console_profile(c)->confirm)
        confirm_live(c);
    else
        console_send(c);
}

/* The key this send goes with: the same one only for the same body after an
 * unknown outcome (or a resend of an entry, with that entry's key). */
static const char *key_for(Console *c)
{
    char *body = form_body(c), *sum = draft_key_body_sum(body);
    bool same = c->resend_body || (body && prior_attempt(c, body) == PRIOR_SAME);
    const char *key = draft_key_for_send(&c->key, same, sum);
    g_free(sum);
    wipe(body);
    return key;
}

static NetJob *make_job(Console *c, char **err)
{
    const Profile *p = console_profile(c);
    const Descriptor *d = console_descriptor(c);
    if (form_pane_descriptor(c->form) != d) {
        /* Never reached through console_use_profile; a guard, because a form
         * of one provider sent with another profile's token leaks it. */
        *err = g_strdup_printf("the form is not %s's: open the profile again (Enter on it in the list)", p->name);
        return NULL;
    }
    char *sb_url = c->sandbox && p->sandbox ? sandbox_base_url(c->sandbox, d->name) : NULL;
    char *base = profile_base_url(p, d, sb_url, err);
    Values v;
    values_init(&v);
    form_pane_values(c->form, &v);
    NetJob *job = g_new0(NetJob, 1);
    RequestOptions opt = { .base_url = base, .idempotency_key = key_for(c), .unchecked = c->unchecked,
                           .body = c->resend_body };
    bool ok = base && request_build(d, &v, &opt, &job->request, err);
    if (ok) {
        cJSON_Delete(c->last_body);
        c->last_body = request_masked_body(d, job->request.body);
        g_free(c->last_base_url);
        c->last_base_url = g_strdup(base);
    }
    job->d = d;
    job->token = bound_token_copy(&c->token, p);
    job->limits = net_limits_default();
    if (p->timeout_s)
        job->limits.total_timeout_ms = p->timeout_s * 1000;
    values_done(&v);
    g_free(base), g_free(sb_url);
    if (!ok)
        net_job_free(job), job = NULL;
    return job;
}

void console_send_body(Console *c, const cJSON *body)
{
    const Descriptor *d = console_descriptor(c);
    Values v;
    values_init(&v);
    for (size_t i = 0; i < d->n_fields; i++) {
        const cJSON *node = jsonpath_get(body, d->fields[i].name);
        char *text = cJSON_IsString(node) ? g_strdup(node->valuestring) : node ? cJSON_PrintUnformatted(node) : NULL;
        if (text)
            values_set(&v, d->fields[i].name, text, strlen(text));
        g_free(text);
    }
    form_pane_load(c->form, d, &v); /* shown as it goes */
    values_done(&v);
    c->resend_body = body; /* sent exactly as the history has it, not as the form reads */
    console_send(c);
    c->resend_body = NULL;
}

void console_send(Console *c)
{
    char *err = NULL;
    NetJob *job = make_job(c, &err);
    if (!job) {
        console_status(c, "not sent", TONE_BAD, err);
        g_free(err);
        return;
    }
    c->job = net_submit(c->net, job);
    c->sending = true;
    c->prior_ok = false;
    c->sent_at = g_get_monotonic_time();
    c->stage = STAGE_QUEUED;
    log_pane_add(c->log, LOG_INFO, c->unchecked ? "sending as typed, without local checks (QA)" : "sending…");
}

/* ---- results ------------------------------------------------------------------- */

/* The exchange as it went: request (masked), status, headers, body. */
static char *exchange_text(const NetResult *r)
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

void console_show_customer(Console *c, size_t index)
{
    const Customer *cu = &g_array_index(c->customers, Customer, index);
    view_pane_show(c->record, cu->title, cu->doc ? cJSON_Duplicate(cu->doc, true) : NULL, cu->raw,
                   cu->raw ? strlen(cu->raw) : 0, cu->why, cu->exchange, cu->file_name);
    console_show_record(c, true);
}

static void show_answer(Console *c, const NetResult *r, const char *title)
{
    const cJSON *doc = r->response.record ? r->response.record : r->response.document;
    char *raw = exchange_text(r), *name = file_name_for(c, r);
    view_pane_show(c->record, title, doc ? cJSON_Duplicate(doc, true) : NULL, r->raw_body, r->raw_len,
                   r->response.parse_error, raw, name);
    g_free(raw), g_free(name);
}

static char *label_of(Console *c, const NetResult *r)
{
    if (r->response.summary && *r->response.summary)
        return g_strdup(r->response.summary);
    Values v;
    values_init(&v);
    form_pane_values(c->form, &v);
    const char *email = email_in(c, &v);
    char *label = g_strdup(email && *email ? email : "(no email)");
    values_done(&v);
    return label;
}

static void on_created(Console *c, const NetResult *r)
{
    char *label = label_of(c, r);
    char *title = g_strdup_printf("Created · %s", r->response.id ? r->response.id : label);
    show_answer(c, r, title);
    console_status(c, "created", TONE_GOOD, r->response.message ? r->response.message : label);
    form_pane_clear(c->form);
    console_draft_clear(c); /* a created draft is done with */
    console_new_draft_key(c);
    console_show_record(c, true);
    g_free(title), g_free(label);
}

static void on_rejected(Console *c, const NetResult *r)
{
    form_pane_show_provider_errors(c->form, &r->response);
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
    GString *msg = g_string_new(outcome_advice(r->outcome, d->idempotency));
    if (r->outcome == OUTCOME_RATE_LIMITED && r->retry_after_s)
        g_string_append_printf(msg, " Retry after %ld s.", r->retry_after_s);
    if (r->outcome == OUTCOME_UNKNOWN || r->outcome == OUTCOME_SERVER_ERROR)
        g_string_append(msg, d->idempotency ? " F8 checks with the provider; F2 sends this draft again, safely."
                                            : " F8 asks the provider whether it exists.");
    if (r->status)
        show_answer(c, r, "The provider's answer");
    log_pane_add(c->log, LOG_WARN, msg->str);
    console_status(c, outcome_name(r->outcome), TONE_WARN, msg->str);
    g_string_free(msg, TRUE);
}

/* A resend of an unknown one that worked settles the first entry too. */
static void settle_resent(Console *c, const NetResult *r)
{
    gssize first = c->resending;
    c->resending = -1;
    if (first < 0 || r->outcome != OUTCOME_CREATED)
        return;
    Customer *cu = &g_array_index(c->customers, Customer, first);
    cu->outcome = OUTCOME_CREATED;
    list_pane_set_outcome(c->list, (size_t)first, "created", true);
    if (r->replayed)
        log_pane_add(c->log, LOG_INFO, "the provider replayed the first answer: one customer, not two");
}

static void on_done(Console *c, NetResult *r)
{
    c->sending = false;
    char *label = label_of(c, r);
    size_t index = console_record(c, r, label); /* on disk before the person is told anything */
    draft_key_answered(&c->key, r->outcome);
    g_array_index(c->customers, Customer, index).exchange = exchange_text(r);
    g_free(label);
    settle_resent(c, r);
    if (r->outcome == OUTCOME_CREATED)
        on_created(c, r);
    else if (r->outcome == OUTCOME_REJECTED)
        on_rejected(c, r);
    else
        on_trouble(c, r);
}

static void show_progress(Console *c)
{
    static const char *const spin[] = { "⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏" };
    gint64 ms = (g_get_monotonic_time() - c->sent_at) / 1000;
    char *state = g_strdup_printf("sending %s %.1f s", c->theme.utf8 ? spin[(ms / 100) % 10] : "...", (double)ms / 1000);
    char *bytes = c->stage == STAGE_RECEIVING ? g_format_size((guint64)c->stage_bytes) : NULL;
    char *msg = g_strdup_printf("%s%s%s · keep typing; Esc cancels", net_stage_name(c->stage), bytes ? " " : "",
                                bytes ? bytes : "");
    g_free(bytes);
    console_status(c, state, TONE_ACCENT, msg);
    g_free(state), g_free(msg);
}

static LogLevel level_of(NetLogLevel l)
{
    return l == NET_LOG_DEBUG ? LOG_DEBUG : l == NET_LOG_WARN ? LOG_WARN : LOG_INFO;
}

void console_on_net(Console *c)
{
    net_thread_drain_fd(c->net);
    NetMessage *m;
    while ((m = net_next_message(c->net))) {
        if (m->kind == NET_MSG_PROGRESS)
            c->stage = m->stage, c->stage_bytes = m->bytes;
        else if (m->kind == NET_MSG_LOG)
            log_pane_add(c->log, level_of(m->level), m->text);
        else if (lookup_run_owns(c->check, m->job_id))
            console_check_step(c, m->result);
        else if (lookup_run_owns(c->look, m->job_id))
            console_look_step(c, m->result);
        else if (m->job_id == c->job)
            on_done(c, m->result);
        net_message_free(m);
    }
    if (c->sending)
        show_progress(c);
}
