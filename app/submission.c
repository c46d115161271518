#include "app/submission.h"

#include "app/console_internal.h"
#include "app/draft_key.h"
#include "app/lookup_run.h"
#include "app/outcome.h"
#include "model/jsonpath.h"
#include "model/safe_text.h"
#include "model/text.h"
#include "model/validate.h"

#include <string.h>

#define LOOK_TIMEOUT_MS (60 * 1000)

struct Submission {
    Console *c;
    bool sending;
    guint64 job;
    gint64 sent_at;
    NetStage stage;
    gint64 stage_bytes;       /* received so far */
    bool unchecked;           /* this one skips local checks (QA) */
    DraftKey key;             /* the draft's Idempotency-Key: one body, kept only while unknown */
    cJSON *stored_body;       /* r: sent exactly as the history has it (owned until sent), or NULL */
    gssize resending;         /* the unknown entry being sent again, or -1 */
    LookupRun *look;          /* the look before a create, or NULL */
    gint64 shown_at;          /* when the progress was last said */
    cJSON *last_body;         /* the body last sent, secret fields masked */
    char *sent_form;          /* a digest of the form as it was sent: typing meanwhile changes it */
    char *last_base_url;
    char *last_key;           /* the key last sent: the draft's may change meanwhile (Ctrl-N) */
};

static void step_duplicate(void *self);
static void step_token(void *self);
static void step_look(void *self);
static void step_live(void *self);
static void send_now(Submission *s);
static void drop_stored(Submission *s);

/* A "no" to any question of the way: nothing was sent, and why. WHY starts
 * "not sent: ", which the status line says once, as the state. */
static void not_sent(Submission *s, const char *why)
{
    console_status(s->c, "not sent", TONE_NORMAL, why);
}

/* ---- what the form would send ------------------------------------------------------ */

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

/* The body the form would send now (wipe it), or NULL when it cannot be built. */
static char *form_body(Submission *s)
{
    const Descriptor *d = console_descriptor(s->c);
    if (s->stored_body)
        return cJSON_PrintUnformatted(s->stored_body);
    Values v;
    values_init(&v);
    form_pane_values(s->c->form, &v);
    char *err = NULL;
    cJSON *body = s->unchecked ? request_body_unchecked(d, &v) : request_body(d, &v, &err);
    char *text = body ? cJSON_PrintUnformatted(body) : NULL;
    cJSON_Delete(body);
    values_done(&v);
    g_free(err);
    return text;
}

/* ---- an earlier attempt whose outcome is unknown ----------------------------------- */

typedef enum { PRIOR_NONE, PRIOR_SAME, PRIOR_EDITED } PriorAttempt;

/* Whether BODY goes where an attempt of unknown outcome went before it. */
static PriorAttempt prior_attempt(Submission *s, const char *body)
{
    if (s->key.state == DRAFT_KEY_OPEN) {
        char *sum = draft_key_body_sum(body);
        bool same = g_strcmp0(sum, s->key.sum) == 0;
        g_free(sum);
        return same ? PRIOR_SAME : PRIOR_EDITED;
    }
    if (s->key.state != DRAFT_KEY_RESTORED)
        return PRIOR_NONE;
    /* After a restart only the history knows; it keeps bodies without their
     * secret fields, so a body with secrets cannot be proven the same. */
    Console *c = s->c;
    const Descriptor *d = console_descriptor(c);
    cJSON *masked = request_masked_body(d, body);
    const Customer *cu = history_list_unknown_attempt(c->history, c->profile, d, s->key.key, masked);
    PriorAttempt p = !cu ? PRIOR_NONE
                     : cJSON_Compare(cu->request, masked, true) && !request_has_secret_values(d, masked) ? PRIOR_SAME
                                                                                              : PRIOR_EDITED;
    cJSON_Delete(masked);
    return p;
}

static void prior_answered(void *ctx, bool yes, const char *text)
{
    (void)text;
    if (yes)
        step_duplicate(ctx);
    else
        not_sent(ctx, "not sent: F8 asks the provider whether the last attempt created it");
}

/* An earlier attempt may have created the customer, and this send could
 * make a second: say so and ask, unless the provider's key makes it safe. */
