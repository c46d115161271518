#include "app/history_list.h"

#include "app/console_internal.h"
#include "app/history_store.h"
#include "app/lookup_run.h"
#include "model/history.h"
#include "model/jsonpath.h"
#include "model/text.h"

#include <string.h>

#define HISTORY_SHOWN 500
/* A check takes at most this long, whatever the number of pages. */
#define CHECK_TIMEOUT_MS (120 * 1000)

struct HistoryList {
    Console *c;
    GArray *customers;       /* Customer, in list order */
    HistoryStore store;
    GPtrArray *unwritten;    /* HistoryEntry* the disk refused, tried again later */
    bool disk_trouble_said;
    LookupRun *check;        /* the check under way (F8, c), or NULL */
    gssize checking;         /* the customer being checked, or -1 */
};

static gssize profile_index(const Console *c, const char *name)
{
    for (size_t i = 0; name && i < c->profiles.count; i++)
        if (strcmp(c->profiles.items[i].name, name) == 0)
            return (gssize)i;
    return -1;
}

static void customer_clear(Customer *cu)
{
    char *strings[] = { cu->label, cu->raw, cu->why, cu->exchange, cu->file_name, cu->entry, cu->id,
                        cu->email, cu->base_url, cu->idempotency_key, cu->time };
    for (size_t i = 0; i < G_N_ELEMENTS(strings); i++)
        g_free(strings[i]);
    cJSON_Delete(cu->doc);
    cJSON_Delete(cu->request);
    memset(cu, 0, sizeof *cu);
}

static Customer *at(const HistoryList *h, size_t index)
{
    return &g_array_index(h->customers, Customer, index);
}

const Customer *history_list_get(const HistoryList *h, size_t index)
{
    return at(h, index);
}

const char *history_list_dir(const HistoryList *h)
{
    return h->store.dir;
}

static bool unknown(Outcome o)
{
    return o == OUTCOME_UNKNOWN || o == OUTCOME_SERVER_ERROR;
}

/* Created, but its answer could not be read: no id, and its record can be
 * fetched from the provider as an unknown one is checked. */
static bool unread(const Customer *cu)
{
    return cu->outcome == OUTCOME_CREATED && !cu->id;
}

/* A create whose outcome is not known yet (a delete's never is one to check). */
static bool unsettled(const Customer *cu)
{
    return !cu->deletion && unknown(cu->outcome);
}

static bool checkable(const Customer *cu)
{
    return unsettled(cu) || (!cu->deletion && unread(cu));
}

static const char *customer_outcome(const Customer *cu)
{
    return cu->deletion ? cu->deletion : outcome_name(cu->outcome);
}

static ListMark mark_of(Outcome o)
{
    return o == OUTCOME_CREATED ? LIST_MARK_GOOD : unknown(o) ? LIST_MARK_UNSURE : LIST_MARK_BAD;
}

/* The entry's label from what was sent (the provider's summary fields, name
 * then email), so a run and the next one read alike; else its email or id. */
static char *entry_label(const Descriptor *d, const cJSON *request, const char *email, const char *id)
{
    GString *s = g_string_new(NULL);
    for (size_t i = 0; d && request && d->summary && d->summary[i]; i++) {
        const cJSON *v = jsonpath_get(request, d->summary[i]);
        char *text = cJSON_IsString(v) ? g_strstrip(g_strdup(v->valuestring)) : NULL;
        if (text && *text)
            g_string_append_printf(s, "%s%s", s->len ? " · " : "", text);
        g_free(text);
    }
    if (!s->len)
        g_string_append(s, email ? email : id ? id : "(no email)");
    return g_string_free(s, FALSE);
}

/* ---- writing ------------------------------------------------------------------ */

/* Writes what waits, oldest first; says once, plainly, when the disk refuses. */
static bool flush_unwritten(HistoryList *h)
{
    while (h->unwritten->len) {
        char *why = NULL;
        if (!history_append(&h->store, h->unwritten->pdata[0], &why)) {
            if (!h->disk_trouble_said) {
                char *msg = g_strdup_printf("history not saved: %s. custty keeps it in memory and tries again "
                                            "with the next entry; nothing typed is lost.", why);
                log_pane_add(h->c->log, LOG_ERROR, msg);
                g_free(msg);
                h->disk_trouble_said = true;
            }
            g_free(why);
            return false;
        }
        history_entry_done(h->unwritten->pdata[0]);
        g_free(h->unwritten->pdata[0]);
        g_ptr_array_remove_index(h->unwritten, 0);
    }
    if (h->disk_trouble_said)
        log_pane_add(h->c->log, LOG_INFO, "history: written again; the disk trouble is over");
    h->disk_trouble_said = false;
    return true;
}

