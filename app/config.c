#include "app/config.h"

#include "model/safe_text.h"
#include "model/text.h"
#include "model/url_shape.h"

#include <errno.h>
#include <glib.h>
#include <string.h>

char *config_path(void)
{
    return g_build_filename(g_get_user_config_dir(), "custty", "config.ini", NULL);
}

/* Appends "PATH:LINE: what" to ERRORS, escaped: group names, keys and values
 * come from the file and may hold escape sequences. */
G_GNUC_PRINTF(4, 5)
static void note(GString *errors, const char *path, int line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *what = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    char *full = g_strdup_printf("%s:%d: %s", path, line, what);
    char *safe = safe_text(full, strlen(full));
    g_string_append_printf(errors, "%s\n", safe);
    g_free(safe), g_free(full), g_free(what);
}

static bool key_file_takes(const char *data)
{
    GKeyFile *kf = g_key_file_new();
    bool ok = g_key_file_load_from_data(kf, data, (gsize)-1, G_KEY_FILE_NONE, NULL);
    g_key_file_free(kf);
    return ok;
}

typedef enum { LINE_BLANK, LINE_HEADER, LINE_ENTRY, LINE_BAD_HEADER, LINE_BAD } LineKind;

/* GKeyFile judges each line alone here, so that one typo cannot cost the
 * whole file (GKeyFile itself refuses a file for any one bad line). */
static LineKind line_kind(const char *line)
{
    const char *l = line + strspn(line, " \t");
    if (!*l || *l == '#' || (*l == '\r' && !l[1]))
        return LINE_BLANK;
    char *probe = *l == '[' ? g_strdup_printf("%s\n", l) : g_strdup_printf("[probe]\n%s\n", l);
    bool ok = key_file_takes(probe);
    g_free(probe);
    return *l == '[' ? (ok ? LINE_HEADER : LINE_BAD_HEADER) : ok ? LINE_ENTRY : LINE_BAD;
}

/* The kind of a line that holds a NUL byte: GKeyFile would stop reading
 * there, so it is refused whole; a header's group goes with it. */
static LineKind nul_kind(const char *line)
{
    return line[strspn(line, " \t")] == '[' ? LINE_BAD_HEADER : LINE_BAD;
}

/* What is wrong with a line of kind K, or NULL if it can be kept. */
static const char *line_problem(LineKind k, bool nul, bool in_group)
{
    if (nul)
        return k == LINE_BAD_HEADER ? "holds a NUL byte; it and its group's lines are skipped"
                                    : "holds a NUL byte; the line is skipped";
    if (k == LINE_BAD_HEADER)
        return "not a valid [profile] header; it and its lines up to the next header are skipped";
    if (k == LINE_BAD)
        return "not a \"key = value\" line, a [profile] header or a comment; skipped";
    if (k == LINE_ENTRY && !in_group)
        return "a \"key = value\" line before any [profile] header; skipped";
    return NULL;
}

/* Reports line I of kind K if it cannot be kept, and says whether it is kept.
 * The lines under a bad header go with it: else they would join the group
 * above and change a profile nobody meant to change. */
static bool keep_line(const char *path, int i, LineKind k, bool nul, bool *in_group, bool *skipping, GString *errors)
{
    const char *why = line_problem(k, nul, *in_group || *skipping); /* a skipped group is said once */
    if (why)
        note(errors, path, i + 1, "%s", why);
    if (k == LINE_HEADER || k == LINE_BAD_HEADER)
        *in_group = k == LINE_HEADER, *skipping = k == LINE_BAD_HEADER;
    return k == LINE_BLANK || k == LINE_HEADER || (k == LINE_ENTRY && *in_group && !*skipping);
}

/* TEXT (LEN bytes, NULs and all) with every line GKeyFile would refuse
 * reported and blanked, so line numbers stay true. A NUL costs no more than
 * its own line (or header). */
