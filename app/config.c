#include "app/config.h"

#include "model/text.h"
#include "net/url.h"

#include <curl/curl.h>
#include <glib.h>
#include <string.h>

char *config_path(void)
{
    return g_build_filename(g_get_user_config_dir(), "custty", "config.ini", NULL);
}

G_GNUC_PRINTF(4, 5)
static void note(GString *errors, const char *path, int line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *what = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    g_string_append_printf(errors, "%s:%d: %s\n", path, line, what);
    g_free(what);
}

/* GKeyFile judges each line alone; a line it refuses is reported and blanked,
 * so one typo does not cost the whole file. */
static char *without_broken_lines(const char *path, const char *text, GString *errors)
{
    gchar **lines = g_strsplit(text, "\n", -1);
    for (int i = 0; lines[i]; i++) {
        char *probe = g_strdup_printf("[probe]\n%s\n", lines[i]);
        GKeyFile *kf = g_key_file_new();
        GError *err = NULL;
        bool header = g_str_has_prefix(g_strchug(lines[i]), "[");
        if (!header && !g_key_file_load_from_data(kf, probe, (gsize)-1, G_KEY_FILE_NONE, &err)) {
            note(errors, path, i + 1, "not a \"key = value\" line, a [profile] header or a comment; skipped");
            lines[i][0] = '\0';
        }
        if (err)
            g_error_free(err);
        g_key_file_free(kf);
        g_free(probe);
    }
    char *clean = g_strjoinv("\n", lines);
    g_strfreev(lines);
    return clean;
}

/* The line where GROUP (and KEY within it, if given) is written; 0 if unknown. */
static int line_of(const char *text, const char *group, const char *key)
{
    gchar **lines = g_strsplit(text, "\n", -1);
    int found = 0, group_line = 0;
    for (int i = 0; lines[i] && !found; i++) {
        char *l = g_strstrip(g_strdup(lines[i]));
        if (l[0] == '[') {
            char *name = g_strndup(l + 1, strcspn(l + 1, "]"));
            group_line = strcmp(g_strstrip(name), group) == 0 ? i + 1 : 0;
            g_free(name);
        } else if (group_line && key && g_str_has_prefix(l, key) && strchr(" =", l[strlen(key)])) {
            found = i + 1;
        }
        g_free(l);
        if (group_line && !key)
            found = group_line;
    }
    g_strfreev(lines);
    return found;
}

typedef struct {
    const char *path;
    const char *text;
    GKeyFile *kf;
    const char *group;
    GString *errors;
} ConfigGroup;

static const char *const KNOWN_KEYS[] = { "provider", "environment", "base_url", "timeout", "confirm", "live", NULL };

static bool check_keys(ConfigGroup *g)
{
    gchar **keys = g_key_file_get_keys(g->kf, g->group, NULL, NULL);
    bool ok = true;
    for (gchar **k = keys; k && *k; k++) {
        if (g_strv_contains(KNOWN_KEYS, *k))
            continue;
        const char *guess = text_closest(*k, KNOWN_KEYS);
        note(g->errors, g->path, line_of(g->text, g->group, *k), "[%s] has an unknown key \"%s\"%s%s%s", g->group,
             *k, guess ? "; did you mean \"" : "", guess ? guess : "", guess ? "\"?" : "");
        ok = false;
    }
    g_strfreev(keys);
    return ok;
}

static char *get_string(ConfigGroup *g, const char *key)
{
    char *v = g_key_file_get_string(g->kf, g->group, key, NULL);
    return v ? g_strstrip(v) : NULL;
}

static bool get_bool(ConfigGroup *g, const char *key, bool fallback, bool *ok)
{
    GError *err = NULL;
    if (!g_key_file_has_key(g->kf, g->group, key, NULL))
        return fallback;
    bool v = g_key_file_get_boolean(g->kf, g->group, key, &err);
    if (err) {
        note(g->errors, g->path, line_of(g->text, g->group, key), "[%s] %s must be true or false", g->group, key);
        g_error_free(err);
        *ok = false;
        return fallback;
    }
    return v;
}

/* RFC 3986: the authority ends at the first '/', '?' or '#', and holds user
 * information exactly when it holds an '@'. */
static bool authority_has_at(const char *url)
{
    const char *scheme_end = strstr(url, "://");
    const char *authority = scheme_end ? scheme_end + 3 : url;
    return memchr(authority, '@', strcspn(authority, "/?#")) != NULL;
}

bool config_url_has_credentials(const char *url)
{
    static const CURLUPart parts[] = { CURLUPART_USER, CURLUPART_PASSWORD, CURLUPART_OPTIONS };
    CURLU *u = curl_url();
    bool has = authority_has_at(url);
    if (u && curl_url_set(u, CURLUPART_URL, url, CURLU_NON_SUPPORT_SCHEME) == CURLUE_OK) {
        for (size_t i = 0; i < G_N_ELEMENTS(parts) && !has; i++) {
            char *v = NULL;
            has = curl_url_get(u, parts[i], &v, 0) == CURLUE_OK;
            curl_free(v);
        }
    }
    curl_url_cleanup(u);
    return has;
}

