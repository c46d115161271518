#include "app/form_lookup.h"

#include "app/console_internal.h"
#include "model/customer_list.h"
#include "model/safe_text.h"

#include <string.h>

struct FormLookup {
    Console *c;
    CustomerList *list;       /* the look-up under way, or NULL */
    CustomerSearch search;
    bool has_search;          /* SEARCH holds one */
    guint64 job;              /* its page in flight, or 0 */
    long found;
    char *first;              /* the first match, as the log says it */
};

/* Outside text, one line, escaped; "" for NULL (g_free). */
static char *shown(const char *text)
{
    return safe_text(text ? text : "", text ? strlen(text) : 0);
}

static void finish(FormLookup *f)
{
    if (f->job)
        net_cancel(f->c->net, f->job);
    f->job = 0;
    customer_list_free(f->list);
    f->list = NULL;
    if (f->has_search)
        customer_search_done(&f->search);
    f->has_search = false;
}

static void say_found(FormLookup *f)
{
    const Descriptor *d = console_descriptor(f->c);
    char *said = shown(f->search.said), *title = shown(d->title);
    char *msg = f->found == 1 ? g_strdup_printf("on %s with %s: %s", title, said, f->first)
                : f->found ? g_strdup_printf("%ld customers on %s with %s (in the log): first %s", f->found, title,
                                             said, f->first)
                           : g_strdup_printf("no customer on %s with %s (read %ld)", title, said,
                                             customer_list_items_read(f->list));
    log_pane_add(f->c->log, LOG_INFO, msg);
    console_status(f->c, "looked up", f->found ? TONE_WARN : TONE_GOOD, msg);
    /* in place, under the email looked up, until it is edited */
    form_pane_set_field_note(f->c->form, descriptor_email_field(d), msg);
    g_free(msg), g_free(said), g_free(title);
}

/* The next page, or what was found once there is none. */
static void next_page(FormLookup *f)
{
    Request req;
    if (!customer_list_next(f->list, &req)) {
        say_found(f);
        finish(f);
        return;
    }
    const Profile *p = console_profile(f->c);
    NetJob *job = g_new0(NetJob, 1);
    job->d = console_descriptor(f->c);
    job->request = req;
    job->token = token_flow_copy(f->c->tokens, p);
    job->limits = net_limits_default();
    if (p->timeout_s)
        job->limits.total_timeout_ms = p->timeout_s * 1000;
    f->job = net_submit(f->c->net, job);
}

static void with_token(void *ctx)
{
    FormLookup *f = ctx;
    Console *c = f->c;
    const Profile *p = console_profile(c);
    const Descriptor *d = console_descriptor(c);
    char *err = NULL, *sb_url = c->sandbox && p->sandbox ? sandbox_base_url(c->sandbox, d->name) : NULL;
    char *base = profile_base_url(p, d, sb_url, &err);
    f->list = base && f->has_search ? customer_list_new(d, base, &f->search, &err) : NULL;
    g_free(base), g_free(sb_url);
    if (!f->list) {
        console_status(c, "not looked up", TONE_BAD, err ? err : "nothing to look up");
        g_free(err);
        finish(f);
        return;
    }
    f->found = 0;
    char *said = shown(f->search.said);
    char *msg = g_strdup_printf("looking up %s on %s… (Esc stops; keep typing)", said, d->title);
    console_status(c, "looking", TONE_ACCENT, msg);
    g_free(said), g_free(msg);
    next_page(f);
}

/* The email the form holds, trimmed (g_free); "" when it has none. */
static char *form_email(Console *c)
{
    const char *field = descriptor_email_field(console_descriptor(c));
    Values vals;
    values_init(&vals);
    form_pane_values(c->form, &vals);
    const char *email = field ? values_get(&vals, field, NULL) : NULL;
    char *typed = g_strstrip(g_strdup(email ? email : ""));
    values_done(&vals);
    return typed;
}

void form_lookup_start(FormLookup *f)
{
    Console *c = f->c;
    const Descriptor *d = console_descriptor(c);
    char *typed = form_email(c), *err = NULL;
    if (f->list || f->has_search) {
        console_status(c, "busy", TONE_WARN, "a look-up is under way: Esc stops it");
    } else if (!customer_list_can_list(d)) {
        console_status(c, "no list", TONE_BAD, "this provider lists no customers: its descriptor has no list");
    } else if (!*typed) {
        console_status(c, "editing", TONE_NORMAL, "type an email first: Ctrl-F looks it up on the provider");
    } else if (console_net_ready(c, NET_RESUME_LOOKUP)) { /* else it goes on once the module is there */
        f->has_search = customer_search_init(&f->search, d, typed, &err);
        if (f->has_search) /* the list itself once the token is there */
            token_flow_need(c->tokens, with_token, f);
        else
            console_status(c, "not looked up", TONE_BAD, err);
    }
    g_free(err), g_free(typed);
}

static void on_page(FormLookup *f, const NetResult *r)
{
    CustomerPage page;
    bool ok = customer_list_feed(f->list, r->status, r->raw_body, r->raw_len, r->error, &page);
    for (size_t i = 0; ok && i < page.n; i++) {
        const CustomerItem *it = &page.items[i];
        char *name = shown(it->name), *email = shown(it->email), *id = shown(it->id), *when = shown(it->created);
        char *match = g_strdup_printf("%s <%s> id %s%s%s", name, email, id, *when ? ", created " : "", when);
        char *line = g_strdup_printf("on the provider: %s", match);
        log_pane_add(f->c->log, LOG_WARN, line);
        if (!f->found++)
            g_free(f->first), f->first = g_strdup(match);
        g_free(name), g_free(email), g_free(id), g_free(when), g_free(line), g_free(match);
    }
    if (!ok) {
        char *why = shown(page.error), *msg = g_strdup_printf("look-up stopped: %s", why);
        log_pane_add(f->c->log, LOG_WARN, msg);
        console_status(f->c, "not looked up", TONE_BAD, msg);
        g_free(why), g_free(msg);
        finish(f);
    }
    customer_page_done(&page);
    if (f->list)
        next_page(f);
}

static bool lookup_on_net(void *self, NetMessage *m)
{
    FormLookup *f = self;
    if (!f->job || m->job_id != f->job)
        return false;
    if (m->kind == NET_MSG_DONE) {
        f->job = 0;
        on_page(f, m->result);
    }
    return m->kind != NET_MSG_LOG;
}

static bool lookup_cancel(void *self)
{
    FormLookup *f = self;
    if (!f->list)
        return false;
    finish(f);
    console_status(f->c, "editing", TONE_NORMAL, "look-up stopped");
    return true;
}

static void lookup_free(void *self)
{
    FormLookup *f = self;
    finish(f);
    g_free(f->first);
    g_free(f);
}

static const ControllerOps LOOKUP_OPS = {
    .name = "form lookup", .on_net = lookup_on_net, .cancel = lookup_cancel, .free = lookup_free,
};

FormLookup *form_lookup_new(Console *c)
{
    FormLookup *f = g_new0(FormLookup, 1);
    f->c = c;
    return f;
}

Controller form_lookup_controller(FormLookup *f)
{
    return (Controller){ &LOOKUP_OPS, f };
}
