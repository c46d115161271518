#include "app/customers_view.h"

#include "app/console_internal.h"
#include "app/outcome.h"
#include "model/customer_list.h"
#include "model/list_page.h"
#include "model/safe_text.h"
#include "model/text.h"
#include "ui/customers_pane.h"

#include <string.h>

/* Pages are asked for this many rows before the cursor reaches the end, so
 * that scrolling down rarely meets the spinner. */
#define CUSTOMERS_AHEAD 10

typedef enum { JOB_NONE, JOB_PAGE, JOB_GET, JOB_DELETE } JobKind;

struct CustomersView {
    Console *c;
    CustomersPane *pane;      /* the console's; drawn by it */
    gssize profile;           /* whose list is loaded, or -1 */
    char *base_url;
    CustomerList *list;       /* the list being read */
    GPtrArray *items;         /* CustomerItem*, in the pane's order */
    CustomerSearch search;    /* the search under way (searching true) */
    bool searching, local;    /* local: matched over the pages loaded, not by the provider */
    bool load_all;            /* End: every page, one after the other */
    guint64 job;              /* the request in flight, or 0 */
    JobKind kind;
    long page_no;             /* the page in flight or failed, from 1 */
    gint64 started_us, shown_us;
    gssize target;            /* the item a GET or DELETE is about */
    char *target_id, *target_email;
};

static bool deleting(CustomersView *v);

/* The profile whose list this is (until it is opened, the one open): an
 * answer that comes after another profile opened is still filed under it. */
static const Profile *profile_of(const CustomersView *v)
{
    return v->profile >= 0 ? &v->c->profiles.items[v->profile] : console_profile(v->c);
}

static const Descriptor *descriptor_of(const CustomersView *v)
{
    return provider_set_find(&v->c->providers, profile_of(v)->provider);
}

static CustomerItem *item_at(const CustomersView *v, gssize i)
{
    return i >= 0 && (guint)i < v->items->len ? v->items->pdata[i] : NULL;
}

static void item_free(gpointer p)
{
    customer_item_done(p);
    g_free(p);
}

/* Outside text, one line, escaped; "" for NULL (g_free). */
static char *shown(const char *text)
{
    return safe_text(text ? text : "", text ? strlen(text) : 0);
}

/* ---- requests ----------------------------------------------------------------------- */

static char *base_url_now(CustomersView *v, char **err)
{
    Console *c = v->c;
    const Profile *p = profile_of(v);
    const Descriptor *d = descriptor_of(v);
    char *sb_url = c->sandbox && p->sandbox ? sandbox_base_url(c->sandbox, d->name) : NULL;
    char *base = profile_base_url(p, d, sb_url, err);
    g_free(sb_url);
    return base;
}

static guint64 submit(CustomersView *v, Request *req, JobKind kind)
{
    const Profile *p = profile_of(v);
    NetJob *job = g_new0(NetJob, 1);
    job->d = descriptor_of(v);
    job->request = *req;
    memset(req, 0, sizeof *req);
    job->token = token_flow_copy(v->c->tokens, p);
    job->limits = net_limits_default();
    if (p->timeout_s)
        job->limits.total_timeout_ms = p->timeout_s * 1000;
    v->kind = kind;
    v->started_us = g_get_monotonic_time();
    v->job = net_submit(v->c->net, job);
    return v->job;
}

static void cancel_job(CustomersView *v)
{
    if (v->job)
        net_cancel(v->c->net, v->job);
    v->job = 0;
    v->kind = JOB_NONE;
}

/* ---- the list's last row and note --------------------------------------------------- */

static const char *spinner(const CustomersView *v)
{
    static const char *const frames[] = { "⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏" };
    gint64 ms = (g_get_monotonic_time() - v->started_us) / 1000;
    return v->c->theme.utf8 ? frames[(ms / 100) % 10] : "...";
}

