#include "model/list_page.h"

#include "model/jsonpath.h"

#include <glib.h>
#include <string.h>

void list_pager_init(ListPager *p, const LookupSpec *l)
{
    memset(p, 0, sizeof *p);
    p->position = l->paging == PAGING_OFFSET ? 0 : l->first_page;
}

void list_pager_done(ListPager *p)
{
    g_free(p->last_ids);
    memset(p, 0, sizeof *p);
}

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

char *list_pager_url(const ListPager *p, const LookupSpec *l, const char *base_url, const char *const *params)
{
    char *joined = url_join(base_url, l->path);
    GString *url = g_string_new(joined);
    g_free(joined);
    for (size_t i = 0; params && params[i] && params[i + 1]; i += 2)
        add_param(url, params[i], params[i + 1]);
    if (l->paging == PAGING_OFFSET)
        add_param_number(url, l->limit_param, l->limit);
    if (l->paging != PAGING_NONE)
        add_param_number(url, l->page_param, p->position);
    return g_string_free(url, FALSE);
}

/* The ids of a page, to notice the same page sent again. An id as the
 * JSON it is (a number is an id too); an item without one counts whole, so
 * pages of different customers never look alike. */
static char *page_ids(const LookupSpec *l, const cJSON *items)
{
    GString *ids = g_string_new(NULL);
    const cJSON *each;
    cJSON_ArrayForEach(each, items) {
        const cJSON *id = l->id ? jsonpath_get(each, l->id) : NULL;
        char *text = cJSON_PrintUnformatted(id ? id : each);
        g_string_append_printf(ids, "%s\n", text ? text : "?");
        cJSON_free(text);
    }
    return g_string_free(ids, FALSE);
}

static bool is_last_page(const ListPager *p, const LookupSpec *l, const cJSON *doc, long n)
{
    if (l->paging == PAGING_NONE || n == 0)
        return true;
    if (l->paging == PAGING_OFFSET) {
        const cJSON *more = l->more ? jsonpath_get(doc, l->more) : NULL;
        return cJSON_IsBool(more) ? cJSON_IsFalse(more) : n < l->limit;
    }
    return l->limit > 0 ? n < l->limit : n < p->largest_page;
}

ListPageEnd list_pager_advance(ListPager *p, const LookupSpec *l, const cJSON *doc, const cJSON *items)
{
    long n = cJSON_GetArraySize(items);
    char *ids = page_ids(l, items);
    bool same = n > 0 && p->last_ids && strcmp(ids, p->last_ids) == 0;
    g_free(p->last_ids);
    p->last_ids = ids;
    p->pages_read++;
    if (same) /* its items were counted the first time */
        return LIST_PAGE_REPEATED;
    p->items_read += n;
    p->largest_page = MAX(p->largest_page, n);
    if (is_last_page(p, l, doc, n))
        return LIST_PAGE_LAST;
    p->position += l->paging == PAGING_OFFSET ? n : 1;
    return LIST_PAGE_MORE;
}

void list_request(const Descriptor *d, const char *method, char *url, Request *out)
{
    memset(out, 0, sizeof *out);
    out->method = g_strdup(method);
    out->url = url;
    out->headers = g_new0(RequestHeader, d->n_auth_headers + 1);
    out->headers[out->n_headers++] = (RequestHeader){ g_strdup("Accept"), g_strdup("application/json"), false };
    for (size_t i = 0; i < d->n_auth_headers; i++)
        out->headers[out->n_headers++] =
            (RequestHeader){ g_strdup(d->auth_headers[i].name), g_strdup(d->auth_headers[i].value), false };
}

char *list_grouped(long n)
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
