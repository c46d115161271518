/* The form as rows on the screen: headings, fields, their wrapped messages and
 * suggestions, scrolled to keep the focus in view, and drawn. */
#include "ui/form_rows.h"

#include "model/country.h"
#include "model/currency.h"
#include "model/text.h"

#include <string.h>

#define LABEL_MAX 18
#define HELP_ROWS 3
#define MESSAGE_LINES_MAX 4

static FormPane *of(Pane *p) { return (FormPane *)p; }

static bool shows_problem(const FormField *ff)
{
    return ff->refused || ff->provider_error || (ff->touched && !ff->check.ok);
}

/* A problem, or a note on what was done to a paste. */
static bool shows_message(const FormField *ff)
{
    return shows_problem(ff) || ff->note;
}

/* ---- rows ------------------------------------------------------------------- */

static const char *group_of(const Field *field, char *buf, size_t size)
{
    const char *dot = strrchr(field->name, '.');
    if (!dot)
        return NULL;
    g_strlcpy(buf, field->name, MIN(size, (size_t)(dot - field->name) + 1));
    buf[0] = g_ascii_toupper(buf[0]);
    return buf;
}

static void add_row(FormPane *f, RowKind kind, int field, const char *text)
{
    Row r = { kind, field, text, 0 };
    g_array_append_val(f->rows, r);
}

static int label_width(const FormPane *f);
static char *message_of(const FormPane *f, const FormField *ff);

/* Splits TEXT into lines of at most WIDTH columns, at spaces where it can;
 * a word longer than a line (a UUID) after a '-' or '/', its tail not alone. */
static GPtrArray *wrap(const char *text, int width)
{
    GPtrArray *lines = g_ptr_array_new_with_free_func(g_free);
    const char *p = text;
    width = MAX(width, 8);
    while (*p) {
        const char *end = p + text_wrap_take(p, width, true);
        g_ptr_array_add(lines, g_strndup(p, (gsize)(end - p)));
        p = end;
    }
    return lines;
}

/* Continuation lines indent by two, so every line is wrapped to fit that. */
static int message_width(const FormPane *f)
{
    return f->pane.w - label_width(f) - 2 - 2;
}

static int message_lines(const FormPane *f, const FormField *ff)
{
    char *text = message_of(f, ff);
    GPtrArray *lines = wrap(text, message_width(f));
    int n = MIN((int)lines->len, MESSAGE_LINES_MAX);
    g_ptr_array_free(lines, TRUE);
    g_free(text);
    return MAX(n, 1);
}

bool form_rows_wants_suggestion(const FormPane *f, size_t i)
{
    const FormField *ff = &f->fields[i];
    const char *text = ff->edit.text->str;
    if (i != f->focus || ff->edit.text->len == 0)
        return false;
    return ff->field->type == FIELD_COUNTRY ? !country_by_alpha2(country_table_default(), text)
           : ff->field->type == FIELD_CURRENCY ? !currency_by_code(currency_table_default(), text) : false;
}

/* Up to 3 completions of the field's text, as code and name. */
static size_t completions(const FormField *ff, const char *codes[3], const char *names[3])
{
    const Country *countries[3];
    const Currency *currencies[3];
    bool currency = ff->field->type == FIELD_CURRENCY;
    size_t n = currency ? currency_complete(currency_table_default(), ff->edit.text->str, currencies, 3)
                        : country_complete(country_table_default(), ff->edit.text->str, countries, 3);
    for (size_t i = 0; i < n; i++) {
        codes[i] = currency ? currencies[i]->code : countries[i]->alpha2;
        names[i] = currency ? currencies[i]->name : countries[i]->name;
    }
    return n;
}

/* "↳ TZ — Tanzania, …  · Enter takes the first" (g_free). */
static char *suggestion_of(const FormPane *f, const FormField *ff)
{
    const char *codes[3], *names[3];
    size_t n = completions(ff, codes, names);
    GString *s = g_string_new(f->pane.theme->utf8 ? "↳ " : "-> ");
    for (size_t i = 0; i < n; i++)
        g_string_append_printf(s, "%s%s — %s", i ? "   " : "", codes[i], names[i]);
    g_string_append(s, n ? "  · Enter takes the first"
                         : ff->field->type == FIELD_CURRENCY ? "no currency code or name starts with what is typed"
                                                             : "no country code or name starts with what is typed");
    return g_string_free(s, FALSE);
}

