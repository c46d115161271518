/* YAML or JSON into cJSON, through libyaml's event API: the tree is built
 * here, so that aliases are expanded under budgets this file sets (nodes and
 * bytes), and a document deeper or larger than those is refused. */
#include "model/spec_tree.h"

#include <cjson/cJSON.h>
#include <glib.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

/* Scalar bytes an expanded document may hold, aliases included. */
#define SPEC_TREE_MAX_TEXT (64u * 1024 * 1024)

typedef struct {
    cJSON *node;
    size_t nodes, bytes;   /* what one more copy of it costs */
} Anchor;

typedef struct {
    cJSON *node;
    char *key;             /* a mapping's key waiting for its value */
    char *anchor;
    size_t nodes_at, bytes_at;
} Open;

typedef struct {
    const char *source;
    Open open[SPEC_TREE_MAX_DEPTH];
    size_t depth;
    GHashTable *anchors;   /* name → Anchor */
    size_t nodes, bytes;
    cJSON *root;
    char *err;
} Builder;

static size_t line_of(const char *text, size_t at)
{
    size_t line = 1;
    for (size_t i = 0; i < at; i++)
        line += text[i] == '\n';
    return line;
}

/* NUL bytes and invalid UTF-8 are refused before any parser sees them. */
static bool spec_tree_check_bytes(const char *text, size_t len, const char *source, char **err)
{
    const char *nul = memchr(text, '\0', len);
    if (nul) {
        *err = g_strdup_printf("%s:%zu: a NUL byte: not a YAML or JSON text", source, line_of(text, (size_t)(nul - text)));
        return false;
    }
    const char *end = NULL;
    if (!g_utf8_validate_len(text, len, &end)) {
        *err = g_strdup_printf("%s:%zu: invalid UTF-8: an OpenAPI document is UTF-8 text", source,
                               line_of(text, (size_t)(end - text)));
        return false;
    }
    return true;
}

static void fail(Builder *b, size_t line, const char *fmt, const char *what)
{
    if (b->err)
        return;
    char *msg = g_strdup_printf(fmt, what);
    b->err = g_strdup_printf("%s:%zu: %s", b->source, line, msg);
    g_free(msg);
}

static bool one_of(const char *v, const char *const *words)
{
    for (; *words; words++)
        if (strcmp(v, *words) == 0)
            return true;
    return false;
}

static const char *digits(const char *p)
{
    while (g_ascii_isdigit(*p))
        p++;
    return p;
}

/* [-+]? ( .D+ | D+ (.D*)? ) ([eE][-+]?D+)? : YAML 1.2's core int and float. */
static bool is_number(const char *v)
{
    const char *p = v + (*v == '-' || *v == '+');
    const char *start = p;
    p = digits(p);
    bool whole = p > start;
    if (*p == '.') {
        const char *frac = p + 1;
        p = digits(frac);
        if (!whole && p == frac)
            return false;
    } else if (!whole) {
        return false;
    }
    if (*p == 'e' || *p == 'E') {
        p += 1 + (p[1] == '-' || p[1] == '+');
        const char *exp = p;
        p = digits(p);
        if (p == exp)
            return false;
    }
    return !*p;
}

/* A plain scalar as YAML 1.2's core schema reads it (what OpenAPI means);
 * spelt out rather than matched with regular expressions: a 1 MB spec has
 * a hundred thousand scalars. */
static cJSON *plain_scalar(const char *v)
{
    static const char *const nulls[] = { "~", "null", "Null", "NULL", NULL };
    static const char *const trues[] = { "true", "True", "TRUE", NULL };
    static const char *const falses[] = { "false", "False", "FALSE", NULL };
    if (!*v || one_of(v, nulls))
        return cJSON_CreateNull();
    if (one_of(v, trues))
        return cJSON_CreateTrue();
    if (one_of(v, falses))
        return cJSON_CreateFalse();
    if (is_number(v))
        return cJSON_CreateNumber(g_ascii_strtod(v, NULL));
    if (v[0] == '0' && v[1] == 'x' && v[2] && strspn(v + 2, "0123456789abcdefABCDEF") == strlen(v + 2))
        return cJSON_CreateNumber((double)g_ascii_strtoull(v + 2, NULL, 16));
    return cJSON_CreateString(v);
}

static bool spend(Builder *b, size_t line, size_t nodes, size_t bytes)
{
    b->nodes += nodes;
    b->bytes += bytes;
    if (b->nodes > SPEC_TREE_MAX_NODES || b->bytes > SPEC_TREE_MAX_TEXT) {
        fail(b, line, "%s", "the document grows past custty's limit with its aliases expanded "
                            "(a YAML alias bomb?): refused");
        return false;
    }
    return true;
}

/* Puts NODE where the open collection expects it; a scalar in a mapping
 * with no key waiting is the key. */
static void place(Builder *b, cJSON *node, size_t line, const char *key_text)
{
    if (b->depth == 0) {
        if (b->root)
            cJSON_Delete(b->root);
        b->root = node;
        return;
    }
    Open *o = &b->open[b->depth - 1];
    if (cJSON_IsArray(o->node)) {
        cJSON_AddItemToArray(o->node, node);
        return;
    }
    if (!o->key) {
        if (!key_text)
            fail(b, line, "%s", "a mapping key that is not a plain scalar: OpenAPI keys are strings");
        else
            o->key = g_strdup(key_text);
        cJSON_Delete(node);
        return;
    }
    if (cJSON_GetObjectItemCaseSensitive(o->node, o->key)) {
        fail(b, line, "the key \"%s\" twice in one mapping", o->key);
        cJSON_Delete(node);
    } else {
        cJSON_AddItemToObject(o->node, o->key, node);
    }
    g_free(o->key);
    o->key = NULL;
}

