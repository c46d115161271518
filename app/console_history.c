/* The console's memory: the history across runs, drafts that survive a
 * crash, and unknown outcomes turned into created or not created. */
#include "app/console_internal.h"

#include "app/drafts.h"
#include "model/jsonpath.h"
#include "app/lookup_run.h"
#include "model/text.h"

#include <string.h>

#define HISTORY_SHOWN 500
#define DRAFT_DELAY_MS 1000

static gssize profile_index(const Console *c, const char *name)
{
    for (size_t i = 0; name && i < c->profiles.count; i++)
        if (strcmp(c->profiles.items[i].name, name) == 0)
            return (gssize)i;
    return -1;
}

void customer_clear(Customer *cu)
{
    char *strings[] = { cu->title, cu->raw, cu->why, cu->exchange, cu->file_name, cu->entry, cu->id,
                        cu->email, cu->base_url, cu->idempotency_key, cu->time };
    for (size_t i = 0; i < G_N_ELEMENTS(strings); i++)
        g_free(strings[i]);
    cJSON_Delete(cu->doc);
    cJSON_Delete(cu->request);
    memset(cu, 0, sizeof *cu);
}

static bool good(Outcome o)
{
    return o == OUTCOME_CREATED;
}

/* ---- writing ------------------------------------------------------------------ */

/* Writes what waits, oldest first; says once, plainly, when the disk refuses. */
static bool flush_unwritten(Console *c)
{
    while (c->unwritten->len) {
        char *why = NULL;
        if (!history_append(&c->history, c->unwritten->pdata[0], &why)) {
            if (!c->disk_trouble_said) {
                char *msg = g_strdup_printf("history not saved: %s. custty keeps it in memory and tries again "
                                            "with the next entry; nothing typed is lost.", why);
                log_pane_add(c->log, LOG_ERROR, msg);
                g_free(msg);
                c->disk_trouble_said = true;
            }
            g_free(why);
            return false;
        }
        history_entry_done(c->unwritten->pdata[0]);
        g_free(c->unwritten->pdata[0]);
        g_ptr_array_remove_index(c->unwritten, 0);
    }
    if (c->disk_trouble_said)
        log_pane_add(c->log, LOG_INFO, "history: written again; the disk trouble is over");
    c->disk_trouble_said = false;
    return true;
}

static void append_entry(Console *c, HistoryEntry *e)
{
    HistoryEntry *copy = g_new0(HistoryEntry, 1);
    *copy = *e;
    memset(e, 0, sizeof *e);
    g_ptr_array_add(c->unwritten, copy);
    flush_unwritten(c);
}

