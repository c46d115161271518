#include "model/customer_list.h"

#include "model/jsonpath.h"
#include "model/list_page.h"
#include "model/url_shape.h"
#include "model/response.h"

#include <glib.h>
#include <string.h>

struct CustomerList {
    const Descriptor *d;
    char *base_url;
    CustomerSearch search;   /* a copy; all NULL without one */
    ListPager pager;
    bool done;
};

/* ---- items ------------------------------------------------------------------ */

static char *scalar_at(const cJSON *item, const char *path)
{
    const cJSON *node = path ? jsonpath_get(item, path) : NULL;
    if (cJSON_IsString(node))
        return g_strdup(node->valuestring);
    return cJSON_IsNumber(node) ? cJSON_PrintUnformatted(node) : NULL;
}

void customer_item_read(const Descriptor *d, const cJSON *item, CustomerItem *out)
{
    const LookupSpec *l = &d->lookup;
    out->name = scalar_at(item, l->name);
    out->email = scalar_at(item, l->match);
    out->id = scalar_at(item, l->id ? l->id : d->id_path);
    out->created = scalar_at(item, l->created);
    out->status = scalar_at(item, l->status);
    out->item = cJSON_Duplicate(item, true);
}

void customer_item_done(CustomerItem *c)
{
    g_free(c->name), g_free(c->email), g_free(c->id), g_free(c->created), g_free(c->status);
    cJSON_Delete(c->item);
    memset(c, 0, sizeof *c);
}

static void add_text(cJSON *obj, const char *key, const char *text)
{
    cJSON_AddItemToObject(obj, key, text ? cJSON_CreateString(text) : cJSON_CreateNull());
}

cJSON *customer_item_json(const CustomerItem *c)
{
    cJSON *obj = cJSON_CreateObject();
    add_text(obj, "id", c->id);
    add_text(obj, "email", c->email);
    add_text(obj, "name", c->name);
    add_text(obj, "created", c->created);
    add_text(obj, "status", c->status);
    cJSON_AddItemToObject(obj, "item", c->item ? cJSON_Duplicate(c->item, true) : cJSON_CreateNull());
    return obj;
}

/* ---- search ----------------------------------------------------------------- */

/* The item path and server-side parameter of KEY ("email", "id", a
 * lookup.search path or parameter). False when D knows no such key. */
static bool search_key(const Descriptor *d, const char *key, const char **path, const char **param)
{
    const LookupSpec *l = &d->lookup;
    *param = NULL;
    if (strcmp(key, "email") == 0) {
        *path = l->match, *param = l->filter;
        return l->match != NULL;
    }
    if (strcmp(key, "id") == 0) {
        *path = l->id;
        return l->id != NULL;
    }
    for (size_t i = 0; i < l->n_search; i++)
        if (strcmp(key, l->search[i].path) == 0 || strcmp(key, l->search[i].param) == 0) {
            *path = l->search[i].path, *param = l->search[i].param;
            return true;
        }
    return false;
}

static char *searchable_keys(const Descriptor *d)
{
    GString *s = g_string_new("email, id");
    for (size_t i = 0; i < d->lookup.n_search; i++)
        g_string_append_printf(s, ", %s", d->lookup.search[i].path);
    return g_string_free(s, FALSE);
}

static bool search_is_id(const Descriptor *d, const char *path)
{
    return d->lookup.id && strcmp(path, d->lookup.id) == 0;
}

static bool search_exact(CustomerSearch *s, const Descriptor *d, const char *key, const char *value, char **err)
{
    const char *path = NULL, *param = NULL;
    if (!search_key(d, key, &path, &param)) {
        char *keys = searchable_keys(d);
        *err = g_strdup_printf("%s cannot be searched by \"%s\": search by %s, or by any text", d->title, key,
                               keys);
        g_free(keys);
        return false;
    }
    s->path = g_strdup(path);
    s->value = g_strdup(value);
    s->param = param ? g_strdup(param) : NULL;
    s->said = g_strdup_printf("%s %s", key, value);
    s->exact_case = search_is_id(d, path);
    return true;
}

