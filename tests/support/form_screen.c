#include "tests/support/form_screen.h"

#include "tests/support/support.h"
#include "ui/pane.h"

#include <criterion/criterion.h>
#include <glib.h>

void support_form_start(SupportForm *t, Descriptor *d, bool load)
{
    support_screen_start(&t->screen, 30, 100);
    theme_init(&t->theme);
    t->d = d;
    t->form = form_pane_new(&t->theme);
    if (load) {
        form_pane_load(t->form, d, NULL);
        form_pane_base(t->form)->focused = true;
    }
}

void support_form_stop(SupportForm *t)
{
    pane_free(form_pane_base(t->form));
    descriptor_free(t->d);
    support_screen_stop(&t->screen);
}

char *support_form_drawn(const SupportForm *t)
{
    Pane *p = form_pane_base(t->form);
    pane_place(p, 0, 0, 30, 100);
    p->dirty = true;
    pane_refresh(p);
    return support_window_text(p->win);
}

Descriptor *support_fixture_descriptor(const char *file, const char *name)
{
    size_t len = 0;
    char *text = support_fixture(file, &len), *err = NULL;
    Descriptor *d = descriptor_parse(text, len, name, file, &err);
    cr_assert_not_null(d, "%s", err);
    g_free(text);
    return d;
}
