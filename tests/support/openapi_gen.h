/* OpenAPI documents made in the tests: the shape real billing and CRM
 * platforms publish, no one's document copied. */
#ifndef CUSTTY_TESTS_OPENAPI_GEN_H
#define CUSTTY_TESTS_OPENAPI_GEN_H

#include <stddef.h>

/* A YAML spec with RESOURCES resources beside its customers (two operations
 * each, with schemas), a create body wrapped in {"customer": …} built of
 * allOf and $ref chains, enums of every country and currency, HTTP Basic
 * (or, with API_KEY, an X-Api-Key header). g_free it. */
char *openapi_gen_large(size_t resources, int api_key, size_t *len);

#endif
