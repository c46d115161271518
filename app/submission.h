/* A create, from F2 to its outcome: the form's checks, an earlier attempt
 * whose outcome is unknown, a customer already created with the email, the
 * token, a look on the provider first (check_before_create), the LIVE
 * confirmation, the send on the network thread, and what the outcome means
 * for the person. Each question carries what follows it. */
#ifndef CUSTTY_APP_SUBMISSION_H
#define CUSTTY_APP_SUBMISSION_H

#include "app/controller.h"
#include "model/request.h"

#include <cjson/cJSON.h>
#include <glib.h>

typedef struct Console Console;
typedef struct Submission Submission;

Submission *submission_new(Console *c);
Controller submission_controller(Submission *s);
/* F2 (UNCHECKED false) or F3 (sent as typed, for QA of a provider's checks). */
void submission_start(Submission *s, bool unchecked);
/* r: BODY exactly as the history holds it, with its KEY, for entry ENTRY. */
void submission_send_stored(Submission *s, gssize entry, const cJSON *body, const char *key);
/* A create is in flight. */
bool submission_busy(const Submission *s);

/* The request the form would send now, with the draft's key and without the
 * token (Ctrl-Y copies it as curl). False and *ERR (g_free) when the form
 * cannot make one; else request_done OUT. */
bool submission_form_request(Submission *s, Request *out, char **err);

/* The draft's Idempotency-Key (kept with its draft). */
const char *submission_key(const Submission *s);
/* A new draft: a new key. */
void submission_new_draft(Submission *s);
/* A restored draft's key: the history says whether it may send again. */
void submission_restore_key(Submission *s, const char *key);
/* An attempt sent with KEY was settled by a check: its key is spent. */
void submission_attempt_settled(Submission *s, const char *key);

#endif
