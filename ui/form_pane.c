#include "ui/form_pane.h"

#include "model/country.h"
#include "model/validate.h"
#include "ui/line_edit.h"

#include <string.h>

typedef struct {
    const Field *field;
    LineEdit edit;
    bool touched;        /* typed in, or a submit was tried */
    FieldCheck check;    /* of the current text */
    char *provider_error;
    char *refused;       /* what was refused for the field's limit, until the next edit */
    bool reveal;         /* a password shown while focused */
} FormField;

/* What one screen row of the form shows. */
typedef enum { ROW_HEADING, ROW_FIELD, ROW_MESSAGE, ROW_SUGGESTION } RowKind;
typedef struct {
    RowKind kind;
    int field;
    const char *text; /* headings */
    int part;         /* which wrapped line of a message */
} Row;

struct FormPane {
    Pane pane;
    const Descriptor *d;
    FormField *fields;
    size_t n;
    size_t focus;
    int scroll;           /* first row shown */
    GArray *rows;         /* Row, rebuilt on every change */
    int cursor_y, cursor_x;
    char *headings[32];
    unsigned edits, moves;
    int built_width;      /* rows wrap for this width */
};

#define LABEL_MAX 18
#define HELP_ROWS 3
#define MESSAGE_LINES_MAX 4

static FormPane *of(Pane *p) { return (FormPane *)p; }

/* ---- checking ------------------------------------------------------------- */

static void recheck(FormField *ff)
{
    field_check_done(&ff->check);
    field_check(ff->field, ff->edit.text->str, ff->edit.text->len, &ff->check);
}

static bool shows_problem(const FormField *ff)
{
    return ff->refused || ff->provider_error || (ff->touched && !ff->check.ok);
}

static void set_refused(FormField *ff, char *why)
{
    g_free(ff->refused);
    ff->refused = why;
}

/* Says under the field what its limit refused (WHAT) and how long TEXT
 * (LEN bytes) would have made it, with KEPT already there. */
static void refuse(FormField *ff, const char *what, size_t kept, const char *text, size_t len)
{
    const LineEdit *e = &ff->edit;
    size_t would = kept + (e->max_bytes ? len : (size_t)g_utf8_strlen(text, (gssize)len));
    set_refused(ff, g_strdup_printf("holds at most %zu %s: %s (it would be %zu)", e->max,
                                    e->max_bytes ? "bytes" : "characters", what, would));
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

/* Splits TEXT into lines of at most WIDTH columns, at spaces where it can. */
static GPtrArray *wrap(const char *text, int width)
{
    GPtrArray *lines = g_ptr_array_new_with_free_func(g_free);
    const char *p = text;
    width = MAX(width, 8);
    while (*p) {
        const char *end = p, *space = NULL;
        int cols = 0;
        while (*end && cols < width) {
            if (*end == ' ')
                space = end;
            cols += MAX(1, text_columns(end, (size_t)(g_utf8_next_char(end) - end)));
            end = g_utf8_next_char(end);
        }
        if (*end && space && space > p)
            end = space + 1;
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

static bool wants_suggestion(const FormPane *f, size_t i)
{
    const FormField *ff = &f->fields[i];
    return i == f->focus && ff->field->type == FIELD_COUNTRY && ff->edit.text->len > 0 &&
           !country_by_alpha2(country_table_default(), ff->edit.text->str);
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
        if (wants_suggestion(f, i))
            add_row(f, ROW_SUGGESTION, (int)i, NULL);
        for (int part = 0; shows_problem(&f->fields[i]) && part < message_lines(f, &f->fields[i]); part++) {
            add_row(f, ROW_MESSAGE, (int)i, NULL);
            g_array_index(f->rows, Row, f->rows->len - 1).part = part;
        }
    }
    f->built_width = f->pane.w;
}

static int body_rows(const FormPane *f)
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
    if (last >= f->scroll + body_rows(f))
        f->scroll = last - body_rows(f) + 1;
}

static void changed(FormPane *f)
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

static void draw_choice(FormPane *f, const FormField *ff, int y, int x, int width)
{
    const char *v = ff->edit.text->str;
    if (*v) {
        char *shown = g_strdup_printf("‹ %s ›", v);
        pane_put(f->pane.win, y, x, f->pane.theme->utf8 ? shown : v, width, A_BOLD);
        g_free(shown);
        return;
    }
    char *all = g_strjoinv("|", ff->field->choices);
    char *hint = g_strdup_printf("(Space to choose: %s)", all);
    pane_put(f->pane.win, y, x, hint, width, theme_attr(f->pane.theme, TONE_DIM));
    g_free(hint), g_free(all);
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
    if (ff->field->type == FIELD_ENUM) {
        draw_choice(f, ff, y, x, width);
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

static char *message_of(const FormPane *f, const FormField *ff)
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
                 theme_attr(t, ff->provider_error || ff->refused ? TONE_WARN : TONE_BAD));
    g_ptr_array_free(lines, TRUE);
    g_free(text);
}

static void draw_suggestion(FormPane *f, const FormField *ff, int y)
{
    const Country *found[3];
    size_t n = country_complete(country_table_default(), ff->edit.text->str, found, 3);
    int x = label_width(f) + 2;
    GString *s = g_string_new(f->pane.theme->utf8 ? "↳ " : "-> ");
    for (size_t i = 0; i < n; i++)
        g_string_append_printf(s, "%s%s — %s", i ? "   " : "", found[i]->alpha2, found[i]->name);
    g_string_append(s, n ? "  · Enter takes the first" : "no country starts so");
    pane_put(f->pane.win, y, x, s->str, f->pane.w - x, theme_attr(f->pane.theme, TONE_ACCENT));
    g_string_free(s, TRUE);
}

static void draw_help(FormPane *f)
{
    const FormField *ff = f->n ? &f->fields[f->focus] : NULL;
    if (!ff)
        return;
    int y = f->pane.h - HELP_ROWS;
    pane_line(f->pane.win, f->pane.theme, y, 0, f->pane.w, false);
    char *text = ff->check.hint[0] && ff->check.ok
                     ? g_strdup_printf("%s  (%s)", ff->field->help ? ff->field->help : "", ff->check.hint)
                     : g_strdup(ff->field->help ? ff->field->help : "");
    GPtrArray *lines = wrap(text, f->pane.w - 2);
    for (guint i = 0; i < lines->len && (int)i < HELP_ROWS - 1; i++)
        pane_put(f->pane.win, y + 1 + (int)i, 1, lines->pdata[i], f->pane.w - 2, theme_attr(f->pane.theme, TONE_DIM));
    g_ptr_array_free(lines, TRUE);
    g_free(text);
}

static void form_draw(Pane *p)
{
    FormPane *f = of(p);
    if (f->built_width != p->w) { /* a resize: messages wrap anew */
        build_rows(f);
        keep_focus_visible(f);
    }
    char *title = g_strdup_printf("New customer · %s", f->d ? f->d->title : "");
    pane_title(p, title, NULL);
    g_free(title);
    int rows = body_rows(f);
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
            draw_suggestion(f, ff, 1 + r);
    }
    draw_help(f);
}

