#include "app/bound_token.h"

#include "model/text.h"

#include <glib.h>
#include <string.h>

void bound_token_clear(BoundToken *b)
{
    text_free_secret(b->secret);
    g_free(b->profile);
    g_free(b->provider);
    *b = (BoundToken){ .origin = TOKEN_NONE };
}

void bound_token_set(BoundToken *b, const Profile *p, char *secret, TokenOrigin origin)
{
    bound_token_clear(b);
    if (!secret)
        return;
    b->secret = secret;
    b->profile = g_strdup(p->name);
    b->provider = g_strdup(p->provider);
    b->origin = origin;
}

bool bound_token_is_for(const BoundToken *b, const Profile *p)
{
    /* Both name and provider: a profile redefined under the same name for
     * another provider in config.ini must not inherit the old one's token. */
    return b->secret && p && g_strcmp0(b->profile, p->name) == 0 && g_strcmp0(b->provider, p->provider) == 0;
}

const char *bound_token_peek(const BoundToken *b, const Profile *p)
{
    return bound_token_is_for(b, p) ? b->secret : NULL;
}

char *bound_token_copy(const BoundToken *b, const Profile *p)
{
    return bound_token_is_for(b, p) ? g_strdup(b->secret) : NULL;
}
