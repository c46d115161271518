#include "model/country.h"

#include "model/iso_codes.h"
#include "model/jsonpath.h"

#include <cjson/cJSON.h>
#include <glib.h>
#include <string.h>

struct CountryTable {
    Country *items;
    size_t count;
};

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
    c->folded = iso_codes_fold(all);
    g_free(all);
    return true;
}

CountryTable *country_table_load(const char *path, char **err)
{
    const cJSON *list = NULL;
    cJSON *root = iso_codes_read(path, "3166-1", "country list", &list, err);
    if (!root)
        return NULL;
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

static void *load(const char *path, char **err)
{
    return country_table_load(path, err);
}

static IsoCodesDefault defaults = { "CUSTTY_ISO_3166", COUNTRY_ISO_CODES_JSON, load, NULL, G_ONCE_INIT };

const CountryTable *country_table_default(void)
{
    return iso_codes_default(&defaults);
}

const char *country_table_error(void)
{
    return defaults.error;
}

size_t country_count(const CountryTable *t)
{
    return t ? t->count : 0;
}

const Country *country_at(const CountryTable *t, size_t i)
{
    return t && i < t->count ? &t->items[i] : NULL;
}

/* CODE's length is looked at once, not once a country: a batch checks a
 * country on every row, and the strlen per entry was a fifth of the check. */
const Country *country_by_alpha2(const CountryTable *t, const char *code)
{
    if (!t || !code || strlen(code) != 2)
        return NULL;
    for (size_t i = 0; i < t->count; i++)
        if (g_ascii_strcasecmp(t->items[i].alpha2, code) == 0)
            return &t->items[i];
    return NULL;
}

const Country *country_by_alpha3(const CountryTable *t, const char *code)
{
    if (!t || !code || strlen(code) != 3)
        return NULL;
    for (size_t i = 0; i < t->count; i++)
        if (g_ascii_strcasecmp(t->items[i].alpha3, code) == 0)
            return &t->items[i];
    return NULL;
}

const Country *country_guess(const CountryTable *t, const char *text)
{
    gssize i = t ? iso_codes_guess(text, t->items, t->count, sizeof(Country), G_STRUCT_OFFSET(Country, folded)) : -1;
    return i >= 0 ? &t->items[i] : NULL;
}

size_t country_complete(const CountryTable *t, const char *prefix,
                        const Country **out, size_t max)
{
    size_t n = 0;
    if (!t || !prefix || !*prefix)
        return 0;
    char *needle = iso_codes_fold(prefix);
    const Country *exact = strlen(needle) == 2 ? country_by_alpha2(t, needle) : NULL;
    if (exact && n < max)
        out[n++] = exact;
    for (size_t i = 0; i < t->count && n < max; i++)
        if (&t->items[i] != exact && iso_codes_word_prefix(t->items[i].folded, needle))
            out[n++] = &t->items[i];
    g_free(needle);
    return n;
}

const char *country_display_name(const Country *c)
{
    return c->common_name ? c->common_name : c->name;
}
