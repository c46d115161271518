#include "model/lookup_spec.h"

#include "model/text.h"

#include <cjson/cJSON.h>
#include <glib.h>
#include <string.h>

/* The first problem met, in descriptor terms. */
typedef struct {
    char *where, *what;
} Problem;

G_GNUC_PRINTF(3, 4)
static void problem(Problem *p, const char *where, const char *fmt, ...)
{
    if (p->where)
        return;
    va_list ap;
    va_start(ap, fmt);
    p->what = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    p->where = g_strdup(where);
}

static void check_keys(Problem *p, const cJSON *obj, const char *where, const char *const *allowed)
{
    const cJSON *item;
    cJSON_ArrayForEach(item, obj) {
        if (g_strv_contains((const gchar *const *)allowed, item->string))
            continue;
        char *at = g_strdup_printf("%s.%s", where, item->string);
        const char *guess = text_closest(item->string, allowed);
        if (guess)
            problem(p, at, "unknown key; did you mean \"%s\"?", guess);
        else
            problem(p, at, "unknown key");
        g_free(at);
    }
}

static char *string_at(Problem *p, const cJSON *obj, const char *where, const char *key, bool required)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, key);
    char *at = g_strdup_printf("%s.%s", where, key);
    if (!item && required)
        problem(p, at, "missing (it is required)");
    else if (item && !cJSON_IsString(item))
        problem(p, at, "must be a string");
    g_free(at);
    return cJSON_IsString(item) ? g_strdup(item->valuestring) : NULL;
}

static long number_at(Problem *p, const cJSON *obj, const char *where, const char *key, long fallback, long lo, long hi)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!item)
        return fallback;
    double v = cJSON_IsNumber(item) ? item->valuedouble : -1e300;
    if (!(v >= (double)lo && v <= (double)hi) || v != (double)(long)v) {
        char *at = g_strdup_printf("%s.%s", where, key);
        problem(p, at, "must be a whole number from %ld to %ld", lo, hi);
        g_free(at);
        return fallback;
    }
    return (long)v;
}

/* A GET path below the base URL: starts with '/', no scheme, no way out. */
static void check_path(Problem *p, const char *where, const char *path)
{
    if (path && (path[0] != '/' || strstr(path, "..") || strstr(path, "//") || strpbrk(path, " \r\n\t")))
        problem(p, where, "must be a path below the base URL, starting with / (no .., // or spaces)");
}

/* endpoints.get with its {id} as {value}, for an exact lookup that names no path. */
static char *exact_path_from_get(Problem *p, const char *where, const char *get)
{
    char *at = g_strdup_printf("%s.path", where);
    if (!get)
        problem(p, at, "missing (it is required unless endpoints.get gives the GET of one customer)");
    else if (!strstr(get, "{id}"))
        problem(p, at, "missing, and endpoints.get holds no {id} to take it from");
    g_free(at);
    if (!get || !strstr(get, "{id}"))
        return NULL;
    gchar **parts = g_strsplit(get, "{id}", -1);
    char *path = g_strjoinv("{value}", parts);
    g_strfreev(parts);
    return path;
}

static void read_exact(Problem *p, const cJSON *list, const char *get, LookupSpec *s)
{
    static const char *const keys[] = { "field", "path", "record", NULL };
    if (!list)
        return;
    if (!cJSON_IsArray(list)) {
        problem(p, "lookup.exact", "must be a list of {field, path, record}");
        return;
    }
    s->exact = g_new0(LookupExact, (size_t)cJSON_GetArraySize(list) + 1);
    const cJSON *each;
    cJSON_ArrayForEach(each, list) {
        char *where = g_strdup_printf("lookup.exact[%zu]", s->n_exact);
        LookupExact *e = &s->exact[s->n_exact++];
        check_keys(p, each, where, keys);
        e->field = string_at(p, each, where, "field", true);
        e->path = string_at(p, each, where, "path", false);
        if (!e->path && !cJSON_GetObjectItemCaseSensitive(each, "path"))
            e->path = exact_path_from_get(p, where, get);
        e->record = string_at(p, each, where, "record", false);
        if (!e->record)
            e->record = g_strdup("");
        if (e->path && !strstr(e->path, "{value}"))
            problem(p, where, "path must hold {value}, where the field's value goes");
        check_path(p, where, e->path);
        g_free(where);
    }
}