static void step_prior(Submission *s)
{
    char *body = form_body(s);
    PriorAttempt p = body ? prior_attempt(s, body) : PRIOR_NONE;
    text_free_secret(body);
    bool risky = p == PRIOR_EDITED || (p == PRIOR_SAME && !console_descriptor(s->c)->idempotency);
    if (!risky) {
        step_duplicate(s);
        return;
    }
    const char *q = p == PRIOR_EDITED ? "The last attempt's answer never came: it may still\n"
                                        "have created a customer. The form changed since, so\n"
                                        "this goes as a new request and could make a second.\n"
                                        "F8 checks first. Send anyway?"
                                      : "The last attempt's answer never came: it may still\n"
                                        "have created a customer. This provider has no\n"
                                        "idempotency keys, so sending again could make a\n"
                                        "second one. F8 checks first. Send anyway?";
    dialog_ask(s->c->dialog, "Sent before, outcome unknown", q, DIALOG_THEN(prior_answered, s));
    dialog_place(s->c->dialog, LINES, COLS);
}

/* ---- a customer already created with this email ------------------------------------ */

static void duplicate_answered(void *ctx, bool yes, const char *text)
{
    (void)text;
    if (yes)
        step_token(ctx);
    else
        not_sent(ctx, "not sent: no second customer with that email");
}

static void step_duplicate(void *self)
{
    Submission *s = self;
    Console *c = s->c;
    char *email = form_email(c);
    const Customer *cu = history_list_duplicate_of(c->history, c->profile, email);
    g_free(email);
    if (!cu) {
        step_token(s);
        return;
    }
    /* Every piece came from the history file or the provider: escaped. */
    const char *parts[] = { cu->email ? cu->email : "", console_profile(c)->name, cu->id ? cu->id : "unknown",
                            cu->time ? cu->time : "" };
    char *safe[G_N_ELEMENTS(parts)];
    for (size_t i = 0; i < G_N_ELEMENTS(parts); i++)
        safe[i] = safe_text(parts[i], strlen(parts[i]));
    char *q = g_strdup_printf("%s was already created on %s\n(id %s, %s).\nCreate another customer with it?",
                              safe[0], safe[1], safe[2], safe[3]);
    dialog_ask(c->dialog, "Already created", q, DIALOG_THEN(duplicate_answered, s));
    dialog_place(c->dialog, LINES, COLS);
    g_free(q);
    for (size_t i = 0; i < G_N_ELEMENTS(parts); i++)
        g_free(safe[i]);
}

static void step_token(void *self)
{
    Submission *s = self;
    token_flow_need(s->c->tokens, step_look, s);
}

/* ---- a look on the provider first (check_before_create) ---------------------------- */

/* The form's body without its secrets: what an exact lookup reads. */
static cJSON *form_masked_body(Submission *s)
{
    char *text = form_body(s);
    cJSON *masked = text ? request_masked_body(console_descriptor(s->c), text) : NULL;
    text_free_secret(text);
    return masked;
}

static void step_look(void *self)
{
    Submission *s = self;
    Console *c = s->c;
    const Profile *p = console_profile(c);
    const Descriptor *d = console_descriptor(c);
    char *email = p->check_before_create ? form_email(c) : NULL, *err = NULL;
    char *sb_url = email && c->sandbox && p->sandbox ? sandbox_base_url(c->sandbox, d->name) : NULL;
    char *base = email && *email ? profile_base_url(p, d, sb_url, &err) : NULL;
    cJSON *body = base ? form_masked_body(s) : NULL;
    LookupScan *scan = base ? lookup_scan_new(d, base, email, body, &err) : NULL;
    if (scan) {
        s->look = lookup_run_start(c->net, d, scan, token_flow_peek(c->tokens, p), LOOK_TIMEOUT_MS);
        char *msg = g_strdup_printf("looking for %s on %s before creating… (Esc stops)", email, d->title);
        console_status(c, "looking", TONE_ACCENT, msg);
        log_pane_add(c->log, LOG_INFO, msg);
        g_free(msg);
    }
    cJSON_Delete(body);
    g_free(email), g_free(sb_url), g_free(base), g_free(err);
    if (!scan) /* not asked for, or nothing to look for */
        step_live(s);
}

/* Outside text, one line, escaped; "" for NULL. */
static char *shown(const char *text)
{
    return safe_text(text ? text : "", text ? strlen(text) : 0);
}

static void look_answered(void *ctx, bool yes, const char *text)
{
    Submission *s = ctx;
    (void)text;
    console_show_record(s->c, false);
    if (yes)
        step_live(s);
    else
        not_sent(s, "not sent: the customer already exists, or F2 looks again");
}

