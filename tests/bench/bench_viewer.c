/* Benchmark: the viewer's cost for a 5 KB and a 5 MB record, printed side by
 * side. Opening grows with the document; a key press (scroll to the end,
 * search, fold all, each followed by laying out a 100×30 screen) should not. */
#include "model/json_view.h"

#include <glib.h>
#include <stdio.h>
#include <string.h>

#define ROWS 28
#define WIDTH 100

static cJSON *record_of_size(size_t bytes)
{
    cJSON *doc = cJSON_CreateObject();
    cJSON *customers = cJSON_AddArrayToObject(doc, "customers");
    for (int i = 0; ; i++) {
        cJSON *c = cJSON_CreateObject();
        char *email = g_strdup_printf("customer%d@example.com", i);
        cJSON_AddStringToObject(c, "id", "cus_01h3vjs3b16yc3f9q8q9pfrb80");
        cJSON_AddStringToObject(c, "email", email);
        cJSON_AddStringToObject(c, "name", "Brighton Mboya");
        cJSON *addr = cJSON_AddObjectToObject(c, "address");
        cJSON_AddStringToObject(addr, "city", "Dar es Salaam");
        cJSON_AddStringToObject(addr, "country", "TZ");
        cJSON_AddBoolToObject(c, "verified", i % 2);
        cJSON_AddItemToArray(customers, c);
        g_free(email);
        if ((size_t)(i + 1) * 170 >= bytes) /* about 170 bytes a customer, printed */
            break;
    }
    cJSON_AddStringToObject(doc, "needle", "the-last-field");
    return doc;
}

/* What a key press costs on screen: laying out one screen of rows. */
static void lay_out_screen(JsonView *v, int32_t top)
{
    JvLine lines[8];
    int32_t i = top;
    for (int r = 0; r < ROWS && i >= 0; i = json_view_next(v, i)) {
        int n = json_view_lines(v, i, WIDTH, lines, 8);
        for (int k = 0; k < n; k++)
            jv_line_done(&lines[k]);
        r += n;
    }
}

static double us_since(gint64 t0)
{
    return (double)(g_get_monotonic_time() - t0);
}

typedef struct {
    double open_ms, end_us, search_us, fold_us;
    size_t bytes;
} Timing;

static Timing measure(size_t bytes)
{
    Timing t = { 0 };
    cJSON *doc = record_of_size(bytes);
    char *text = cJSON_PrintUnformatted(doc);
    t.bytes = strlen(text);
    cJSON_Delete(doc);
    gint64 t0 = g_get_monotonic_time();
    JsonView *v = json_view_new(cJSON_Parse(text), 5000, NULL); /* parse + index: what opening costs */
    lay_out_screen(v, json_view_first(v));
    t.open_ms = us_since(t0) / 1000.0;
    const int reps = 200;
    t0 = g_get_monotonic_time();
    for (int k = 0; k < reps; k++)
        lay_out_screen(v, json_view_last(v));
    t.end_us = us_since(t0) / reps;
    t0 = g_get_monotonic_time();
    for (int k = 0; k < reps; k++) {
        int32_t hit = json_view_search(v, json_view_first(v), "needle", true); /* n backwards: near */
        lay_out_screen(v, hit);
    }
    t.search_us = us_since(t0) / reps;
    t0 = g_get_monotonic_time();
    for (int k = 0; k < reps; k++) {
        json_view_fold_all(v, k % 2);
        lay_out_screen(v, json_view_first(v));
    }
    t.fold_us = us_since(t0) / reps;
    json_view_free(v);
    cJSON_free(text);
    return t;
}

int main(void)
{
    Timing s = measure(5 * 1024), l = measure(5 * 1024 * 1024);
    printf("viewer, a %zu-byte record beside a %zu-byte one:\n", s.bytes, l.bytes);
    printf("  open (parse, index, first screen): %8.2f ms  %8.2f ms  (target: 5 MB under 150 ms)\n", s.open_ms, l.open_ms);
    printf("  key: scroll to the end:            %8.1f us  %8.1f us  ratio %.2f\n", s.end_us, l.end_us, l.end_us / s.end_us);
    printf("  key: search (n):                   %8.1f us  %8.1f us  ratio %.2f\n", s.search_us, l.search_us,
           l.search_us / s.search_us);
    printf("  key: fold all / open all:          %8.1f us  %8.1f us  ratio %.2f  (target: ratios near 1)\n", s.fold_us,
           l.fold_us, l.fold_us / s.fold_us);
    return 0;
}
