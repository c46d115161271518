#include "model/safe_text.h"

#include <glib.h>
#include <string.h>

/* Characters that change how the rest of a line is shown (bidi overrides and
 * isolates) or are invisible controls. */
static gboolean needs_escape(gunichar c)
{
    return c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f) || (c >= 0x202a && c <= 0x202e) ||
           (c >= 0x2066 && c <= 0x2069) || c == 0x200e || c == 0x200f || c == 0x061c;
}

bool safe_text_escapes(unsigned int c)
{
    return needs_escape(c);
}

char *safe_text(const char *s, size_t len)
{
    GString *out = g_string_sized_new(len + 8);
    const char *p = s, *end = s + len;
    while (p < end) {
        gunichar c = g_utf8_get_char_validated(p, end - p);
        if (c == (gunichar)-1 || c == (gunichar)-2) {
            g_string_append_printf(out, "\\x%02x", (unsigned char)*p);
            p++;
            continue;
        }
        const char *next = g_utf8_next_char(p);
        if (needs_escape(c))
            g_string_append_printf(out, "\\u%04x", c);
        else
            g_string_append_len(out, p, next - p);
        p = next;
    }
    return g_string_free(out, FALSE);
}

char *safe_text_lines(const char *s, size_t len)
{
    GString *out = g_string_sized_new(len + 8);
    const char *p = s, *end = s + len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *stop = nl ? nl : end;
        size_t n = (size_t)(stop - p);
        if (nl && n > 0 && stop[-1] == '\r')
            n--; /* HTTP's CRLF reads as one line break */
        char *line = safe_text(p, n);
        g_string_append(out, line);
        g_free(line);
        if (nl)
            g_string_append_c(out, '\n');
        p = nl ? nl + 1 : end;
    }
    return g_string_free(out, FALSE);
}

/* Outside strings cJSON writes only ASCII, and inside them every control
 * below 0x20 already escaped: what is left to escape is the rest. */
char *safe_json(const char *json, size_t len)
{
    GString *out = g_string_sized_new(len + 8);
    const char *p = json, *end = json + len;
    while (p < end) {
        gunichar c = g_utf8_get_char_validated(p, end - p);
        if (c == (gunichar)-1 || c == (gunichar)-2) {
            g_string_append(out, "\\ufffd");
            p++;
            continue;
        }
        const char *next = g_utf8_next_char(p);
        if (needs_escape(c) && c != '\n' && c != '\t' && c != '\r')
            g_string_append_printf(out, "\\u%04x", c);
        else
            g_string_append_len(out, p, next - p);
        p = next;
    }
    return g_string_free(out, FALSE);
}