static char *without_broken_lines(const char *path, const char *text, size_t len, GString *errors)
{
    GPtrArray *lines = g_ptr_array_new_with_free_func(g_free);
    bool in_group = false, skipping = false;
    for (const char *p = text, *end = text + len; p <= end;) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
        char *line = g_strndup(p, n);
        bool nul = memchr(p, '\0', n) != NULL;
        LineKind k = nul ? nul_kind(line) : line_kind(line);
        if (!keep_line(path, (int)lines->len, k, nul, &in_group, &skipping, errors))
            line[0] = '\0';
        g_ptr_array_add(lines, line);
        p += n + 1;
    }
    g_ptr_array_add(lines, NULL);
    char *clean = g_strjoinv("\n", (char **)lines->pdata);
    g_ptr_array_free(lines, TRUE);
    return clean;
}

/* Where each group, and each key within a group, is first written:
 * "GROUP" and "GROUP\nKEY" to a line number, in one pass over TEXT (a file
 * of thousands of profiles must not be read once per profile). */
static GHashTable *line_index(const char *text)
{
    GHashTable *at = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    char *group = NULL;
    int i = 0;
    for (const char *p = text; *p; i++) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        char *line = g_strndup(p, n), *l = g_strstrip(line), *name = NULL;
        p += n + (nl != NULL);
        if (l[0] == '[') {
            g_free(group);
            group = g_strstrip(g_strndup(l + 1, strcspn(l + 1, "]")));
            name = g_strdup(group);
        } else if (group && *l) {
            name = g_strdup_printf("%s\n%.*s", group, (int)strcspn(l, " \t="), l);
        }
        if (name && !g_hash_table_contains(at, name))
            g_hash_table_insert(at, name, GINT_TO_POINTER(i + 1));
        else
            g_free(name);
        g_free(line);
    }
    g_free(group);
    return at;
}

/* The line where GROUP (and KEY within it, if given) is written; 0 if unknown. */
static int line_of(GHashTable *index, const char *group, const char *key)
{
    char *name = key ? g_strdup_printf("%s\n%s", group, key) : g_strdup(group);
    int line = GPOINTER_TO_INT(g_hash_table_lookup(index, name));
    g_free(name);
    return line;
}

typedef struct {
    const char *path;
    GHashTable *lines;   /* line_index of the file */
    GKeyFile *kf;
    const char *group;
    GString *errors;
} ConfigGroup;

static const char *const KNOWN_KEYS[] = { "provider", "environment", "base_url", "timeout", "confirm", "live",
                                           "check_before_create", NULL };

