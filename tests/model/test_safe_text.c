/* The one escaping function, and its line and JSON forms. */
#include "model/safe_text.h"

#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <glib.h>
#include <string.h>

static const char HOSTILE[] = "a\x1b]0;t\x07 \xe2\x80\xae \xc2\x9b \x9b\xff \x7f z";

Test(safe_text, lines_keep_line_breaks_and_escape_the_rest)
{
    const char in[] = "HTTP/1.1 302\r\nLocation: \x1b[2J\r\n\r\nbody\x07";
    char *out = safe_text_lines(in, sizeof in - 1);
    cr_expect_str_eq(out, "HTTP/1.1 302\nLocation: \\u001b[2J\n\nbody\\u0007");
    g_free(out);
}

/* cJSON escapes C0 itself, but leaves C1, bidi overrides, DEL and invalid
 * UTF-8 raw; safe_json escapes those, and the text stays JSON. */
Test(safe_text, json_escapes_what_cjson_leaves_and_stays_json)
{
    cJSON *doc = cJSON_CreateObject();
    cJSON_AddStringToObject(doc, "id", HOSTILE);
    char *printed = cJSON_Print(doc);
    char *out = safe_json(printed, strlen(printed));
    cr_expect_null(strchr(out, 0x1b));
    cr_expect(g_utf8_validate(out, -1, NULL), "%s", out);
    cr_expect(strstr(out, "\\u202e") && strstr(out, "\\u009b") && strstr(out, "\\u007f"), "%s", out);
    cr_expect(strstr(out, "\\ufffd\\ufffd"), "invalid bytes: %s", out);
    cr_expect(strchr(out, '\n') && strchr(out, '\t'), "a pretty print keeps its layout: %s", out);
    cJSON *back = cJSON_Parse(out);
    cr_assert_not_null(back, "%s", out);
    cr_expect_str_eq(cJSON_GetObjectItem(back, "id")->valuestring,
                     "a\x1b]0;t\x07 \xe2\x80\xae \xc2\x9b \xef\xbf\xbd\xef\xbf\xbd \x7f z", "the same text");
    cJSON_Delete(back);
    cJSON_Delete(doc);
    g_free(out);
    g_free(printed);
}