/* ---- editing -------------------------------------------------------------------- */

static void edited(FormPane *f, FormField *ff)
{
    f->edits++;
    ff->touched = true;
    g_free(ff->provider_error);
    ff->provider_error = NULL;
    set_refused(ff, NULL);
    recheck(ff);
    changed(f);
}

static void focus_field(FormPane *f, size_t i)
{
    f->fields[f->focus].reveal = false; /* a shown password hides when left */
    f->moves += f->focus != i;
    f->focus = i;
    changed(f);
}

static void cycle_choice(FormPane *f, FormField *ff, int step)
{
    char **c = ff->field->choices;
    int n = (int)g_strv_length(c), at = -1;
    for (int i = 0; i < n; i++)
        if (g_ascii_strcasecmp(c[i], ff->edit.text->str) == 0)
            at = i;
    at = at < 0 ? (step > 0 ? 0 : n - 1) : (at + step + n) % n;
    line_edit_set(&ff->edit, c[at]);
    edited(f, ff);
}

static bool accept_suggestion(FormPane *f, FormField *ff)
{
    const Country *first = NULL;
    if (!wants_suggestion(f, f->focus) || country_complete(country_table_default(), ff->edit.text->str, &first, 1) != 1)
        return false;
    line_edit_set(&ff->edit, first->alpha2);
    edited(f, ff);
    return true;
}

static bool edit_text(FormField *ff, Action a)
{
    switch (a) {
    case ACT_LEFT: line_edit_left(&ff->edit); return false;
    case ACT_RIGHT: line_edit_right(&ff->edit); return false;
    case ACT_HOME: line_edit_home(&ff->edit); return false;
    case ACT_END: line_edit_end(&ff->edit); return false;
    case ACT_BACKSPACE: return line_edit_backspace(&ff->edit);
    case ACT_DELETE: return line_edit_delete(&ff->edit);
    case ACT_KILL_END: return line_edit_kill_to_end(&ff->edit);
    case ACT_KILL_START: return line_edit_kill_to_start(&ff->edit);
    case ACT_KILL_WORD: return line_edit_kill_word(&ff->edit);
    default: return false;
    }
}

