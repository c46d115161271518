/* Benchmark: the viewer's cost for a 5 KB and a 5 MB record, printed side by
 * side, the two measured in turn (small, large, small, large …) so that both
 * see the same machine load; the small record is the large one's baseline.
 * Opening grows with the document; scrolling to the end and folding all
 * (each followed by laying out a 100×30 screen) should not. A search must
 * walk: its needle sits in the middle customer and the search starts at the
 * first row, so it visits about half the nodes, and its cost grows with them
 * (O(n)); the node counts are printed beside it. */
#include "model/json_view.h"

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
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
    /* The needle, in the middle customer: a search from the first row walks
     * half the document to reach it. */
    cJSON *middle = cJSON_GetArrayItem(customers, cJSON_GetArraySize(customers) / 2);
    cJSON_AddStringToObject(middle, "note", "the-needle");
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

typedef struct {
    char *text;
    size_t bytes;
    JsonView *v;
    int32_t nodes;
    double open_ms[5], end_us, search_us, fold_us;
} Side;

static void side_prepare(Side *d, size_t bytes)
{
    cJSON *doc = record_of_size(bytes);
    d->text = cJSON_PrintUnformatted(doc);
    d->bytes = strlen(d->text);
    cJSON_Delete(doc);
}

/* Opening: parse, index, first screen. */
static double side_open(Side *d)
{
    gint64 t0 = g_get_monotonic_time();
    JsonView *v = json_view_new(cJSON_Parse(d->text), 5000, NULL);
    lay_out_screen(v, json_view_first(v));
    double ms = (double)(g_get_monotonic_time() - t0) / 1000.0;
    json_view_free(d->v);
    d->v = v;
    d->nodes = json_view_count(v);
    return ms;
}

typedef enum { KEY_END, KEY_SEARCH, KEY_FOLD } Key;

/* One key press and the screen after it, in microseconds. */
static double side_key(Side *d, Key key, int k)
{
    gint64 t0 = g_get_monotonic_time();
    if (key == KEY_END) { /* the last screenful: the last row at the bottom */
        int32_t top = json_view_last(d->v);
        for (int r = 1; r < ROWS && json_view_prev(d->v, top) >= 0; r++)
            top = json_view_prev(d->v, top);
        lay_out_screen(d->v, top);
    } else if (key == KEY_SEARCH) {
        int32_t hit = json_view_search(d->v, json_view_first(d->v), "the-needle", false);
        if (hit < 0)
            abort(); /* the needle is there by construction */
        lay_out_screen(d->v, hit);
    } else {
        json_view_fold_all(d->v, k % 2);
        lay_out_screen(d->v, json_view_first(d->v));
    }
    return (double)(g_get_monotonic_time() - t0);
}

/* REPS presses of KEY on each side, in turn; the mean of each. */
static void interleave(Side *s, Side *l, Key key, double *s_us, double *l_us)
{
    const int reps = key == KEY_SEARCH ? 20 : 200;
    double ts = 0, tl = 0;
    for (int k = 0; k < reps; k++) {
        ts += side_key(s, key, k);
        tl += side_key(l, key, k);
    }
    *s_us = ts / reps, *l_us = tl / reps;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(void)
{
    Side s = { 0 }, l = { 0 };
    side_prepare(&s, 5 * 1024), side_prepare(&l, 5 * 1024 * 1024);
    for (int k = 0; k < 5; k++)
        s.open_ms[k] = side_open(&s), l.open_ms[k] = side_open(&l);
    qsort(s.open_ms, 5, sizeof(double), cmp_double), qsort(l.open_ms, 5, sizeof(double), cmp_double);
    json_view_fold_all(s.v, false), json_view_fold_all(l.v, false); /* every row visible on both sides */
    interleave(&s, &l, KEY_END, &s.end_us, &l.end_us);
    interleave(&s, &l, KEY_SEARCH, &s.search_us, &l.search_us);
    interleave(&s, &l, KEY_FOLD, &s.fold_us, &l.fold_us);
    double node_ratio = (double)l.nodes / s.nodes;
    printf("viewer, a %zu-byte record (%d nodes, the baseline) beside a %zu-byte one (%d nodes, %.0f×), interleaved:\n",
           s.bytes, s.nodes, l.bytes, l.nodes, node_ratio);
    printf("  open (parse, index, first screen), median of 5: %8.2f ms  %8.2f ms  ratio %.0f  (5 MB target under 150 ms "
           "absolute)\n", s.open_ms[2], l.open_ms[2], l.open_ms[2] / s.open_ms[2]);
    printf("  key: scroll to the end, all open:  %8.1f us  %8.1f us  ratio %.2f  (target near 1)\n", s.end_us, l.end_us,
           l.end_us / s.end_us);
    printf("  key: fold all / open all:          %8.1f us  %8.1f us  ratio %.2f  (target near 1)\n", s.fold_us,
           l.fold_us, l.fold_us / s.fold_us);
    printf("  key: search (n) to the middle:     %8.1f us  %8.1f us  ratio %.0f  (walks half the nodes: O(n), "
           "the node ratio is %.0f)\n", s.search_us, l.search_us, l.search_us / s.search_us, node_ratio);
    json_view_free(s.v), json_view_free(l.v);
    cJSON_free(s.text), cJSON_free(l.text);
    return 0;
}
