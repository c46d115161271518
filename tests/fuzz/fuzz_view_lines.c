/* libFuzzer: the viewer's line builder on any document, at any width, through
 * every row, folded and open, with a search. Nothing it makes may hold a
 * control character. */
#include "model/json_view.h"

#include <glib.h>
#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_line(const JvLine *l)
{
    for (const char *p = l->value; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f)
            __builtin_trap();
    for (const char *p = l->key; p && *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f)
            __builtin_trap();
}

static void walk(JsonView *v, int width)
{
    JvLine lines[16];
    int rows = 0;
    for (int32_t i = json_view_first(v); i >= 0 && rows < 5000; i = json_view_next(v, i), rows++) {
        int n = json_view_lines(v, i, width, lines, 16);
        for (int k = 0; k < n; k++)
            check_line(&lines[k]), jv_line_done(&lines[k]);
        g_free(json_view_path(v, i));
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    int width = 8 + data[0] % 200;
    cJSON *doc = cJSON_ParseWithLength((const char *)data + 1, size - 1);
    if (!doc)
        return 0;
    JsonView *v = json_view_new(doc, 50, NULL);
    walk(v, width);
    json_view_fold_all(v, true);
    walk(v, width);
    int32_t hit = json_view_search(v, json_view_first(v), "a", data[0] & 1);
    if (hit >= 0)
        json_view_reveal(v, hit);
    walk(v, width);
    json_view_free(v);
    return 0;
}