static void show_loading(CustomersView *v)
{
    char *text = g_strdup_printf("%s loading page %ld%s · Esc cancels", spinner(v), v->page_no,
                                 v->load_all ? " (End: all of them)" : "");
    customers_pane_set_tail(v->pane, CUSTOMERS_TAIL_LOADING, text);
    g_free(text);
    v->shown_us = g_get_monotonic_time();
}

/* What a search over the pages loaded covered: it says so, and how to
 * cover the rest. */
static void show_note(CustomersView *v)
{
    if (!v->searching || !v->local) {
        customers_pane_set_note(v->pane, NULL);
        return;
    }
    char *read = list_grouped(customer_list_items_read(v->list));
    char *note = customer_list_done(v->list)
                     ? g_strdup_printf("searched all %s customers (%s does not search itself)", read,
                                       descriptor_of(v)->title)
                     : g_strdup_printf("searched the %s loaded so far; End loads the rest", read);
    customers_pane_set_note(v->pane, note);
    g_free(note), g_free(read);
}

/* ---- pages ---------------------------------------------------------------------------- */

static void request_page(CustomersView *v)
{
    Request req;
    if (v->job || !v->list || !customer_list_next(v->list, &req))
        return;
    v->page_no = customer_list_pages_read(v->list) + 1;
    submit(v, &req, JOB_PAGE);
    show_loading(v);
}

/* The next page when the cursor nears the end (or End asked for all). */
static void maybe_more(CustomersView *v)
{
    if (!v->list || v->job || customer_list_done(v->list) ||
        customers_pane_tail(v->pane) == CUSTOMERS_TAIL_FAILED)
        return;
    if (v->searching && v->local && !v->load_all)
        return; /* a search over the pages loaded reads no more by itself: End does */
    if (v->load_all || customers_pane_left_below(v->pane) < CUSTOMERS_AHEAD)
        request_page(v);
}

/* An ISO 8601 time as its day (the column is narrow); anything else as it is. */
static char *day_of(const char *created)
{
    bool iso = created && strlen(created) >= 10 && created[4] == '-' && created[7] == '-';
    return iso ? g_strndup(created, 10) : g_strdup(created);
}

static void add_items(CustomersView *v, CustomerPage *page)
{
    for (size_t i = 0; i < page->n; i++) {
        CustomerItem *it = g_new(CustomerItem, 1);
        *it = page->items[i];
        memset(&page->items[i], 0, sizeof page->items[i]); /* the view's now */
        g_ptr_array_add(v->items, it);
        char *day = day_of(it->created);
        customers_pane_add(v->pane, &(CustomerRow){ it->name, it->email, it->id, day, it->status });
        g_free(day);
    }
}

static void page_failed(CustomersView *v, const char *why)
{
    v->load_all = false;
    char *text = g_strdup_printf("r or Enter here tries again · %s", why);
    customers_pane_set_tail(v->pane, CUSTOMERS_TAIL_FAILED, text);
    console_status(v->c, "page failed", TONE_BAD, why);
    g_free(text);
}

static void on_page(CustomersView *v, const NetResult *r)
{
    CustomerPage page;
    console_note_quota(v->c, (size_t)v->profile, r);
    bool ok = customer_list_feed(v->list, r->status, r->raw_body, r->raw_len, r->error, &page);
    if (ok) {
        add_items(v, &page);
        if (v->load_all) /* End: the cursor follows to the last row as they come */
            customers_pane_to_end(v->pane);
        bool end = customer_list_done(v->list);
        customers_pane_set_tail(v->pane, end ? CUSTOMERS_TAIL_END : CUSTOMERS_TAIL_MORE, NULL);
        if (end)
            v->load_all = false;
        show_note(v);
        if (page.error) /* read, but the list stops early (a repeat, max_pages): not the whole of it */
            console_status(v->c, "list stopped", TONE_WARN, page.error);
    } else {
        page_failed(v, page.error ? page.error : "the page failed");
    }
    customer_page_done(&page);
    if (ok)
        maybe_more(v);
}

static void retry(CustomersView *v)
{
    if (customers_pane_tail(v->pane) != CUSTOMERS_TAIL_FAILED || v->job)
        return;
    request_page(v); /* the same page again: the list did not move on */
}

