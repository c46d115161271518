#include "model/lookup.h"

#include "model/jsonpath.h"

#include <glib.h>
#include <string.h>

struct LookupScan {
    const Descriptor *d;
    char *base_url, *email;
    char **exact_values;      /* per d->lookup.exact: the body's value, or NULL */
    size_t exact_next;        /* the next exact GET to try */
    bool in_exact;            /* the last GET was an exact one */
    bool listing;             /* the list is being read */
    long position;            /* PAGE: the next page; OFFSET: the next offset */
    long pages_read, items_read, largest_page;
    char *last_page_ids;      /* to notice a provider that ignores paging */
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
    s->position = d->lookup.paging == PAGING_OFFSET ? 0 : d->lookup.first_page;
    return s;
}

void lookup_scan_free(LookupScan *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->d->lookup.n_exact; i++)
        g_free(s->exact_values[i]);
    g_free(s->exact_values);
    g_free(s->base_url), g_free(s->email), g_free(s->last_page_ids), g_free(s->why), g_free(s->id);
    cJSON_Delete(s->record);
    g_free(s);
}

/* ---- the requests ---------------------------------------------------------- */

static void add_param(GString *url, const char *name, const char *value)
{
    char *escaped = g_uri_escape_string(value, NULL, FALSE);
    g_string_append_printf(url, "%c%s=%s", strchr(url->str, '?') ? '&' : '?', name, escaped);
    g_free(escaped);
}

static void add_param_number(GString *url, const char *name, long value)
{
    char text[32];
    g_snprintf(text, sizeof text, "%ld", value);
    add_param(url, name, text);
}

static void make_get(const LookupScan *s, GString *url, Request *out)
{
    const Descriptor *d = s->d;
    memset(out, 0, sizeof *out);
    out->method = g_strdup("GET");
    out->url = g_string_free(url, FALSE);
    out->headers = g_new0(RequestHeader, d->n_auth_headers + 1);
    out->headers[out->n_headers++] = (RequestHeader){ g_strdup("Accept"), g_strdup("application/json"), false };
    for (size_t i = 0; i < d->n_auth_headers; i++)
        out->headers[out->n_headers++] =
            (RequestHeader){ g_strdup(d->auth_headers[i].name), g_strdup(d->auth_headers[i].value), false };
}

static GString *exact_url(const LookupScan *s, size_t i)
{
    char *escaped = g_uri_escape_string(s->exact_values[i], NULL, FALSE);
    gchar **parts = g_strsplit(s->d->lookup.exact[i].path, "{value}", -1);
    char *path = g_strjoinv(escaped, parts);
    char *url = url_join(s->base_url, path);
    g_strfreev(parts);
    g_free(path), g_free(escaped);
    GString *out = g_string_new(url);
    g_free(url);
    return out;
}

static GString *list_url(const LookupScan *s)
{
    const LookupSpec *l = &s->d->lookup;
    char *joined = url_join(s->base_url, l->path);
    GString *url = g_string_new(joined);
    g_free(joined);
    if (l->filter)
        add_param(url, l->filter, s->email);
    if (l->paging == PAGING_OFFSET)
        add_param_number(url, l->limit_param, l->limit);
    if (l->paging != PAGING_NONE)
        add_param_number(url, l->page_param, s->position);
    return url;
}

bool lookup_scan_next(LookupScan *s, Request *out)
{
    if (s->done)
        return false;
    while (s->exact_next < s->d->lookup.n_exact && !s->exact_values[s->exact_next])
        s->exact_next++;
    s->in_exact = s->exact_next < s->d->lookup.n_exact;
    if (s->in_exact) {
        make_get(s, exact_url(s, s->exact_next++), out);
        return true;
    }
    s->listing = true;
    make_get(s, list_url(s), out);
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

/* The ids of a page, to notice the same page sent again. */
static char *page_ids(const LookupScan *s, const cJSON *items)
{
    GString *ids = g_string_new(NULL);
    const cJSON *each;
    cJSON_ArrayForEach(each, items) {
        const char *id = jsonpath_string(each, s->d->lookup.id);
        g_string_append_printf(ids, "%s\n", id ? id : "?");
    }
    return g_string_free(ids, FALSE);
}

/* Whether ITEMS ends the list; DOC is the whole page. */
static bool is_last_page(const LookupScan *s, const cJSON *doc, long n)
{
    const LookupSpec *l = &s->d->lookup;
    if (l->paging == PAGING_NONE || n == 0)
        return true;
    if (l->paging == PAGING_OFFSET) {
        const cJSON *more = l->more ? jsonpath_get(doc, l->more) : NULL;
        return cJSON_IsBool(more) ? cJSON_IsFalse(more) : n < l->limit;
    }
    return l->limit > 0 ? n < l->limit : n < s->largest_page;
}

static void advance(LookupScan *s, const cJSON *doc, const cJSON *items, long n)
{
    const LookupSpec *l = &s->d->lookup;
    char *ids = page_ids(s, items);
    bool same = n > 0 && s->last_page_ids && strcmp(ids, s->last_page_ids) == 0;
    g_free(s->last_page_ids);
    s->last_page_ids = ids;
    s->largest_page = MAX(s->largest_page, n);
    if (same)
        finish(s, LOOKUP_CANNOT_TELL, g_strdup("the provider sent the same page twice: it may ignore paging"));
    else if (is_last_page(s, doc, n))
        finish(s, LOOKUP_ABSENT, NULL);
    else if (s->pages_read >= l->max_pages)
        finish(s, LOOKUP_CANNOT_TELL, g_strdup_printf("stopped at %ld pages, the most its descriptor allows",
                                                      l->max_pages));
    else
        s->position += l->paging == PAGING_OFFSET ? n : 1;
}

static void feed_page(LookupScan *s, int status, const char *body, size_t len)
{
    cJSON *doc = cJSON_ParseWithLength(body, len);
    const cJSON *items = jsonpath_get(doc, s->d->lookup.items), *each;
    if (!cJSON_IsArray(items)) {
        finish(s, LOOKUP_CANNOT_TELL, g_strdup_printf("page %ld holds no list of customers", s->pages_read + 1));
        cJSON_Delete(doc);
        return;
    }
    (void)status;
    long n = 0;
    cJSON_ArrayForEach(each, items) {
        n++;
        if (!s->done && matches(s, each))
            found(s, each);
    }
    s->pages_read++;
    s->items_read += n;
    if (!s->done)
        advance(s, doc, items, n);
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
        char *why = status ? g_strdup_printf("page %ld failed: the provider answered %d", s->pages_read + 1, status)
                           : g_strdup_printf("page %ld got no answer (%s)", s->pages_read + 1,
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

/* 1400 → "1,400": a count a person reads at a glance. */
static char *grouped(long n)
{
    char *digits = g_strdup_printf("%ld", n);
    GString *out = g_string_new(NULL);
    size_t len = strlen(digits);
    for (size_t i = 0; i < len; i++) {
        if (i && (len - i) % 3 == 0)
            g_string_append_c(out, ',');
        g_string_append_c(out, digits[i]);
    }
    g_free(digits);
    return g_string_free(out, FALSE);
}

static char *what_was_read(const LookupScan *s)
{
    if (!s->listing)
        return NULL;
    char *count = grouped(s->items_read);
    char *text = g_strdup_printf("read %ld page%s, %s customer%s", s->pages_read, s->pages_read == 1 ? "" : "s", count,
                                 s->items_read == 1 ? "" : "s");
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
    char *count = grouped(s->items_read);
    char *text = g_strdup_printf("page %ld · %s customers read", s->pages_read + 1, count);
    g_free(count);
    return text;
}
