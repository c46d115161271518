/* What no record template can say, one small named hook per provider
 * ("hook" in a descriptor's sandbox section); a provider without one is
 * served from its template alone. model/sandbox_spec.c lists these names. */
#include "net/sandbox_engine.h"

#include "model/jsonpath.h"

#include <string.h>

/* BODY's non-empty string at KEY, or NULL. */
static const char *text_at(const cJSON *body, const char *key)
{
    const char *s = jsonpath_string(body, key);
    return s && *s ? s : NULL;
}

static void set_text(cJSON *rec, const char *key, const char *value)
{
    sb_place(rec, key, value ? cJSON_CreateString(value) : cJSON_CreateNull());
}

/* BotPenguin keeps the login as sent and the address lower-cased in contact. */
static void botpenguin_hook(const cJSON *body, cJSON *rec)
{
    const char *username = jsonpath_string(body, "username");
    char *email = username ? g_utf8_strdown(username, -1) : NULL;
    set_text(rec, "contact.email", email);
    g_free(email);
}

/* billing-v1 takes a status in any case and keeps it lower-cased. */
static void billing_hook(const cJSON *body, cJSON *rec)
{
    (void)body;
    const char *status = jsonpath_string(rec, "status");
    char *canonical = g_ascii_strdown(status ? status : "active", -1);
    set_text(rec, "status", canonical);
    g_free(canonical);
}

/* Prolifi: first_name/last_name as given, else split from name at the first
 * space; name as sent, else made from them; a company makes a business. */
static void prolifi_hook(const cJSON *body, cJSON *rec)
{
    const char *name = text_at(body, "name"), *first = text_at(body, "first_name");
    const char *last = text_at(body, "last_name");
    char *f = g_strdup(first), *l = g_strdup(last), *n = name ? g_strstrip(g_strdup(name)) : NULL;
    if (!first && !last && name) {
        char *trimmed = g_strstrip(g_strdup(name));
        char *space = strchr(trimmed, ' ');
        f = space ? g_strndup(trimmed, (gsize)(space - trimmed)) : g_strdup(trimmed);
        l = space ? g_strstrip(g_strdup(space + 1)) : NULL;
        g_free(trimmed);
    }
    if (!n)
        n = f && l ? g_strdup_printf("%s %s", f, l) : g_strdup(f ? f : l);
    set_text(rec, "name", n);
    set_text(rec, "first_name", f);
    set_text(rec, "last_name", l);
    set_text(rec, "type", jsonpath_string(body, "company_name") ? "business" : "individual");
    g_free(f), g_free(l), g_free(n);
}

static const struct {
    const char *name;
    SbHook hook;
} HOOKS[] = {
    { "botpenguin", botpenguin_hook },
    { "billing", billing_hook },
    { "prolifi", prolifi_hook },
};

SbHook sb_hook_named(const char *name)
{
    for (size_t i = 0; name && i < G_N_ELEMENTS(HOOKS); i++)
        if (strcmp(HOOKS[i].name, name) == 0)
            return HOOKS[i].hook;
    return NULL;
}
