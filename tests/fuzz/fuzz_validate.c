/* libFuzzer: every validator takes any bytes. The first byte picks the type. */
#include "model/validate.h"

#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char *choices[] = { "active", "inactive", "suspended", NULL };
    if (size < 1)
        return 0;
    Field f = { .name = "f", .label = "F", .type = (FieldType)(data[0] % (FIELD_INTEGER + 1)),
                .required = data[0] & 0x80, .choices = choices, .min = -5, .max = 5000 };
    FieldCheck c;
    field_check(&f, (const char *)data + 1, size - 1, &c);
    field_check_done(&c);
    return 0;
}
