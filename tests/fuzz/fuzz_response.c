/* libFuzzer: any answer from any provider is read without crashing. The first
 * byte picks the provider and the status. */
#include "model/descriptor.h"
#include "model/response.h"

#include <glib.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static Descriptor *providers[3];

static void load_providers(void)
{
    static const char *const names[] = { "botpenguin", "billing-v1", "prolifi" };
    for (int i = 0; i < 3 && !providers[i]; i++) {
        char *path = g_strdup_printf("assets/providers/%s.json", names[i]);
        char *err = NULL;
        providers[i] = descriptor_load(path, &err);
        if (!providers[i])
            g_error("%s", err);
        g_free(path);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const int statuses[] = { 200, 201, 400, 401, 403, 409, 422, 429, 500, 502 };
    load_providers();
    if (size < 1)
        return 0;
    Response r;
    response_read(providers[data[0] % 3], statuses[(data[0] / 3) % 10], (const char *)data + 1, size - 1, &r);
    response_done(&r);
    return 0;
}
