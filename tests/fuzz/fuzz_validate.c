/* libFuzzer: every validator takes any bytes. The first byte picks the type
 * (its high bit: required), the second the bounds and whether null is allowed. */
#include "model/validate.h"

#include <math.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char *choices[] = { "active", "inactive", "suspended", NULL };
    static const double bounds[][2] = { { -INFINITY, INFINITY }, { 0, 1000.5 }, { -1e-300, 1e300 }, { 5, 5 } };
    if (size < 2)
        return 0;
    const double *b = bounds[data[1] % 4];
    Field f = { .name = "f", .label = "F", .type = (FieldType)(data[0] % (FIELD_CURRENCY + 1)),
                .required = data[0] & 0x80, .choices = choices, .min = -5, .max = 5000,
                .number_min = b[0], .number_max = b[1], .nullable = data[1] & 0x80 };
    FieldCheck c;
    if (data[1] & 0x40)
        field_check_null(&f, &c);
    else
        field_check(&f, (const char *)data + 2, size - 2, &c);
    field_check_done(&c);
    return 0;
}
