/* A JSON document as rows for a viewer, at any size: nodes in one flat
 * pre-order array with subtree sizes, so the next visible row is found in
 * O(1), a fold in O(1), "fold all" in O(1), and only rows on screen are ever
 * laid out. Built without recursion: 1,000 levels cannot overflow the stack.
 * No curses: tested and fuzzed alone. */
#ifndef CUSTTY_MODEL_JSON_VIEW_H
#define CUSTTY_MODEL_JSON_VIEW_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum { JV_OBJECT, JV_ARRAY, JV_STRING, JV_NUMBER, JV_BOOL, JV_NULL } JvKind;

typedef struct JsonView JsonView;

/* Takes DOC. Containers past FOLD_OVER descendants start folded when the
 * document has more than that many nodes; *NOTE (optional, g_free) says so. */
JsonView *json_view_new(cJSON *doc, int32_t fold_over, char **note);
void json_view_free(JsonView *v);
const cJSON *json_view_doc(const JsonView *v);

int32_t json_view_count(const JsonView *v);
/* The first row (the root's first child, or the root of a scalar document). */
int32_t json_view_first(const JsonView *v);
/* The next and previous visible rows, or -1. */
int32_t json_view_next(const JsonView *v, int32_t i);
int32_t json_view_prev(const JsonView *v, int32_t i);
/* The last visible row. */
int32_t json_view_last(const JsonView *v);

JvKind json_view_kind(const JsonView *v, int32_t i);
int32_t json_view_depth(const JsonView *v, int32_t i);   /* the root's children: 0 */
int32_t json_view_children(const JsonView *v, int32_t i);
bool json_view_folded(const JsonView *v, int32_t i);
void json_view_set_folded(JsonView *v, int32_t i, bool folded);
void json_view_fold_all(JsonView *v, bool folded);
/* Unfolds every ancestor of I, so that it is visible. */
void json_view_reveal(JsonView *v, int32_t i);
int32_t json_view_parent(const JsonView *v, int32_t i);

/* "data.contact.email", "items[3].id" (g_free). */
char *json_view_path(const JsonView *v, int32_t i);
/* The key as shown: terminal-safe, or "[3]" in an array (g_free). */
char *json_view_key(const JsonView *v, int32_t i);
/* The widest key among I's siblings, in columns, so values line up. */
int json_view_key_width(const JsonView *v, int32_t i);
/* The value as shown, terminal-safe: "\"text\"", 42, true, null, or for a
 * container "{12 keys}" / "[3 items]" (g_free). */
char *json_view_value(const JsonView *v, int32_t i);
/* The value as copied: a string's own text, else its JSON (g_free). */
char *json_view_copy_text(const JsonView *v, int32_t i);

/* The next node (any, folded or not) after FROM whose key or value holds
 * NEEDLE, case-insensitively, wrapping around; BACKWARD searches the other
 * way. -1 when none does. */
int32_t json_view_search(const JsonView *v, int32_t from, const char *needle, bool backward);

/* One screen line of a row: the row's first line holds the key, the rest
 * continue a long value. */
typedef struct {
    int indent;         /* columns before the key (or the continued value) */
    char *key;          /* NULL on continuation lines */
    int key_width;      /* columns the key area takes, for alignment */
    char *value;        /* this line's part of the value */
    JvKind kind;
    bool container, folded;
    bool empty;         /* a container with nothing in it */
} JvLine;

/* Lays out row I for WIDTH columns; returns how many lines (at least 1, at
 * most MAX) were filled into OUT. Free each with jv_line_done. */
int json_view_lines(const JsonView *v, int32_t i, int width, JvLine *out, int max);
void jv_line_done(JvLine *l);

#endif
