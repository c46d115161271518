#include "model/safe_text.h"

#include <glib.h>

/* Characters that change how the rest of a line is shown (bidi overrides and
 * isolates) or are invisible controls. */
static gboolean needs_escape(gunichar c)
{
    return c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f) || (c >= 0x202a && c <= 0x202e) ||
           (c >= 0x2066 && c <= 0x2069) || c == 0x200e || c == 0x200f || c == 0x061c;
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
