#include "model/json_view.h"

#include "model/jsonpath.h"
#include "model/safe_text.h"
#include "model/text.h"

#include <glib.h>
#include <string.h>
#include <wchar.h>

typedef struct {
    const cJSON *node;
    int32_t parent;
    int32_t depth;
    int32_t size;        /* descendants */
    int32_t index;       /* among its siblings */
    int32_t children;
    int32_t key_width;   /* widest key among its children (containers) */
    uint32_t stamp;      /* when FOLDED was last set; older than all_stamp: ignore it */
    uint8_t kind;
    bool folded;
} Node;

struct JsonView {
    cJSON *doc;
    Node *nodes;
    int32_t count;
    uint32_t stamp;
    uint32_t all_stamp;
    bool all_folded;
};

static JvKind kind_of(const cJSON *n)
{
    if (cJSON_IsObject(n)) return JV_OBJECT;
    if (cJSON_IsArray(n)) return JV_ARRAY;
    if (cJSON_IsString(n)) return JV_STRING;
    if (cJSON_IsNumber(n)) return JV_NUMBER;
    if (cJSON_IsBool(n)) return JV_BOOL;
    return JV_NULL;
}

static bool is_container(const Node *n)
{
    return n->kind == JV_OBJECT || n->kind == JV_ARRAY;
}

static int columns(const char *s)
{
    int cols = 0;
    for (const char *p = s; *p; p = g_utf8_next_char(p))
        cols += MAX(0, wcwidth((wchar_t)g_utf8_get_char(p)));
    return cols;
}

/* ---- building, without recursion ---------------------------------------- */

/* Walks the tree in pre-order with an explicit stack of parents. */
static void build(JsonView *v)
{
    GArray *nodes = g_array_new(FALSE, TRUE, sizeof(Node));
    GArray *stack = g_array_new(FALSE, FALSE, sizeof(int32_t));
    Node root = { .node = v->doc, .parent = -1, .kind = (uint8_t)kind_of(v->doc) };
    g_array_append_val(nodes, root);
    int32_t at = 0;
    const cJSON *next = is_container(&root) ? v->doc->child : NULL;
    int32_t index = 0;
    for (;;) {
        if (next) {
            Node n = { .node = next, .parent = at, .depth = g_array_index(nodes, Node, at).depth + (at > 0),
                       .index = index, .kind = (uint8_t)kind_of(next) };
            g_array_append_val(nodes, n);
            g_array_index(nodes, Node, at).children++;
            int32_t me = (int32_t)nodes->len - 1;
            if (is_container(&n) && next->child) {
                g_array_append_val(stack, index);
                at = me, index = 0, next = next->child;
            } else {
                next = next->next, index++;
            }
            continue;
        }
        if (at == 0 && stack->len == 0)
            break;
        /* Up one level: the next sibling of the container we leave. */
        const cJSON *left = g_array_index(nodes, Node, at).node;
        at = g_array_index(nodes, Node, at).parent;
        index = g_array_index(stack, int32_t, stack->len - 1) + 1;
        g_array_set_size(stack, stack->len - 1);
        next = left->next;
    }
    g_array_free(stack, TRUE);
    v->count = (int32_t)nodes->len;
    v->nodes = (Node *)g_array_free(nodes, FALSE);
}

static int digits(int32_t n)
{
    int d = 1;
    while (n >= 10)
        n /= 10, d++;
    return d;
}

/* Columns key I takes as shown; plain keys (the usual case) without copying. */
static int key_columns(const JsonView *v, int32_t i)
{
    const Node *n = &v->nodes[i];
    if (v->nodes[n->parent].kind == JV_ARRAY)
        return digits(n->index) + 2;
    int plain = 0;
    for (const unsigned char *p = (const unsigned char *)n->node->string; *p; p++, plain++)
        if (*p < 0x20 || *p >= 0x7f) {
            char *key = json_view_key(v, i);
            int cols = columns(key);
            g_free(key);
            return cols;
        }
    return plain;
}

/* Subtree sizes and key widths, children before parents: one pass backwards. */
static void measure(JsonView *v)
{
    for (int32_t i = v->count - 1; i > 0; i--) {
        Node *n = &v->nodes[i], *p = &v->nodes[n->parent];
        p->size += n->size + 1;
        p->key_width = MAX(p->key_width, MIN(key_columns(v, i), 40));
    }
}