/* Keeps LOCAL's search matching over the items as they come. */
static bool keeps(void *ctx, size_t index)
{
    CustomersView *v = ctx;
    return customer_search_matches(&v->search, item_at(v, (gssize)index));
}

static char *title_for(CustomersView *v)
{
    const Profile *p = profile_of(v);
    char *name = shown(p->name);
    char *searched = v->searching && !v->local ? shown(v->search.said) : NULL;
    char *title = g_strdup_printf("Customers · %s%s%s%s", name, p->live ? " · LIVE" : "", searched ? " · " : "",
                                  searched ? searched : "");
    g_free(name), g_free(searched);
    return title;
}

/* The list again from its first page (with the provider's search, if any). */
static void start_list(CustomersView *v)
{
    cancel_job(v);
    customer_list_free(v->list);
    v->list = NULL;
    g_ptr_array_set_size(v->items, 0);
    v->load_all = false;
    char *title = title_for(v), *err = NULL;
    customers_pane_reset(v->pane, title);
    customers_pane_filter(v->pane, v->searching && v->local ? keeps : NULL, v);
    g_free(title);
    v->list = customer_list_new(descriptor_of(v), v->base_url, v->searching && !v->local ? &v->search : NULL, &err);
    if (!v->list) {
        customers_pane_set_tail(v->pane, CUSTOMERS_TAIL_END, NULL);
        console_status(v->c, "no list", TONE_BAD, err);
        g_free(err);
        return;
    }
    show_note(v);
    request_page(v);
}

/* ---- opening ---------------------------------------------------------------------------- */

static void show_view(CustomersView *v)
{
    Console *c = v->c;
    c->show_customers = true;
    c->show_record = false;
    c->show_help = false;
    console_focus(c, customers_pane_base(v->pane));
    console_relayout(c);
}

/* Once the profile's token is there: the list (of this profile) from page 1. */
static void open_with_token(void *ctx)
{
    CustomersView *v = ctx;
    cancel_job(v); /* another profile's page or record: not this one's */
    v->profile = (gssize)v->c->profile;
    char *err = NULL, *base = base_url_now(v, &err);
    if (!base) {
        console_status(v->c, "no list", TONE_BAD, err);
        customer_list_free(v->list);
        v->list = NULL;
        g_free(err);
        return;
    }
    g_free(v->base_url);
    v->base_url = base;
    if (v->searching)
        customer_search_done(&v->search);
    v->searching = false;
    show_view(v);
    start_list(v);
    char *msg = g_strdup_printf("on %s%s", descriptor_of(v)->title,
                                customer_list_newest_first(descriptor_of(v)) ? ", newest first" : "");
    console_status(v->c, "customers", TONE_NORMAL, msg);
    g_free(msg);
}

void customers_view_open(CustomersView *v)
{
    Console *c = v->c;
    if (!customer_list_can_list(console_descriptor(c))) {
        char *msg = g_strdup_printf("%s lists no customers: its descriptor has no list endpoint",
                                    console_descriptor(c)->title);
        console_status(c, "no list", TONE_BAD, msg);
        g_free(msg);
        return;
    }
    if (!console_net_ready(c, NET_RESUME_CUSTOMERS)) /* it opens by itself once the module is there */
        return;
    if (v->profile == (gssize)c->profile && v->list) { /* as it was left */
        show_view(v);
        return;
    }
    if (deleting(v)) /* another profile's list waits for it */
        return;
    token_flow_need(c->tokens, open_with_token, v);
}

bool customers_view_shown(const CustomersView *v) { return v->c->show_customers; }

bool customers_view_deleting(const CustomersView *v) { return v->job && v->kind == JOB_DELETE; }

void customers_view_close(CustomersView *v)
{
    Console *c = v->c;
    c->show_customers = false;
    v->load_all = false;
    if (v->job && v->kind != JOB_DELETE) { /* nobody is waiting for it now; a delete's outcome is */
        cancel_job(v);
        customers_pane_set_tail(v->pane, CUSTOMERS_TAIL_MORE, NULL);
    }
    console_focus(c, console_centre(c));
    console_relayout(c);
}

