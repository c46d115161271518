/* Dotted paths into cJSON trees ("address.city", "error.errors"). */
#ifndef CUSTTY_MODEL_JSONPATH_H
#define CUSTTY_MODEL_JSONPATH_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

/* The node at PATH under ROOT, or NULL. An empty path is ROOT itself. */
const cJSON *jsonpath_get(const cJSON *root, const char *path);

/* The string at PATH, or NULL when absent or not a string. */
const char *jsonpath_string(const cJSON *root, const char *path);

/* Puts ITEM (owned by the tree afterwards) at PATH, creating the objects on
 * the way. Returns false, and frees ITEM, where a non-object is in the way. */
bool jsonpath_set(cJSON *root, const char *path, cJSON *item);

/* Parses LEN bytes; on failure fills LINE and COLUMN (1-based) of the error. */
cJSON *json_parse_located(const char *text, size_t len, int *line, int *column);

/* DOC as indented JSON, two spaces a level and one after a colon (cJSON
 * writes tabs, which editors and diffs show at any width). g_free it. */
char *json_print_pretty(const cJSON *doc);

/* Routes cJSON's allocations through GLib, which aborts on out-of-memory. */
void json_use_glib_allocator(void);

#endif