static bool read_where(ConfigGroup *g, const Descriptor *d, Profile *p)
{
    p->environment = get_string(g, "environment");
    p->base_url = get_string(g, "base_url");
    const Environment *env = p->environment ? descriptor_environment(d, p->environment) : NULL;
    if (p->environment && !env) {
        note(g->errors, g->path, line_of(g->text, g->group, "environment"), "[%s] %s has no environment \"%s\"",
             g->group, d->name, p->environment);
        return false;
    }
    if (!p->environment && !p->base_url && !(env = descriptor_environment(d, NULL))) {
        note(g->errors, g->path, line_of(g->text, g->group, NULL), "[%s] %s has no public host; set base_url",
             g->group, d->name);
        return false;
    }
    if (p->base_url && config_url_has_credentials(p->base_url)) {
        note(g->errors, g->path, line_of(g->text, g->group, "base_url"),
             "[%s] base_url must not hold a user name or password; a token belongs in the keyring: "
             "`custty token set %s`", g->group, g->group);
        return false;
    }
    char *why = NULL;
    if (p->base_url && !net_url_allowed(p->base_url, &why)) {
        note(g->errors, g->path, line_of(g->text, g->group, "base_url"), "[%s] base_url %s", g->group, why);
        g_free(why);
        return false;
    }
    bool ok = true;
    /* Loopback by the host libcurl reads, not by prefix: http://127.evil.example is not. */
    bool default_live = p->base_url ? !net_url_is_loopback(p->base_url) : env->live;
    p->live = get_bool(g, "live", default_live, &ok);
    return ok;
}

static bool read_timeout(ConfigGroup *g, Profile *p)
{
    if (!g_key_file_has_key(g->kf, g->group, "timeout", NULL))
        return true;
    char *v = get_string(g, "timeout"), *end = NULL;
    p->timeout_s = v ? strtol(v, &end, 10) : 0;
    bool ok = v && *v && !*end && p->timeout_s > 0 && p->timeout_s <= 3600;
    if (!ok)
        note(g->errors, g->path, line_of(g->text, g->group, "timeout"), "[%s] timeout must be whole seconds, 1 to 3600",
             g->group);
    g_free(v);
    return ok;
}

static bool read_profile(ConfigGroup *g, const ProviderSet *providers, Profile *p)
{
    p->name = g_strdup(g->group);
    p->origin = g_strdup_printf("%s:%d", g->path, line_of(g->text, g->group, NULL));
    p->provider = get_string(g, "provider");
    const Descriptor *d = p->provider ? provider_set_find(providers, p->provider) : NULL;
    if (!d) {
        note(g->errors, g->path, line_of(g->text, g->group, p->provider ? "provider" : NULL),
             p->provider ? "[%s] no provider \"%s\" (see `custty providers`)" : "[%s] needs provider = NAME%s",
             g->group, p->provider ? p->provider : "");
        return false;
    }
    bool ok = check_keys(g) & read_where(g, d, p) & read_timeout(g, p);
    p->confirm = get_bool(g, "confirm", p->live, &ok);
    return ok;
}

static void load_groups(ConfigGroup *g, const ProviderSet *providers, ProfileSet *set)
{
    gchar **groups = g_key_file_get_groups(g->kf, NULL);
    for (gchar **name = groups; *name; name++) {
        g->group = *name;
        Profile *p = g_new0(Profile, 1);
        if (read_profile(g, providers, p)) {
            set->items = g_renew(Profile, set->items, set->count + 1);
            set->items[set->count++] = *p;
            g_free(p);
        } else {
            profile_clear_fields(p);
            g_free(p);
        }
    }
    g_strfreev(groups);
}

void config_load(const char *path, const ProviderSet *providers, ProfileSet *set, char **errors)
{
    char *text = NULL;
    if (!g_file_get_contents(path, &text, NULL, NULL))
        return;
    GString *errs = g_string_new(*errors ? *errors : "");
    char *clean = without_broken_lines(path, text, errs);
    ConfigGroup g = { .path = path, .text = text, .kf = g_key_file_new(), .errors = errs };
    GError *err = NULL;
    if (g_key_file_load_from_data(g.kf, clean, (gsize)-1, G_KEY_FILE_NONE, &err))
        load_groups(&g, providers, set);
    else
        note(errs, path, 0, "cannot be read: %s", err->message), g_error_free(err);
    g_key_file_free(g.kf);
    g_free(clean);
    g_free(text);
    g_free(*errors);
    *errors = errs->len ? g_string_free(errs, FALSE) : (g_string_free(errs, TRUE), NULL);
}

void profiles_load(ProfileSet *set, const ProviderSet *providers, char **errors)
{
    char *path = config_path();
    config_load(path, providers, set, errors);
    g_free(path);
    ProfileSet builtin = { 0 };
    profiles_add_builtin(&builtin, providers);
    for (size_t i = 0; i < builtin.count; i++) {
        if (profiles_find(set, builtin.items[i].name)) {
            profile_clear_fields(&builtin.items[i]);
            continue;
        }
        set->items = g_renew(Profile, set->items, set->count + 1);
        set->items[set->count++] = builtin.items[i];
    }
    g_free(builtin.items);
}