static Action field_action(FormPane *f, FormField *ff, Action a)
{
    if (a == ACT_FIELD_NEXT || a == ACT_FIELD_PREV) {
        focus_field(f, (f->focus + f->n + (a == ACT_FIELD_NEXT ? 1 : f->n - 1)) % f->n);
    } else if (a == ACT_CHOICE_NEXT || a == ACT_CHOICE_PREV) {
        cycle_choice(f, ff, a == ACT_CHOICE_NEXT ? 1 : -1);
    } else if (a == ACT_ACCEPT) {
        if (!accept_suggestion(f, ff))
            focus_field(f, (f->focus + 1) % f->n);
    } else if (a == ACT_REVEAL) {
        ff->reveal = !ff->reveal;
        changed(f);
    } else if (a == ACT_EDITOR) {
        return ACT_EDITOR; /* the app suspends curses for it */
    } else if (edit_text(ff, a)) {
        edited(f, ff);
    } else if (a >= ACT_LEFT && a <= ACT_KILL_WORD) {
        f->pane.dirty = true;
    } else {
        return ACT_NONE;
    }
    return ACT_HANDLED;
}

static KeyContext special_context(const Field *field)
{
    return field->type == FIELD_JSON ? CTX_JSON_FIELD
           : field->type == FIELD_ENUM ? CTX_CHOICE_FIELD
           : field->type == FIELD_PASSWORD ? CTX_PASSWORD_FIELD : CTX_FORM;
}

/* Typing into a choice field picks the first choice that starts so. */
static void type_into_choice(FormPane *f, FormField *ff, const char *typed)
{
    for (char **c = ff->field->choices; *c; c++)
        if (g_ascii_strncasecmp(*c, typed, strlen(typed)) == 0) {
            line_edit_set(&ff->edit, *c);
            edited(f, ff);
            return;
        }
}

static Action insert_text(FormPane *f, FormField *ff, const char *text, size_t len)
{
    if (ff->field->type == FIELD_ENUM) {
        type_into_choice(f, ff, text);
        return ACT_HANDLED;
    }
    LineEditResult r = line_edit_put(&ff->edit, text, len);
    if (r == LINE_EDIT_CHANGED) {
        edited(f, ff);
    } else if (r == LINE_EDIT_TOO_LONG) { /* refused whole: what was typed before stays */
        refuse(ff, len > 4 ? "the paste was refused" : "no more is taken", line_edit_length(&ff->edit), text, len);
        changed(f);
    }
    return ACT_HANDLED;
}

static Action form_key(Pane *p, const KeyEvent *k)
{
    FormPane *f = of(p);
    if (!f->n)
        return ACT_NONE;
    FormField *ff = &f->fields[f->focus];
    if (k->paste)
        return insert_text(f, ff, k->paste, strlen(k->paste));
    Action a = keys_action(special_context(ff->field), k);
    if (a == ACT_NONE)
        a = keys_action(CTX_FORM, k);
    if (a != ACT_NONE)
        return field_action(f, ff, a);
    if (!k->is_key && k->code >= 0x20 && k->code != 0x7f) {
        char buf[8];
        int n = g_unichar_to_utf8((gunichar)k->code, buf);
        return insert_text(f, ff, buf, (size_t)n);
    }
    return ACT_NONE;
}

static void form_mouse(Pane *p, int y, int x, int button)
{
    FormPane *f = of(p);
    (void)x;
    if (button == 4 || button == 5) {
        f->scroll = CLAMP(f->scroll + (button == 5 ? 3 : -3), 0, MAX(0, (int)f->rows->len - body_rows(f)));
        p->dirty = true;
        return;
    }
    int r = f->scroll + y - 1;
    if (y >= 1 && r < (int)f->rows->len)
        focus_field(f, (size_t)g_array_index(f->rows, Row, r).field);
}

/* ---- life ------------------------------------------------------------------------ */

static void clear_fields(FormPane *f)
{
    for (size_t i = 0; i < f->n; i++) {
        line_edit_done(&f->fields[i].edit);
        field_check_done(&f->fields[i].check);
        g_free(f->fields[i].provider_error);
        g_free(f->fields[i].refused);
    }
    g_free(f->fields);
    f->fields = NULL;
    f->n = 0;
}

static void form_free(Pane *p)
{
    FormPane *f = of(p);
    clear_fields(f);
    g_array_free(f->rows, TRUE);
    for (size_t i = 0; i < G_N_ELEMENTS(f->headings); i++)
        g_free(f->headings[i]);
    g_free(f);
}