static Customer customer_from_entry(const HistoryEntry *e, size_t profile)
{
    Customer cu = { 0 };
    const char *label = e->email ? e->email : e->id ? e->id : "(no email)";
    cu.title = g_strdup_printf("%s · %s", label, outcome_name(e->outcome));
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

size_t console_record(Console *c, const NetResult *r, const char *label)
{
    const Descriptor *d = console_descriptor(c);
    const Profile *p = console_profile(c);
    HistoryEntry e;
    history_entry_init(&e);
    e.profile = g_strdup(p->name);
    e.provider = g_strdup(d->name);
    e.base_url = g_strdup(c->last_base_url);
    e.idempotency_key = d->idempotency ? g_strdup(c->key.key) : NULL;
    e.outcome = r->outcome;
    e.status = r->status;
    e.id = r->response.id ? g_strdup(r->response.id) : NULL;
    e.message = g_strdup(r->error ? r->error : r->response.message);
    e.request = c->last_body ? cJSON_Duplicate(c->last_body, true) : NULL;
    const char *ef = descriptor_email_field(d);
    const char *email = ef && e.request ? jsonpath_string(e.request, ef) : NULL;
    e.email = email ? g_strdup(email) : NULL;
    e.response = r->response.document ? cJSON_Duplicate(r->response.document, true)
                 : r->raw_len ? cJSON_CreateString(r->raw_body) : NULL;
    Customer cu = customer_from_entry(&e, c->profile);
    g_free(cu.title);
    cu.title = g_strdup_printf("%s · %s", label, outcome_name(r->outcome));
    if (r->response.record) { /* the viewer opens on the record itself */
        cJSON_Delete(cu.doc);
        cu.doc = cJSON_Duplicate(r->response.record, true);
    }
    append_entry(c, &e); /* fsync'ed before the console says anything */
    g_array_append_val(c->customers, cu);
    return list_pane_add_customer(c->list, c->profile, label, r->response.id, outcome_name(r->outcome),
                                  good(r->outcome));
}

/* ---- reading ---------------------------------------------------------------------- */

static gssize customer_by_entry(const Console *c, const char *entry)
{
    for (guint i = 0; entry && i < c->customers->len; i++)
        if (g_strcmp0(g_array_index(c->customers, Customer, i).entry, entry) == 0)
            return (gssize)i;
    return -1;
}

static void settle(Console *c, size_t index, Outcome outcome, const char *id, const cJSON *record)
{
    Customer *cu = &g_array_index(c->customers, Customer, index);
    cu->outcome = outcome;
    if (id) {
        g_free(cu->id);
        cu->id = g_strdup(id);
    }
    if (record) {
        cJSON_Delete(cu->doc);
        cu->doc = cJSON_Duplicate(record, true);
    }
    list_pane_set_outcome(c->list, index, outcome_name(outcome), good(outcome));
}

void console_history_load(Console *c)
{
    GString *notes = g_string_new(NULL);
    GPtrArray *entries = history_read_tail(&c->history, HISTORY_SHOWN, notes);
    for (guint i = 0; i < entries->len; i++) {
        HistoryEntry *e = entries->pdata[i];
        gssize earlier = customer_by_entry(c, e->resolves), p = profile_index(c, e->profile);
        if (earlier >= 0) {
            settle(c, (size_t)earlier, e->outcome, e->id, e->response);
        } else if (p >= 0 && !e->resolves) {
            Customer cu = customer_from_entry(e, (size_t)p);
            g_array_append_val(c->customers, cu);
            list_pane_add_customer_at(c->list, (size_t)p, e->email ? e->email : "(no email)", e->id,
                                      outcome_name(e->outcome), good(e->outcome), e->time);
        }
    }
    if (notes->len)
        log_pane_add(c->log, LOG_WARN, notes->str);
    if (entries->len)
        log_pane_add(c->log, LOG_INFO, "history: the list shows earlier runs too (/ filters, Enter opens, c checks an unknown one)");
    history_entries_free(entries);
    g_string_free(notes, TRUE);
}

/* ---- settling unknown outcomes --------------------------------------------------- */

static const Descriptor *descriptor_of(const Console *c, const Customer *cu)
{
    return provider_set_find(&c->providers, c->profiles.items[cu->profile].provider);
}

/* Where to ask about CU: where its profile points now, never the URL the
 * history file names (a file could send the profile's token anywhere). A
 * sandbox entry is asked of the sandbox running now. */
static char *check_base_url(const Console *c, const Customer *cu, char **err)
{
    const Profile *p = &c->profiles.items[cu->profile];
    const Descriptor *d = descriptor_of(c, cu);
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
                               cu->base_url, p->name);
        g_free(base);
        return NULL;
    }
    return base;
}

/* A check takes at most this long, whatever the number of pages. */
#define CHECK_TIMEOUT_MS (120 * 1000)

