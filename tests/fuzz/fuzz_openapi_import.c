/* libFuzzer: custty providers import must refuse, never crash, on any bytes:
 * the YAML/JSON reader, the mapper, and the descriptor reader on its result. */
#include "model/descriptor.h"
#include "model/openapi_import.h"
#include "model/spec_tree.h"

#include <cjson/cJSON.h>
#include <glib.h>
#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *err = NULL;
    cJSON *spec = spec_tree_parse((const char *)data, size, "fuzz.yaml", &err);
    g_free(err);
    if (!spec)
        return 0;
    OpenapiChoice choice = { 0 };
    OpenapiImport imp;
    if (openapi_import(spec, &choice, &imp)) {
        char *text = cJSON_PrintUnformatted(imp.descriptor);
        Descriptor *d = descriptor_parse(text, strlen(text), "fuzz", "fuzz.json", &err);
        descriptor_free(d);
        g_free(err);
        cJSON_free(text);
    }
    openapi_import_done(&imp);
    cJSON_Delete(spec);
    return 0;
}
