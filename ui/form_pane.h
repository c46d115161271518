/* The form: the descriptor's fields in order, each checked as it is typed. */
#ifndef CUSTTY_UI_FORM_PANE_H
#define CUSTTY_UI_FORM_PANE_H

#include "model/descriptor.h"
#include "model/response.h"
#include "model/values.h"
#include "ui/pane.h"

typedef struct FormPane FormPane;

FormPane *form_pane_new(const Theme *theme);
Pane *form_pane_base(FormPane *f);

/* Shows D's fields; values of CARRY whose names D also has are kept (a
 * switch to another provider loses nothing it can keep). */
void form_pane_load(FormPane *f, const Descriptor *d, const Values *carry);
const Descriptor *form_pane_descriptor(const FormPane *f);
/* The texts as typed, by field name. */
void form_pane_values(const FormPane *f, Values *out);
/* Checks every field and shows every problem; focus goes to the first bad one.
 * Returns the problems (caller frees with problems_done). */
bool form_pane_check_all(FormPane *f, Problems *problems);
/* The provider's field errors, each on its field, until it is edited; with
 * FOCUS the first of them gets the focus. */
void form_pane_show_provider_errors(FormPane *f, const Response *r, bool focus);
void form_pane_clear(FormPane *f);
/* A note under the field named FIELD ("↳ Email: …"), until it is edited;
 * NULL clears it. Outside text in NOTE is the caller's to escape. */
void form_pane_set_field_note(FormPane *f, const char *field, const char *note);
/* Whether the profile the form sends with is LIVE: its title says so. */
void form_pane_set_live(FormPane *f, bool live);
/* The focused field's text and whether it is a JSON field (for $EDITOR). */
const char *form_pane_focused_text(const FormPane *f, bool *is_json);
void form_pane_set_focused_text(FormPane *f, const char *text);
/* The key context of the focused field's own keys (CTX_FORM when it has
 * none): what the key bar shows. */
KeyContext form_pane_key_context(const FormPane *f);
/* All the focused field's key contexts (a nullable date has two): fills at
 * most 2 of OUT, returns how many. */
size_t form_pane_key_contexts(const FormPane *f, KeyContext out[2]);
/* Places the terminal cursor in the focused field (after the panes refresh). */
void form_pane_place_cursor(FormPane *f);
/* Counts edits and focus moves: what a draft saver watches. */
unsigned form_pane_edits(const FormPane *f);
unsigned form_pane_moves(const FormPane *f);

#endif
