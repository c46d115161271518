#include "model/country.h"

#include "model/jsonpath.h"

#include <cjson/cJSON.h>
#include <glib.h>
#include <string.h>

struct CountryTable {
    Country *items;
    size_t count;
};

/* ASCII, lower case, accents dropped: "Côte d'Ivoire" → "cote d'ivoire". */
static char *fold(const char *s)
{
    char *ascii = g_str_to_ascii(s, "C");
    char *lower = g_ascii_strdown(ascii, -1);
    g_free(ascii);
    return lower;
}

static char *dup_member(const cJSON *obj, const char *key)
{
    const char *s = jsonpath_string(obj, key);
    return s ? g_strdup(s) : NULL;
}

static bool read_country(const cJSON *obj, Country *c)
{
    const char *a2 = jsonpath_string(obj, "alpha_2");
    const char *a3 = jsonpath_string(obj, "alpha_3");
    const char *name = jsonpath_string(obj, "name");
    if (!a2 || strlen(a2) != 2 || !a3 || strlen(a3) != 3 || !name)
        return false;
    memcpy(c->alpha2, a2, 3);
    memcpy(c->alpha3, a3, 4);
    c->name = g_strdup(name);
    c->common_name = dup_member(obj, "common_name");
    c->official_name = dup_member(obj, "official_name");
    char *all = g_strjoin("|", c->name, c->common_name ? c->common_name : "",
                          c->official_name ? c->official_name : "", NULL);
    c->folded = fold(all);
    g_free(all);
    return true;
}

CountryTable *country_table_load(const char *path, char **err)
{
    char *text = NULL;
    gsize len = 0;
    GError *gerr = NULL;
    if (!g_file_get_contents(path, &text, &len, &gerr)) {
        *err = g_strdup_printf("cannot read the country list %s: %s "
                               "(install Debian's iso-codes package)", path, gerr->message);
        g_error_free(gerr);
        return NULL;
    }
    cJSON *root = cJSON_ParseWithLength(text, len);
    g_free(text);
    const cJSON *list = jsonpath_get(root, "3166-1");
    if (!cJSON_IsArray(list)) {
        *err = g_strdup_printf("%s: no \"3166-1\" list in it", path);
        cJSON_Delete(root);
        return NULL;
    }
    CountryTable *t = g_new0(CountryTable, 1);
    t->items = g_new0(Country, (size_t)cJSON_GetArraySize(list));
    const cJSON *each;
    cJSON_ArrayForEach(each, list)
        if (read_country(each, &t->items[t->count]))
            t->count++;
    cJSON_Delete(root);
    return t;
}

void country_table_free(CountryTable *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->count; i++) {
        g_free(t->items[i].name);
        g_free(t->items[i].common_name);
        g_free(t->items[i].official_name);
        g_free(t->items[i].folded);
    }
    g_free(t->items);
    g_free(t);
}

static char *default_error;

static gpointer load_default(gpointer unused)
{
    (void)unused;
    const char *path = g_getenv("CUSTTY_ISO_3166");
    return country_table_load(path && *path ? path : COUNTRY_ISO_CODES_JSON, &default_error);
}

const CountryTable *country_table_default(void)
{
    static GOnce once = G_ONCE_INIT;
    return g_once(&once, load_default, NULL);
}

const char *country_table_error(void)
{
    return default_error;
}

size_t country_count(const CountryTable *t)
{
    return t ? t->count : 0;
}

const Country *country_at(const CountryTable *t, size_t i)
{
    return t && i < t->count ? &t->items[i] : NULL;
}

const Country *country_by_alpha2(const CountryTable *t, const char *code)
{
    for (size_t i = 0; t && code && strlen(code) == 2 && i < t->count; i++)
        if (g_ascii_strcasecmp(t->items[i].alpha2, code) == 0)
            return &t->items[i];
    return NULL;
}

const Country *country_by_alpha3(const CountryTable *t, const char *code)
{
    for (size_t i = 0; t && code && strlen(code) == 3 && i < t->count; i++)
        if (g_ascii_strcasecmp(t->items[i].alpha3, code) == 0)
            return &t->items[i];
    return NULL;
}

/* Whether NEEDLE equals one of the '|'-separated names in HAY, or the part of
 * one before ", " ("Tanzania, United Republic of" → "tanzania"). */
static bool names_equal(const char *hay, const char *needle)
{
    gchar **names = g_strsplit(hay, "|", -1);
    bool hit = false;
    for (gchar **n = names; *n && !hit; n++) {
        const char *comma = strstr(*n, ", ");
        size_t head = comma ? (size_t)(comma - *n) : strlen(*n);
        hit = strcmp(*n, needle) == 0 ||
              (strlen(needle) == head && strncmp(*n, needle, head) == 0);
    }
    g_strfreev(names);
    return hit;
}

/* Whether a word of HAY starts with NEEDLE. */
static bool word_prefix(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (const char *p = hay; *p; p++)
        if ((p == hay || !g_ascii_isalnum(p[-1])) && strncmp(p, needle, n) == 0)
            return true;
    return false;
}

const Country *country_guess(const CountryTable *t, const char *text)
{
    if (!t || !text)
        return NULL;
    char *needle = g_strstrip(fold(text));
    const Country *found = NULL, *prefix = NULL;
    size_t n_prefix = 0;
    for (size_t i = 0; *needle && i < t->count && !found; i++) {
        if (names_equal(t->items[i].folded, needle))
            found = &t->items[i];
        else if (strlen(needle) >= 3 && word_prefix(t->items[i].folded, needle) && n_prefix++ == 0)
            prefix = &t->items[i];
    }
    g_free(needle);
    return found ? found : (n_prefix == 1 ? prefix : NULL);
}

size_t country_complete(const CountryTable *t, const char *prefix,
                        const Country **out, size_t max)
{
    size_t n = 0;
    if (!t || !prefix || !*prefix)
        return 0;
    char *needle = fold(prefix);
    const Country *exact = strlen(needle) == 2 ? country_by_alpha2(t, needle) : NULL;
    if (exact && n < max)
        out[n++] = exact;
    for (size_t i = 0; i < t->count && n < max; i++)
        if (&t->items[i] != exact && word_prefix(t->items[i].folded, needle))
            out[n++] = &t->items[i];
    g_free(needle);
    return n;
}

const char *country_display_name(const Country *c)
{
    return c->common_name ? c->common_name : c->name;
}
