#include "model/iso_codes.h"

#include "model/jsonpath.h"

#include <glib.h>
#include <string.h>

cJSON *iso_codes_read(const char *path, const char *key, const char *what, const cJSON **list, char **err)
{
    char *text = NULL;
    gsize len = 0;
    GError *gerr = NULL;
    if (!g_file_get_contents(path, &text, &len, &gerr)) {
        *err = g_strdup_printf("cannot read the %s %s: %s (install Debian's iso-codes package)", what, path,
                               gerr->message);
        g_error_free(gerr);
        return NULL;
    }
    cJSON *root = cJSON_ParseWithLength(text, len);
    g_free(text);
    *list = jsonpath_get(root, key);
    if (!cJSON_IsArray(*list)) {
        *err = g_strdup_printf("%s: no \"%s\" list in it", path, key);
        cJSON_Delete(root);
        return NULL;
    }
    return root;
}

char *iso_codes_fold(const char *s)
{
    char *ascii = g_str_to_ascii(s, "C");
    char *lower = g_ascii_strdown(ascii, -1);
    g_free(ascii);
    return lower;
}

bool iso_codes_names_equal(const char *hay, const char *needle)
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

bool iso_codes_word_prefix(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (const char *p = hay; *p; p++)
        if ((p == hay || !g_ascii_isalnum(p[-1])) && strncmp(p, needle, n) == 0)
            return true;
    return false;
}

static const char *folded_at(const void *items, size_t i, size_t size, size_t offset)
{
    return G_STRUCT_MEMBER(const char *, (const char *)items + i * size, offset);
}

gssize iso_codes_guess(const char *text, const void *items, size_t count, size_t size, size_t folded_offset)
{
    if (!items || !text)
        return -1;
    char *needle = g_strstrip(iso_codes_fold(text));
    gssize found = -1, prefix = -1;
    size_t n_prefix = 0;
    for (size_t i = 0; *needle && i < count && found < 0; i++) {
        const char *folded = folded_at(items, i, size, folded_offset);
        if (iso_codes_names_equal(folded, needle))
            found = (gssize)i;
        else if (strlen(needle) >= 3 && iso_codes_word_prefix(folded, needle) && n_prefix++ == 0)
            prefix = (gssize)i;
    }
    g_free(needle);
    return found >= 0 ? found : (n_prefix == 1 ? prefix : -1);
}

static gpointer load_default(gpointer data)
{
    IsoCodesDefault *d = data;
    const char *path = g_getenv(d->env);
    return d->load(path && *path ? path : d->path, &d->error);
}

void *iso_codes_default(IsoCodesDefault *d)
{
    return g_once(&d->once, load_default, d);
}
