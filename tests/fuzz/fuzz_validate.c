/* libFuzzer: every validator takes any bytes. The first byte picks the type
 * (its high bit: required), the second the bounds, whether null is allowed,
 * a min_length and a pattern (0x20; 0x10 picks a catastrophic one). */
#include "model/field_pattern.h"
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
    static GRegex *patterns[2];
    if (!patterns[0]) {
        char *why = NULL;
        patterns[0] = field_pattern_compile("(a+)+$", &why);
        patterns[1] = field_pattern_compile("^[A-Z]{2}-[0-9]{4}$", &why);
    }
    f.min_length = ((data[1] >> 2) & 3) * 3;
    if (data[1] & 0x20) {
        f.pattern = data[1] & 0x10 ? "^[A-Z]{2}-[0-9]{4}$" : "(a+)+$";
        f.pattern_re = patterns[(data[1] & 0x10) != 0];
        f.pattern_hint = data[1] & 0x01 ? "like TZ-0042" : NULL;
    }
    FieldCheck c;
    if (data[1] & 0x40)
        field_check_null(&f, &c);
    else
        field_check(&f, (const char *)data + 2, size - 2, &c);
    field_check_done(&c);
    return 0;
}