/* ---- one customer: open it fresh ------------------------------------------------------------- */

static void open_item(CustomersView *v, gssize index)
{
    Console *c = v->c;
    const Descriptor *d = descriptor_of(v);
    const CustomerItem *it = item_at(v, index);
    if (!customer_list_can_get(d)) { /* what the list said is all there is */
        char *id = shown(it->id), *title = g_strdup_printf("%s · as listed (%s has no get endpoint)", id, d->title);
        view_pane_show(c->record, title, it->item ? cJSON_Duplicate(it->item, true) : NULL, NULL, 0, NULL, NULL,
                       NULL);
        c->record_entry = -1;
        console_show_record(c, true);
        g_free(id), g_free(title);
        return;
    }
    Request req;
    char *err = NULL;
    if (!customer_get_request(d, v->base_url, it->id, &req, &err)) {
        console_status(c, "not opened", TONE_BAD, err);
        g_free(err);
        return;
    }
    cancel_job(v); /* a page in flight gives way; scrolling asks for it again */
    if (customers_pane_tail(v->pane) == CUSTOMERS_TAIL_LOADING)
        customers_pane_set_tail(v->pane, CUSTOMERS_TAIL_MORE, NULL);
    submit(v, &req, JOB_GET);
    v->target = index;
    char *id = shown(it->id), *msg = g_strdup_printf("fetching %s from %s… (Esc stops)", id, d->title);
    console_status(c, "opening", TONE_ACCENT, msg);
    g_free(id), g_free(msg);
}

static char *file_name_for(const CustomersView *v, const char *id)
{
    char *stem = g_strdup_printf("%s-%s", descriptor_of(v)->name, id ? id : "customer");
    char *name = text_file_name(stem, ".json");
    g_free(stem);
    return name;
}

static void on_get(CustomersView *v, const NetResult *r)
{
    Console *c = v->c;
    CustomerAnswer a;
    customer_answer_read(descriptor_of(v), CUSTOMER_GET, r->status, r->raw_body, r->raw_len, r->error, &a);
    const CustomerItem *it = item_at(v, v->target);
    char *id = shown(it ? it->id : NULL), *msg = shown(a.message);
    if (a.verdict == CUSTOMER_DONE) {
        char *title = g_strdup_printf("Customer · %s", id);
        char *said = g_strdup_printf("fresh from %s · Esc: back to the list", descriptor_of(v)->title);
        char *raw = outcome_exchange_text(r), *name = file_name_for(v, it ? it->id : NULL);
        const cJSON *doc = a.record ? a.record : r->response.document;
        view_pane_show(c->record, title, doc ? cJSON_Duplicate(doc, true) : NULL, r->raw_body, r->raw_len,
                       r->response.parse_error, raw, name);
        c->record_entry = -1;
        console_show_record(c, true);
        console_status(c, "opened", TONE_GOOD, said);
        g_free(title), g_free(said), g_free(raw), g_free(name);
    } else {
        char *line = g_strdup_printf("%s not opened: %s", id, msg);
        console_status(c, customer_verdict_name(a.verdict), TONE_BAD, line);
        log_pane_add(c->log, LOG_WARN, line);
        g_free(line);
    }
    g_free(id), g_free(msg);
    customer_answer_done(&a);
    maybe_more(v);
}

/* ---- one customer: delete or archive it ------------------------------------------------------- */

static bool archives(const CustomersView *v)
{
    return descriptor_of(v)->lookup.archived_path != NULL;
}

static void delete_now(CustomersView *v)
{
    Console *c = v->c;
    Request req;
    char *err = NULL;
    if (!customer_delete_request(descriptor_of(v), v->base_url, v->target_id, &req, &err)) {
        console_status(c, "not deleted", TONE_BAD, err);
        g_free(err);
        return;
    }
    cancel_job(v);
    if (customers_pane_tail(v->pane) == CUSTOMERS_TAIL_LOADING)
        customers_pane_set_tail(v->pane, CUSTOMERS_TAIL_MORE, NULL);
    submit(v, &req, JOB_DELETE);
    char *id = shown(v->target_id), *msg = g_strdup_printf("%s %s…", archives(v) ? "archiving" : "deleting", id);
    console_status(c, "deleting", TONE_ACCENT, msg);
    log_pane_add(c->log, LOG_INFO, msg);
    g_free(id), g_free(msg);
}

