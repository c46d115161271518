/* The form's inside, shared by its two halves: form_pane.c takes keys and
 * edits the fields, form_rows.c lays the fields out as rows and draws them.
 * Only those two files include it. */
#ifndef CUSTTY_UI_FORM_ROWS_H
#define CUSTTY_UI_FORM_ROWS_H

#include "model/validate.h"
#include "ui/form_pane.h"
#include "ui/line_edit.h"

typedef struct {
    const Field *field;
    LineEdit edit;
    bool touched;        /* typed in, or a submit was tried */
    FieldCheck check;    /* of the current text */
    char *provider_error;
    char *refused;       /* what was refused for the field's limit, until the next edit */
    char *note;          /* what was done to a paste (not a problem), until the next edit */
    bool reveal;         /* a password shown while focused */
    bool null;           /* set to an explicit null (a nullable field): the text is "" */
    char *before_null;   /* the text Ctrl-X set aside for null, for Ctrl-X to bring back */
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
    int built_height;     /* and scroll for this height */
    bool live;            /* the profile creates real customers: said in the title */
};


/* After any change: rebuilds the rows, keeps the focused field in view and
 * marks the pane for drawing. */
void form_rows_changed(FormPane *f);
/* The key contexts of FIELD's own keys, looked up before the form's, most
 * particular first; returns how many (at most 2). */
size_t form_field_contexts(const Field *field, KeyContext out[2]);
/* Whether field I shows country or currency suggestions under it (focused, not a code yet). */
bool form_rows_wants_suggestion(const FormPane *f, size_t i);
/* The rows the fields get (the rest is the title and the help). */
int form_rows_body(const FormPane *f);
void form_rows_draw(Pane *p);

#endif