bool customer_search_init(CustomerSearch *s, const Descriptor *d, const char *text, char **err)
{
    memset(s, 0, sizeof *s);
    char *trimmed = g_strstrip(g_strdup(text ? text : ""));
    const char *eq = strchr(trimmed, '=');
    bool ok = true;
    if (!*trimmed) {
        *err = g_strdup("the search is empty: give an email, KEY=VALUE or some text");
        ok = false;
    } else if (eq && eq > trimmed && eq[1]) {
        char *key = g_strndup(trimmed, (size_t)(eq - trimmed));
        ok = search_exact(s, d, g_strstrip(key), g_strstrip((char *)eq + 1), err);
        g_free(key);
    } else if (strchr(trimmed, '@') && d->lookup.filter) {
        ok = search_exact(s, d, "email", trimmed, err);
    } else {
        s->folded = g_utf8_casefold(trimmed, -1);
        s->said = g_strdup_printf("name, email or id containing \"%s\"", trimmed);
    }
    g_free(trimmed);
    if (!ok)
        customer_search_done(s);
    return ok;
}

void customer_search_done(CustomerSearch *s)
{
    g_free(s->param), g_free(s->value), g_free(s->path), g_free(s->folded), g_free(s->said);
    memset(s, 0, sizeof *s);
}

bool customer_search_server_side(const CustomerSearch *s)
{
    return s && s->param;
}

static bool contains_folded(const char *text, const char *folded)
{
    if (!text)
        return false;
    char *f = g_utf8_casefold(text, -1);
    bool found = strstr(f, folded) != NULL;
    g_free(f);
    return found;
}

bool customer_search_matches(const CustomerSearch *s, const CustomerItem *c)
{
    if (!s || (!s->path && !s->folded))
        return true;
    if (s->path) {
        char *v = scalar_at(c->item, s->path);
        bool same = v && (s->exact_case ? strcmp(v, s->value) : g_ascii_strcasecmp(v, s->value)) == 0;
        g_free(v);
        return same;
    }
    return contains_folded(c->name, s->folded) || contains_folded(c->email, s->folded) ||
           contains_folded(c->id, s->folded);
}

static void search_copy(CustomerSearch *to, const CustomerSearch *from)
{
    memset(to, 0, sizeof *to);
    if (!from)
        return;
    to->param = g_strdup(from->param), to->value = g_strdup(from->value), to->path = g_strdup(from->path);
    to->folded = g_strdup(from->folded), to->said = g_strdup(from->said);
    to->exact_case = from->exact_case;
}

/* ---- the list ----------------------------------------------------------------- */

bool customer_list_can_list(const Descriptor *d)
{
    return d->lookup.path != NULL;
}

bool customer_list_can_get(const Descriptor *d)
{
    return d->get_path && strstr(d->get_path, "{id}");
}

bool customer_list_can_delete(const Descriptor *d)
{
    return d->delete_path && strstr(d->delete_path, "{id}");
}

bool customer_list_newest_first(const Descriptor *d)
{
    return d->lookup.newest_param != NULL;
}

CustomerList *customer_list_new(const Descriptor *d, const char *base_url, const CustomerSearch *search, char **err)
{
    if (!customer_list_can_list(d)) {
        *err = g_strdup_printf("%s has no list of customers in its descriptor (endpoints.list and lookup)",
                               d->title);
        return NULL;
    }
    CustomerList *l = g_new0(CustomerList, 1);
    l->d = d;
    l->base_url = g_strdup(base_url);
    search_copy(&l->search, search);
    list_pager_init(&l->pager, &d->lookup);
    return l;
}

void customer_list_free(CustomerList *l)
{
    if (!l)
        return;
    customer_search_done(&l->search);
    list_pager_done(&l->pager);
    g_free(l->base_url);
    g_free(l);
}

