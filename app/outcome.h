/* The outcome of a create, shown: viewer, status line, log and form. */
#ifndef CUSTTY_APP_OUTCOME_H
#define CUSTTY_APP_OUTCOME_H

#include "net/netthread.h"

typedef struct Console Console;

/* Says what R means, opens what there is to read, and clears a created draft. */
void outcome_show(Console *c, const NetResult *r);
/* The exchange as it went: request (masked), status, headers, body (g_free). */
char *outcome_exchange_text(const NetResult *r);
/* The list's line for R: the provider's summary, else the form's email (g_free). */
char *outcome_label(Console *c, const NetResult *r);

#endif
