/* Benchmark of custty providers import on a 1 MB generated spec: reading it
 * into a tree, mapping the customer operation and checking the descriptor,
 * beside libyaml alone reading the same bytes (every event, no tree): the
 * ratio is what custty adds to the parse itself. No time bound is asserted. */
#include "model/descriptor.h"
#include "model/openapi_import.h"
#include "model/spec_tree.h"
/* The generator the tests use; the benchmarks link no test support. */
#include "tests/support/openapi_gen.c"

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double yaml_alone_ms(const char *text, size_t len)
{
    gint64 t0 = g_get_monotonic_time();
    yaml_parser_t p;
    yaml_parser_initialize(&p);
    yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
    for (bool done = false; !done;) {
        yaml_event_t e;
        if (!yaml_parser_parse(&p, &e))
            abort();
        done = e.type == YAML_STREAM_END_EVENT;
        yaml_event_delete(&e);
    }
    yaml_parser_delete(&p);
    return (double)(g_get_monotonic_time() - t0) / 1000.0;
}

static double import_ms(const char *text, size_t len)
{
    gint64 t0 = g_get_monotonic_time();
    char *err = NULL;
    cJSON *spec = spec_tree_parse(text, len, "bench.yaml", &err);
    OpenapiChoice choice = { 0 };
    OpenapiImport imp;
    if (!spec || !openapi_import(spec, &choice, &imp))
        abort();
    char *json = cJSON_Print(imp.descriptor);
    Descriptor *d = descriptor_parse(json, strlen(json), "bench", "bench.json", &err);
    if (!d)
        abort();
    descriptor_free(d);
    cJSON_free(json);
    openapi_import_done(&imp);
    cJSON_Delete(spec);
    return (double)(g_get_monotonic_time() - t0) / 1000.0;
}

int main(void)
{
    size_t len = 0, resources = 1000;
    char *text = openapi_gen_large(resources, 0, &len);
    while (len < 1024 * 1024) {
        g_free(text);
        text = openapi_gen_large(resources += 200, 0, &len);
    }
    double y[7], m[7];
    for (int i = 0; i < 7; i++)
        y[i] = yaml_alone_ms(text, len), m[i] = import_ms(text, len);
    qsort(y, 7, sizeof *y, cmp), qsort(m, 7, sizeof *m, cmp);
    printf("import of a %.2f MB spec (%zu operations): %.1f ms median; libyaml alone %.1f ms; ratio %.2f\n",
           (double)len / (1024 * 1024), 2 * resources + 3, m[3], y[3], m[3] / y[3]);
    g_free(text);
    return 0;
}