/* The suggestion wraps like a message, so its last words are never cut. */
static GPtrArray *suggestion_lines(const FormPane *f, const FormField *ff)
{
    char *text = suggestion_of(f, ff);
    GPtrArray *lines = wrap(text, message_width(f));
    g_free(text);
    return lines;
}

static void build_rows(FormPane *f)
{
    char group[64] = "", prev[64] = "";
    size_t heading = 0;
    g_array_set_size(f->rows, 0);
    for (size_t i = 0; i < f->n; i++) {
        const char *g = group_of(f->fields[i].field, group, sizeof group);
        if (g && strcmp(g, prev) != 0 && heading < G_N_ELEMENTS(f->headings)) {
            g_free(f->headings[heading]);
            f->headings[heading] = g_strdup(g);
            add_row(f, ROW_HEADING, (int)i, f->headings[heading++]);
        }
        g_strlcpy(prev, g ? g : "", sizeof prev);
        add_row(f, ROW_FIELD, (int)i, NULL);
        GPtrArray *suggestion = form_rows_wants_suggestion(f, i) ? suggestion_lines(f, &f->fields[i]) : NULL;
        for (int part = 0; suggestion && part < (int)suggestion->len; part++) {
            add_row(f, ROW_SUGGESTION, (int)i, NULL);
            g_array_index(f->rows, Row, f->rows->len - 1).part = part;
        }
        if (suggestion)
            g_ptr_array_free(suggestion, TRUE);
        for (int part = 0; shows_message(&f->fields[i]) && part < message_lines(f, &f->fields[i]); part++) {
            add_row(f, ROW_MESSAGE, (int)i, NULL);
            g_array_index(f->rows, Row, f->rows->len - 1).part = part;
        }
    }
    f->built_width = f->pane.w;
}

int form_rows_body(const FormPane *f)
{
    return MAX(1, f->pane.h - 1 - HELP_ROWS);
}

static void keep_focus_visible(FormPane *f)
{
    int first = -1, last = -1;
    for (guint r = 0; r < f->rows->len; r++) {
        const Row *row = &g_array_index(f->rows, Row, r);
        if (row->field == (int)f->focus && row->kind != ROW_HEADING) {
            first = first < 0 ? (int)r : first;
            last = (int)r;
        }
    }
    if (first > 0 && g_array_index(f->rows, Row, first - 1).kind == ROW_HEADING)
        first--;
    if (first >= 0 && first < f->scroll)
        f->scroll = first;
    if (last >= f->scroll + form_rows_body(f))
        f->scroll = last - form_rows_body(f) + 1;
}

void form_rows_changed(FormPane *f)
{
    build_rows(f);
    keep_focus_visible(f);
    f->pane.dirty = true;
}

/* ---- drawing ------------------------------------------------------------------ */

static int label_width(const FormPane *f)
{
    return MIN(LABEL_MAX, MAX(8, f->pane.w / 3));
}

/* What an empty choice field says, whole in WIDTH columns where it can be:
 * the long form, then the short one, then the choices that fit and "…". */
static char *choice_hint(char *const *choices, int width)
{
    char *all = g_strjoinv("|", (char **)choices);
    char *hint = g_strdup_printf("(Space to choose: %s)", all);
    if (g_utf8_strlen(hint, -1) > width) {
        g_free(hint);
        hint = g_strdup_printf("(Space: %s)", all);
    }
    GString *cut = g_string_new("(Space: ");
    for (size_t i = 0; g_utf8_strlen(hint, -1) > width && choices[i]; i++) {
        if ((int)g_utf8_strlen(cut->str, -1) + (int)g_utf8_strlen(choices[i], -1) + 3 > width) {
            g_string_append(cut, "…)");
            g_free(hint);
            hint = g_strdup(cut->str);
            break;
        }
        g_string_append_printf(cut, "%s%s", choices[i], "|");
    }
    g_string_free(cut, TRUE);
    g_free(all);
    return hint;
}

