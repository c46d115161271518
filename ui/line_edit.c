#include "ui/line_edit.h"

#include <string.h>
#include <wchar.h>

void line_edit_init(LineEdit *e, const char *text)
{
    e->text = g_string_new(NULL);
    e->cursor = 0;
    e->max = 0;
    e->max_bytes = false;
    if (text)
        line_edit_insert(e, text, strlen(text));
}

void line_edit_limit(LineEdit *e, size_t max, bool in_bytes)
{
    e->max = max;
    e->max_bytes = in_bytes;
}

static size_t length_of(const LineEdit *e, const char *s, size_t len)
{
    return e->max_bytes ? len : (size_t)g_utf8_strlen(s, (gssize)len);
}

size_t line_edit_length(const LineEdit *e) { return length_of(e, e->text->str, e->text->len); }

void line_edit_done(LineEdit *e)
{
    if (!e->text)
        return;
    explicit_bzero(e->text->str, e->text->allocated_len);
    g_string_free(e->text, TRUE);
    e->text = NULL;
}

/* TEXT cleaned for one line: valid UTF-8, no controls. */
static GString *clean(const char *text, size_t len)
{
    GString *out = g_string_sized_new(len);
    const char *p = text, *end = text + len;
    while (p < end) {
        gunichar c = g_utf8_get_char_validated(p, end - p);
        if (c == (gunichar)-1 || c == (gunichar)-2) {
            g_string_append_unichar(out, 0xfffd);
            p++;
            continue;
        }
        if (c == '\t')
            g_string_append_c(out, ' ');
        else if (!(c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)))
            g_string_append_unichar(out, c);
        p = g_utf8_next_char(p);
    }
    return out;
}

static bool fits(const LineEdit *e, const GString *added, size_t kept)
{
    return !e->max || kept + length_of(e, added->str, added->len) <= e->max;
}

static void free_clean(GString *c)
{
    explicit_bzero(c->str, c->len);
    g_string_free(c, TRUE);
}

LineEditResult line_edit_set(LineEdit *e, const char *text)
{
    GString *c = clean(text ? text : "", text ? strlen(text) : 0);
    if (!fits(e, c, 0))
        return free_clean(c), LINE_EDIT_TOO_LONG;
    explicit_bzero(e->text->str, e->text->len);
    g_string_assign(e->text, c->str);
    e->cursor = e->text->len;
    free_clean(c);
    return LINE_EDIT_CHANGED;
}

LineEditResult line_edit_put(LineEdit *e, const char *text, size_t len)
{
    GString *c = clean(text, len);
    if (!fits(e, c, e->max ? line_edit_length(e) : 0))
        return free_clean(c), LINE_EDIT_TOO_LONG;
    bool changed = c->len > 0;
    g_string_insert_len(e->text, (gssize)e->cursor, c->str, (gssize)c->len);
    e->cursor += c->len;
    free_clean(c);
    return changed ? LINE_EDIT_CHANGED : LINE_EDIT_SAME;
}

bool line_edit_insert(LineEdit *e, const char *text, size_t len)
{
    return line_edit_put(e, text, len) == LINE_EDIT_CHANGED;
}

static bool erase(LineEdit *e, size_t from, size_t to);

static bool is_break(char c)
{
    return c == '\n' || c == '\r';
}

char *line_edit_one_line(const char *text, size_t len, bool *joined)
{
    const char *p = text, *end = text + len;
    while (p < end && is_break(*p))
        p++;
    while (end > p && is_break(end[-1]))
        end--;
    GString *out = g_string_sized_new((gsize)(end - p));
    *joined = false;
    while (p < end) {
        if (!is_break(*p)) {
            g_string_append_c(out, *p++);
            continue;
        }
        while (p < end && is_break(*p))
            p++;
        g_string_append_c(out, ' ');
        *joined = true;
    }
    return g_string_free(out, FALSE);
}

bool line_edit_trim(LineEdit *e, bool start_only)
{
    size_t lead = 0, len = e->text->len;
    while (lead < len && g_ascii_isspace(e->text->str[lead]))
        lead++;
    while (!start_only && len > lead && g_ascii_isspace(e->text->str[len - 1]))
        len--;
    if (lead == 0 && len == e->text->len)
        return false;
    size_t cursor = e->cursor;
    erase(e, len, e->text->len);
    erase(e, 0, lead);
    e->cursor = CLAMP(cursor, lead, len) - lead;
    return true;
}

static size_t prev_char(const LineEdit *e, size_t at)
{
    if (at == 0)
        return 0;
    return (size_t)(g_utf8_find_prev_char(e->text->str, e->text->str + at) - e->text->str);
}

static size_t next_char(const LineEdit *e, size_t at)
{
    if (at >= e->text->len)
        return e->text->len;
    return (size_t)(g_utf8_next_char(e->text->str + at) - e->text->str);
}

void line_edit_left(LineEdit *e) { e->cursor = prev_char(e, e->cursor); }
void line_edit_right(LineEdit *e) { e->cursor = next_char(e, e->cursor); }
void line_edit_home(LineEdit *e) { e->cursor = 0; }
void line_edit_end(LineEdit *e) { e->cursor = e->text->len; }

static bool erase(LineEdit *e, size_t from, size_t to)
{
    if (to <= from)
        return false;
    explicit_bzero(e->text->str + from, to - from);
    g_string_erase(e->text, (gssize)from, (gssize)(to - from));
    e->cursor = from;
    return true;
}

bool line_edit_backspace(LineEdit *e) { return erase(e, prev_char(e, e->cursor), e->cursor); }
bool line_edit_delete(LineEdit *e) { return erase(e, e->cursor, next_char(e, e->cursor)); }
bool line_edit_kill_to_end(LineEdit *e) { return erase(e, e->cursor, e->text->len); }
bool line_edit_kill_to_start(LineEdit *e) { return erase(e, 0, e->cursor); }

bool line_edit_kill_word(LineEdit *e)
{
    size_t at = e->cursor;
    while (at > 0 && e->text->str[prev_char(e, at)] == ' ')
        at = prev_char(e, at);
    while (at > 0 && e->text->str[prev_char(e, at)] != ' ')
        at = prev_char(e, at);
    return erase(e, at, e->cursor);
}

static int char_columns(gunichar c)
{
    int w = wcwidth((wchar_t)c);
    return w < 0 ? 1 : w;
}

int text_columns(const char *s, size_t len)
{
    int cols = 0;
    for (const char *p = s; p < s + len; p = g_utf8_next_char(p))
        cols += char_columns(g_utf8_get_char(p));
    return cols;
}

void line_edit_view(const LineEdit *e, int width, size_t *start, size_t *len, int *cursor_col)
{
    const char *s = e->text->str;
    /* The first character shown: back from the cursor while what lies between
     * still leaves a cell for the cursor. Measuring from the start instead
     * made every frame quadratic in the length of the text. */
    size_t from = e->cursor;
    int before = 0;
    while (from > 0) {
        size_t p = prev_char(e, from);
        int w = char_columns(g_utf8_get_char(s + p));
        if (before + w >= width)
            break;
        before += w;
        from = p;
    }
    size_t to = from;
    int cols = 0;
    while (to < e->text->len && cols + char_columns(g_utf8_get_char(s + to)) <= width) {
        cols += char_columns(g_utf8_get_char(s + to));
        to = next_char(e, to);
    }
    *start = from;
    *len = to - from;
    *cursor_col = text_columns(s + from, e->cursor - from);
}