static void append_entry(HistoryList *h, HistoryEntry *e)
{
    HistoryEntry *copy = g_new0(HistoryEntry, 1);
    *copy = *e;
    memset(e, 0, sizeof *e);
    g_ptr_array_add(h->unwritten, copy);
    flush_unwritten(h);
}

static Customer customer_from_entry(const HistoryEntry *e, const Descriptor *d, size_t profile)
{
    Customer cu = { 0 };
    cu.label = entry_label(d, e->request, e->email, e->id);
    cu.doc = e->response && !cJSON_IsString(e->response) ? cJSON_Duplicate(e->response, true) : NULL;
    cu.raw = e->response && cJSON_IsString(e->response) ? g_strdup(e->response->valuestring) : NULL;
    char *stem = g_strdup_printf("%s-%s", e->provider ? e->provider : "record", e->id ? e->id : "entry");
    cu.file_name = text_file_name(stem, ".json"); /* the history file is outside bytes too */
    g_free(stem);
    cu.profile = profile;
    cu.entry = g_strdup(e->entry);
    cu.outcome = e->outcome;
    cu.id = g_strdup(e->id);
    cu.email = g_strdup(e->email);
    cu.base_url = g_strdup(e->base_url);
    cu.idempotency_key = g_strdup(e->idempotency_key);
    cu.time = g_strdup(e->time);
    cu.request = e->request ? cJSON_Duplicate(e->request, true) : NULL;
    return cu;
}

bool history_list_unwritten(const HistoryList *h)
{
    return h->unwritten->len > 0;
}

size_t history_list_record(HistoryList *h, const Submitted *s)
{
    return history_list_record_on(h, h->c->profile, s);
}

size_t history_list_record_on(HistoryList *h, size_t profile, const Submitted *s)
{
    Console *c = h->c;
    const Profile *p = &c->profiles.items[profile];
    const Descriptor *d = provider_set_find(&c->providers, p->provider);
    const NetResult *r = s->result;
    HistoryEntry e;
    history_entry_from_result(&e, p->name, d, s->base_url, s->body, s->key, r);
    Customer cu = customer_from_entry(&e, d, profile);
    cu.exchange = s->exchange;
    if (r->response.record) { /* the viewer opens on the record itself */
        cJSON_Delete(cu.doc);
        cu.doc = cJSON_Duplicate(r->response.record, true);
    }
    append_entry(h, &e); /* fsync'ed before the console says anything */
    g_array_append_val(h->customers, cu);
    return list_pane_add_customer(c->list, profile, cu.label, r->response.id, outcome_name(r->outcome),
                                  mark_of(r->outcome));
}

void history_list_record_delete(HistoryList *h, const Deleted *del)
{
    Console *c = h->c;
    const Profile *p = &c->profiles.items[del->profile];
    const Descriptor *d = provider_set_find(&c->providers, p->provider);
    HistoryEntry e;
    history_entry_from_delete(&e, p->name, d, del->base_url, del->id, del->email, del->answer, del->result);
    Customer cu = customer_from_entry(&e, d, del->profile);
    cu.deletion = history_entry_outcome_label(&e); /* listed as a load lists it: never checked or sent again */
    Outcome o = e.outcome;
    append_entry(h, &e); /* fsync'ed before the console says anything */
    g_array_append_val(h->customers, cu);
    list_pane_add_customer(c->list, del->profile, cu.label, del->id, customer_outcome(&cu), mark_of(o));
}

/* ---- reading ---------------------------------------------------------------------- */

static gssize customer_by_entry(const HistoryList *h, const char *entry)
{
    for (guint i = 0; entry && i < h->customers->len; i++)
        if (g_strcmp0(at(h, i)->entry, entry) == 0)
            return (gssize)i;
    return -1;
}