static void ask_delete(CustomersView *v, const char *typed);

/* Whether TEXT confirms a delete on LIVE: the customer's email (or, when
 * it has none, its id), typed. */
static bool confirms(const CustomersView *v, const char *text)
{
    char *typed = g_strstrip(g_strdup(text ? text : ""));
    const char *want = v->target_email && *v->target_email ? v->target_email : v->target_id;
    bool ok = want && *typed && g_ascii_strcasecmp(typed, want) == 0;
    g_free(typed);
    return ok;
}

static void delete_answered(void *ctx, bool yes, const char *text)
{
    CustomersView *v = ctx;
    if (!yes)
        console_status(v->c, "customers", TONE_NORMAL, "not deleted: nothing was sent");
    else if (!profile_of(v)->live || confirms(v, text))
        delete_now(v);
    else /* a reflex "y" is not a confirmation on LIVE */
        ask_delete(v, text);
}

/* Names what a person must not get wrong: which provider, which profile,
 * which customer; on LIVE, the email is typed, not one key pressed. */
static void ask_delete(CustomersView *v, const char *typed)
{
    Console *c = v->c;
    const Profile *p = profile_of(v);
    const char *verb = archives(v) ? "Archive" : "Delete";
    char *email = shown(v->target_email ? v->target_email : "(no email)"), *id = shown(v->target_id);
    char *name = shown(p->name), *was = typed ? shown(typed) : NULL;
    char *title = g_strdup_printf("%s%s customer · %s", p->live ? "LIVE · " : "", verb, name);
    if (!p->live) {
        char *q = g_strdup_printf("%s %s (id %s)\non %s, profile %s?", verb, email, id, descriptor_of(v)->title, name);
        dialog_ask(c->dialog, title, q, DIALOG_THEN(delete_answered, v));
        g_free(q);
    } else {
        bool by_email = v->target_email && *v->target_email;
        char *again = was ? g_strdup_printf("\"%s\" does not confirm it.\n", was) : g_strdup("");
        char *q = g_strdup_printf("This %ss a REAL customer on LIVE\n%s, profile %s:\n%s (id %s).\n%s"
                                  "Type the customer's %s and Enter to %s it; Esc stops.",
                                  archives(v) ? "archive" : "delete", descriptor_of(v)->title, name, email, id,
                                  again, by_email ? "email" : "id", archives(v) ? "archive" : "delete");
        dialog_ask_text(c->dialog, title, q, "", DIALOG_THEN(delete_answered, v));
        g_free(q), g_free(again);
    }
    dialog_place(c->dialog, LINES, COLS);
    console_relayout(c);
    g_free(email), g_free(id), g_free(name), g_free(was), g_free(title);
}

static void start_delete(CustomersView *v, gssize index)
{
    const CustomerItem *it = item_at(v, index);
    if (!customer_list_can_delete(descriptor_of(v))) {
        char *msg = g_strdup_printf("%s deletes no customers: its descriptor has no delete endpoint",
                                    descriptor_of(v)->title);
        console_status(v->c, "not deleted", TONE_BAD, msg);
        g_free(msg);
        return;
    }
    g_free(v->target_id), g_free(v->target_email);
    v->target = index;
    v->target_id = g_strdup(it->id);
    v->target_email = g_strdup(it->email);
    ask_delete(v, NULL);
}

/* What a delete's answer means, said as for creates: done, not done, or
 * not known (then R shows what the provider holds). */
