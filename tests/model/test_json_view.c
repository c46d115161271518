/* The viewer's model: rows, folds, paths and search, at any size and with
 * any bytes. */
#include "model/json_view.h"
#include "tests/support/support.h"

#include <criterion/criterion.h>
#include <glib.h>
#include <math.h>
#include <string.h>

static JsonView *seed000(void)
{
    char *text = support_fixture("botpenguin_create_201.json", NULL);
    JsonView *v = json_view_new(cJSON_Parse(text), 5000, NULL);
    g_free(text);
    return v;
}

static int32_t find_path(JsonView *v, const char *path)
{
    for (int32_t i = 1; i < json_view_count(v); i++) {
        char *p = json_view_path(v, i);
        bool hit = strcmp(p, path) == 0;
        g_free(p);
        if (hit)
            return i;
    }
    return -1;
}

Test(json_view, every_field_of_seed_000_is_a_row)
{
    JsonView *v = seed000();
    int rows = 0;
    int32_t last = -1;
    for (int32_t i = json_view_first(v); i >= 0; i = json_view_next(v, i))
        rows++, last = i;
    cr_expect_eq(rows, json_view_count(v) - 1, "all open: every node is a row");
    char *path = json_view_path(v, last);
    cr_expect_str_eq(path, "meta", "the envelope's last key");
    g_free(path);
    int32_t onboard = find_path(v, "data.onboard");
    cr_assert_geq(onboard, 0);
    char *value = json_view_value(v, onboard);
    cr_expect_str_eq(value, "true");
    g_free(value);
    cr_expect_geq(find_path(v, "data.contact.email"), 0);
    cr_expect_geq(find_path(v, "data.consumption.whatsappServiceMessages"), 0);
    json_view_free(v);
}

Test(json_view, folding_hides_and_counts_children_and_prev_is_the_inverse)
{
    JsonView *v = seed000();
    int32_t data = find_path(v, "data");
    json_view_set_folded(v, data, true);
    cr_expect(json_view_folded(v, data));
    char *value = json_view_value(v, data);
    cr_expect(strstr(value, "keys}"), "%s", value);
    g_free(value);
    int32_t after = json_view_next(v, data);
    char *path = json_view_path(v, after);
    cr_expect_str_eq(path, "code", "the folded object's rows are skipped");
    g_free(path);
    cr_expect_eq(json_view_prev(v, after), data);
    for (int32_t i = json_view_last(v); json_view_prev(v, i) >= 0; i = json_view_prev(v, i))
        cr_expect_eq(json_view_next(v, json_view_prev(v, i)), i, "prev and next agree at %d", i);
    json_view_fold_all(v, true);
    cr_expect(json_view_folded(v, data));
    json_view_fold_all(v, false);
    cr_expect_not(json_view_folded(v, data));
    json_view_set_folded(v, data, true);
    cr_expect(json_view_folded(v, data), "a choice after fold-all wins");
    json_view_free(v);
}

Test(json_view, search_finds_keys_and_values_and_reveals_them)
{
    JsonView *v = seed000();
    json_view_fold_all(v, true);
    int32_t hit = json_view_search(v, json_view_first(v), "garima@TEST", false);
    cr_assert_geq(hit, 0);
    char *path = json_view_path(v, hit);
    cr_expect_str_eq(path, "data.contact.email", "values match case-insensitively");
    g_free(path);
    json_view_reveal(v, hit);
    bool visible = false;
    for (int32_t i = json_view_first(v); i >= 0; i = json_view_next(v, i))
        visible |= i == hit;
    cr_expect(visible, "its folded parents open");
    int32_t again = json_view_search(v, hit, "garima@test", false);
    cr_expect_neq(again, hit, "n finds the next one (username)");
    cr_expect_eq(json_view_search(v, again, "garima@test", true), hit, "N goes back");
    cr_expect_geq(json_view_search(v, 1, "whatsappMarketing", false), 0, "keys match too");
    cr_expect_eq(json_view_search(v, 1, "no such thing", false), -1);
    json_view_free(v);
}

