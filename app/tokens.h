/* Where a profile's token comes from, in this order: the environment
 * (CUSTTY_TOKEN), a token given for this run only, the keyring. Sandbox
 * profiles take a token given for this run, else the sandbox's demo token,
 * never CUSTTY_TOKEN nor the keyring. Tokens are wiped once used. */
#ifndef CUSTTY_APP_TOKENS_H
#define CUSTTY_APP_TOKENS_H

#include "app/profile.h"

typedef enum { TOKEN_NONE, TOKEN_ENVIRONMENT, TOKEN_MEMORY, TOKEN_KEYRING, TOKEN_SANDBOX } TokenOrigin;

/* Reads CUSTTY_TOKEN into memory and removes it from the environment, so no
 * child (an $EDITOR, a pager) inherits it. Call once at start. */
void tokens_capture_env(void);

/* The token for P (free with text_free_secret), or NULL. SANDBOX_TOKEN is the
 * demo token of a running in-process sandbox, or NULL. When the keyring could
 * not be asked, *WHY (optional, g_free) says why. */
char *tokens_lookup(const Profile *p, const char *sandbox_token, TokenOrigin *origin, char **why);

/* The same without asking the keyring (the console asks it asynchronously):
 * NULL with TOKEN_NONE when only the keyring could still have one. */
char *tokens_lookup_local(const Profile *p, const char *sandbox_token, TokenOrigin *origin);

/* Keeps TOKEN for P for this run only (no keyring): in memory, never on disk. */
void tokens_remember(const Profile *p, const char *token);

/* When CUSTTY_TOKEN is set but P does not use it (a sandbox profile, or not
 * the profile it is bound to): a sentence saying so (g_free); else NULL. */
char *tokens_env_ignored_note(const Profile *p);

/* From now on CUSTTY_TOKEN goes to PROFILE only ("": to none). The console
 * opens on one profile and can move to others: one exported token must not
 * follow it to another provider. */
void tokens_bind_env(const char *profile);

const char *token_origin_name(TokenOrigin o);

#endif