void console_check(Console *c, size_t index)
{
    Customer *cu = &g_array_index(c->customers, Customer, index);
    const Descriptor *d = descriptor_of(c, cu);
    char *err = NULL;
    if (cu->outcome != OUTCOME_UNKNOWN && cu->outcome != OUTCOME_SERVER_ERROR) {
        console_status(c, outcome_name(cu->outcome), TONE_NORMAL, "only an unknown outcome needs checking");
        return;
    }
    if (cu->profile != c->profile || c->sending || c->check || !cu->email || !cu->base_url) {
        console_status(c, "cannot check", TONE_WARN, c->sending ? "wait for the request in flight"
                       : c->check ? "a check is under way: Esc stops it"
                       : cu->profile != c->profile ? "open its profile first (Enter on the profile), then c"
                                                   : "this entry has no email to look for");
        return;
    }
    char *base = check_base_url(c, cu, &err);
    LookupScan *scan = base ? lookup_scan_new(d, base, cu->email, cu->request, &err) : NULL;
    g_free(base);
    if (!scan) {
        console_status(c, "cannot check", TONE_WARN, err);
        g_free(err);
        return;
    }
    char *token = bound_token_copy(&c->token, &c->profiles.items[cu->profile]);
    c->check = lookup_run_start(c->net, d, scan, token, CHECK_TIMEOUT_MS);
    text_free_secret(token);
    c->checking = (gssize)index;
    char *msg = g_strdup_printf("asking %s whether %s exists… (Esc stops)", d->title, cu->email);
    console_status(c, "checking", TONE_ACCENT, msg);
    log_pane_add(c->log, LOG_INFO, msg);
    g_free(msg);
}

static void record_settlement(Console *c, Customer *cu, Outcome outcome, const char *id, const cJSON *record,
                              const char *said)
{
    const Profile *p = &c->profiles.items[cu->profile];
    HistoryEntry unknown = { .entry = cu->entry, .profile = p->name, .provider = p->provider,
                             .base_url = cu->base_url, .email = cu->email };
    HistoryEntry e;
    history_entry_init(&e);
    char *message = g_strdup_printf("checked: %s (%s)", outcome == OUTCOME_CREATED ? "the provider has this customer"
                                                                                    : "the provider has no such customer", said);
    history_entry_settles(&e, &unknown, outcome, id, record, message);
    g_free(message);
    append_entry(c, &e);
}

/* The form still holding the draft that turned out created is done with. */
static void clear_draft_if_it_made(Console *c, const Customer *cu)
{
    Values v;
    values_init(&v);
    form_pane_values(c->form, &v);
    const char *ef = descriptor_email_field(console_descriptor(c));
    const char *email = ef ? values_get(&v, ef, NULL) : NULL;
    if (cu->profile == c->profile && email && cu->email && g_ascii_strcasecmp(g_strstrip((char *)email), cu->email) == 0) {
        form_pane_clear(c->form);
        console_draft_clear(c);
        console_new_draft_key(c);
        log_pane_add(c->log, LOG_INFO, "the draft was created after all: the form is cleared");
    }
    values_done(&v);
}

static void say_verdict(Console *c, const Customer *cu, LookupVerdict v, const char *id, const char *said)
{
    char *msg = v == LOOKUP_FOUND ? g_strdup_printf("%s was created (id %s); recorded as created (%s)", cu->email,
                                                    id ? id : "unknown", said)
                : v == LOOKUP_ABSENT ? g_strdup_printf("%s was not created; it is safe to send it again (%s)",
                                                       cu->email, said)
                                     : g_strdup_printf("still unknown: %s", said);
    log_pane_add(c->log, v == LOOKUP_CANNOT_TELL ? LOG_WARN : LOG_INFO, msg);
    console_status(c, v == LOOKUP_CANNOT_TELL ? "unknown" : v == LOOKUP_FOUND ? "created" : "not created",
                   v == LOOKUP_FOUND ? TONE_GOOD : v == LOOKUP_ABSENT ? TONE_NORMAL : TONE_WARN, msg);
    g_free(msg);
}

