#include "model/currency.h"

#include "model/iso_codes.h"
#include "model/jsonpath.h"
#include "model/text.h"

#include <cjson/cJSON.h>
#include <glib.h>
#include <string.h>

struct CurrencyTable {
    Currency *items;
    size_t count;
    const char **codes;  /* NULL-terminated, for text_closest */
};

static bool read_currency(const cJSON *obj, Currency *c)
{
    const char *code = jsonpath_string(obj, "alpha_3");
    const char *name = jsonpath_string(obj, "name");
    if (!code || strlen(code) != 3 || !name)
        return false;
    memcpy(c->code, code, 4);
    c->name = g_strdup(name);
    c->folded = iso_codes_fold(name);
    return true;
}

CurrencyTable *currency_table_load(const char *path, char **err)
{
    const cJSON *list = NULL;
    cJSON *root = iso_codes_read(path, "4217", "currency list", &list, err);
    if (!root)
        return NULL;
    CurrencyTable *t = g_new0(CurrencyTable, 1);
    size_t n = (size_t)cJSON_GetArraySize(list);
    t->items = g_new0(Currency, n);
    t->codes = g_new0(const char *, n + 1);
    const cJSON *each;
    cJSON_ArrayForEach(each, list)
        if (read_currency(each, &t->items[t->count]))
            t->codes[t->count] = t->items[t->count].code, t->count++;
    cJSON_Delete(root);
    return t;
}

void currency_table_free(CurrencyTable *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->count; i++) {
        g_free(t->items[i].name);
        g_free(t->items[i].folded);
    }
    g_free(t->items);
    g_free(t->codes);
    g_free(t);
}

static void *load(const char *path, char **err)
{
    return currency_table_load(path, err);
}

static IsoCodesDefault defaults = { "CUSTTY_ISO_4217", CURRENCY_ISO_CODES_JSON, load, NULL, G_ONCE_INIT };

const CurrencyTable *currency_table_default(void)
{
    return iso_codes_default(&defaults);
}

const char *currency_table_error(void)
{
    return defaults.error;
}

size_t currency_count(const CurrencyTable *t)
{
    return t ? t->count : 0;
}

const Currency *currency_by_code(const CurrencyTable *t, const char *code)
{
    for (size_t i = 0; t && code && strlen(code) == 3 && i < t->count; i++)
        if (g_ascii_strcasecmp(t->items[i].code, code) == 0)
            return &t->items[i];
    return NULL;
}

const Currency *currency_guess(const CurrencyTable *t, const char *text)
{
    gssize i = t ? iso_codes_guess(text, t->items, t->count, sizeof(Currency), G_STRUCT_OFFSET(Currency, folded)) : -1;
    return i >= 0 ? &t->items[i] : NULL;
}

const Currency *currency_closest_code(const CurrencyTable *t, const char *code)
{
    if (!t || !code || strlen(code) != 3)
        return NULL;
    char *upper = g_ascii_strup(code, -1);
    const char *near = text_closest(upper, t->codes);
    g_free(upper);
    return near ? currency_by_code(t, near) : NULL;
}

static bool code_starts(const Currency *c, const char *needle)
{
    return g_ascii_strncasecmp(c->code, needle, strlen(needle)) == 0;
}

size_t currency_complete(const CurrencyTable *t, const char *prefix, const Currency **out, size_t max)
{
    size_t n = 0;
    if (!t || !prefix || !*prefix || !max)
        return 0;
    char *needle = iso_codes_fold(prefix);
    /* The one a name means first ("euro" → EUR, not CHE's "WIR Euro"), then
     * codes that start so ("eu" → EUR), then names with a word that does. */
    const Currency *named = currency_guess(t, prefix);
    if (named)
        out[n++] = named;
    for (int by_name = 0; by_name <= 1; by_name++)
        for (size_t i = 0; i < t->count && n < max; i++)
            if (&t->items[i] != named &&
                (by_name ? !code_starts(&t->items[i], needle) && iso_codes_word_prefix(t->items[i].folded, needle)
                         : code_starts(&t->items[i], needle)))
                out[n++] = &t->items[i];
    g_free(needle);
    return n;
}
