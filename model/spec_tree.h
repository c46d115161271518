/* An OpenAPI document, YAML or JSON, read into one cJSON tree. Everything in
 * it is outside input: the reader refuses NUL bytes and invalid UTF-8 (naming
 * the line), and expands YAML aliases under a node budget so that an alias
 * bomb is refused instead of filling memory. */
#ifndef CUSTTY_MODEL_SPEC_TREE_H
#define CUSTTY_MODEL_SPEC_TREE_H

#include <stddef.h>

struct cJSON;

/* The largest document read: a caller reads at most this many bytes and
 * refuses one byte more without reading the rest. */
#define SPEC_TREE_MAX_BYTES (16u * 1024 * 1024)
/* The most nodes (scalars, mappings, sequences) a document may grow into,
 * aliases expanded: far above any real spec, far below a laughs bomb. */
#define SPEC_TREE_MAX_NODES 2000000u
/* Nesting deeper than this is refused (a stack-eating document). */
#define SPEC_TREE_MAX_DEPTH 200

/* Reads TEXT (LEN bytes; SOURCE names it in errors). Returns the tree
 * (cJSON_Delete it), or NULL with *ERR (g_free): "SOURCE:LINE: what". */
struct cJSON *spec_tree_parse(const char *text, size_t len, const char *source, char **err);

#endif