/* The verdict of the check under way, acted on and said. */
static void check_finished(Console *c)
{
    gssize index = c->checking;
    char *id = NULL, *said = NULL;
    cJSON *record = NULL;
    LookupVerdict v = lookup_run_verdict(c->check, &id, &record, &said);
    lookup_run_free(c->check);
    c->check = NULL;
    c->checking = -1;
    Customer *cu = &g_array_index(c->customers, Customer, index);
    if (v != LOOKUP_CANNOT_TELL) {
        Outcome o = v == LOOKUP_FOUND ? OUTCOME_CREATED : OUTCOME_NOT_CREATED;
        if (cu->profile == c->profile && (g_strcmp0(cu->idempotency_key, c->key.key) == 0 ||
                                          !console_descriptor(c)->idempotency))
            c->key.state = DRAFT_KEY_SPENT; /* settled: nothing left to replay */
        record_settlement(c, cu, o, id, record, said);
        settle(c, (size_t)index, o, id, record);
        if (o == OUTCOME_CREATED)
            clear_draft_if_it_made(c, cu);
    }
    say_verdict(c, cu, v, id, said);
    g_free(id), g_free(said);
    cJSON_Delete(record);
}

void console_check_step(Console *c, NetResult *r)
{
    if (!lookup_run_feed(c->check, r)) {
        char *progress = lookup_run_progress(c->check);
        console_status(c, "checking", TONE_ACCENT, progress);
        g_free(progress);
        return;
    }
    check_finished(c);
}

void console_check_cancel(Console *c)
{
    lookup_run_cancel(c->check, "stopped with Esc before it was complete");
    check_finished(c);
}

/* ---- sending again, and drafts like an entry ------------------------------------- */

static bool has_masked_secret(const Descriptor *d, const cJSON *request)
{
    for (size_t i = 0; d && i < d->n_fields; i++)
        if (d->fields[i].secret && jsonpath_get(request, d->fields[i].name))
            return true;
    return false;
}

void console_draft_like(Console *c, size_t index)
{
    Customer *cu = &g_array_index(c->customers, Customer, index);
    const Descriptor *d = descriptor_of(c, cu);
    Values v;
    values_init(&v);
    for (size_t i = 0; cu->request && i < d->n_fields; i++) {
        const cJSON *node = jsonpath_get(cu->request, d->fields[i].name);
        char *text = cJSON_IsString(node) ? g_strdup(node->valuestring) : node ? cJSON_PrintUnformatted(node) : NULL;
        if (text && !d->fields[i].secret)
            values_set(&v, d->fields[i].name, text, strlen(text));
        g_free(text);
    }
    console_draft_tick(c, true); /* the draft we leave is kept */
    form_pane_load(c->form, d, &v);
    values_done(&v);
    console_use_profile(c, cu->profile); /* and with it that profile's own token */
    console_show_record(c, false);
    console_status(c, "editing", TONE_NORMAL, "a new draft like that entry: change what differs, F2 creates");
}

void console_resend(Console *c, size_t index, bool risk_accepted)
{
    Customer *cu = &g_array_index(c->customers, Customer, index);
    const Descriptor *d = descriptor_of(c, cu);
    if (cu->outcome != OUTCOME_UNKNOWN && cu->outcome != OUTCOME_SERVER_ERROR) {
        console_status(c, outcome_name(cu->outcome), TONE_NORMAL, "only an unknown outcome is sent again");
        return;
    }
    if (has_masked_secret(d, cu->request) || cu->profile != c->profile || !cu->request) {
        console_status(c, "cannot resend", TONE_WARN, cu->profile != c->profile
                       ? "open its profile first" : "its secret fields were never stored: d makes a draft of it");
        return;
    }
    if (!d->idempotency && !risk_accepted) {
        c->resending = (gssize)index;
        dialog_ask(c->dialog, ASK_RESEND_RISK, "Send again?",
                   "This provider has no idempotency keys: if the first one\n"
                   "went through, this makes a duplicate. c checks first.\nSend again anyway?");
        dialog_place(c->dialog, LINES, COLS);
        return;
    }
    draft_key_restore(&c->key, cu->idempotency_key); /* that entry's key, for that entry's body */
    c->resending = (gssize)index;
    console_send_body(c, cu->request);
}