static void draw_choice(FormPane *f, const FormField *ff, int y, int x, int width)
{
    const char *v = ff->edit.text->str;
    if (*v) {
        char *shown = g_strdup_printf("‹ %s ›", v);
        pane_put(f->pane.win, y, x, f->pane.theme->utf8 ? shown : v, width, A_BOLD);
        g_free(shown);
        return;
    }
    char *hint = choice_hint(ff->field->choices, width);
    pane_put(f->pane.win, y, x, hint, width, theme_attr(f->pane.theme, TONE_DIM));
    g_free(hint);
}

/* A boolean as a box and its word; unset, what Space does. */
static void draw_boolean(FormPane *f, const FormField *ff, int y, int x, int width)
{
    const FieldCheck *c = &ff->check;
    if (!ff->edit.text->len) {
        pane_put(f->pane.win, y, x, "(Space: true or false)", width, theme_attr(f->pane.theme, TONE_DIM));
        return;
    }
    bool on = c->ok && strcmp(c->normalized, "true") == 0;
    char *shown = c->ok ? g_strdup_printf("[%s] %s", on ? "x" : " ", c->normalized) : g_strdup(ff->edit.text->str);
    pane_put(f->pane.win, y, x, shown, width, A_BOLD);
    g_free(shown);
}

/* A password as bullets, one per character, scrolled to keep the cursor in. */
static void draw_masked(FormPane *f, const FormField *ff, int y, int x, int width, int attr)
{
    int col = (int)g_utf8_pointer_to_offset(ff->edit.text->str, ff->edit.text->str + ff->edit.cursor);
    int n = (int)g_utf8_strlen(ff->edit.text->str, -1), from = MAX(0, col - width + 1);
    GString *s = g_string_new(NULL);
    for (int i = from; i < n && i - from < width; i++)
        g_string_append(s, f->pane.theme->bullet);
    pane_put(f->pane.win, y, x, s->str, width, attr);
    if (ff == &f->fields[f->focus])
        f->cursor_y = y, f->cursor_x = x + col - from;
    g_string_free(s, TRUE);
}

/* The value box; for the focused field also where the cursor goes. */
static void draw_value(FormPane *f, size_t i, int y, int x, int width)
{
    FormField *ff = &f->fields[i];
    int attr = i == f->focus && f->pane.focused ? A_UNDERLINE : 0;
    wattr_on(f->pane.win, (attr_t)attr, NULL);
    mvwhline(f->pane.win, y, x, ' ', width);
    wattr_off(f->pane.win, (attr_t)attr, NULL);
    if (ff->null || ff->field->type == FIELD_ENUM || ff->field->type == FIELD_BOOLEAN) {
        if (ff->null) /* not the text "null": dim and italic, as nothing typed is */
            pane_put(f->pane.win, y, x, "null", width, A_ITALIC | theme_attr(f->pane.theme, TONE_DIM));
        else if (ff->field->type == FIELD_ENUM)
            draw_choice(f, ff, y, x, width);
        else
            draw_boolean(f, ff, y, x, width);
        if (i == f->focus)
            f->cursor_y = y, f->cursor_x = x;
        return;
    }
    if (!ff->edit.text->len && ff->field->placeholder) {
        /* what goes here, dim as nothing typed is: a hint, never a value */
        pane_put(f->pane.win, y, x, ff->field->placeholder, width, attr | theme_attr(f->pane.theme, TONE_DIM));
        if (i == f->focus)
            f->cursor_y = y, f->cursor_x = x;
        return;
    }
    if (ff->field->type == FIELD_PASSWORD && !ff->reveal)
        return draw_masked(f, ff, y, x, width, attr);
    size_t start, len;
    int col;
    line_edit_view(&ff->edit, width, &start, &len, &col);
    char *text = g_strndup(ff->edit.text->str + start, len);
    pane_put(f->pane.win, y, x, text, width, attr);
    if (i == f->focus) /* the terminal's cursor goes where the person types */
        f->cursor_y = y, f->cursor_x = x + col;
    g_free(text);
}