static void settle(HistoryList *h, size_t index, Outcome outcome, const char *id, const cJSON *record)
{
    Customer *cu = at(h, index);
    cu->outcome = outcome;
    if (id) {
        g_free(cu->id);
        cu->id = g_strdup(id);
    }
    if (record) {
        cJSON_Delete(cu->doc);
        cu->doc = cJSON_Duplicate(record, true);
    }
    list_pane_set_outcome(h->c->list, index, outcome_name(outcome), mark_of(outcome));
}

void history_list_settle_created(HistoryList *h, size_t index)
{
    settle(h, index, OUTCOME_CREATED, NULL, NULL);
}

void history_list_load(HistoryList *h)
{
    Console *c = h->c;
    GString *notes = g_string_new(NULL);
    GPtrArray *entries = history_read_tail(&h->store, HISTORY_SHOWN, notes);
    for (guint i = 0; i < entries->len; i++) {
        HistoryEntry *e = entries->pdata[i];
        gssize earlier = customer_by_entry(h, e->resolves), p = profile_index(c, e->profile);
        if (earlier >= 0) {
            settle(h, (size_t)earlier, e->outcome, e->id, e->response);
        } else if (p >= 0 && !e->resolves) {
            const Descriptor *d = provider_set_find(&c->providers, c->profiles.items[p].provider);
            Customer cu = customer_from_entry(e, d, (size_t)p);
            cu.deletion = history_entry_is_create(e) ? NULL : history_entry_outcome_label(e);
            g_array_append_val(h->customers, cu);
            list_pane_add_customer_at(c->list, (size_t)p, cu.label, e->id, customer_outcome(&cu),
                                      mark_of(e->outcome), e->time);
        }
    }
    if (notes->len)
        log_pane_add(c->log, LOG_WARN, notes->str);
    if (entries->len)
        log_pane_add(c->log, LOG_INFO, "history: the list shows earlier runs too (/ filters, Enter opens, c checks an unknown one)");
    history_entries_free(entries);
    g_string_free(notes, TRUE);
}

const Customer *history_list_duplicate_of(const HistoryList *h, size_t profile, const char *email)
{
    for (guint i = h->customers->len; email && *email && i-- > 0;) {
        const Customer *cu = at(h, i);
        if (cu->profile == profile && !cu->deletion && cu->outcome == OUTCOME_CREATED && cu->email &&
            g_ascii_strcasecmp(cu->email, email) == 0)
            return cu;
    }
    return NULL;
}

const Customer *history_list_unknown_attempt(const HistoryList *h, size_t profile, const Descriptor *d,
                                             const char *key, const cJSON *masked)
{
    for (guint i = h->customers->len; i-- > 0;) {
        const Customer *cu = at(h, i);
        if (cu->profile != profile || !unsettled(cu))
            continue;
        if (d->idempotency ? g_strcmp0(cu->idempotency_key, key) == 0 : cJSON_Compare(cu->request, masked, true))
            return cu;
    }
    return NULL;
}

char *history_list_waiting(const HistoryList *h)
{
    const Console *c = h->c;
    guint *per_profile = g_new0(guint, c->profiles.count), total = 0;
    for (guint i = 0; i < h->customers->len; i++)
        if (unsettled(at(h, i)))
            per_profile[at(h, i)->profile]++, total++;
    GString *s = g_string_new(NULL);
    if (total)
        g_string_printf(s, "%u unknown outcome%s not checked yet, on ", total, total == 1 ? "" : "s");
    for (size_t p = 0, named = 0; total && p < c->profiles.count; p++)
        if (per_profile[p])
            g_string_append_printf(s, "%s%s (%u)", named++ ? ", " : "", c->profiles.items[p].name, per_profile[p]);
    g_free(per_profile);
    return total ? g_string_free(s, FALSE) : (g_string_free(s, TRUE), NULL);
}

void history_list_show(HistoryList *h, size_t index)
{
    const Customer *cu = at(h, index);
    /* Made now, not when listed: an unknown outcome settled since says so. */
    char *title = g_strdup_printf("%s · %s", cu->label, customer_outcome(cu));
    view_pane_show(h->c->record, title, cu->doc ? cJSON_Duplicate(cu->doc, true) : NULL, cu->raw,
                   cu->raw ? strlen(cu->raw) : 0, cu->why, cu->exchange, cu->file_name);
    g_free(title);
    console_show_record(h->c, true);
    h->c->record_entry = (gssize)index;
}

/* ---- settling unknown outcomes --------------------------------------------------- */

