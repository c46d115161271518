#include "app/tokens.h"

#include "app/keyring.h"
#include "model/text.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>

static char *env_token;
static char *env_profile; /* the one profile CUSTTY_TOKEN is for, or NULL: any */
static GHashTable *remembered; /* profile name → token; main thread only */

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

static void free_secret(gpointer p)
{
    text_free_secret(p);
}

void tokens_remember(const Profile *p, const char *token)
{
    if (!remembered)
        remembered = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, free_secret);
    g_hash_table_replace(remembered, g_strdup(p->name), g_strdup(token));
}

static char *found(TokenOrigin *origin, TokenOrigin where, const char *token)
{
    *origin = where;
    return g_strdup(token);
}

char *tokens_lookup_local(const Profile *p, const char *sandbox_token, TokenOrigin *origin)
{
    const char *kept = remembered ? g_hash_table_lookup(remembered, p->name) : NULL;
    /* Never to a sandbox: a real key exported in the shell must not reach a
     * demo server (or a proxy on the way). */
    if (env_token && !p->sandbox && (!env_profile || strcmp(env_profile, p->name) == 0))
        return found(origin, TOKEN_ENVIRONMENT, env_token);
    if (kept)
        return found(origin, TOKEN_MEMORY, kept);
    /* Sandbox profiles never need the keyring: a demo works without D-Bus. */
    if (p->sandbox && sandbox_token)
        return found(origin, TOKEN_SANDBOX, sandbox_token);
    *origin = TOKEN_NONE;
    return NULL;
}

char *tokens_lookup(const Profile *p, const char *sandbox_token, TokenOrigin *origin, char **why)
{
    char *local = tokens_lookup_local(p, sandbox_token, origin);
    if (local || p->sandbox)
        return local;
    char *secret = NULL;
    if (keyring_lookup(p->name, p->provider, &secret, why) == KEYRING_OK) {
        *origin = TOKEN_KEYRING;
        return secret;
    }
    *origin = TOKEN_NONE;
    return NULL;
}

void tokens_bind_env(const char *profile)
{
    g_free(env_profile);
    env_profile = g_strdup(profile);
}

char *tokens_env_ignored_note(const Profile *p)
{
    if (!env_token)
        return NULL;
    if (p->sandbox)
        return g_strdup_printf("CUSTTY_TOKEN is ignored for %s: a sandbox profile always uses the sandbox's demo "
                               "token", p->name);
    if (env_profile && !*env_profile)
        return g_strdup_printf("CUSTTY_TOKEN is ignored for %s: with several profiles, name the one it is for with "
                               "--profile", p->name);
    if (env_profile && strcmp(env_profile, p->name) != 0)
        return g_strdup_printf("CUSTTY_TOKEN is ignored for %s: it is for %s, the profile custty opened on",
                               p->name, env_profile);
    return NULL;
}

const char *token_origin_name(TokenOrigin o)
{
    static const char *const names[] = { "none", "environment (CUSTTY_TOKEN)", "this run only (memory)",
                                         "keyring", "sandbox demo token" };
    return names[o];
}