bool customer_list_next(CustomerList *l, Request *out)
{
    if (l->done)
        return false;
    const LookupSpec *spec = &l->d->lookup;
    const char *params[5] = { NULL };
    size_t n = 0;
    if (l->search.param)
        params[n++] = l->search.param, params[n++] = l->search.value;
    if (spec->newest_param)
        params[n++] = spec->newest_param, params[n++] = spec->newest_value;
    list_request(l->d, "GET", list_pager_url(&l->pager, spec, l->base_url, params), out);
    return true;
}

static bool page_failed(CustomerPage *page, char *why)
{
    page->error = why;
    return false;
}

/* PAGE's items from ITEMS, those the search matches. */
static void page_items(const CustomerList *l, const cJSON *items, CustomerPage *page)
{
    const cJSON *each;
    page->items = g_new0(CustomerItem, (size_t)cJSON_GetArraySize(items) + 1);
    cJSON_ArrayForEach(each, items) {
        CustomerItem *c = &page->items[page->n];
        customer_item_read(l->d, each, c);
        page->read++;
        if (customer_search_matches(&l->search, c))
            page->n++;
        else
            customer_item_done(c);
    }
}

/* The most pages a whole list reads: a thousand times what a lookup may
 * (lookup.max_pages, default 100: 100,000 pages, ten million customers at
 * 100 a page). A lookup may give up early and say "cannot tell"; `list
 * --all` is asked for everything, yet a list that never ends (a `more`
 * always true, new ids on every page) must still stop. */
static long list_max_pages(const Descriptor *d)
{
    return (long)d->lookup.max_pages * 1000;
}

static void stop_at_max_pages(CustomerList *l, CustomerPage *page, long number)
{
    l->done = page->last = true;
    page->error = g_strdup_printf("%ld pages read, the most a list reads (a thousand times lookup.max_pages in "
                                  "the descriptor of %s): the list stops here, and the provider may have more",
                                  number, l->d->title);
}

bool customer_list_feed(CustomerList *l, int status, const char *body, size_t len, const char *error,
                        CustomerPage *page)
{
    long number = l->pager.pages_read + 1;
    memset(page, 0, sizeof *page);
    page->status = status;
    if (!status)
        return page_failed(page, g_strdup_printf("page %ld got no answer (%s)", number,
                                                 error ? error : "the connection failed"));
    Response r;
    response_read_any(l->d, status, body, body ? len : 0, "", &r);
    const cJSON *items = r.outcome == OUTCOME_CREATED ? jsonpath_get(r.document, l->d->lookup.items) : NULL;
    bool ok = false;
    if (r.outcome != OUTCOME_CREATED)
        page_failed(page, g_strdup_printf("page %ld failed: the provider answered %d: %s", number, status,
                                          r.message));
    else if (!cJSON_IsArray(items))
        page_failed(page, g_strdup_printf("page %ld holds no list of customers%s%s", number,
                                          r.parse_error ? ": " : "", r.parse_error ? r.parse_error : ""));
    else if (cJSON_GetArraySize(items) > CUSTOMER_PAGE_MAX)
        page_failed(page, g_strdup_printf("page %ld holds %d items, more than the %d a page may hold: the "
                                          "provider's paging is not what its descriptor says", number,
                                          cJSON_GetArraySize(items), CUSTOMER_PAGE_MAX));
    else
        ok = true;
    if (ok) {
        ListPageEnd end = list_pager_advance(&l->pager, &l->d->lookup, r.document, items);
        l->done = page->last = end != LIST_PAGE_MORE;
        if (end != LIST_PAGE_REPEATED) /* those of a repeat were all given already */
            page_items(l, items, page);
        if (end == LIST_PAGE_REPEATED)
            page->error = g_strdup_printf("page %ld is the same as the one before: the provider may ignore "
                                          "paging, so the list stops here", number);
        else if (end == LIST_PAGE_MORE && number >= list_max_pages(l->d))
            stop_at_max_pages(l, page, number);
    }
    response_done(&r);
    return ok;
}

void customer_page_done(CustomerPage *page)
{
    for (size_t i = 0; i < page->n; i++)
        customer_item_done(&page->items[i]);
    g_free(page->items);
    g_free(page->error);
    memset(page, 0, sizeof *page);
}

