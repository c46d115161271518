/* Profiles: a named provider + where it lives + how careful to be. */
#ifndef CUSTTY_APP_PROFILE_H
#define CUSTTY_APP_PROFILE_H

#include "model/descriptor.h"

#include <stdbool.h>

typedef struct {
    char *name;
    char *provider;
    char *environment;   /* a descriptor environment, or NULL */
    char *base_url;      /* an explicit base URL, or NULL */
    bool sandbox;        /* served by the in-process sandbox */
    bool live;
    long timeout_s;      /* 0: the default */
    bool confirm;        /* ask before each create */
    bool check_before_create; /* look the email up on the provider first */
    char *origin;        /* "built-in", or "FILE:LINE" */
} Profile;

typedef struct {
    Profile *items;
    size_t count;
} ProfileSet;

/* One sandbox profile per provider the sandbox serves (a descriptor with a
 * sandbox section, built-in or the person's own): botpenguin-sandbox,
 * billing-sandbox, prolifi-sandbox… */
void profiles_add_builtin(ProfileSet *set, const ProviderSet *providers);
/* The name of PROVIDER's sandbox profile: its name without a version
 * suffix, then "-sandbox" (billing-v1 → billing-sandbox, quill-lite →
 * quill-lite-sandbox). g_free it. */
char *profile_sandbox_name(const char *provider);
const Profile *profiles_find(const ProfileSet *set, const char *name);
void profiles_done(ProfileSet *set);
/* Frees the strings of one profile (not the profile). */
void profile_clear_fields(Profile *p);

/* The base URL a profile points at, given the sandbox's (for sandbox ones);
 * NULL and *ERR when it has none. g_free it. */
char *profile_base_url(const Profile *p, const Descriptor *d, const char *sandbox_url, char **err);

#endif
