/* libFuzzer: the descriptor loader must refuse, never crash, on any bytes. */
#include "model/descriptor.h"

#include <glib.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *err = NULL;
    Descriptor *d = descriptor_parse((const char *)data, size, "fuzz", "fuzz.json", &err);
    descriptor_free(d);
    g_free(err);
    return 0;
}