static void ask_found(Submission *s, const char *email, const char *id, const cJSON *record)
{
    Console *c = s->c;
    const LookupSpec *l = &console_descriptor(c)->lookup;
    const char *created = l->created ? jsonpath_string(record, l->created) : NULL;
    view_pane_show(c->record, "Already on the provider", cJSON_Duplicate(record, true), NULL, 0, NULL, NULL, NULL);
    console_show_record(c, true);
    c->record_entry = -1; /* found, not sent: no request of ours */
    char *e = shown(email), *i = shown(id ? id : "unknown"), *t = shown(created);
    char *q = g_strdup_printf("%s already exists on %s\n(id %s%s%s).\nIts record is open behind this.\n"
                              "Create another customer anyway?", e, console_profile(c)->name, i,
                              created ? ", created " : "", t);
    dialog_ask(c->dialog, "Already on the provider", q, DIALOG_THEN(look_answered, s));
    dialog_place(c->dialog, LINES, COLS);
    g_free(q), g_free(e), g_free(i), g_free(t);
}

static void ask_unsure(Submission *s, const char *said)
{
    char *escaped = shown(said);
    gchar **parts = g_strsplit(escaped, "; ", -1); /* one clause a line: dialogs do not wrap */
    char *why = g_strjoinv(";\n", parts);
    g_strfreev(parts), g_free(escaped);
    char *q = g_strdup_printf("Could not tell whether this customer exists:\n%s.\nCreate it anyway?", why);
    dialog_ask(s->c->dialog, "Not sure it is new", q, DIALOG_THEN(look_answered, s));
    dialog_place(s->c->dialog, LINES, COLS);
    g_free(q), g_free(why);
}

static void look_finished(Submission *s)
{
    char *id = NULL, *said = NULL, *email = form_email(s->c);
    cJSON *record = NULL;
    LookupVerdict v = lookup_run_verdict(s->look, &id, &record, &said);
    lookup_run_free(s->look);
    s->look = NULL;
    char *line = g_strdup_printf("looked for %s: %s (%s)", email ? email : "", lookup_verdict_name(v), said);
    log_pane_add(s->c->log, v == LOOKUP_ABSENT ? LOG_INFO : LOG_WARN, line);
    if (v == LOOKUP_FOUND)
        ask_found(s, email, id, record);
    else if (v == LOOKUP_CANNOT_TELL)
        ask_unsure(s, said);
    else
        step_live(s);
    g_free(line), g_free(id), g_free(said), g_free(email);
    cJSON_Delete(record);
}

/* ---- LIVE, then the send ---------------------------------------------------------------- */

static void ask_live(Submission *s, const char *typed);

/* Whether TEXT confirms a LIVE create: "live" or the customer's email, typed. */
static bool confirms_live(Submission *s, const char *text)
{
    char *typed = g_strstrip(g_strdup(text ? text : "")), *email = form_email(s->c);
    bool ok = g_ascii_strcasecmp(typed, "live") == 0 || (email && *email && g_ascii_strcasecmp(typed, email) == 0);
    g_free(typed), g_free(email);
    return ok;
}

static void live_answered(void *ctx, bool yes, const char *text)
{
    Submission *s = ctx;
    if (!yes) {
        drop_stored(s);
        not_sent(s, "not sent: the LIVE create was not confirmed");
    } else if (confirms_live(s, text)) {
        send_now(s);
    } else { /* a reflex "y" is not a confirmation: ask again, saying why */
        ask_live(s, text);
    }
}

/* The question names what a person must not get wrong, and wants a word
 * typed, not one key that answers every other question. */
static void ask_live(Submission *s, const char *typed)
{
    Console *c = s->c;
    const Descriptor *d = console_descriptor(c);
    char *email = form_email(c), *was = typed ? shown(typed) : NULL, *name = shown(console_profile(c)->name);
    char *again = was ? g_strdup_printf("\"%s\" does not confirm it.\n", was) : g_strdup("");
    char *q = g_strdup_printf("This creates a REAL customer on LIVE %s\nfor %s (profile %s).\n%s"
                              "Type live (or the email) and Enter to create it; Esc stops.",
                              d->title, email && *email ? email : "(no email)", name, again);
    char *title = g_strdup_printf("LIVE create · %s", name);
    dialog_ask_text(c->dialog, title, q, "", DIALOG_THEN(live_answered, s));
    dialog_place(c->dialog, LINES, COLS);
    g_free(q), g_free(email), g_free(was), g_free(again), g_free(title), g_free(name);
}

