/* What the tables read from Debian's iso-codes share: reading one list out of
 * its JSON files, and matching names as a person types them. */
#ifndef CUSTTY_MODEL_ISO_CODES_H
#define CUSTTY_MODEL_ISO_CODES_H

#include <cjson/cJSON.h>
#include <glib.h>
#include <stdbool.h>
#include <stddef.h>

/* The document of PATH (caller deletes) and in *LIST its array KEY ("3166-1",
 * "4217"); NULL and *ERR (g_free) naming WHAT ("country list") on failure. */
cJSON *iso_codes_read(const char *path, const char *key, const char *what, const cJSON **list, char **err);
/* ASCII, lower case, accents dropped: "Côte d'Ivoire" → "cote d'ivoire" (g_free). */
char *iso_codes_fold(const char *s);
/* Whether NEEDLE equals one of the '|'-separated names in HAY, or the part of
 * one before ", " ("Tanzania, United Republic of" → "tanzania"). */
bool iso_codes_names_equal(const char *hay, const char *needle);
/* Whether a word of HAY starts with NEEDLE. */
bool iso_codes_word_prefix(const char *hay, const char *needle);

/* The item of COUNT ITEMS (each SIZE bytes, its folded names a char * at
 * FOLDED_OFFSET) that TEXT most likely names: one whose name it is, else
 * the only one with a name word starting so (3 letters or more). -1: none. */
gssize iso_codes_guess(const char *text, const void *items, size_t count, size_t size, size_t folded_offset);

/* A table loaded once, thread-safe, from $ENV or else PATH. */
typedef struct {
    const char *env;
    const char *path;
    void *(*load)(const char *path, char **err);
    char *error;         /* why it could not be loaded */
    GOnce once;
} IsoCodesDefault;
void *iso_codes_default(IsoCodesDefault *d);

#endif
