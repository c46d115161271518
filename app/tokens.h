/* Where a profile's token comes from: the environment, the keyring, or (for
 * sandbox profiles) the sandbox's demo token. Tokens are wiped once used. */
#ifndef CUSTTY_APP_TOKENS_H
#define CUSTTY_APP_TOKENS_H

#include "app/profile.h"

typedef enum { TOKEN_NONE, TOKEN_ENVIRONMENT, TOKEN_KEYRING, TOKEN_SANDBOX } TokenOrigin;

/* Reads CUSTTY_TOKEN into memory and removes it from the environment, so no
 * child (an $EDITOR, a pager) inherits it. Call once at start. */
void tokens_capture_env(void);

/* The token for P (g_free with text_free_secret), or NULL. SANDBOX_TOKEN is
 * the demo token of a running in-process sandbox, or NULL. */
char *tokens_lookup(const Profile *p, const char *sandbox_token, TokenOrigin *origin);

const char *token_origin_name(TokenOrigin o);

#endif