static void confirm_answered(void *ctx, bool yes, const char *text)
{
    (void)text;
    if (yes) {
        send_now(ctx);
    } else {
        drop_stored(ctx);
        not_sent(ctx, "not sent: the create was not confirmed");
    }
}

/* confirm = true on a profile that is not LIVE: a plain question. */
static void ask_confirm(Submission *s)
{
    Console *c = s->c;
    char *email = form_email(c);
    char *q = g_strdup_printf("Create %s on %s (profile %s)?", email && *email ? email : "(no email)",
                              console_descriptor(c)->title, console_profile(c)->name);
    dialog_ask(c->dialog, "Create?", q, DIALOG_THEN(confirm_answered, s));
    dialog_place(c->dialog, LINES, COLS);
    g_free(q), g_free(email);
}

static void step_live(void *self)
{
    Submission *s = self;
    const Profile *p = console_profile(s->c);
    if (!p->confirm)
        send_now(s);
    else if (p->live)
        ask_live(s, NULL);
    else
        ask_confirm(s);
}

static void report_problems(Console *c, const Problems *p)
{
    for (size_t i = 0; i < p->count; i++) {
        char *line = g_strdup_printf("%s: %s %s", p->items[i].field, p->items[i].label, p->items[i].message);
        log_pane_add(c->log, LOG_ERROR, line);
        g_free(line);
    }
    char *msg = g_strdup_printf("%zu field%s to fix; nothing was sent", p->count, p->count == 1 ? "" : "s");
    char *status = g_strdup_printf("not sent: %zu field%s to fix", p->count, p->count == 1 ? "" : "s");
    console_status(c, "not sent", TONE_BAD, status); /* the state says "not sent": once is enough */
    log_pane_add(c->log, LOG_WARN, msg);
    g_free(msg), g_free(status);
}

void submission_start(Submission *s, bool unchecked)
{
    Console *c = s->c;
    if (s->sending || s->look) {
        console_status(c, "sending", TONE_WARN, "a create is already under way: Esc cancels it");
        return;
    }
    if (!console_net_ready(c, unchecked ? NET_RESUME_SEND_UNCHECKED : NET_RESUME_SEND))
        return;
    Problems problems;
    if (!form_pane_check_all(c->form, &problems) && !unchecked) {
        report_problems(c, &problems);
        problems_done(&problems);
        console_show_record(c, false);
        return;
    }
    problems_done(&problems);
    s->unchecked = unchecked;
    step_prior(s);
}

/* ---- the send ----------------------------------------------------------------------------- */

/* The key this send goes with: the same one only for the same body after an
 * unknown outcome (or a resend of an entry, with that entry's key). */
static const char *key_for(Submission *s)
{
    char *body = form_body(s), *sum = draft_key_body_sum(body);
    bool same = s->stored_body || (body && prior_attempt(s, body) == PRIOR_SAME);
    const char *key = draft_key_for_send(&s->key, console_descriptor(s->c), same, sum);
    g_free(sum);
    text_free_secret(body);
    return key;
}

static NetJob *make_job(Submission *s, char **err)
{
    Console *c = s->c;
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
    RequestOptions opt = { .base_url = base, .idempotency_key = key_for(s), .unchecked = s->unchecked,
                           .body = s->stored_body };
    bool ok = base && request_build(d, &v, &opt, &job->request, err);
    if (ok) {
        cJSON_Delete(s->last_body);
        s->last_body = request_masked_body(d, job->request.body);
        g_free(s->last_base_url);
        s->last_base_url = g_strdup(base);
        g_free(s->last_key);
        s->last_key = g_strdup(opt.idempotency_key);
    }
    job->d = d;
    job->token = token_flow_copy(c->tokens, p);
    job->limits = net_limits_default();
    if (p->timeout_s)
        job->limits.total_timeout_ms = p->timeout_s * 1000;
    values_done(&v);
    g_free(base), g_free(sb_url);
    if (!ok)
        net_job_free(job), job = NULL;
    return job;
}

/* A resend that does not go: the entry's body and key are not the draft's. */
static void drop_stored(Submission *s)
{
    if (s->stored_body && s->resending >= 0)
        draft_key_new(&s->key, console_descriptor(s->c));
    cJSON_Delete(s->stored_body);
    s->stored_body = NULL;
    s->resending = -1;
}