static const Descriptor *descriptor_of(const HistoryList *h, const Customer *cu)
{
    return provider_set_find(&h->c->providers, h->c->profiles.items[cu->profile].provider);
}

/* Where to ask about CU: where its profile points now, never the URL the
 * history file names (a file could send the profile's token anywhere). A
 * sandbox entry is asked of the sandbox running now. */
static char *check_base_url(const HistoryList *h, const Customer *cu, char **err)
{
    const Console *c = h->c;
    const Profile *p = &c->profiles.items[cu->profile];
    const Descriptor *d = descriptor_of(h, cu);
    char *sb_url = c->sandbox && p->sandbox ? sandbox_base_url(c->sandbox, d->name) : NULL;
    char *base = profile_base_url(p, d, sb_url, err);
    g_free(sb_url);
    if (base && p->sandbox && g_strcmp0(base, cu->base_url) != 0) {
        *err = g_strdup("it cannot be checked: the sandbox that served it has ended, and its customers with it");
        g_free(base);
        return NULL;
    }
    if (base && !p->sandbox && g_strcmp0(base, cu->base_url) != 0) {
        *err = g_strdup_printf("check by hand: it went to %s, not where %s points now (its token goes only there)",
                               cu->base_url ? cu->base_url : "a URL it did not record", p->name);
        g_free(base);
        return NULL;
    }
    return base;
}

/* Why INDEX cannot be checked now, or NULL. */
static const char *cannot_check(const HistoryList *h, const Customer *cu)
{
    if (submission_busy(h->c->submit))
        return "wait for the request in flight";
    if (h->check)
        return "a check is under way: Esc stops it";
    if (cu->profile != h->c->profile)
        return "open its profile first (Enter on the profile), then c";
    return !cu->email || !cu->base_url ? "this entry has no email to look for" : NULL;
}

void history_list_check(HistoryList *h, size_t index)
{
    Console *c = h->c;
    Customer *cu = at(h, index);
    const Descriptor *d = descriptor_of(h, cu);
    char *err = NULL;
    c->net_resume_entry = index;
    if (!console_net_ready(c, NET_RESUME_CHECK))
        return;
    if (!checkable(cu)) {
        console_status(c, customer_outcome(cu), TONE_NORMAL, "only an unknown outcome needs checking");
        return;
    }
    const char *why = cannot_check(h, cu);
    if (why) {
        console_status(c, "cannot check", TONE_WARN, why);
        return;
    }
    char *base = check_base_url(h, cu, &err);
    LookupScan *scan = base ? lookup_scan_new(d, base, cu->email, cu->request, &err) : NULL;
    g_free(base);
    if (!scan) {
        console_status(c, "cannot check", TONE_WARN, err);
        g_free(err);
        return;
    }
    char *token = token_flow_copy(c->tokens, &c->profiles.items[cu->profile]);
    h->check = lookup_run_start(c->net, d, scan, token, CHECK_TIMEOUT_MS);
    text_free_secret(token);
    h->checking = (gssize)index;
    char *msg = unread(cu) ? g_strdup_printf("fetching the record of %s from %s… (Esc stops)", cu->email, d->title)
                           : g_strdup_printf("asking %s whether %s exists… (Esc stops)", d->title, cu->email);
    console_status(c, "checking", TONE_ACCENT, msg);
    log_pane_add(c->log, LOG_INFO, msg);
    g_free(msg);
}

void history_list_check_latest(HistoryList *h)
{
    for (guint i = h->customers->len; i-- > 0;) {
        const Customer *cu = at(h, i);
        if (cu->profile == h->c->profile && checkable(cu)) {
            history_list_check(h, i);
            return;
        }
    }
    console_status(h->c, "editing", TONE_NORMAL, "no unknown outcome to check on this profile");
}

static void record_settlement(HistoryList *h, Customer *cu, Outcome outcome, const char *id, const cJSON *record,
                              const char *said)
{
    const Profile *p = &h->c->profiles.items[cu->profile];
    HistoryEntry unknown_entry = { .entry = cu->entry, .profile = p->name, .provider = p->provider,
                                   .base_url = cu->base_url, .email = cu->email };
    HistoryEntry e;
    history_entry_init(&e);
    char *message = g_strdup_printf("checked: %s (%s)", outcome == OUTCOME_CREATED ? "the provider has this customer"
                                                                                    : "the provider has no such customer", said);
    history_entry_settles(&e, &unknown_entry, outcome, id, record, message);
    g_free(message);
    append_entry(h, &e);
}