/* A paging key its style does not read would be silently ignored: refused,
 * naming the styles that take it. */
static void refuse_unused(Problem *p, const cJSON *obj, LookupPaging style)
{
    static const struct {
        const char *key, *styles;
        bool page, offset;
    } used[] = {
        { "param", "the \"page\" and \"offset\" styles", true, true },
        { "limit", "the \"page\" and \"offset\" styles", true, true },
        { "first", "the \"page\" style", true, false },
        { "limit_param", "the \"offset\" style", false, true },
        { "more", "the \"offset\" style", false, true },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(used); i++) {
        bool read = style == PAGING_PAGE ? used[i].page : style == PAGING_OFFSET ? used[i].offset : false;
        if (!read && cJSON_GetObjectItemCaseSensitive(obj, used[i].key)) {
            char *at = g_strdup_printf("lookup.paging.%s", used[i].key);
            problem(p, at, "does nothing here: it is read by %s only", used[i].styles);
            g_free(at);
        }
    }
}

static void read_paging(Problem *p, const cJSON *obj, LookupSpec *s)
{
    static const char *const keys[] = { "style", "param", "first", "limit_param", "limit", "more", NULL };
    static const char *const styles[] = { "none", "page", "offset", NULL };
    if (!obj)
        return; /* PAGING_NONE */
    check_keys(p, obj, "lookup.paging", keys);
    char *style = string_at(p, obj, "lookup.paging", "style", true);
    for (int i = 0; style && styles[i]; i++)
        if (strcmp(style, styles[i]) == 0)
            s->paging = (LookupPaging)i;
    if (style && strcmp(style, styles[s->paging]) != 0)
        problem(p, "lookup.paging.style", "must be none, page or offset");
    g_free(style);
    refuse_unused(p, obj, s->paging);
    s->page_param = string_at(p, obj, "lookup.paging", "param", s->paging != PAGING_NONE);
    s->first_page = number_at(p, obj, "lookup.paging", "first", s->paging == PAGING_PAGE ? 1 : 0, 0, 1000000);
    s->limit_param = string_at(p, obj, "lookup.paging", "limit_param", s->paging == PAGING_OFFSET);
    s->limit = number_at(p, obj, "lookup.paging", "limit", s->paging == PAGING_OFFSET ? 100 : 0, 0, 10000);
    s->more = string_at(p, obj, "lookup.paging", "more", false);
    if (s->paging == PAGING_OFFSET && s->limit < 1)
        problem(p, "lookup.paging.limit", "an offset list needs how many items a page asks for");
}

/* "sort=-created": one documented query parameter and its value. */
static void read_newest(Problem *p, const cJSON *obj, LookupSpec *s)
{
    char *newest = string_at(p, obj, "lookup", "newest", false);
    const char *eq = newest ? strchr(newest, '=') : NULL;
    if (newest && (!eq || eq == newest || !eq[1] || strpbrk(newest, "&?# \r\n\t")))
        problem(p, "lookup.newest", "must be one query parameter and its value, e.g. \"sort=-created_at\"");
    else if (newest) {
        s->newest_param = g_strndup(newest, (size_t)(eq - newest));
        s->newest_value = g_strdup(eq + 1);
    }
    g_free(newest);
}

static bool is_param_name(const char *name)
{
    for (const char *c = name; *c; c++)
        if (!g_ascii_isalnum(*c) && !strchr("_-.[]", *c))
            return false;
    return *name != '\0';
}

static void read_search(Problem *p, const cJSON *obj, LookupSpec *s)
{
    const cJSON *search = cJSON_GetObjectItemCaseSensitive(obj, "search"), *each;
    if (!search)
        return;
    if (!cJSON_IsObject(search)) {
        problem(p, "lookup.search", "must be an object: {item path: the query parameter that filters by it}");
        return;
    }
    s->search = g_new0(LookupSearch, (size_t)cJSON_GetArraySize(search) + 1);
    cJSON_ArrayForEach(each, search) {
        char *at = g_strdup_printf("lookup.search.%s", each->string);
        if (!cJSON_IsString(each) || !is_param_name(each->valuestring))
            problem(p, at, "must name a query parameter (letters, digits, _ - . [ ])");
        else
            s->search[s->n_search++] = (LookupSearch){ g_strdup(each->string), g_strdup(each->valuestring) };
        g_free(at);
    }
}