Test(json_view, a_thousand_levels_deep_without_recursion)
{
    GString *s = g_string_new(NULL);
    for (int i = 0; i < 1000; i++)
        g_string_append(s, "{\"k\":");
    g_string_append(s, "1");
    for (int i = 0; i < 1000; i++)
        g_string_append_c(s, '}');
    cJSON *doc = cJSON_ParseWithLength(s->str, s->len);
    if (!doc) { /* cJSON's own nesting limit: build the tree by hand */
        doc = cJSON_CreateObject();
        cJSON *at = doc;
        for (int i = 0; i < 999; i++) {
            cJSON *child = cJSON_CreateObject();
            cJSON_AddItemToObject(at, "k", child);
            at = child;
        }
        cJSON_AddNumberToObject(at, "k", 1);
    }
    JsonView *v = json_view_new(doc, 100000, NULL);
    cr_expect_eq(json_view_count(v), 1001);
    int32_t last = json_view_last(v);
    cr_expect_eq(json_view_depth(v, last), 999);
    char *path = json_view_path(v, last);
    cr_expect_eq(strlen(path), 1000 * 2 - 1, "k.k.k…");
    g_free(path);
    JvLine lines[4];
    int n = json_view_lines(v, last, 80, lines, 4);
    cr_expect_geq(n, 1);
    for (int i = 0; i < n; i++)
        jv_line_done(&lines[i]);
    g_string_free(s, TRUE);
    json_view_free(v);
}

/* What this checks is the shape, not a cost: the big array opens folded (and
 * says so), is one row while folded, and unfolded walks its items in order to
 * the last. How fast a move is on a large record is bench_viewer's. */
Test(json_view, fifty_thousand_items_open_folded_and_unfold_in_order)
{
    cJSON *doc = cJSON_CreateObject();
    cJSON *items = cJSON_AddArrayToObject(doc, "items");
    for (int i = 0; i < 50000; i++)
        cJSON_AddItemToArray(items, cJSON_CreateNumber(i));
    char *note = NULL;
    JsonView *v = json_view_new(doc, 5000, &note);
    cr_expect(note && strstr(note, "folded"), "says what it folded: %s", note);
    int32_t first = json_view_first(v);
    cr_expect(json_view_folded(v, first));
    cr_expect_eq(json_view_next(v, first), -1, "one row while folded");
    json_view_set_folded(v, first, false);
    int32_t i = first;
    for (int k = 0; k < 30; k++)
        i = json_view_next(v, i);
    char *path = json_view_path(v, i);
    cr_expect_str_eq(path, "items[29]");
    g_free(path);
    char *last = json_view_path(v, json_view_last(v));
    cr_expect_str_eq(last, "items[49999]");
    g_free(last), g_free(note);
    json_view_free(v);
}

Test(json_view, hostile_strings_are_escaped)
{
    const char *text = "{\"t\\u001b]0;pwned\\u0007\":\"\\u001b[2J\\u009b31m\\u202eevil\",\"ok\":\"Zoë\"}";
    JsonView *v = json_view_new(cJSON_Parse(text), 5000, NULL);
    cr_assert_eq(json_view_count(v), 3);
    char *key = json_view_key(v, 1), *value = json_view_value(v, 1), *path = json_view_path(v, 1);
    cr_expect_str_eq(key, "t\\u001b]0;pwned\\u0007");
    cr_expect_str_eq(value, "\"\\u001b[2J\\u009b31m\\u202eevil\"");
    cr_expect_null(strchr(path, 0x1b), "no ESC in the path");
    char *fine = json_view_value(v, 2);
    cr_expect_str_eq(fine, "\"Zoë\"", "ordinary UTF-8 stays as it is");
    char *copy = json_view_copy_text(v, 1);
    cr_expect_str_eq(copy, "\x1b[2J\xc2\x9b" "31m\xe2\x80\xae" "evil", "a copy is the real value");
    g_free(key), g_free(value), g_free(path), g_free(fine), g_free(copy);
    json_view_free(v);
}