static void draw_state(FormPane *f, const FormField *ff, int y)
{
    const Theme *t = f->pane.theme;
    if (shows_problem(ff))
        pane_put(f->pane.win, y, f->pane.w - 2, t->bad, 2, theme_attr(t, TONE_BAD));
    else if (!ff->check.empty && ff->check.ok)
        pane_put(f->pane.win, y, f->pane.w - 2, t->ok, 2, theme_attr(t, TONE_GOOD));
}

static void draw_field(FormPane *f, size_t i, int y)
{
    FormField *ff = &f->fields[i];
    const Theme *t = f->pane.theme;
    bool focus = i == f->focus;
    int lw = label_width(f);
    int indent = strchr(ff->field->name, '.') ? 2 : 0;
    pane_put(f->pane.win, y, 0, focus ? (t->utf8 ? "▸" : ">") : " ", 1, theme_attr(t, TONE_ACCENT));
    int used = pane_put(f->pane.win, y, 1 + indent, ff->field->label, lw - indent - 1, focus ? A_BOLD : 0);
    if (ff->field->required)
        pane_put(f->pane.win, y, 1 + indent + used, t->required, 1, theme_attr(t, TONE_WARN));
    draw_value(f, i, y, lw + 2, MAX(4, f->pane.w - lw - 5));
    draw_state(f, ff, y);
}

static char *problem_of(const FormPane *f, const FormField *ff);

static char *message_of(const FormPane *f, const FormField *ff)
{
    if (!shows_problem(ff))
        return g_strdup_printf("%s %s: %s", f->pane.theme->utf8 ? "↳" : "->", ff->field->label, ff->note);
    char *problem = problem_of(f, ff);
    if (!ff->note)
        return problem;
    char *both = g_strdup_printf("%s (%s)", problem, ff->note);
    g_free(problem);
    return both;
}

static char *problem_of(const FormPane *f, const FormField *ff)
{
    const Theme *t = f->pane.theme;
    if (ff->refused)
        return g_strdup_printf("%s %s %s", t->bad, ff->field->label, ff->refused);
    return ff->provider_error ? g_strdup_printf("%s provider: %s", t->bad, ff->provider_error)
                              : g_strdup_printf("%s %s%s %s", t->bad, t->color ? "" : "error: ", ff->field->label,
                                                ff->check.message);
}

/* One wrapped line of the field's message; continuation lines indent. */
static void draw_message(FormPane *f, const FormField *ff, int y, int part)
{
    const Theme *t = f->pane.theme;
    int x = label_width(f) + 2;
    char *text = message_of(f, ff);
    GPtrArray *lines = wrap(text, message_width(f));
    if (part < (int)lines->len)
        pane_put(f->pane.win, y, x + (part ? 2 : 0), lines->pdata[part], f->pane.w - x - (part ? 2 : 0),
                 theme_attr(t, !shows_problem(ff) ? TONE_ACCENT
                               : ff->provider_error || ff->refused ? TONE_WARN : TONE_BAD));
    g_ptr_array_free(lines, TRUE);
    g_free(text);
}

static void draw_suggestion(FormPane *f, const FormField *ff, int y, int part)
{
    int x = label_width(f) + 2;
    GPtrArray *lines = suggestion_lines(f, ff);
    if (part < (int)lines->len)
        pane_put(f->pane.win, y, x + (part ? 2 : 0), lines->pdata[part], f->pane.w - x - (part ? 2 : 0),
                 theme_attr(f->pane.theme, TONE_ACCENT));
    g_ptr_array_free(lines, TRUE);
}

/* The field's help and what the provider uses when it is left empty. */
static char *field_help_text(const Field *field)
{
    if (!field->default_text)
        return g_strdup(field->help ? field->help : "");
    return g_strdup_printf("%s%sdefault: %s", field->help ? field->help : "", field->help ? "  · " : "",
                           field->default_text);
}

