/* The outcome of a create, shown: viewer, status line, log and form. */
#ifndef CUSTTY_APP_OUTCOME_H
#define CUSTTY_APP_OUTCOME_H

#include "net/netthread.h"

#include <cjson/cJSON.h>
#include <stdbool.h>

typedef struct Console Console;

/* Says what R means, opens what there is to read, and clears a created
 * draft, unless the form was TYPED into while it was sent: then what it
 * holds stays, as a new draft. SENT is the body as it went (secrets masked). */
void outcome_show(Console *c, const NetResult *r, const cJSON *sent, bool typed);
/* The exchange as it went: request (masked), status, headers, body (g_free). */
char *outcome_exchange_text(const NetResult *r);
/* The list's line for R: the provider's summary, else the email SENT (g_free). */
char *outcome_label(Console *c, const NetResult *r, const cJSON *sent);

#endif