Test(json_view, long_values_wrap_under_their_key)
{
    char *long_value = g_strnfill(300, 'x');
    cJSON *doc = cJSON_CreateObject();
    cJSON_AddStringToObject(doc, "description", long_value);
    JsonView *v = json_view_new(doc, 5000, NULL);
    JvLine lines[16];
    int n = json_view_lines(v, 1, 80, lines, 16);
    cr_expect_geq(n, 4, "300 characters in ~64 columns");
    cr_expect_str_eq(lines[0].key, "description");
    cr_expect_null(lines[1].key);
    cr_expect_eq(lines[1].indent, lines[0].indent + lines[0].key_width + 2, "continued under the value");
    size_t total = 0;
    for (int i = 0; i < n; i++)
        total += strlen(lines[i].value), jv_line_done(&lines[i]);
    cr_expect_eq(total, 302, "every character, and the quotes");
    g_free(long_value);
    json_view_free(v);
}

/* A UUID one column too long for its room breaks after a '-', not before
 * its closing quote; a long word without one keeps a few characters with
 * its tail. */
Test(json_view, a_uuid_breaks_at_a_dash_and_no_tail_stands_alone)
{
    cJSON *doc = cJSON_CreateObject();
    cJSON_AddStringToObject(doc, "uuid", "d66424f8-f635-4e50-82d4-6e7141e980a8");
    cJSON_AddStringToObject(doc, "code", "abcdefghijklmnopqrstuvwxyzabcdefghijk"); /* 37, 39 quoted */
    JsonView *v = json_view_new(doc, 5000, NULL);
    JvLine lines[4];
    int n = json_view_lines(v, 1, 2 + 4 + 2 + 37, lines, 4); /* the value's room: 37 columns, it is 38 */
    cr_assert_eq(n, 2);
    cr_expect_str_eq(lines[0].value, "\"d66424f8-f635-4e50-82d4-");
    cr_expect_str_eq(lines[1].value, "6e7141e980a8\"");
    for (int i = 0; i < n; i++)
        jv_line_done(&lines[i]);
    n = json_view_lines(v, 2, 2 + 4 + 2 + 37, lines, 4);
    cr_assert_eq(n, 2);
    cr_expect_gt(strlen(lines[1].value), (size_t)3, "not a lone tail: %s", lines[1].value);
    cr_expect_eq(strlen(lines[0].value) + strlen(lines[1].value), 39, "every character");
    for (int i = 0; i < n; i++)
        jv_line_done(&lines[i]);
    json_view_free(v);
}

/* The number of row 1 of a one-key object holding D, as shown. */
static char *shown_number(double d)
{
    cJSON *doc = cJSON_CreateObject();
    cJSON_AddNumberToObject(doc, "amount", d);
    JsonView *v = json_view_new(doc, 5000, NULL);
    char *value = json_view_value(v, 1);
    json_view_free(v);
    return value;
}

Test(json_view, numbers_past_any_integer_are_shown_not_cast)
{
    static const char *const docs[] = { "{\"amount\": 1e30}", "{\"amount\": -1e30}", "{\"amount\": 1e308}",
                                        "{\"amount\": 9.3e18}", "{\"amount\": 1e400}" };
    for (size_t i = 0; i < G_N_ELEMENTS(docs); i++) {
        JsonView *v = json_view_new(cJSON_Parse(docs[i]), 5000, NULL);
        cr_assert_eq(json_view_count(v), 2, "%s", docs[i]);
        char *value = json_view_value(v, 1);
        cr_expect(strlen(value) > 0 && strlen(value) < 32, "%s shows as %s", docs[i], value);
        g_free(value);
        json_view_free(v);
    }
    char *big = shown_number(1e30), *nan = shown_number(NAN), *inf = shown_number(-INFINITY);
    char *whole = shown_number(42), *neg = shown_number(-123456789012.0);
    cr_expect(strstr(big, "e+30") || strstr(big, "E+30"), "1e30 shown in exponent form: %s", big);
    cr_expect(g_ascii_strcasecmp(nan, "nan") == 0, "NaN: %s", nan);
    cr_expect(g_ascii_strcasecmp(inf, "-inf") == 0, "-inf: %s", inf);
    cr_expect_str_eq(whole, "42");
    cr_expect_str_eq(neg, "-123456789012");
    g_free(big), g_free(nan), g_free(inf), g_free(whole), g_free(neg);
}
