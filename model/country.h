/* ISO 3166-1 countries, read at run time from Debian's iso-codes. */
#ifndef CUSTTY_MODEL_COUNTRY_H
#define CUSTTY_MODEL_COUNTRY_H

#include <stddef.h>

typedef struct {
    char alpha2[3];
    char alpha3[4];
    char *name;          /* "Tanzania, United Republic of" */
    char *common_name;   /* "Tanzania", or NULL */
    char *official_name; /* or NULL */
    char *folded;        /* every name, ASCII and lower case, for matching */
} Country;

typedef struct CountryTable CountryTable;

#define COUNTRY_ISO_CODES_JSON "/usr/share/iso-codes/json/iso_3166-1.json"

/* Loads a table from an iso_3166-1.json; NULL and *ERR on failure. */
CountryTable *country_table_load(const char *path, char **err);
void country_table_free(CountryTable *t);

/* The table of $CUSTTY_ISO_3166 or iso-codes' file, loaded once, thread-safe.
 * NULL when it cannot be read; country_table_error() then says why. */
const CountryTable *country_table_default(void);
const char *country_table_error(void);

size_t country_count(const CountryTable *t);
const Country *country_at(const CountryTable *t, size_t i);
const Country *country_by_alpha2(const CountryTable *t, const char *code);
const Country *country_by_alpha3(const CountryTable *t, const char *code);
/* The country a name (any form, any case, accents optional) most likely means. */
const Country *country_guess(const CountryTable *t, const char *text);
/* Up to MAX countries whose code or a name word starts with PREFIX. */
size_t country_complete(const CountryTable *t, const char *prefix,
                        const Country **out, size_t max);
/* The name a person would say: common name, else name. */
const char *country_display_name(const Country *c);

#endif