static bool check_keys(ConfigGroup *g)
{
    gchar **keys = g_key_file_get_keys(g->kf, g->group, NULL, NULL);
    bool ok = true;
    for (gchar **k = keys; k && *k; k++) {
        if (g_strv_contains(KNOWN_KEYS, *k))
            continue;
        const char *guess = text_closest(*k, KNOWN_KEYS);
        note(g->errors, g->path, line_of(g->lines, g->group, *k), "[%s] has an unknown key \"%s\"%s%s%s", g->group,
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
        note(g->errors, g->path, line_of(g->lines, g->group, key), "[%s] %s must be true or false", g->group, key);
        g_error_free(err);
        *ok = false;
        return fallback;
    }
    return v;
}

bool config_url_has_credentials(const char *url)
{
    return url_shape_has_credentials(url); /* GLib's reading: no need to load libcurl to read a file */
}

static bool read_where(ConfigGroup *g, const Descriptor *d, Profile *p)
{
    p->environment = get_string(g, "environment");
    p->base_url = get_string(g, "base_url");
    const Environment *env = p->environment ? descriptor_environment(d, p->environment) : NULL;
    if (p->environment && !env) {
        note(g->errors, g->path, line_of(g->lines, g->group, "environment"), "[%s] %s has no environment \"%s\"",
             g->group, d->name, p->environment);
        return false;
    }
    if (env && env->live && p->base_url) {
        /* The base_url would win and, on loopback, make it a test profile:
         * one that says LIVE must never be shown as anything else. */
        note(g->errors, g->path, line_of(g->lines, g->group, "base_url"),
             "[%s] sets both environment = live and base_url; keep one: environment = live for %s's "
             "LIVE host, or base_url with live = true for a LIVE host of your own", g->group, d->name);
        return false;
    }
    if (!p->environment && !p->base_url && !(env = descriptor_environment(d, NULL))) {
        note(g->errors, g->path, line_of(g->lines, g->group, NULL), "[%s] %s has no public host; set base_url",
             g->group, d->name);
        return false;
    }
    if (p->base_url && config_url_has_credentials(p->base_url)) {
        note(g->errors, g->path, line_of(g->lines, g->group, "base_url"),
             "[%s] base_url must not hold a user name or password; a token belongs in the keyring: "
             "`custty token set %s`", g->group, g->group);
        return false;
    }
    char *why = NULL;
    if (p->base_url && !url_shape_allowed(p->base_url, &why)) {
        note(g->errors, g->path, line_of(g->lines, g->group, "base_url"), "[%s] base_url %s", g->group, why);
        g_free(why);
        return false;
    }
    bool ok = true;
    /* Loopback by the host libcurl reads, not by prefix: http://127.evil.example is not. */
    bool default_live = p->base_url ? !url_shape_is_loopback(p->base_url) : env->live;
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
        note(g->errors, g->path, line_of(g->lines, g->group, "timeout"), "[%s] timeout must be whole seconds, 1 to 3600",
             g->group);
    g_free(v);
    return ok;
}

static bool read_profile(ConfigGroup *g, const ProviderSet *providers, Profile *p)
{
    p->name = g_strdup(g->group);
    p->origin = g_strdup_printf("%s:%d", g->path, line_of(g->lines, g->group, NULL));
    p->provider = get_string(g, "provider");
    const Descriptor *d = p->provider ? provider_set_find(providers, p->provider) : NULL;
    if (!d) {
        note(g->errors, g->path, line_of(g->lines, g->group, p->provider ? "provider" : NULL),
             p->provider ? "[%s] no provider \"%s\" (see `custty providers`)" : "[%s] needs provider = NAME%s",
             g->group, p->provider ? p->provider : "");
        return false;
    }
    bool ok = check_keys(g) & read_where(g, d, p) & read_timeout(g, p);
    p->confirm = get_bool(g, "confirm", p->live, &ok);
    /* Where a duplicate hurts most: a real customer, and no key to make a
     * resend safe. */
    p->check_before_create = get_bool(g, "check_before_create", p->live && !d->idempotency, &ok);
    return ok;
}

static void load_groups(ConfigGroup *g, const ProviderSet *providers, ProfileSet *set)
{
    gsize n = 0;
    gchar **groups = g_key_file_get_groups(g->kf, &n);
    set->items = g_renew(Profile, set->items, set->count + n); /* once: not a copy per profile */
    for (gchar **name = groups; *name; name++) {
        g->group = *name;
        Profile *p = g_new0(Profile, 1);
        if (read_profile(g, providers, p)) {
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
    size_t len = 0;
    char *why = NULL;
    /* Capped, and never a FIFO: a config.ini that never ends must not hang
     * every command. */
    char *text = text_read_file(path, CONFIG_MAX_BYTES, &len, &why);
    if (!text) {
        if (errno != ENOENT) { /* none at all: the built-in profiles alone */
            char *safe = safe_text(why, strlen(why)), *all = g_strconcat(*errors ? *errors : "", safe, "\n", NULL);
            g_free(*errors);
            *errors = all;
            g_free(safe);
        }
        g_free(why);
        return;
    }
    GString *errs = g_string_new(*errors ? *errors : "");
    char *clean = without_broken_lines(path, text, len, errs);
    /* Lines are found in the clean text: the same lines, but none cut at a NUL. */
    ConfigGroup g = { .path = path, .lines = line_index(clean), .kf = g_key_file_new(), .errors = errs };
    GError *err = NULL;
    if (g_key_file_load_from_data(g.kf, clean, (gsize)-1, G_KEY_FILE_NONE, &err))
        load_groups(&g, providers, set);
    else
        note(errs, path, 0, "cannot be read: %s", err->message), g_error_free(err);
    g_key_file_free(g.kf);
    g_hash_table_destroy(g.lines);
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
