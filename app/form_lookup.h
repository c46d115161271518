/* Ctrl-F in the form: the email typed, looked up on the provider through
 * its customer list (the provider's filter where it has one, else its pages
 * read and matched), on the network thread while typing goes on; the
 * matches are said in the status line and the log. */
#ifndef CUSTTY_APP_FORM_LOOKUP_H
#define CUSTTY_APP_FORM_LOOKUP_H

#include "app/controller.h"

typedef struct Console Console;
typedef struct FormLookup FormLookup;

FormLookup *form_lookup_new(Console *c);
Controller form_lookup_controller(FormLookup *f);
/* Ctrl-F: looks up the email the form holds now. */
void form_lookup_start(FormLookup *f);

#endif
