#define _GNU_SOURCE /* fopencookie */
/* Rows of a --from file: CSV as RFC 4180 has it and JSON Lines, each row
 * knowing its line, each problem named FILE:LINE. */
#include "model/row_reader.h"
#include "model/row_values.h"
#include "tests/support/support.h"

#include <criterion/criterion.h>
#include <string.h>

/* Every row of TEXT, one line each: "LINE: cell|cell" or the problem. */
static char *read_all(const char *text, RowFormat f)
{
    FILE *in = fmemopen((void *)text, strlen(text), "r");
    RowReader *r = row_reader_new(in, f, "c.csv");
    GString *out = g_string_new(NULL);
    Row row;
    char *why;
    RowStatus s;
    while ((s = row_reader_next(r, &row, &why)) != ROW_END) {
        if (s == ROW_BAD) {
            g_string_append_printf(out, "%s\n", why);
            g_free(why);
            continue;
        }
        g_string_append_printf(out, "%ld:", row.line);
        for (guint i = 0; row.cells && i < row.cells->len; i++)
            g_string_append_printf(out, "%s%s", i ? "|" : " ", (char *)row.cells->pdata[i]);
        if (row.json) {
            char *j = cJSON_PrintUnformatted(row.json);
            g_string_append_printf(out, " %s", j);
            free(j);
        }
        g_string_append_c(out, '\n');
        row_done(&row);
    }
    row_reader_free(r);
    fclose(in);
    return g_string_free(out, FALSE);
}

static void expect(const char *text, RowFormat f, const char *want)
{
    char *got = read_all(text, f);
    cr_expect_str_eq(got, want);
    g_free(got);
}

Test(row_reader, csv_rfc4180)
{
    expect("\xef\xbb\xbf" "email,name\r\n"
           "a@b.example,\"Ann, \"\"A\"\"\"\r\n"
           "\r\n"
           "c@d.example,\"two\nlines\"\n"
           "\n"
           "e@f.example,\n",
           ROWS_CSV,
           "1: email|name\n2: a@b.example|Ann, \"A\"\n4: c@d.example|two\nlines\n7: e@f.example|\n");
}

Test(row_reader, csv_problems_name_their_line_and_reading_goes_on)
{
    expect("a,b\n\"x\"y,z\nq\"r,s\n1,2\n\"open,\n", ROWS_CSV,
           "1: a|b\n"
           "c.csv:2: text after a closing quote; a quote inside a quoted field is written \"\"\n"
           "c.csv:3: a quote inside an unquoted field; quote the whole field\n"
           "4: 1|2\n"
           "c.csv:5: a quoted field is never closed (a \" is missing)\n");
}

Test(row_reader, jsonl_rows_and_a_broken_line)
{
    expect("{\"email\":\"a@b.example\",\"address\":{\"city\":\"X\"}}\r\n\n{broken\n[1]\n", ROWS_JSONL,
           "1: {\"email\":\"a@b.example\",\"address\":{\"city\":\"X\"}}\n"
           "c.csv:3: not JSON: each line must be one JSON object, like {\"email\": \"a@b.example\"}\n"
           "c.csv:4: not a JSON object: each line must be one {…}\n");
}

Test(row_reader, digest_is_the_content)
{
    FILE *in = fmemopen((void *)"a\n", 2, "r");
    RowReader *r = row_reader_new(in, ROWS_CSV, "x");
    Row row;
    char *why;
    while (row_reader_next(r, &row, &why) != ROW_END)
        row_done(&row);
    char *hex = row_reader_digest(r);
    char *want = g_compute_checksum_for_string(G_CHECKSUM_SHA256, "a\n", 2);
    cr_expect_str_eq(hex, want);
    g_free(hex), g_free(want);
    row_reader_free(r);
    fclose(in);
}

static Row header_row(const char *const *cells)
{
    Row h = { 1, g_ptr_array_new_with_free_func(g_free), NULL };
    for (; *cells; cells++)
        g_ptr_array_add(h.cells, g_strdup(*cells));
    return h;
}