bool submission_form_request(Submission *s, Request *out, char **err)
{
    Console *c = s->c;
    const Profile *p = console_profile(c);
    const Descriptor *d = console_descriptor(c);
    char *sb_url = c->sandbox && p->sandbox ? sandbox_base_url(c->sandbox, d->name) : NULL;
    char *base = profile_base_url(p, d, sb_url, err);
    Values v;
    values_init(&v);
    form_pane_values(c->form, &v);
    RequestOptions opt = { .base_url = base, .idempotency_key = s->key.key };
    bool ok = base && request_build(d, &v, &opt, out, err);
    values_done(&v);
    g_free(base), g_free(sb_url);
    return ok;
}

/* A digest of what the form holds (g_free): equal digests, equal forms;
 * NULL for a form with nothing in it. */
static char *form_digest(const FormPane *form)
{
    Values v;
    values_init(&v);
    form_pane_values(form, &v);
    GChecksum *sum = g_checksum_new(G_CHECKSUM_SHA256);
    bool blank = true;
    for (size_t i = 0; i < v.count; i++) {
        blank = blank && v.items[i].len == 0;
        g_checksum_update(sum, (const guchar *)v.items[i].name, (gssize)strlen(v.items[i].name) + 1);
        g_checksum_update(sum, (const guchar *)v.items[i].text, (gssize)v.items[i].len);
        g_checksum_update(sum, (const guchar *)"", 1);
    }
    char *digest = blank ? NULL : g_strdup(g_checksum_get_string(sum));
    g_checksum_free(sum);
    values_done(&v);
    return digest;
}

/* Typed into while the create was on its way: those edits are the person's
 * next draft, never to be cleared by its answer (a form emptied meanwhile,
 * Ctrl-N, has nothing to keep). */
static bool typed_meanwhile(const Submission *s)
{
    char *now = form_digest(s->c->form);
    bool typed = now && g_strcmp0(now, s->sent_form) != 0;
    g_free(now);
    return typed;
}

static void send_now(Submission *s)
{
    Console *c = s->c;
    char *err = NULL;
    NetJob *job = make_job(s, &err);
    cJSON_Delete(s->stored_body); /* built (or not): the form, not it, is the draft again */
    s->stored_body = NULL;
    if (!job) {
        console_status(c, "not sent", TONE_BAD, err);
        g_free(err);
        if (s->resending >= 0) /* the entry's key must not stay with the draft */
            draft_key_new(&s->key, console_descriptor(s->c));
        s->resending = -1;
        return;
    }
    s->job = net_submit(c->net, job);
    s->sending = true;
    g_free(s->sent_form);
    s->sent_form = form_digest(c->form);
    s->sent_at = g_get_monotonic_time();
    s->stage = STAGE_QUEUED;
    log_pane_add(c->log, LOG_INFO, s->unchecked ? "sending as typed, without local checks (QA)" : "sending…");
}

void submission_send_stored(Submission *s, gssize entry, const cJSON *body, const char *key)
{
    Console *c = s->c;
    const Descriptor *d = console_descriptor(c);
    if (s->sending || s->look) {
        console_status(c, "sending", TONE_WARN, "a create is already under way: Esc cancels it");
        return;
    }
    if (!console_net_ready(c, 0))
        return;
    Values v;
    values_init(&v);
    values_from_body(&v, d, body, true);
    draft_keeper_set_aside(c->drafts, &v); /* what the form held is not lost, key and all */
    form_pane_load(c->form, d, &v); /* shown as it goes */
    values_done(&v);
    draft_key_restore(&s->key, key); /* that entry's key, for that entry's body */
    s->resending = entry;
    s->stored_body = cJSON_Duplicate(body, true); /* sent exactly as the history has it, not as the form reads */
    s->unchecked = false;
    step_live(s); /* a resend on a LIVE profile is asked like any create there */
}

/* ---- results ------------------------------------------------------------------- */

/* A resend of an unknown one that worked settles the first entry too. */
static void settle_resent(Submission *s, const NetResult *r)
{
    gssize first = s->resending;
    s->resending = -1;
    if (first < 0 || r->outcome != OUTCOME_CREATED)
        return;
    history_list_settle_created(s->c->history, (size_t)first);
    if (r->replayed)
        log_pane_add(s->c->log, LOG_INFO, "the provider replayed the first answer: one customer, not two");
}

static void on_done(Submission *s, NetResult *r)
{
    Console *c = s->c;
    s->sending = false;
    Submitted done = { r, s->last_body, s->last_base_url, s->last_key, outcome_exchange_text(r) };
    size_t entry = history_list_record(c->history, &done); /* on disk before the person is told anything */
    console_note_quota(c, c->profile, r); /* no profile changes while a create is in flight */
    draft_key_answered(&s->key, r->outcome);
    settle_resent(s, r);
    outcome_show(c, r, s->last_body, typed_meanwhile(s));
    c->record_entry = (gssize)entry; /* what the record shows, for Ctrl-Y */
}