/* "  · Ctrl-T: today…": the field's own keys, from the one key table; AFTER
 * says whether text comes before them. */
static char *field_keys_hint(const Field *field, bool after)
{
    KeyContext ctx[2];
    size_t n = form_field_contexts(field, ctx);
    GString *s = g_string_new(NULL);
    for (size_t i = 0; i < n; i++) {
        char *hint = keys_field_hint(ctx[i]);
        if (*hint)
            g_string_append_printf(s, "%s%s", after || s->len ? "  · " : "", hint);
        g_free(hint);
    }
    return g_string_free(s, FALSE);
}

static void draw_help(FormPane *f)
{
    const FormField *ff = f->n ? &f->fields[f->focus] : NULL;
    if (!ff)
        return;
    int y = f->pane.h - HELP_ROWS;
    pane_line(f->pane.win, f->pane.theme, y, 0, f->pane.w, false);
    if (f->live && f->pane.theme->color) /* the frame's foot in the LIVE colour too */
        mvwchgat(f->pane.win, y, 0, f->pane.w, A_BOLD, TONE_BAD, NULL);
    char *help = field_help_text(ff->field);
    char *keys = field_keys_hint(ff->field, *help);
    char *text = ff->check.hint[0] && ff->check.ok ? g_strdup_printf("%s  (%s)%s", help, ff->check.hint, keys)
                                                   : g_strdup_printf("%s%s", help, keys);
    g_free(keys), g_free(help);
    GPtrArray *lines = wrap(text, f->pane.w - 2);
    for (guint i = 0; i < lines->len && (int)i < HELP_ROWS - 1; i++)
        pane_put(f->pane.win, y + 1 + (int)i, 1, lines->pdata[i], f->pane.w - 2, theme_attr(f->pane.theme, TONE_DIM));
    g_ptr_array_free(lines, TRUE);
    g_free(text);
}

/* The title; a LIVE profile's says so first, on red (in reverse and in
 * words without colour), whichever pane has the focus. */
static void draw_title(FormPane *f)
{
    Pane *p = &f->pane;
    const Theme *t = p->theme;
    char *title = g_strdup_printf("%sNew customer · %s", f->live ? (t->color ? "LIVE · " : "[LIVE] ") : "",
                                  f->d ? f->d->title : "");
    if (!f->live) {
        pane_title(p, title, NULL);
    } else {
        int attr = theme_attr(t, TONE_LIVE) | A_BOLD;
        wattr_on(p->win, (attr_t)attr, NULL);
        mvwhline(p->win, 0, 0, ' ', p->w);
        wattr_off(p->win, (attr_t)attr, NULL);
        pane_put(p->win, 0, 1, title, p->w - 2, attr);
    }
    g_free(title);
}

void form_rows_draw(Pane *p)
{
    FormPane *f = of(p);
    if (f->built_width != p->w || f->built_height != p->h) { /* a resize: messages wrap anew */
        build_rows(f);
        /* From the top again: a window grown back shows the first fields,
         * scrolled only as far as the focused one needs. */
        f->scroll = 0;
        keep_focus_visible(f);
        f->built_height = p->h;
    }
    draw_title(f);
    int rows = form_rows_body(f);
    for (int r = 0; r < rows && f->scroll + r < (int)f->rows->len; r++) {
        const Row *row = &g_array_index(f->rows, Row, f->scroll + r);
        const FormField *ff = &f->fields[row->field];
        if (row->kind == ROW_HEADING)
            pane_put(p->win, 1 + r, 1, row->text, p->w - 2, A_BOLD | theme_attr(p->theme, TONE_ACCENT));
        else if (row->kind == ROW_FIELD)
            draw_field(f, (size_t)row->field, 1 + r);
        else if (row->kind == ROW_MESSAGE)
            draw_message(f, ff, 1 + r, row->part);
        else
            draw_suggestion(f, ff, 1 + r, row->part);
    }
    draw_help(f);
}
