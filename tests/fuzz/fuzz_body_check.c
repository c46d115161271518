/* libFuzzer: a request body as the sandbox receives it, any bytes. The first
 * byte picks the field's type (its high bit: nullable); the rest is parsed as
 * JSON and checked as that field's value (body_check), then read back into
 * values and built again, as a resend does. */
#include "model/body_check.h"
#include "model/request.h"

#include <cjson/cJSON.h>
#include <glib.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char *choices[] = { "active", "inactive", NULL };
    if (size < 1)
        return 0;
    Field f = { .name = "a.f", .label = "F", .type = (FieldType)(data[0] % (FIELD_CURRENCY + 1)),
                .required = data[0] & 0x40, .nullable = data[0] & 0x80, .choices = choices,
                .min = -5, .max = 5000, .number_min = -INFINITY, .number_max = 1e6 };
    Descriptor d = { .name = "fuzz", .fields = &f, .n_fields = 1 };
    cJSON *value = cJSON_ParseWithLength((const char *)data + 1, size - 1);
    cJSON *body = cJSON_CreateObject(), *inner = cJSON_AddObjectToObject(body, "a");
    if (value)
        cJSON_AddItemToObject(inner, "f", value);
    Problems problems;
    body_check(&d, body, &problems);
    problems_done(&problems);
    Values v;
    values_init(&v);
    values_from_body(&v, &d, body, true);
    char *err = NULL;
    cJSON *again = request_body(&d, &v, &err);
    cJSON_Delete(again);
    g_free(err);
    cJSON_Delete(request_body_unchecked(&d, &v));
    values_done(&v);
    cJSON_Delete(body);
    return 0;
}