static const PaneOps FORM_OPS = { "form", form_draw, form_key, form_mouse, form_free };

FormPane *form_pane_new(const Theme *theme)
{
    FormPane *f = g_new0(FormPane, 1);
    pane_init(&f->pane, &FORM_OPS, theme);
    f->rows = g_array_new(FALSE, FALSE, sizeof(Row));
    return f;
}

Pane *form_pane_base(FormPane *f) { return &f->pane; }
const Descriptor *form_pane_descriptor(const FormPane *f) { return f->d; }

/* The field's limit set first, so that no longer value gets in by any path. */
static void load_value(FormField *ff, const char *value)
{
    bool in_bytes = false;
    size_t max = field_max_length(ff->field, &in_bytes);
    line_edit_init(&ff->edit, NULL);
    line_edit_limit(&ff->edit, max, in_bytes);
    if (value && line_edit_set(&ff->edit, value) == LINE_EDIT_TOO_LONG)
        refuse(ff, "the value carried here was left out", 0, value, strlen(value));
}

void form_pane_load(FormPane *f, const Descriptor *d, const Values *carry)
{
    clear_fields(f);
    f->d = d;
    f->n = d->n_fields;
    f->fields = g_new0(FormField, f->n);
    for (size_t i = 0; i < f->n; i++) {
        FormField *ff = &f->fields[i];
        ff->field = &d->fields[i];
        load_value(ff, carry ? values_get(carry, ff->field->name, NULL) : NULL);
        ff->touched = ff->edit.text->len > 0;
        recheck(ff);
    }
    f->focus = 0;
    f->scroll = 0;
    changed(f);
}

void form_pane_values(const FormPane *f, Values *out)
{
    for (size_t i = 0; i < f->n; i++)
        values_set(out, f->fields[i].field->name, f->fields[i].edit.text->str, f->fields[i].edit.text->len);
}

bool form_pane_check_all(FormPane *f, Problems *problems)
{
    Values v;
    values_init(&v);
    form_pane_values(f, &v);
    bool ok = values_check(f->d, &v, problems);
    values_done(&v);
    bool focused = false;
    for (size_t i = 0; i < f->n; i++) {
        f->fields[i].touched = true;
        if (!f->fields[i].check.ok && !focused)
            f->focus = i, focused = true;
    }
    changed(f);
    return ok;
}

void form_pane_show_provider_errors(FormPane *f, const Response *r)
{
    bool focused = false;
    for (size_t i = 0; i < f->n; i++) {
        const char *msg = response_field_error(r, f->fields[i].field->name);
        g_free(f->fields[i].provider_error);
        f->fields[i].provider_error = msg ? g_strdup(msg) : NULL;
        if (msg && !focused)
            f->focus = i, focused = true;
    }
    changed(f);
}

void form_pane_clear(FormPane *f)
{
    for (size_t i = 0; i < f->n; i++) {
        line_edit_set(&f->fields[i].edit, "");
        set_refused(&f->fields[i], NULL);
        f->fields[i].touched = false;
        g_free(f->fields[i].provider_error);
        f->fields[i].provider_error = NULL;
        recheck(&f->fields[i]);
    }
    f->focus = 0;
    changed(f);
}

const char *form_pane_focused_text(const FormPane *f, bool *is_json)
{
    const FormField *ff = &f->fields[f->focus];
    *is_json = ff->field->type == FIELD_JSON;
    return ff->edit.text->str;
}

void form_pane_set_focused_text(FormPane *f, const char *text)
{
    FormField *ff = &f->fields[f->focus];
    /* A JSON document from an editor keeps its meaning on one line. */
    char *one_line = g_strdup(text);
    g_strdelimit(one_line, "\n\r\t", ' ');
    if (line_edit_set(&ff->edit, g_strstrip(one_line)) == LINE_EDIT_TOO_LONG) {
        refuse(ff, "the editor's text was not taken", 0, one_line, strlen(one_line));
        changed(f);
    } else {
        edited(f, ff);
    }
    g_free(one_line);
}

void form_pane_place_cursor(FormPane *f)
{
    bool editing = f->pane.focused && f->n && f->fields[f->focus].field->type != FIELD_ENUM;
    curs_set(editing ? 1 : 0);
    if (editing)
        wmove(f->pane.win, f->cursor_y, f->cursor_x), wnoutrefresh(f->pane.win);
}

unsigned form_pane_edits(const FormPane *f) { return f->edits; }
unsigned form_pane_moves(const FormPane *f) { return f->moves; }
