/* A token together with the profile it was found for. A token is handed out
 * only for the profile (name and provider) it belongs to, so a request built
 * for one profile can never carry another profile's secret, whatever path
 * (a draft like a history entry, a resend, a check) switched profiles. */
#ifndef CUSTTY_APP_BOUND_TOKEN_H
#define CUSTTY_APP_BOUND_TOKEN_H

#include "app/profile.h"
#include "app/tokens.h"

#include <stdbool.h>

typedef struct {
    char *secret;        /* wiped when replaced or cleared */
    char *profile;       /* the profile and provider it belongs to */
    char *provider;
    TokenOrigin origin;
} BoundToken;

/* Binds SECRET (taken; may be NULL) to P, wiping what was there. */
void bound_token_set(BoundToken *b, const Profile *p, char *secret, TokenOrigin origin);
/* Wipes and frees the secret and forgets whose it was. */
void bound_token_clear(BoundToken *b);
/* Whether B holds a secret that belongs to P. */
bool bound_token_is_for(const BoundToken *b, const Profile *p);
/* B's secret if it belongs to P, else NULL; owned by B. */
const char *bound_token_peek(const BoundToken *b, const Profile *p);
/* A copy of B's secret if it belongs to P (text_free_secret it), else NULL. */
char *bound_token_copy(const BoundToken *b, const Profile *p);

#endif
