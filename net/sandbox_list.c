/* A provider's list endpoint in the sandbox: newest or oldest first (or as
 * lookup.newest asks), filtered by email and lookup.search's parameters
 * (unless told to ignore filters, as some providers do),
 * paged in the style its descriptor's lookup reads (none, page, offset). */
#include "net/sandbox_engine.h"

#include "model/jsonpath.h"

#include <string.h>

typedef struct {
    long start, size;        /* the window of matches shown */
    long page, limit, offset;
} Window;

static long query_number(const SbRequest *req, const char *name, long fallback)
{
    const char *s = name ? sb_query(req, name) : NULL;
    return s ? (long)g_ascii_strtoll(s, NULL, 10) : fallback;
}

static bool bad_paging(const SbProvider *p, SbReply *reply)
{
    const LookupSpec *l = &p->d->lookup;
    SbVars v = { 0 };
    sb_vars_text(&v, "limit_param", l->limit_param ? l->limit_param : "limit");
    sb_vars_text(&v, "param", l->page_param ? l->page_param : "offset");
    sb_vars_number(&v, "max", (double)p->spec->max_page_size);
    char *msg = sb_message(p, "bad_paging", "{limit_param} must be 1 to {max} and {param} 0 or more.", &v);
    sb_reply_error(p, reply, 400, 400, "bad_paging", msg, NULL);
    g_free(msg);
    sb_vars_done(&v);
    return false;
}

static bool read_window(const SbProvider *p, const SbRequest *req, Window *w, SbReply *reply)
{
    const LookupSpec *l = &p->d->lookup;
    w->limit = query_number(req, l->limit_param, p->spec->page_size);
    if (l->limit_param && (w->limit < 1 || w->limit > p->spec->max_page_size))
        return bad_paging(p, reply);
    if (l->paging == PAGING_OFFSET) {
        w->offset = query_number(req, l->page_param, 0);
        if (w->offset < 0)
            return bad_paging(p, reply);
        w->start = w->offset, w->size = w->limit;
    } else if (l->paging == PAGING_PAGE) {
        w->page = MAX(l->first_page, query_number(req, l->page_param, l->first_page));
        /* ?page=9223372036854775807 is a page past every customer, not an overflow. */
        if (__builtin_sub_overflow(w->page, l->first_page, &w->start) ||
            __builtin_mul_overflow(w->start, w->limit, &w->start))
            w->start = G_MAXLONG;
        w->size = w->limit;
    } else {
        w->start = 0, w->size = G_MAXLONG;
    }
    return true;
}

/* Where an item's email sits, for ?email=: the lookup's, else the email field's. */
static char *match_path(const SbProvider *p)
{
    if (p->d->lookup.match)
        return g_strdup(p->d->lookup.match);
    const Field *f = descriptor_field(p->d, descriptor_email_field(p->d) ? descriptor_email_field(p->d) : "");
    const char *to = f ? sb_record_path(p->spec, f) : NULL;
    return to ? g_strdup(to) : NULL;
}

/* The filters a request asks for: the email (lookup.filter) and any
 * lookup.search parameter, as item path and value pairs. */
typedef struct {
    char *paths[9];
    const char *values[9];
    size_t n;
} Filters;

static void read_filters(const SbProvider *p, const SbRequest *req, Filters *f)
{
    const LookupSpec *l = &p->d->lookup;
    const char *email = sb_query(req, l->filter ? l->filter : "email");
    char *path = email ? match_path(p) : NULL;
    if (path)
        f->paths[f->n] = path, f->values[f->n++] = email;
    for (size_t i = 0; i < l->n_search && f->n < G_N_ELEMENTS(f->paths); i++) {
        const char *v = sb_query(req, l->search[i].param);
        if (v)
            f->paths[f->n] = g_strdup(l->search[i].path), f->values[f->n++] = v;
    }
}

static bool passes(const Filters *f, const cJSON *rec)
{
    for (size_t i = 0; i < f->n; i++) {
        const char *v = jsonpath_string(rec, f->paths[i]);
        if (!v || g_ascii_strcasecmp(v, f->values[i]) != 0)
            return false;
    }
    return true;
}

/* Newest first: the spec's order, or the documented sort when asked for. */
static bool newest_first(const SbProvider *p, const SbRequest *req)
{
    const LookupSpec *l = &p->d->lookup;
    const char *sort = l->newest_param ? sb_query(req, l->newest_param) : NULL;
    return p->spec->list_newest_first || (sort && strcmp(sort, l->newest_value) == 0);
}

/* Where a window starts: with no filter, the START-th record, reached from
 * the nearer end (*SKIPPED counts those passed); with one, the first, since
 * only reading them tells which match. */
static GList *first_link(SbProvider *p, const Filters *f, bool newest, const Window *w, long *skipped)
{
    guint n = p->store.order.length;
    *skipped = 0;
    if (f->n || w->start <= 0)
        return newest ? p->store.order.tail : p->store.order.head;
    if ((guint)w->start >= n)
        return *skipped = (long)n, NULL;
    *skipped = w->start;
    return g_queue_peek_nth_link(&p->store.order, newest ? n - 1 - (guint)w->start : (guint)w->start);
}

static cJSON *collect(SbProvider *p, const Filters *f, bool newest, const Window *w, long *total)
{
    cJSON *items = cJSON_CreateArray();
    g_mutex_lock(&p->store.lock);
    GList *from = first_link(p, f, newest, w, total);
    for (GList *l = from; l; l = newest ? l->prev : l->next) {
        if (!f->n && *total - w->start >= w->size) {
            *total = (long)p->store.order.length; /* the rest, counted without reading it */
            break;
        }
        if (f->n && !passes(f, l->data))
            continue;
        if (*total >= w->start && *total - w->start < w->size)
            cJSON_AddItemToArray(items, sb_record_item(p->spec, l->data));
        (*total)++;
    }
    g_mutex_unlock(&p->store.lock);
    return items;
}

void sb_list(SbProvider *p, const SbRequest *req, SbReply *reply)
{
    Window w = { 0 };
    if (!read_window(p, req, &w, reply))
        return;
    Filters f = { 0 };
    if (!p->opt->ignore_filters)
        read_filters(p, req, &f);
    long total = 0;
    cJSON *items = collect(p, &f, newest_first(p, req), &w, &total);
    for (size_t i = 0; i < f.n; i++)
        g_free(f.paths[i]);
    SbVars v = { 0 };
    sb_vars_take(&v, "items", items);
    sb_vars_number(&v, "total", (double)total);
    sb_vars_number(&v, "page", (double)w.page);
    sb_vars_number(&v, "limit", (double)w.limit);
    sb_vars_number(&v, "offset", (double)w.offset);
    /* total - start, not start + size: an offset near the largest long must not overflow. */
    sb_vars_take(&v, "has_more", cJSON_CreateBool(w.size != G_MAXLONG && total - w.start > w.size));
    sb_reply_json(reply, 200, sb_fill(p->spec->list_envelope, &v, "items"));
    sb_vars_done(&v);
}
