/* A JSON document as an indented text tree, every value terminal-safe. */
#ifndef CUSTTY_MODEL_TREE_TEXT_H
#define CUSTTY_MODEL_TREE_TEXT_H

#include <cjson/cJSON.h>

/* "key: value" lines, two spaces per level, strings quoted and escaped,
 * arrays as [0], [1]…; g_free the result. */
char *tree_text(const cJSON *root);

#endif
