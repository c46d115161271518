/* A form pane drawn on a 30x100 curses screen, for the ui tests of the form:
 * the set-up they share, and the form read back as a person sees it. */
#ifndef CUSTTY_TESTS_FORM_SCREEN_H
#define CUSTTY_TESTS_FORM_SCREEN_H

#include "model/descriptor.h"
#include "tests/support/curses_screen.h"
#include "ui/form_pane.h"
#include "ui/theme.h"

#include <stdbool.h>

typedef struct {
    SupportScreen screen;
    Theme theme;
    Descriptor *d;
    FormPane *form;
} SupportForm;

/* The screen and a form for D (freed by support_form_stop); with LOAD, D's
 * empty form loaded and focused. */
void support_form_start(SupportForm *t, Descriptor *d, bool load);
void support_form_stop(SupportForm *t);
/* The form drawn, as text (g_free). */
char *support_form_drawn(const SupportForm *t);
/* tests/fixtures/FILE parsed as the provider NAME, or the test fails. */
Descriptor *support_fixture_descriptor(const char *file, const char *name);

#endif