static void say_deleted(CustomersView *v, const CustomerAnswer *a)
{
    Console *c = v->c;
    char *id = shown(v->target_id), *email = shown(v->target_email), *msg = shown(a->message);
    const char *done = a->archived || archives(v) ? "archived" : "deleted";
    /* Done, the answer's message names the customer again: the provider is said instead. */
    char *line = a->verdict == CUSTOMER_DONE ? g_strdup_printf("%s %s (%s) on %s", done, email, id,
                                                               descriptor_of(v)->title)
                 : a->verdict == CUSTOMER_UNKNOWN
                     ? g_strdup_printf("%s (%s) may or may not be %s: %s. R refreshes the list to see", email, id,
                                       done, msg)
                     : g_strdup_printf("%s (%s) not %s: %s", email, id, done, msg);
    Tone tone = a->verdict == CUSTOMER_DONE ? TONE_GOOD : a->verdict == CUSTOMER_UNKNOWN ? TONE_WARN : TONE_BAD;
    const char *state = a->verdict == CUSTOMER_DONE ? done : a->verdict == CUSTOMER_UNKNOWN ? "unknown" : "not deleted";
    console_status(c, state, tone, line);
    log_pane_add(c->log, a->verdict == CUSTOMER_DONE ? LOG_INFO : LOG_WARN, line);
    if (a->verdict == CUSTOMER_DONE)
        customers_pane_set_status(v->pane, (size_t)v->target, done);
    g_free(id), g_free(email), g_free(msg), g_free(line);
}

static void on_delete(CustomersView *v, const NetResult *r)
{
    CustomerAnswer a;
    customer_answer_read(descriptor_of(v), CUSTOMER_DELETE, r->status, r->raw_body, r->raw_len, r->error, &a);
    history_list_record_delete(v->c->history, &(Deleted){ r, &a, (size_t)v->profile, v->base_url, v->target_id,
                                                          v->target_email });
    say_deleted(v, &a);
    customer_answer_done(&a);
    maybe_more(v);
}

/* ---- a search ------------------------------------------------------------------------------- */

static void search(CustomersView *v, const char *text)
{
    char *typed = g_strstrip(g_strdup(text)), *err = NULL;
    bool was_provider = v->searching && !v->local;
    if (v->searching)
        customer_search_done(&v->search);
    v->searching = false;
    if (!*typed) { /* an empty search shows everything again */
        if (was_provider)
            start_list(v);
        customers_pane_filter(v->pane, NULL, NULL);
        show_note(v);
        g_free(typed);
        return;
    }
    if (!customer_search_init(&v->search, descriptor_of(v), typed, &err)) {
        console_status(v->c, "not searched", TONE_BAD, err);
        if (was_provider) /* the provider's search is dropped with it: the whole list */
            start_list(v);
        g_free(err), g_free(typed);
        return;
    }
    v->searching = true;
    v->local = !customer_search_server_side(&v->search);
    char *said = shown(v->search.said), *msg = g_strdup_printf("%s: %s", v->local ? "searched the pages loaded"
                                                                                   : "the provider searches", said);
    console_status(v->c, "search", TONE_NORMAL, msg);
    g_free(said), g_free(msg), g_free(typed);
    if (v->local || was_provider) { /* the provider's list, whole, under a local search */
        if (was_provider)
            start_list(v);
        customers_pane_filter(v->pane, v->local ? keeps : NULL, v);
        show_note(v);
        maybe_more(v);
    } else {
        start_list(v);
    }
}

/* ---- keys ------------------------------------------------------------------------------------ */

/* A delete's answer is awaited: nothing else goes until it has come. */
static bool deleting(CustomersView *v)
{
    if (!customers_view_deleting(v))
        return false;
    console_status(v->c, "deleting", TONE_WARN, "a delete is in flight: its answer first");
    return true;
}