/* The form still holding the draft that turned out created is done with. */
static void clear_draft_if_it_made(HistoryList *h, const Customer *cu)
{
    Console *c = h->c;
    Values v;
    values_init(&v);
    form_pane_values(c->form, &v);
    const char *ef = descriptor_email_field(console_descriptor(c));
    const char *email = ef ? values_get(&v, ef, NULL) : NULL;
    if (cu->profile == c->profile && email && cu->email && g_ascii_strcasecmp(g_strstrip((char *)email), cu->email) == 0) {
        console_draft_done(c);
        log_pane_add(c->log, LOG_INFO, "the draft was created after all: the form is cleared");
    }
    values_done(&v);
}

static void say_verdict(HistoryList *h, const Customer *cu, LookupVerdict v, const char *id, const char *said)
{
    char *msg = v == LOOKUP_FOUND ? g_strdup_printf("%s was created (id %s); recorded as created (%s)", cu->email,
                                                    id ? id : "unknown", said)
                : v == LOOKUP_ABSENT ? g_strdup_printf("%s was not created; it is safe to send it again (%s)",
                                                       cu->email, said)
                                     : g_strdup_printf("still unknown: %s", said);
    log_pane_add(h->c->log, v == LOOKUP_CANNOT_TELL ? LOG_WARN : LOG_INFO, msg);
    console_status(h->c, v == LOOKUP_CANNOT_TELL ? "unknown" : v == LOOKUP_FOUND ? "created" : "not created",
                   v == LOOKUP_FOUND ? TONE_GOOD : v == LOOKUP_ABSENT ? TONE_NORMAL : TONE_WARN, msg);
    g_free(msg);
}

/* A created entry's record fetched (F8, c), or why not: it stays created. */
static void fetched(HistoryList *h, size_t index, LookupVerdict v, const char *id, const cJSON *record,
                    const char *said)
{
    Customer *cu = at(h, index);
    char *msg = v == LOOKUP_FOUND ? g_strdup_printf("fetched the record of %s (id %s)", cu->email, id ? id : "unknown")
                                  : g_strdup_printf("could not fetch the record of %s: %s", cu->email, said);
    if (v == LOOKUP_FOUND) {
        record_settlement(h, cu, OUTCOME_CREATED, id, record, said);
        settle(h, index, OUTCOME_CREATED, id, record);
        history_list_show(h, index);
    }
    log_pane_add(h->c->log, v == LOOKUP_FOUND ? LOG_INFO : LOG_WARN, msg);
    console_status(h->c, "created", v == LOOKUP_FOUND ? TONE_GOOD : TONE_WARN, msg);
    g_free(msg);
}

/* The verdict of the check under way, acted on and said. */
static void check_finished(HistoryList *h)
{
    gssize index = h->checking;
    char *id = NULL, *said = NULL;
    cJSON *record = NULL;
    LookupVerdict v = lookup_run_verdict(h->check, &id, &record, &said);
    lookup_run_free(h->check);
    h->check = NULL;
    h->checking = -1;
    Customer *cu = at(h, (size_t)index);
    if (unread(cu)) {
        fetched(h, (size_t)index, v, id, record, said);
    } else {
        if (v != LOOKUP_CANNOT_TELL) {
            Outcome o = v == LOOKUP_FOUND ? OUTCOME_CREATED : OUTCOME_NOT_CREATED;
            if (cu->profile == h->c->profile)
                submission_attempt_settled(h->c->submit, cu->idempotency_key);
            record_settlement(h, cu, o, id, record, said);
            settle(h, (size_t)index, o, id, record);
            if (o == OUTCOME_CREATED)
                clear_draft_if_it_made(h, cu);
        }
        say_verdict(h, cu, v, id, said);
    }
    g_free(id), g_free(said);
    cJSON_Delete(record);
}

static bool history_list_on_net(void *self, NetMessage *m)
{
    HistoryList *h = self;
    if (m->kind != NET_MSG_DONE || !lookup_run_owns(h->check, m->job_id))
        return false;
    if (h->checking >= 0)
        console_note_quota(h->c, at(h, (size_t)h->checking)->profile, m->result);
    if (!lookup_run_feed(h->check, m->result)) {
        char *progress = lookup_run_progress(h->check);
        console_status(h->c, "checking", TONE_ACCENT, progress);
        g_free(progress);
    } else {
        check_finished(h);
    }
    return true;
}

