/* ISO 4217 currencies, read at run time from Debian's iso-codes (as the
 * countries are: model/country.h). */
#ifndef CUSTTY_MODEL_CURRENCY_H
#define CUSTTY_MODEL_CURRENCY_H

#include <stddef.h>

typedef struct {
    char code[4];        /* "EUR" */
    char *name;          /* "Euro" */
    char *folded;        /* the name, ASCII and lower case, for matching */
} Currency;

typedef struct CurrencyTable CurrencyTable;

#define CURRENCY_ISO_CODES_JSON "/usr/share/iso-codes/json/iso_4217.json"

/* Loads a table from an iso_4217.json; NULL and *ERR on failure. */
CurrencyTable *currency_table_load(const char *path, char **err);
void currency_table_free(CurrencyTable *t);

/* The table of $CUSTTY_ISO_4217 or iso-codes' file, loaded once, thread-safe.
 * NULL when it cannot be read; currency_table_error() then says why. */
const CurrencyTable *currency_table_default(void);
const char *currency_table_error(void);

size_t currency_count(const CurrencyTable *t);
const Currency *currency_by_code(const CurrencyTable *t, const char *code);
/* The currency a name most likely means ("euro", "pound sterling"), or NULL
 * when none or several do. */
const Currency *currency_guess(const CurrencyTable *t, const char *text);
/* The code closest to a mistyped three-letter CODE ("EUX" → EUR), or NULL. */
const Currency *currency_closest_code(const CurrencyTable *t, const char *code);
/* Up to MAX currencies whose code or a name word starts with PREFIX. */
size_t currency_complete(const CurrencyTable *t, const char *prefix, const Currency **out, size_t max);

#endif
