#include "ui/form_pane.h"

#include "model/country.h"
#include "model/currency.h"
#include "ui/form_rows.h"

#include <string.h>

static FormPane *of(Pane *p) { return (FormPane *)p; }

/* ---- checking ------------------------------------------------------------- */

static void recheck(FormField *ff)
{
    field_check_done(&ff->check);
    if (ff->null)
        field_check_null(ff->field, &ff->check);
    else
        field_check(ff->field, ff->edit.text->str, ff->edit.text->len, &ff->check);
}

static void set_refused(FormField *ff, char *why)
{
    g_free(ff->refused);
    ff->refused = why;
}

static void set_note(FormField *ff, const char *note)
{
    g_free(ff->note);
    ff->note = note ? g_strdup(note) : NULL;
}

/* Spaces around a value are never meant: they go, so that what shows is
 * what is sent. A secret keeps every character it was given. */
static bool trimmable(const Field *field)
{
    return !field->secret && field->type != FIELD_PASSWORD && field->type != FIELD_ENUM &&
           field->type != FIELD_BOOLEAN;
}

static void trim_field(FormPane *f, FormField *ff)
{
    if (trimmable(ff->field) && line_edit_trim(&ff->edit, false)) {
        f->edits++;
        recheck(ff);
    }
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

/* ---- editing -------------------------------------------------------------------- */

static void edited(FormPane *f, FormField *ff)
{
    f->edits++;
    ff->touched = true;
    g_free(ff->provider_error);
    ff->provider_error = NULL;
    set_refused(ff, NULL);
    set_note(ff, NULL);
    recheck(ff);
    form_rows_changed(f);
}

static void focus_field(FormPane *f, size_t i)
{
    if (i != f->focus)
        trim_field(f, &f->fields[f->focus]); /* the field left */
    f->fields[f->focus].reveal = false; /* a shown password hides when left */
    f->moves += f->focus != i;
    f->focus = i;
    form_rows_changed(f);
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

/* The code of the first country or currency the field's text completes to. */
static const char *first_completion(const FormField *ff)
{
    const Country *country = NULL;
    const Currency *currency = NULL;
    if (ff->field->type == FIELD_CURRENCY)
        return currency_complete(currency_table_default(), ff->edit.text->str, &currency, 1) ? currency->code : NULL;
    return country_complete(country_table_default(), ff->edit.text->str, &country, 1) ? country->alpha2 : NULL;
}

static bool accept_suggestion(FormPane *f, FormField *ff)
{
    const char *code = form_rows_wants_suggestion(f, f->focus) ? first_completion(ff) : NULL;
    if (!code)
        return false;
    line_edit_set(&ff->edit, code);
    edited(f, ff);
    return true;
}

/* Space in a boolean field: true, false, true… (from nothing: true). */
static void toggle(FormPane *f, FormField *ff)
{
    bool on = ff->check.ok && ff->check.normalized && strcmp(ff->check.normalized, "true") == 0;
    ff->null = false;
    line_edit_set(&ff->edit, on ? "false" : "true");
    edited(f, ff);
}

/* Ctrl-T: today's date in a date field, now (UTC, to the second) in a date-time one. */
static void fill_now(FormPane *f, FormField *ff)
{
    bool date_only = ff->field->type == FIELD_DATE;
    GDateTime *now = date_only ? g_date_time_new_now_local() : g_date_time_new_now_utc();
    char *text = g_date_time_format(now, date_only ? "%Y-%m-%d" : "%Y-%m-%dT%H:%M:%SZ");
    ff->null = false;
    line_edit_set(&ff->edit, text);
    edited(f, ff);
    g_free(text);
    g_date_time_unref(now);
}

/* Ctrl-X: an explicit null, shown as null; typing replaces it. Again, it
 * brings back the text the field held, so toggling loses nothing. */
static void set_null(FormPane *f, FormField *ff)
{
    if (ff->null) {
        ff->null = false;
        line_edit_set(&ff->edit, ff->before_null ? ff->before_null : "");
    } else {
        g_free(ff->before_null);
        ff->before_null = g_strdup(ff->edit.text->str);
        line_edit_set(&ff->edit, "");
        ff->null = true;
    }
    edited(f, ff);
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
        form_rows_changed(f);
    } else if (a == ACT_EDITOR) {
        return ACT_EDITOR; /* the app suspends curses for it */
    } else if (a == ACT_LOOKUP_EMAIL || a == ACT_BATCH) {
        return a; /* the app asks the provider, or for a file */
    } else if (a == ACT_TOGGLE) {
        toggle(f, ff);
    } else if (a == ACT_NOW) {
        fill_now(f, ff);
    } else if (a == ACT_NULL) {
        set_null(f, ff);
    } else if (ff->null && (a == ACT_BACKSPACE || a == ACT_DELETE || a == ACT_KILL_START || a == ACT_KILL_END ||
                            a == ACT_KILL_WORD)) {
        ff->null = false; /* deleting a null leaves the field empty */
        edited(f, ff);
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
    switch (field->type) {
    case FIELD_JSON: return CTX_JSON_FIELD;
    case FIELD_ENUM: return CTX_CHOICE_FIELD;
    case FIELD_PASSWORD: return CTX_PASSWORD_FIELD;
    case FIELD_BOOLEAN: return CTX_BOOL_FIELD;
    case FIELD_DATE: return CTX_DATE_FIELD;
    case FIELD_DATE_TIME: return CTX_DATETIME_FIELD;
    default: return CTX_FORM;
    }
}

size_t form_field_contexts(const Field *field, KeyContext out[2])
{
    size_t n = 0;
    if (special_context(field) != CTX_FORM)
        out[n++] = special_context(field);
    if (field->nullable)
        out[n++] = CTX_NULL_FIELD;
    return n;
}

size_t form_pane_key_contexts(const FormPane *f, KeyContext out[2])
{
    return f->n ? form_field_contexts(f->fields[f->focus].field, out) : 0;
}

KeyContext form_pane_key_context(const FormPane *f)
{
    KeyContext ctx[2];
    return f->n && form_field_contexts(f->fields[f->focus].field, ctx) ? ctx[0] : CTX_FORM;
}

/* Typing into a boolean field: t, y or 1 is true; f, n or 0 false. */
static void type_into_boolean(FormPane *f, FormField *ff, const char *typed)
{
    const char *word = !*typed ? NULL : strchr("tTyY1", *typed) ? "true" : strchr("fFnN0", *typed) ? "false" : NULL;
    if (!word)
        return;
    ff->null = false;
    line_edit_set(&ff->edit, word);
    edited(f, ff);
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
    if (ff->field->type == FIELD_BOOLEAN) {
        type_into_boolean(f, ff, text);
        return ACT_HANDLED;
    }
    bool was_null = ff->null;
    ff->null = false; /* typing replaces a null */
    LineEditResult r = line_edit_put(&ff->edit, text, len);
    if (r == LINE_EDIT_CHANGED) {
        edited(f, ff);
    } else if (r == LINE_EDIT_TOO_LONG) { /* refused whole: what was typed before stays */
        ff->null = was_null;
        refuse(ff, len > 4 ? "the paste was refused" : "no more is taken", line_edit_length(&ff->edit), text, len);
        form_rows_changed(f);
    }
    return ACT_HANDLED;
}

/* A paste into a one-line field: its line breaks become a space, said under
 * the field (a JSON field needs no word: there they mean nothing), and the
 * spaces before the value go (those after it when the field is left: more
 * may be typed or pasted after a space). */
static Action paste_text(FormPane *f, FormField *ff, const char *text)
{
    bool joined = false;
    char *line = line_edit_one_line(text, strlen(text), &joined);
    insert_text(f, ff, line, strlen(line));
    bool taken = !ff->refused && ff->field->type != FIELD_ENUM && ff->field->type != FIELD_BOOLEAN;
    if (taken && trimmable(ff->field) && line_edit_trim(&ff->edit, true))
        edited(f, ff);
    if (taken && joined && ff->field->type != FIELD_JSON) {
        set_note(ff, "a line break in the paste became a space");
        form_rows_changed(f);
    }
    explicit_bzero(line, strlen(line)); /* it may be a password */
    g_free(line);
    return ACT_HANDLED;
}

static Action form_key(Pane *p, const KeyEvent *k)
{
    FormPane *f = of(p);
    if (!f->n)
        return ACT_NONE;
    FormField *ff = &f->fields[f->focus];
    if (k->paste)
        return paste_text(f, ff, k->paste);
    KeyContext ctx[2];
    size_t n_ctx = form_field_contexts(ff->field, ctx);
    Action a = ACT_NONE;
    for (size_t i = 0; i < n_ctx && a == ACT_NONE; i++)
        a = keys_action(ctx[i], k);
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
        f->scroll = CLAMP(f->scroll + (button == 5 ? 3 : -3), 0, MAX(0, (int)f->rows->len - form_rows_body(f)));
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
        g_free(f->fields[i].note);
        g_free(f->fields[i].before_null);
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

static const PaneOps FORM_OPS = { "form", form_rows_draw, form_key, form_mouse, form_free };

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
        ff->null = carry && ff->field->nullable && values_is_null(carry, ff->field->name);
        ff->touched = ff->edit.text->len > 0 || ff->null;
        recheck(ff);
    }
    f->focus = 0;
    f->scroll = 0;
    form_rows_changed(f);
}

void form_pane_values(const FormPane *f, Values *out)
{
    for (size_t i = 0; i < f->n; i++) {
        if (f->fields[i].null)
            values_set_null(out, f->fields[i].field->name);
        else
            values_set(out, f->fields[i].field->name, f->fields[i].edit.text->str, f->fields[i].edit.text->len);
    }
}

bool form_pane_check_all(FormPane *f, Problems *problems)
{
    for (size_t i = 0; i < f->n; i++) /* what is checked and sent is what shows */
        trim_field(f, &f->fields[i]);
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
    form_rows_changed(f);
    return ok;
}

void form_pane_show_provider_errors(FormPane *f, const Response *r, bool focus)
{
    bool focused = !focus;
    for (size_t i = 0; i < f->n; i++) {
        const char *msg = response_field_error(r, f->fields[i].field->name);
        g_free(f->fields[i].provider_error);
        f->fields[i].provider_error = msg ? g_strdup(msg) : NULL;
        if (msg && !focused)
            f->focus = i, focused = true;
    }
    form_rows_changed(f);
}

void form_pane_set_field_note(FormPane *f, const char *field, const char *note)
{
    for (size_t i = 0; field && i < f->n; i++)
        if (strcmp(f->fields[i].field->name, field) == 0)
            set_note(&f->fields[i], note);
    form_rows_changed(f);
}

void form_pane_clear(FormPane *f)
{
    for (size_t i = 0; i < f->n; i++) {
        line_edit_set(&f->fields[i].edit, "");
        f->fields[i].null = false;
        set_refused(&f->fields[i], NULL);
        set_note(&f->fields[i], NULL);
        f->fields[i].touched = false;
        g_free(f->fields[i].provider_error);
        f->fields[i].provider_error = NULL;
        recheck(&f->fields[i]);
    }
    f->focus = 0;
    form_rows_changed(f);
}

void form_pane_set_live(FormPane *f, bool live)
{
    f->live = live;
    f->pane.dirty = true;
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
    ff->null = false;
    if (line_edit_set(&ff->edit, g_strstrip(one_line)) == LINE_EDIT_TOO_LONG) {
        refuse(ff, "the editor's text was not taken", 0, one_line, strlen(one_line));
        form_rows_changed(f);
    } else {
        edited(f, ff);
    }
    g_free(one_line);
}

void form_pane_place_cursor(FormPane *f)
{
    const FormField *ff = f->n ? &f->fields[f->focus] : NULL;
    bool editing = f->pane.focused && ff && ff->field->type != FIELD_ENUM && ff->field->type != FIELD_BOOLEAN;
    curs_set(editing ? 1 : 0);
    if (editing)
        wmove(f->pane.win, f->cursor_y, f->cursor_x), wnoutrefresh(f->pane.win);
}

unsigned form_pane_edits(const FormPane *f) { return f->edits; }
unsigned form_pane_moves(const FormPane *f) { return f->moves; }
