#include "app/tokens.h"

#include "model/text.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>

static char *env_token;

void tokens_capture_env(void)
{
    const char *v = getenv("CUSTTY_TOKEN");
    if (v && *v) {
        text_free_secret(env_token);
        env_token = g_strstrip(g_strdup(v));
        explicit_bzero((char *)v, strlen(v));
    }
    unsetenv("CUSTTY_TOKEN");
}

char *tokens_lookup(const Profile *p, const char *sandbox_token, TokenOrigin *origin)
{
    (void)p;
    if (env_token) {
        *origin = TOKEN_ENVIRONMENT;
        return g_strdup(env_token);
    }
    if (p->sandbox && sandbox_token) {
        *origin = TOKEN_SANDBOX;
        return g_strdup(sandbox_token);
    }
    *origin = TOKEN_NONE;
    return NULL;
}

const char *token_origin_name(TokenOrigin o)
{
    static const char *const names[] = { "none", "environment (CUSTTY_TOKEN)", "keyring", "sandbox demo token" };
    return names[o];
}
