/* The token of the profile the console has open: found in memory, the
 * environment or the sandbox at once, in the keyring in the background, or
 * asked for (hidden) and offered to the keyring. A token is handed out only
 * for the profile it belongs to. */
#ifndef CUSTTY_APP_TOKEN_FLOW_H
#define CUSTTY_APP_TOKEN_FLOW_H

#include "app/controller.h"
#include "app/profile.h"

typedef struct Console Console;
typedef struct TokenFlow TokenFlow;

TokenFlow *token_flow_new(Console *c);
Controller token_flow_controller(TokenFlow *t);
/* The console opened profile INDEX: forget the last one's, resolve this one's. */
void token_flow_use_profile(TokenFlow *t, size_t index);
/* P's token if there is one (owned by the flow), else NULL. */
const char *token_flow_peek(const TokenFlow *t, const Profile *p);
/* A copy for a job (text_free_secret it), or NULL. */
char *token_flow_copy(const TokenFlow *t, const Profile *p);
/* THEN(CTX) once the current profile has a usable token: at once, or after
 * the person typed one (and answered "keep it?"). Says why when not. */
void token_flow_need(TokenFlow *t, void (*then)(void *ctx), void *ctx);
/* F7: type a token for the current profile. */
void token_flow_ask(TokenFlow *t);

#endif