/* ---- drafts ------------------------------------------------------------------------- */

static void save_draft(Console *c)
{
    Values v;
    values_init(&v);
    form_pane_values(c->form, &v);
    char *why = NULL;
    if (!draft_save(c->history.dir, console_profile(c)->name, console_descriptor(c), &v, c->key.key, &why) &&
        !c->disk_trouble_said) {
        log_pane_add(c->log, LOG_ERROR, why);
        c->disk_trouble_said = true;
    }
    g_free(why);
    values_done(&v);
    c->saved_edits = form_pane_edits(c->form);
    c->saved_moves = form_pane_moves(c->form);
    c->draft_due = 0;
}

int console_draft_tick(Console *c, bool now)
{
    unsigned edits = form_pane_edits(c->form), moves = form_pane_moves(c->form);
    if (edits == c->saved_edits && moves == c->saved_moves)
        return -1;
    if (edits != c->seen_edits) { /* a keystroke: save a second after the last one */
        c->seen_edits = edits;
        c->draft_due = g_get_monotonic_time() + DRAFT_DELAY_MS * 1000;
    }
    if (now || moves != c->saved_moves || g_get_monotonic_time() >= c->draft_due) {
        save_draft(c);
        return -1;
    }
    return (int)((c->draft_due - g_get_monotonic_time()) / 1000) + 1;
}

void console_draft_restore(Console *c)
{
    Draft draft;
    char *why = NULL;
    if (!draft_load(c->history.dir, console_profile(c)->name, console_descriptor(c), &draft, &why)) {
        if (why)
            log_pane_add(c->log, LOG_WARN, why);
        g_free(why);
        draft_done(&draft);
        return;
    }
    form_pane_load(c->form, console_descriptor(c), &draft.values);
    if (draft.idempotency_key) {
        draft_key_restore(&c->key, draft.idempotency_key); /* the history says how it went */
    }
    GTimeZone *utc = g_time_zone_new_utc();
    GDateTime *at = draft.saved_at ? g_date_time_new_from_iso8601(draft.saved_at, utc) : NULL;
    GDateTime *local = at ? g_date_time_to_local(at) : NULL;
    char *when = local ? g_date_time_format(local, "%d %b %H:%M:%S") : g_strdup("earlier");
    char *msg = g_strdup_printf("restored the draft saved %s%s%s", when,
                                draft.omitted ? "; secret fields are never saved: re-enter " : "",
                                draft.omitted ? draft.omitted : "");
    g_free(when);
    if (local)
        g_date_time_unref(local);
    if (at)
        g_date_time_unref(at);
    g_time_zone_unref(utc);
    log_pane_add(c->log, LOG_WARN, msg);
    console_status(c, "draft restored", TONE_WARN, msg);
    g_free(msg);
    c->saved_edits = c->seen_edits = form_pane_edits(c->form);
    c->saved_moves = form_pane_moves(c->form);
    draft_done(&draft);
}

void console_draft_clear(Console *c)
{
    draft_clear(c->history.dir, console_profile(c)->name);
    c->saved_edits = c->seen_edits = form_pane_edits(c->form);
    c->saved_moves = form_pane_moves(c->form);
    c->draft_due = 0;
}

gssize console_duplicate_of(const Console *c, const char *email)
{
    for (guint i = c->customers->len; email && *email && i-- > 0;) {
        const Customer *cu = &g_array_index(c->customers, Customer, i);
        if (cu->profile == c->profile && cu->outcome == OUTCOME_CREATED && cu->email &&
            g_ascii_strcasecmp(cu->email, email) == 0)
            return (gssize)i;
    }
    return -1;
}