static bool history_list_cancel(void *self)
{
    HistoryList *h = self;
    if (!h->check)
        return false;
    lookup_run_cancel(h->check, "stopped with Esc before it was complete");
    check_finished(h);
    return true;
}

/* ---- sending again, and drafts like an entry ------------------------------------- */

void history_list_draft_like(HistoryList *h, size_t index)
{
    Customer *cu = at(h, index);
    const Descriptor *d = descriptor_of(h, cu);
    Values v;
    values_init(&v);
    values_from_body(&v, d, cu->request, false);
    draft_keeper_set_aside(h->c->drafts, &v); /* what the form held is not lost */
    console_open_draft(h->c, cu->profile, &v); /* with that profile's own token */
    values_done(&v);
    console_status(h->c, "editing", TONE_NORMAL, "a new draft like that entry: change what differs, F2 creates");
}

typedef struct {
    HistoryList *h;
    size_t index;
} Resend;

static void send_again(HistoryList *h, size_t index)
{
    Customer *cu = at(h, index);
    submission_send_stored(h->c->submit, (gssize)index, cu->request, cu->idempotency_key);
}

static void risk_answered(void *ctx, bool yes, const char *text)
{
    Resend *r = ctx;
    (void)text;
    if (yes)
        send_again(r->h, r->index);
}

void history_list_resend(HistoryList *h, size_t index)
{
    Console *c = h->c;
    Customer *cu = at(h, index);
    const Descriptor *d = descriptor_of(h, cu);
    if (!unsettled(cu)) {
        console_status(c, customer_outcome(cu), TONE_NORMAL, "only an unknown outcome is sent again");
        return;
    }
    if (request_has_secret_values(d, cu->request) || cu->profile != c->profile || !cu->request) {
        console_status(c, "cannot resend", TONE_WARN, cu->profile != c->profile
                       ? "open its profile first" : "its secret fields were never stored: d makes a draft of it");
        return;
    }
    /* Sent again only where it went: a profile since pointed elsewhere (a
     * sandbox environment turned live) would create it there, anew. */
    char *err = NULL, *base = c->profiles.items[cu->profile].sandbox ? NULL : check_base_url(h, cu, &err);
    g_free(base);
    if (err) {
        console_status(c, "cannot resend", TONE_WARN, err);
        g_free(err);
        return;
    }
    if (d->idempotency) {
        send_again(h, index);
        return;
    }
    Resend *r = g_new0(Resend, 1);
    *r = (Resend){ h, index };
    dialog_ask(c->dialog, "Send again?",
               "This provider has no idempotency keys: if the first one\n"
               "went through, this makes a duplicate. c checks first.\nSend again anyway?",
               (DialogThen){ risk_answered, r, g_free });
    dialog_place(c->dialog, LINES, COLS);
}

/* ---- the controller ------------------------------------------------------------------ */

static void history_list_free(void *self)
{
    HistoryList *h = self;
    lookup_run_free(h->check);
    for (guint i = 0; i < h->customers->len; i++)
        customer_clear(at(h, i));
    g_array_free(h->customers, TRUE);
    for (guint i = 0; i < h->unwritten->len; i++) {
        history_entry_done(h->unwritten->pdata[i]);
        g_free(h->unwritten->pdata[i]);
    }
    g_ptr_array_free(h->unwritten, TRUE);
    history_store_done(&h->store);
    g_free(h);
}

static const ControllerOps HISTORY_LIST_OPS = {
    .name = "history", .on_net = history_list_on_net, .cancel = history_list_cancel,
    .free = history_list_free,
};

HistoryList *history_list_new(Console *c, bool (*stop)(void))
{
    HistoryList *h = g_new0(HistoryList, 1);
    h->c = c;
    h->customers = g_array_new(FALSE, TRUE, sizeof(Customer));
    h->unwritten = g_ptr_array_new();
    h->checking = -1;
    history_store_init(&h->store, NULL);
    h->store.stop = stop;
    return h;
}

Controller history_list_controller(HistoryList *h)
{
    return (Controller){ &HISTORY_LIST_OPS, h };
}
