#include "model/lookup.h"

#include "model/jsonpath.h"
#include "model/list_page.h"
#include "model/url_shape.h"

#include <glib.h>
#include <string.h>

struct LookupScan {
    const Descriptor *d;
    char *base_url, *email;
    char **exact_values;      /* per d->lookup.exact: the body's value, or NULL */
    size_t exact_next;        /* the next exact GET to try */
    bool in_exact;            /* the last GET was an exact one */
    bool listing;             /* the list is being read */
    ListPager pager;
    bool done;
    LookupVerdict verdict;
    char *why;
    char *id;
    cJSON *record;
};

const char *lookup_verdict_name(LookupVerdict v)
{
    static const char *const names[] = { "created", "not created", "cannot tell" };
    return names[v];
}

static char *value_text(const cJSON *node)
{
    if (cJSON_IsString(node))
        return *node->valuestring ? g_strdup(node->valuestring) : NULL;
    return cJSON_IsNumber(node) ? cJSON_PrintUnformatted(node) : NULL;
}

LookupScan *lookup_scan_new(const Descriptor *d, const char *base_url, const char *email, const cJSON *body,
                            char **err)
{
    if (!d->lookup.path) {
        *err = g_strdup_printf("%s has no lookup in its descriptor: check on the provider's own site", d->title);
        return NULL;
    }
    LookupScan *s = g_new0(LookupScan, 1);
    s->d = d;
    s->base_url = g_strdup(base_url);
    s->email = g_strdup(email ? email : "");
    s->exact_values = g_new0(char *, d->lookup.n_exact + 1);
    for (size_t i = 0; i < d->lookup.n_exact; i++)
        s->exact_values[i] = value_text(jsonpath_get(body, d->lookup.exact[i].field));
    list_pager_init(&s->pager, &d->lookup);
    return s;
}

void lookup_scan_free(LookupScan *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->d->lookup.n_exact; i++)
        g_free(s->exact_values[i]);
    g_free(s->exact_values);
    list_pager_done(&s->pager);
    g_free(s->base_url), g_free(s->email), g_free(s->why), g_free(s->id);
    cJSON_Delete(s->record);
    g_free(s);
}

/* ---- the requests ---------------------------------------------------------- */

/* The exact lookup I's URL, or NULL when its value cannot be a path segment. */
static char *exact_url(const LookupScan *s, size_t i)
{
    char *path = url_shape_fill_segment(s->d->lookup.exact[i].path, "{value}", s->exact_values[i]);
    char *url = path ? url_join(s->base_url, path) : NULL;
    g_free(path);
    return url;
}

static char *list_url(const LookupScan *s)
{
    const char *filter[] = { s->d->lookup.filter, s->email, NULL };
    return list_pager_url(&s->pager, &s->d->lookup, s->base_url, s->d->lookup.filter ? filter : NULL);
}

bool lookup_scan_next(LookupScan *s, Request *out)
{
    if (s->done)
        return false;
    char *url = NULL; /* a value that cannot be a segment ("..") is found through the list */
    while (s->exact_next < s->d->lookup.n_exact && !(url = exact_url(s, s->exact_next)))
        s->exact_next++;
    s->in_exact = url != NULL;
    if (s->in_exact) {
        s->exact_next++;
        list_request(s->d, "GET", url, out);
        return true;
    }
    s->listing = true;
    list_request(s->d, "GET", list_url(s), out);
    return true;
}

/* ---- the answers ------------------------------------------------------------- */

static void finish(LookupScan *s, LookupVerdict v, char *why)
{
    s->done = true;
    s->verdict = v;
    g_free(s->why);
    s->why = why;
}

static bool matches(const LookupScan *s, const cJSON *item)
{
    const char *e = jsonpath_string(item, s->d->lookup.match);
    return e && g_ascii_strcasecmp(e, s->email) == 0;
}

static void found(LookupScan *s, const cJSON *item)
{
    const char *id = jsonpath_string(item, s->d->lookup.id);
    s->id = id ? g_strdup(id) : NULL;
    s->record = cJSON_Duplicate(item, true);
    finish(s, LOOKUP_FOUND, NULL);
}