bool customer_list_done(const CustomerList *l)
{
    return l->done;
}

long customer_list_pages_read(const CustomerList *l)
{
    return l->pager.pages_read;
}

long customer_list_items_read(const CustomerList *l)
{
    return l->pager.items_read;
}

/* ---- one customer ---------------------------------------------------------------- */

static bool one_request(const Descriptor *d, const char *method, const char *path, const char *base_url,
                        const char *id, Request *out, char **err)
{
    if (!path || !strstr(path, "{id}")) {
        *err = g_strdup_printf("%s documents no %s of one customer (endpoints.%s in its descriptor)", d->title,
                               method, strcmp(method, "GET") == 0 ? "get" : "delete");
        return false;
    }
    char *filled = url_shape_fill_segment(path, "{id}", id);
    if (!filled) {
        *err = !id || !*id ? g_strdup("the customer's id is empty")
                           : g_strdup_printf("\"%s\" is no customer id: it would name another path", id);
        return false;
    }
    list_request(d, method, url_join(base_url, filled), out);
    g_free(filled);
    return true;
}

bool customer_get_request(const Descriptor *d, const char *base_url, const char *id, Request *out, char **err)
{
    return one_request(d, "GET", d->get_path, base_url, id, out, err);
}

bool customer_delete_request(const Descriptor *d, const char *base_url, const char *id, Request *out, char **err)
{
    return one_request(d, "DELETE", d->delete_path, base_url, id, out, err);
}

static CustomerVerdict verdict_for(const Response *r)
{
    if (r->outcome == OUTCOME_CREATED)
        return CUSTOMER_DONE;
    if (r->status == 404)
        return CUSTOMER_ABSENT;
    return r->outcome == OUTCOME_SERVER_ERROR ? CUSTOMER_UNKNOWN : CUSTOMER_REFUSED;
}

static char *done_message(const Descriptor *d, CustomerAction action, const CustomerAnswer *a)
{
    const char *who = a->item.email ? a->item.email : a->item.id ? a->item.id : "the customer";
    if (action == CUSTOMER_GET)
        return g_strdup_printf("%s found on %s", who, d->title);
    return g_strdup_printf("%s %s on %s", who, a->archived ? "archived" : "deleted", d->title);
}

void customer_answer_read(const Descriptor *d, CustomerAction action, int status, const char *body, size_t len,
                          const char *error, CustomerAnswer *out)
{
    memset(out, 0, sizeof *out);
    out->status = status;
    if (!status) {
        out->verdict = CUSTOMER_UNKNOWN;
        out->message = g_strdup_printf("no answer came (%s)", error ? error : "the connection failed");
        return;
    }
    Response r;
    response_read_any(d, status, body, body ? len : 0, d->record_path, &r);
    out->verdict = verdict_for(&r);
    bool redirected = action == CUSTOMER_DELETE && status >= 300 && status <= 399;
    if (redirected) /* not followed; a 303 "see the list" may come after a delete done */
        out->verdict = CUSTOMER_UNKNOWN;
    if (r.record) {
        out->record = cJSON_Duplicate(r.record, true);
        customer_item_read(d, r.record, &out->item);
    }
    out->archived = action == CUSTOMER_DELETE && out->verdict == CUSTOMER_DONE && d->lookup.archived_path;
    if (out->verdict == CUSTOMER_DONE)
        out->message = done_message(d, action, out);
    else if (redirected)
        out->message = g_strdup_printf("%s answered the DELETE with %d, a redirect (not followed): whether the "
                                       "customer is gone cannot be told from it", d->title, status);
    else
        out->message = g_strdup(r.message ? r.message : "no message");
    response_done(&r);
}

void customer_answer_done(CustomerAnswer *a)
{
    cJSON_Delete(a->record);
    customer_item_done(&a->item);
    g_free(a->message);
    memset(a, 0, sizeof *a);
}

const char *customer_verdict_name(CustomerVerdict v)
{
    static const char *const names[] = { "done", "absent", "refused", "unknown" };
    return names[v];
}