Test(row_values, columns_by_key_label_or_rename)
{
    Descriptor *d = support_provider("billing-v1");
    Row h = header_row((const char *const[]){ "email", "Country", "Town", NULL });
    char *renames[] = { "Town=address.city" };
    RowValues rv;
    char *why;
    cr_assert(row_values_init(&rv, d, &h, renames, 1, true, &why), "%s", why);
    Row r = header_row((const char *const[]){ "a@b.example", "DE", "", NULL });
    Values v;
    values_init(&v);
    cr_assert(row_values_get(&rv, &r, &v, &why));
    cr_expect_str_eq(values_get(&v, "address.country", NULL), "DE");
    cr_expect_null(values_get(&v, "address.city", NULL), "an empty cell sets nothing");
    values_done(&v);
    row_done(&r);
    Row shortr = header_row((const char *const[]){ "a@b.example", NULL });
    values_init(&v);
    cr_expect_not(row_values_get(&rv, &shortr, &v, &why));
    cr_expect(strstr(why, "1 cells where the header has 3 columns"), "%s", why);
    g_free(why), values_done(&v), row_done(&shortr);
    row_values_done(&rv);
    row_done(&h);
    Row bad = header_row((const char *const[]){ "emial", NULL });
    cr_expect_not(row_values_init(&rv, d, &bad, NULL, 0, true, &why));
    cr_expect(strstr(why, "\"emial\" is no field"), "%s", why);
    g_free(why), row_values_done(&rv), row_done(&bad);
    descriptor_free(d);
}

/* An endless line: 'a' after 'a', counted as read. */
static ssize_t endless_read(void *cookie, char *buf, size_t size)
{
    *(size_t *)cookie += size;
    memset(buf, 'a', size);
    return (ssize_t)size;
}

static void expect_stops_at_a_row_that_never_ends(RowFormat f)
{
    size_t read = 0;
    FILE *in = fopencookie(&read, "r", (cookie_io_functions_t){ .read = endless_read });
    RowReader *r = row_reader_new(in, f, "c.csv");
    Row row;
    char *why = NULL;
    /* before, this never came back: the reader looked for the row's end, to no end */
    cr_expect_eq(row_reader_next(r, &row, &why), ROW_BAD);
    cr_expect(why && strstr(why, "c.csv:1: the row is longer than 1 MiB; the rest of the file was not read"),
              "%s", why);
    cr_expect_lt(read, (size_t)ROW_MAX_BYTES + 2 * 65536 + 8192, "read no further than the limit");
    g_free(why);
    cr_expect_eq(row_reader_next(r, &row, &why), ROW_END);
    row_reader_free(r);
    fclose(in);
}

Test(row_reader, a_row_that_never_ends_stops_the_reading_at_the_limit, .timeout = 30)
{
    expect_stops_at_a_row_that_never_ends(ROWS_CSV);
    expect_stops_at_a_row_that_never_ends(ROWS_JSONL);
}

/* What row_values_get says of the JSON line TEXT on billing-v1, or "ok". */
static char *jsonl_verdict(const Descriptor *d, const char *text)
{
    RowValues rv;
    row_values_init_jsonl(&rv, d);
    Row row = { 1, NULL, cJSON_Parse(text) };
    cr_assert(row.json, "%s", text);
    Values v;
    values_init(&v);
    char *why = NULL;
    bool ok = row_values_get(&rv, &row, &v, &why);
    values_done(&v);
    row_done(&row);
    row_values_done(&rv);
    return ok ? g_strdup("ok") : why;
}

static void expect_verdict(const Descriptor *d, const char *text, const char *want)
{
    char *got = jsonl_verdict(d, text);
    cr_expect(strstr(got, want), "%s: %s", text, got);
    g_free(got);
}

Test(row_values, a_json_line_of_the_wrong_shape_is_refused_not_sent_otherwise)
{
    Descriptor *d = support_provider("billing-v1");
    /* before: the name went out as the text {"first":"A"} */
    expect_verdict(d, "{\"name\":{\"first\":\"A\"},\"email\":\"a@b.example\"}",
                   "Name (name): an object where one value is wanted");
    expect_verdict(d, "{\"name\":\"A\",\"email\":[\"a@b.example\"]}", "Email (email): a list where one value is wanted");
    /* before: the address was left out of the body without a word */
    expect_verdict(d, "{\"name\":\"A\",\"email\":\"a@b.example\",\"address\":\"Dar\"}",
                   "\"address\" holds fields (like address.…), so it must be an object");
    /* before: only the top level was looked at */
    expect_verdict(d, "{\"name\":\"A\",\"email\":\"a@b.example\",\"address\":{\"city\":\"Dar\",\"zip\":\"1\"}}",
                   "\"address.zip\" is no field of Billing API");
    expect_verdict(d, "{\"name\":\"A\",\"email\":\"a@b.example\",\"address\":{\"city\":\"Dar\"},"
                      "\"custom_data\":{\"tier\":[1,2]},\"address\":null}", "ok");
    expect_verdict(d, "{\"nickname\":\"A\"}", "\"nickname\" is no field");
    descriptor_free(d);
}
