#include "app/profile.h"

#include "net/sandbox.h"

#include <glib.h>
#include <string.h>

/* A version suffix ("-v1") is not part of the name a person says. */
char *profile_sandbox_name(const char *provider)
{
    const char *dash = strrchr(provider, '-');
    bool version = dash && dash[1] == 'v' && dash[2] && strspn(dash + 2, "0123456789") == strlen(dash + 2);
    return g_strdup_printf("%.*s-sandbox", version ? (int)(dash - provider) : (int)strlen(provider), provider);
}

static Profile *profiles_append(ProfileSet *set)
{
    set->items = g_renew(Profile, set->items, set->count + 1);
    Profile *p = &set->items[set->count++];
    memset(p, 0, sizeof *p);
    return p;
}

void profiles_add_builtin(ProfileSet *set, const ProviderSet *providers)
{
    for (size_t i = 0; i < providers->count; i++) {
        const char *name = providers->items[i]->name;
        if (!sandbox_speaks(providers->items[i]))
            continue;
        char *short_name = profile_sandbox_name(name);
        /* billing-v1 and billing-v2 both served: the second keeps its version */
        char *pname = profiles_find(set, short_name) ? g_strdup_printf("%s-sandbox", name) : g_strdup(short_name);
        g_free(short_name);
        Profile *p = profiles_append(set);
        p->name = pname;
        p->provider = g_strdup(name);
        p->sandbox = true;
        p->origin = g_strdup("built-in");
    }
}

const Profile *profiles_find(const ProfileSet *set, const char *name)
{
    for (size_t i = 0; i < set->count; i++)
        if (strcmp(set->items[i].name, name) == 0)
            return &set->items[i];
    return NULL;
}

void profile_clear_fields(Profile *p)
{
    g_free(p->name);
    g_free(p->provider);
    g_free(p->environment);
    g_free(p->base_url);
    g_free(p->origin);
    memset(p, 0, sizeof *p);
}

void profiles_done(ProfileSet *set)
{
    for (size_t i = 0; i < set->count; i++)
        profile_clear_fields(&set->items[i]);
    g_free(set->items);
    set->items = NULL;
    set->count = 0;
}

char *profile_base_url(const Profile *p, const Descriptor *d, const char *sandbox_url, char **err)
{
    if (p->sandbox && sandbox_url)
        return g_strdup(sandbox_url);
    if (p->base_url)
        return g_strdup(p->base_url);
    const Environment *env = descriptor_environment(d, p->environment);
    if (env)
        return g_strdup(env->base_url);
    if (p->environment)
        *err = g_strdup_printf("profile %s: %s has no environment \"%s\"", p->name, d->name, p->environment);
    else
        *err = g_strdup_printf("profile %s: %s has no public host; set base_url for it", p->name, d->name);
    return NULL;
}