Action customers_view_act(CustomersView *v, Action a)
{
    gssize at = customers_pane_selected(v->pane);
    if (a == ACT_OPEN || a == ACT_RETRY || a == ACT_REFRESH || a == ACT_BOTTOM || a == ACT_SEARCH ||
        a == ACT_REMOVE)
        if (deleting(v))
            return ACT_HANDLED;
    switch (a) {
    case ACT_OPEN:
        if (at < 0)
            retry(v);
        else
            open_item(v, at);
        return ACT_HANDLED;
    case ACT_RETRY: retry(v); return ACT_HANDLED;
    case ACT_REFRESH: start_list(v); return ACT_HANDLED;
    case ACT_BOTTOM: v->load_all = !customer_list_done(v->list); maybe_more(v); return ACT_HANDLED;
    case ACT_SEARCH: search(v, customers_pane_search_text(v->pane)); return ACT_HANDLED;
    case ACT_REMOVE:
        if (at >= 0)
            start_delete(v, at);
        return ACT_HANDLED;
    default: return a;
    }
}

void customers_view_after_key(CustomersView *v)
{
    maybe_more(v);
}

/* ---- the controller ------------------------------------------------------------------------------ */

static bool customers_on_net(void *self, NetMessage *m)
{
    CustomersView *v = self;
    if (!v->job || m->job_id != v->job)
        return false;
    if (m->kind != NET_MSG_DONE)
        return m->kind != NET_MSG_LOG;
    JobKind kind = v->kind;
    v->job = 0;
    v->kind = JOB_NONE;
    if (kind == JOB_PAGE)
        on_page(v, m->result);
    else if (kind == JOB_GET)
        on_get(v, m->result);
    else if (kind == JOB_DELETE)
        on_delete(v, m->result);
    return true;
}

/* Esc: a page (or an open) in flight stops; a search over the
 * list is dropped; else nothing here (the console closes the view). */
static bool customers_cancel(void *self)
{
    CustomersView *v = self;
    if (v->job && v->kind == JOB_DELETE)
        return false; /* its outcome must be known: it goes on (quit asks) */
    if (v->job && v->kind == JOB_PAGE) {
        CustomerPage page; /* the page is said to be cancelled, and r asks for it again */
        long no = v->page_no;
        cancel_job(v);
        customer_list_feed(v->list, 0, NULL, 0, "cancelled", &page);
        customer_page_done(&page);
        char *why = g_strdup_printf("page %ld cancelled", no);
        page_failed(v, why);
        console_status(v->c, "cancelled", TONE_WARN, why);
        g_free(why);
        return true;
    }
    if (v->job) {
        cancel_job(v);
        console_status(v->c, "cancelled", TONE_WARN, "stopped fetching the customer");
        return true;
    }
    if (v->c->show_customers && v->searching && v->c->focus == customers_pane_base(v->pane) &&
        !v->c->show_record) {
        search(v, "");
        console_status(v->c, "customers", TONE_NORMAL, "the search is dropped: the whole list again");
        return true;
    }
    return false;
}

static int customers_due_ms(void *self)
{
    CustomersView *v = self;
    if (!v->job || v->kind != JOB_PAGE)
        return -1;
    gint64 left_ms = 100 - (g_get_monotonic_time() - v->shown_us) / 1000;
    return (int)MAX(0, left_ms);
}

static void customers_tick(void *self)
{
    show_loading(self);
}

static void customers_free(void *self)
{
    CustomersView *v = self;
    cancel_job(v);
    customer_list_free(v->list);
    if (v->searching)
        customer_search_done(&v->search);
    g_ptr_array_free(v->items, TRUE);
    g_free(v->base_url), g_free(v->target_id), g_free(v->target_email);
    g_free(v);
}

static const ControllerOps CUSTOMERS_OPS = {
    .name = "customers", .on_net = customers_on_net, .cancel = customers_cancel,
    .due_ms = customers_due_ms, .tick = customers_tick, .free = customers_free,
};

CustomersView *customers_view_new(Console *c)
{
    CustomersView *v = g_new0(CustomersView, 1);
    v->c = c;
    v->pane = c->customers_pane;
    v->profile = -1;
    v->target = -1;
    v->items = g_ptr_array_new_with_free_func(item_free);
    return v;
}

Controller customers_view_controller(CustomersView *v)
{
    return (Controller){ &CUSTOMERS_OPS, v };
}