static void feed_exact(LookupScan *s, int status, const char *body, size_t len)
{
    const LookupExact *e = &s->d->lookup.exact[s->exact_next - 1];
    if (status == 404) {
        finish(s, LOOKUP_ABSENT, g_strdup_printf("no customer has %s %s (the provider answered 404)", e->field,
                                                 s->exact_values[s->exact_next - 1]));
        return;
    }
    cJSON *doc = status >= 200 && status <= 299 ? cJSON_ParseWithLength(body, len) : NULL;
    const cJSON *record = jsonpath_get(doc, e->record);
    if (cJSON_IsObject(record) && matches(s, record))
        found(s, record);
    /* Anything else (another customer's, an error) says nothing for sure:
     * the list is read next. */
    cJSON_Delete(doc);
}

static void advance(LookupScan *s, const cJSON *doc, const cJSON *items)
{
    ListPageEnd end = list_pager_advance(&s->pager, &s->d->lookup, doc, items);
    if (s->done)
        return;
    if (end == LIST_PAGE_REPEATED)
        finish(s, LOOKUP_CANNOT_TELL, g_strdup("the provider sent the same page twice: it may ignore paging"));
    else if (end == LIST_PAGE_LAST)
        finish(s, LOOKUP_ABSENT, NULL);
    else if (s->pager.pages_read >= s->d->lookup.max_pages)
        finish(s, LOOKUP_CANNOT_TELL, g_strdup_printf("stopped at %ld pages, the most its descriptor allows",
                                                      s->d->lookup.max_pages));
}

static void feed_page(LookupScan *s, int status, const char *body, size_t len)
{
    cJSON *doc = cJSON_ParseWithLength(body, len);
    const cJSON *items = jsonpath_get(doc, s->d->lookup.items), *each;
    if (!cJSON_IsArray(items)) {
        finish(s, LOOKUP_CANNOT_TELL,
               g_strdup_printf("page %ld holds no list of customers", s->pager.pages_read + 1));
        cJSON_Delete(doc);
        return;
    }
    (void)status;
    cJSON_ArrayForEach(each, items) {
        if (!s->done && matches(s, each))
            found(s, each);
    }
    advance(s, doc, items);
    cJSON_Delete(doc);
}

void lookup_scan_feed(LookupScan *s, int status, const char *body, size_t len, const char *error)
{
    if (s->done)
        return;
    if (s->in_exact) {
        feed_exact(s, status, body, len);
        return;
    }
    if (status < 200 || status > 299) {
        char *why = status ? g_strdup_printf("page %ld failed: the provider answered %d", s->pager.pages_read + 1,
                                             status)
                           : g_strdup_printf("page %ld got no answer (%s)", s->pager.pages_read + 1,
                                             error ? error : "the connection failed");
        finish(s, LOOKUP_CANNOT_TELL, why);
        return;
    }
    feed_page(s, status, body ? body : "", body ? len : 0);
}

void lookup_scan_stop(LookupScan *s, const char *why)
{
    if (!s->done)
        finish(s, LOOKUP_CANNOT_TELL, g_strdup(why));
}

bool lookup_scan_done(const LookupScan *s)
{
    return s->done;
}

static char *what_was_read(const LookupScan *s)
{
    if (!s->listing)
        return NULL;
    const ListPager *p = &s->pager;
    char *count = list_grouped(p->items_read);
    char *text = g_strdup_printf("read %ld page%s, %s customer%s", p->pages_read, p->pages_read == 1 ? "" : "s",
                                 count, p->items_read == 1 ? "" : "s");
    g_free(count);
    return text;
}

LookupVerdict lookup_scan_verdict(const LookupScan *s, char **id, cJSON **record, char **said)
{
    char *read = what_was_read(s);
    if (read && s->why)
        *said = g_strdup_printf("%s; %s", s->why, read);
    else
        *said = g_strdup(s->why ? s->why : read ? read : "");
    g_free(read);
    if (s->verdict == LOOKUP_FOUND) {
        *id = g_strdup(s->id);
        *record = s->record ? cJSON_Duplicate(s->record, true) : NULL;
    }
    return s->verdict;
}

char *lookup_scan_progress(const LookupScan *s)
{
    if (!s->listing)
        return g_strdup("asking for the exact customer");
    char *count = list_grouped(s->pager.items_read);
    char *text = g_strdup_printf("page %ld · %s customers read", s->pager.pages_read + 1, count);
    g_free(count);
    return text;
}