static void read_archived(Problem *p, const cJSON *obj, LookupSpec *s)
{
    const cJSON *archived = cJSON_GetObjectItemCaseSensitive(obj, "archived");
    if (!archived)
        return;
    const cJSON *only = cJSON_IsObject(archived) ? archived->child : NULL;
    if (!only || only->next || !cJSON_IsString(only) || !*only->valuestring) {
        problem(p, "lookup.archived", "must be one item path and the value it has once archived, e.g. "
                                      "{\"status\": \"archived\"}");
        return;
    }
    s->archived_path = g_strdup(only->string);
    s->archived_value = g_strdup(only->valuestring);
}

/* What the customer list reads besides what a lookup does. */
static void read_listing(Problem *p, const cJSON *obj, const LookupDefaults *defaults, LookupSpec *s)
{
    s->name = string_at(p, obj, "lookup", "name", false);
    if (!s->name && defaults->name)
        s->name = g_strdup(defaults->name);
    s->status = string_at(p, obj, "lookup", "status", false);
    read_newest(p, obj, s);
    read_search(p, obj, s);
    read_archived(p, obj, s);
    if (s->filter && !is_param_name(s->filter))
        problem(p, "lookup.filter", "must name a query parameter (letters, digits, _ - . [ ])");
}

bool lookup_spec_read(const cJSON *obj, const LookupDefaults *defaults, LookupSpec *s, char **where, char **what)
{
    static const char *const keys[] = { "exact", "path", "items", "match", "id", "created", "filter", "paging",
                                        "max_pages", "name", "status", "search", "newest", "archived", NULL };
    Problem p = { 0 };
    memset(s, 0, sizeof *s);
    check_keys(&p, obj, "lookup", keys);
    /* The list GET is endpoints.list unless it needs saying again (other
     * query parameters, or a paging parameter the list path carries). */
    s->path = string_at(&p, obj, "lookup", "path", false);
    if (!s->path && !cJSON_GetObjectItemCaseSensitive(obj, "path")) {
        if (!defaults->list)
            problem(&p, "lookup.path", "missing: give the list GET here, or in endpoints.list");
        s->path = g_strdup(defaults->list);
    }
    s->items = string_at(&p, obj, "lookup", "items", false);
    s->match = string_at(&p, obj, "lookup", "match", true);
    s->id = string_at(&p, obj, "lookup", "id", true);
    s->filter = string_at(&p, obj, "lookup", "filter", false);
    s->created = string_at(&p, obj, "lookup", "created", false);
    s->max_pages = number_at(&p, obj, "lookup", "max_pages", 100, 1, 100000);
    if (!s->items)
        s->items = g_strdup("");
    if (s->path && strstr(s->path, "{email}"))
        problem(&p, "lookup.path", "no longer takes {email}: name the query parameter in lookup.filter, and only "
                                   "where the provider documents that it filters by email");
    check_path(&p, "lookup.path", s->path);
    read_exact(&p, cJSON_GetObjectItemCaseSensitive(obj, "exact"), defaults->get, s);
    read_paging(&p, cJSON_GetObjectItemCaseSensitive(obj, "paging"), s);
    read_listing(&p, obj, defaults, s);
    *where = p.where;
    *what = p.what;
    return !p.where;
}

void lookup_spec_done(LookupSpec *s)
{
    for (size_t i = 0; i < s->n_exact; i++)
        g_free(s->exact[i].field), g_free(s->exact[i].path), g_free(s->exact[i].record);
    g_free(s->exact);
    for (size_t i = 0; i < s->n_search; i++)
        g_free(s->search[i].path), g_free(s->search[i].param);
    g_free(s->search);
    char *strings[] = { s->path,   s->items,        s->match,        s->id,           s->created,
                        s->filter, s->page_param,   s->limit_param,  s->more,         s->name,
                        s->status, s->newest_param, s->newest_value, s->archived_path, s->archived_value };
    for (size_t i = 0; i < G_N_ELEMENTS(strings); i++)
        g_free(strings[i]);
    memset(s, 0, sizeof *s);
}