static void fold_large(JsonView *v, int32_t fold_over, char **note)
{
    int32_t folded = 0;
    if (v->count > fold_over)
        for (int32_t i = 1; i < v->count; i++)
            if (is_container(&v->nodes[i]) && v->nodes[i].size > fold_over) {
                json_view_set_folded(v, i, true);
                folded++;
            }
    if (note && folded)
        *note = g_strdup_printf("%d large part%s folded (over %d entries): Right or Enter opens one, * opens all",
                                folded, folded == 1 ? "" : "s", fold_over);
}

JsonView *json_view_new(cJSON *doc, int32_t fold_over, char **note)
{
    JsonView *v = g_new0(JsonView, 1);
    v->doc = doc ? doc : cJSON_CreateNull();
    build(v);
    measure(v);
    fold_large(v, fold_over, note);
    return v;
}

void json_view_free(JsonView *v)
{
    if (!v)
        return;
    cJSON_Delete(v->doc);
    g_free(v->nodes);
    g_free(v);
}

const cJSON *json_view_doc(const JsonView *v) { return v->doc; }
int32_t json_view_count(const JsonView *v) { return v->count; }
JvKind json_view_kind(const JsonView *v, int32_t i) { return (JvKind)v->nodes[i].kind; }
int32_t json_view_depth(const JsonView *v, int32_t i) { return v->nodes[i].depth; }
int32_t json_view_children(const JsonView *v, int32_t i) { return v->nodes[i].children; }
int32_t json_view_parent(const JsonView *v, int32_t i) { return v->nodes[i].parent; }

/* ---- folding and moving --------------------------------------------------- */

bool json_view_folded(const JsonView *v, int32_t i)
{
    const Node *n = &v->nodes[i];
    if (i == 0 || !is_container(n) || n->children == 0)
        return false;
    return n->stamp > v->all_stamp ? n->folded : v->all_folded;
}

void json_view_set_folded(JsonView *v, int32_t i, bool folded)
{
    if (i <= 0 || !is_container(&v->nodes[i]))
        return;
    v->nodes[i].folded = folded;
    v->nodes[i].stamp = ++v->stamp;
}

void json_view_fold_all(JsonView *v, bool folded)
{
    v->all_folded = folded;
    v->all_stamp = ++v->stamp; /* every earlier choice is now older than this */
}

void json_view_reveal(JsonView *v, int32_t i)
{
    for (int32_t a = v->nodes[i].parent; a > 0; a = v->nodes[a].parent)
        if (json_view_folded(v, a))
            json_view_set_folded(v, a, false);
}

int32_t json_view_first(const JsonView *v)
{
    return v->count > 1 ? 1 : 0;
}

int32_t json_view_next(const JsonView *v, int32_t i)
{
    const Node *n = &v->nodes[i];
    int32_t next = i == 0 || (is_container(n) && !json_view_folded(v, i)) ? i + 1 : i + n->size + 1;
    return next < v->count && next > 0 ? next : -1;
}

int32_t json_view_prev(const JsonView *v, int32_t i)
{
    if (i <= json_view_first(v))
        return -1;
    int32_t shown = i - 1;
    /* I-1 may sit inside a folded container: the row is that container. */
    for (int32_t a = v->nodes[shown].parent; a > 0; a = v->nodes[a].parent)
        if (json_view_folded(v, a))
            shown = a;
    return shown;
}

int32_t json_view_last(const JsonView *v)
{
    return v->count > 1 ? json_view_prev(v, v->count) : 0;
}

/* ---- text ----------------------------------------------------------------- */

char *json_view_path(const JsonView *v, int32_t i)
{
    GPtrArray *parts = g_ptr_array_new_with_free_func(g_free);
    for (int32_t a = i; a > 0; a = v->nodes[a].parent) {
        const Node *n = &v->nodes[a];
        if (v->nodes[n->parent].kind == JV_ARRAY)
            g_ptr_array_add(parts, g_strdup_printf("[%d]", n->index));
        else
            g_ptr_array_add(parts, safe_text(n->node->string, strlen(n->node->string)));
    }
    GString *s = g_string_new(NULL);
    for (guint k = parts->len; k-- > 0;) {
        const char *p = parts->pdata[k];
        if (s->len && p[0] != '[')
            g_string_append_c(s, '.');
        g_string_append(s, p);
    }
    g_ptr_array_free(parts, TRUE);
    return g_string_free(s, FALSE);
}