static void remember(Builder *b, const char *anchor, cJSON *node, size_t nodes, size_t bytes)
{
    if (!anchor)
        return;
    Anchor *a = g_new(Anchor, 1);
    *a = (Anchor){ node, nodes, bytes };
    g_hash_table_replace(b->anchors, g_strdup(anchor), a);
}

static void on_scalar(Builder *b, const yaml_event_t *e, size_t line)
{
    const char *v = (const char *)e->data.scalar.value;
    size_t len = e->data.scalar.length;
    if (!spend(b, line, 1, len))
        return;
    bool plain = e->data.scalar.style == YAML_PLAIN_SCALAR_STYLE && !e->data.scalar.tag;
    cJSON *node = plain ? plain_scalar(v) : cJSON_CreateString(v);
    remember(b, (const char *)e->data.scalar.anchor, node, 1, len);
    place(b, node, line, v);
}

static void on_start(Builder *b, const yaml_event_t *e, bool mapping, size_t line)
{
    if (b->depth >= SPEC_TREE_MAX_DEPTH) {
        fail(b, line, "%s", "nested too deep for an OpenAPI document: refused");
        return;
    }
    if (!spend(b, line, 1, 0))
        return;
    const yaml_char_t *anchor = mapping ? e->data.mapping_start.anchor : e->data.sequence_start.anchor;
    b->open[b->depth++] = (Open){
        .node = mapping ? cJSON_CreateObject() : cJSON_CreateArray(),
        .anchor = anchor ? g_strdup((const char *)anchor) : NULL,
        .nodes_at = b->nodes, .bytes_at = b->bytes,
    };
}

static void on_end(Builder *b, size_t line)
{
    Open o = b->open[--b->depth];
    if (o.key)
        fail(b, line, "a key (\"%s\") with no value", o.key);
    g_free(o.key);
    remember(b, o.anchor, o.node, b->nodes - o.nodes_at + 1, b->bytes - o.bytes_at);
    g_free(o.anchor);
    place(b, o.node, line, NULL);
}

static void on_alias(Builder *b, const yaml_event_t *e, size_t line)
{
    const char *name = (const char *)e->data.alias.anchor;
    const Anchor *a = g_hash_table_lookup(b->anchors, name);
    if (!a) {
        fail(b, line, "the alias *%s names no anchor before it", name);
        return;
    }
    if (spend(b, line, a->nodes, a->bytes))
        place(b, cJSON_Duplicate(a->node, true), line, cJSON_IsString(a->node) ? a->node->valuestring : NULL);
}

static void on_event(Builder *b, const yaml_event_t *e)
{
    size_t line = e->start_mark.line + 1;
    switch (e->type) {
    case YAML_SCALAR_EVENT: on_scalar(b, e, line); break;
    case YAML_SEQUENCE_START_EVENT: on_start(b, e, false, line); break;
    case YAML_MAPPING_START_EVENT: on_start(b, e, true, line); break;
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT: on_end(b, line); break;
    case YAML_ALIAS_EVENT: on_alias(b, e, line); break;
    case YAML_DOCUMENT_START_EVENT:
        if (b->root)
            fail(b, line, "%s", "a second YAML document: an OpenAPI file holds one");
        break;
    default: break;
    }
}

static void builder_done(Builder *b)
{
    while (b->depth > 0) {
        Open *o = &b->open[--b->depth];
        g_free(o->key);
        g_free(o->anchor);
        cJSON_Delete(o->node);
    }
    g_hash_table_destroy(b->anchors);
}

static cJSON *spec_tree_yaml(const char *text, size_t len, const char *source, char **err)
{
    Builder b = { .source = source, .anchors = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free) };
    yaml_parser_t p;
    yaml_parser_initialize(&p);
    yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
    for (bool done = false; !done && !b.err;) {
        yaml_event_t e;
        if (!yaml_parser_parse(&p, &e)) {
            b.err = g_strdup_printf("%s:%zu: not YAML: %s", source, p.problem_mark.line + 1,
                                    p.problem ? p.problem : "a syntax error");
            break;
        }
        on_event(&b, &e);
        done = e.type == YAML_STREAM_END_EVENT;
        yaml_event_delete(&e);
    }
    yaml_parser_delete(&p);
    builder_done(&b);
    if (b.err) {
        cJSON_Delete(b.root);
        *err = b.err;
        return NULL;
    }
    if (!b.root)
        *err = g_strdup_printf("%s: empty: no OpenAPI document in it", source);
    return b.root;
}

static cJSON *spec_tree_json(const char *text, size_t len, const char *source, char **err)
{
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(text, len, &end, false);
    if (!root)
        *err = g_strdup_printf("%s:%zu: not JSON: a syntax error here", source,
                               line_of(text, end ? (size_t)(end - text) : 0));
    return root;
}

cJSON *spec_tree_parse(const char *text, size_t len, const char *source, char **err)
{
    *err = NULL;
    if (!spec_tree_check_bytes(text, len, source, err))
        return NULL;
    size_t i = 0;
    while (i < len && g_ascii_isspace(text[i]))
        i++;
    if (i < len && text[i] == '{')
        return spec_tree_json(text, len, source, err);
    return spec_tree_yaml(text, len, source, err);
}