static void show_progress(Submission *s)
{
    static const char *const spin[] = { "⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏" };
    gint64 ms = (g_get_monotonic_time() - s->sent_at) / 1000;
    char *state = g_strdup_printf("sending %s %.1f s", s->c->theme.utf8 ? spin[(ms / 100) % 10] : "...",
                                  (double)ms / 1000);
    char *bytes = s->stage == STAGE_RECEIVING ? g_format_size((guint64)s->stage_bytes) : NULL;
    char *msg = g_strdup_printf("%s%s%s · keep typing; Esc cancels", net_stage_name(s->stage), bytes ? " " : "",
                                bytes ? bytes : "");
    g_free(bytes);
    console_status(s->c, state, TONE_ACCENT, msg);
    g_free(state), g_free(msg);
    s->shown_at = g_get_monotonic_time();
}

/* ---- the controller ------------------------------------------------------------------- */

static bool submission_on_net(void *self, NetMessage *m)
{
    Submission *s = self;
    if (m->kind == NET_MSG_DONE && lookup_run_owns(s->look, m->job_id)) {
        console_note_quota(s->c, s->c->profile, m->result);
        if (!lookup_run_feed(s->look, m->result)) {
            char *progress = lookup_run_progress(s->look);
            console_status(s->c, "looking", TONE_ACCENT, progress);
            g_free(progress);
        } else {
            look_finished(s);
        }
        return true;
    }
    if (!s->sending || m->job_id != s->job)
        return false;
    if (m->kind == NET_MSG_PROGRESS)
        s->stage = m->stage, s->stage_bytes = m->bytes, show_progress(s);
    else if (m->kind == NET_MSG_DONE)
        on_done(s, m->result);
    return m->kind != NET_MSG_LOG;
}

static bool submission_cancel(void *self)
{
    Submission *s = self;
    if (s->sending) {
        net_cancel(s->c->net, s->job);
        console_status(s->c, "cancelling", TONE_WARN, "asking the network thread to stop");
        return true;
    }
    if (!s->look)
        return false;
    lookup_run_free(s->look);
    s->look = NULL;
    console_status(s->c, "not sent", TONE_WARN, "not sent: stopped looking for the customer");
    return true;
}

/* While sending, the status line's spinner and clock move every tenth of a second. */
static int submission_due_ms(void *self)
{
    Submission *s = self;
    if (!s->sending)
        return -1;
    gint64 left_ms = 100 - (g_get_monotonic_time() - s->shown_at) / 1000;
    return (int)MAX(0, left_ms);
}

static void submission_tick(void *self)
{
    show_progress(self);
}

bool submission_busy(const Submission *s)
{
    return s->sending;
}

const char *submission_key(const Submission *s)
{
    return s->key.key;
}

void submission_new_draft(Submission *s)
{
    draft_key_new(&s->key, console_descriptor(s->c));
}

void submission_restore_key(Submission *s, const char *key)
{
    draft_key_restore(&s->key, key);
}

void submission_attempt_settled(Submission *s, const char *key)
{
    /* Settled by a check: nothing is left to replay, so the next send of the
     * draft goes with a new key (a provider without keys has none to match). */
    if (!console_descriptor(s->c)->idempotency || g_strcmp0(key, s->key.key) == 0)
        s->key.state = DRAFT_KEY_SPENT;
}

static void submission_free(void *self)
{
    Submission *s = self;
    lookup_run_free(s->look);
    cJSON_Delete(s->stored_body);
    draft_key_done(&s->key);
    cJSON_Delete(s->last_body);
    g_free(s->last_base_url);
    g_free(s->last_key);
    g_free(s->sent_form);
    g_free(s);
}

static const ControllerOps SUBMISSION_OPS = {
    .name = "submission", .on_net = submission_on_net, .cancel = submission_cancel,
    .due_ms = submission_due_ms, .tick = submission_tick, .free = submission_free,
};

Submission *submission_new(Console *c)
{
    Submission *s = g_new0(Submission, 1);
    s->c = c;
    s->resending = -1;
    draft_key_new(&s->key, console_descriptor(s->c));
    return s;
}

Controller submission_controller(Submission *s)
{
    return (Controller){ &SUBMISSION_OPS, s };
}