char *json_view_key(const JsonView *v, int32_t i)
{
    const Node *n = &v->nodes[i];
    if (i == 0)
        return g_strdup("");
    if (v->nodes[n->parent].kind == JV_ARRAY)
        return g_strdup_printf("[%d]", n->index);
    return safe_text(n->node->string, strlen(n->node->string));
}

int json_view_key_width(const JsonView *v, int32_t i)
{
    return i > 0 ? v->nodes[v->nodes[i].parent].key_width : 0;
}

static char *number_text(double d)
{
    char buf[G_ASCII_DTOSTR_BUF_SIZE];
    /* Range first: casting 1e30 or NaN to long long is undefined. */
    if (d > -1e15 && d < 1e15 && d == (double)(long long)d)
        return g_strdup_printf("%lld", (long long)d);
    return g_strdup(g_ascii_dtostr(buf, sizeof buf, d));
}

char *json_view_value(const JsonView *v, int32_t i)
{
    const Node *n = &v->nodes[i];
    const cJSON *j = n->node;
    switch ((JvKind)n->kind) {
    case JV_OBJECT: return g_strdup_printf("{%d key%s}", n->children, n->children == 1 ? "" : "s");
    case JV_ARRAY: return g_strdup_printf("[%d item%s]", n->children, n->children == 1 ? "" : "s");
    case JV_NUMBER: return number_text(j->valuedouble);
    case JV_BOOL: return g_strdup(cJSON_IsTrue(j) ? "true" : "false");
    case JV_NULL: return g_strdup("null");
    case JV_STRING: {
        char *safe = safe_text(j->valuestring, strlen(j->valuestring));
        char *quoted = g_strdup_printf("\"%s\"", safe);
        g_free(safe);
        return quoted;
    }
    }
    return g_strdup("");
}

char *json_view_copy_text(const JsonView *v, int32_t i)
{
    const cJSON *j = v->nodes[i].node;
    if (cJSON_IsString(j))
        return g_strdup(j->valuestring);
    return json_print_pretty(j);
}

/* ---- search ---------------------------------------------------------------- */

static bool holds(const char *hay, const char *folded_needle)
{
    if (!hay || !*folded_needle)
        return false;
    char *h = g_utf8_casefold(hay, -1);
    bool hit = strstr(h, folded_needle) != NULL;
    g_free(h);
    return hit;
}

static bool node_matches(const JsonView *v, int32_t i, const char *folded_needle)
{
    const Node *n = &v->nodes[i];
    if (i > 0 && v->nodes[n->parent].kind == JV_OBJECT && holds(n->node->string, folded_needle))
        return true;
    if (n->kind == JV_STRING)
        return holds(n->node->valuestring, folded_needle);
    if (n->kind == JV_NUMBER || n->kind == JV_BOOL || n->kind == JV_NULL) {
        char *text = json_view_value(v, i);
        bool hit = holds(text, folded_needle);
        g_free(text);
        return hit;
    }
    return false;
}

int32_t json_view_search(const JsonView *v, int32_t from, const char *needle, bool backward)
{
    char *folded = g_utf8_casefold(needle, -1);
    int32_t found = -1, n = v->count - 1;
    for (int32_t step = 1; step <= n && found < 0; step++) {
        int32_t i = backward ? from - step : from + step;
        i = ((i - 1) % n + n) % n + 1; /* wrap within 1..count-1 */
        if (node_matches(v, i, folded))
            found = i;
    }
    g_free(folded);
    return found;
}

/* ---- lines ------------------------------------------------------------------ */

int json_view_lines(const JsonView *v, int32_t i, int width, JvLine *out, int max)
{
    const Node *n = &v->nodes[i];
    int indent = 2 * n->depth + 2;
    int key_width = json_view_key_width(v, i);
    char *value = json_view_value(v, i);
    int value_col = indent + key_width + 2;
    int room = MAX(8, width - value_col);
    int lines = 0;
    const char *rest = value;
    do {
        size_t take = text_wrap_take(rest, room, false);
        out[lines] = (JvLine){ .indent = lines ? value_col : indent, .key = lines ? NULL : json_view_key(v, i),
                               .key_width = key_width, .value = g_strndup(rest, take), .kind = (JvKind)n->kind,
                               .container = is_container(n), .folded = json_view_folded(v, i),
                               .empty = n->children == 0 };
        rest += take;
        lines++;
    } while (*rest && lines < max);
    g_free(value);
    return lines;
}

void jv_line_done(JvLine *l)
{
    g_free(l->key);
    g_free(l->value);
    l->key = l->value = NULL;
}
