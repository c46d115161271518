/* The form of a provider imported from a large generated OpenAPI spec
 * (custty providers import's mapper), at 80x24: the fields the spec typed
 * (email, currency, country, integer bounds, date, url) are checked as they
 * are typed, with no hand edit of the imported descriptor. */
#include "model/openapi_import.h"
#include "model/spec_tree.h"
#include "tests/support/openapi_gen.h"
#include "tests/support/support.h"
#include "tests/support/tmux.h"

#include <criterion/criterion.h>
#include <glib.h>
#include <string.h>

static Tmux T;

/* The generated spec imported as the mapper writes it (cJSON_Print, g_free). */
static char *imported_descriptor(void)
{
    size_t len;
    char *text = openapi_gen_large(300, 0, &len), *err = NULL;
    cJSON *spec = spec_tree_parse(text, len, "ledger.yaml", &err);
    cr_assert_not_null(spec, "%s", err);
    OpenapiChoice choice = { 0 };
    OpenapiImport imp;
    cr_assert(openapi_import(spec, &choice, &imp), "%s", imp.error);
    char *printed = cJSON_Print(imp.descriptor);
    char *json = g_strdup(printed);
    cJSON_free(printed);
    openapi_import_done(&imp);
    cJSON_Delete(spec);
    g_free(text);
    return json;
}

static void start(void)
{
    char *json = imported_descriptor();
    const char *providers[] = { "ledgerline", json, NULL };
    tmux_start_providers(&T, 80, 24, NULL, "--profile ledger",
                         "[ledger]\nprovider = ledgerline\nbase_url = http://127.0.0.1:9\n", providers);
    g_free(json);
    TMUX_SEE(&T, "Ledgerline Billing API");
}

static void stop(void)
{
    tmux_stop(&T);
}

TestSuite(imported_form, .init = start, .fini = stop, .timeout = 180);

static void tabs(int n)
{
    for (int i = 0; i < n; i++)
        tmux_key(&T, "Tab");
}

Test(imported_form, each_imported_type_is_validated_live)
{
    /* customer.email, name, address.line1, .city, .postal_code, currency, country,
     * credit_limit, seats, tax_exempt, birthday, renew_at, website, … */
    tmux_type(&T, "nobody");
    TMUX_SEE(&T, "needs an @");
    tabs(5); /* customer.currency */
    tmux_type(&T, "euro");
    TMUX_SEE(&T, "use EUR");
    tabs(1); /* customer.country */
    tmux_type(&T, "Tanzania");
    TMUX_SEE(&T, "is a country name");
    tabs(1); /* customer.credit_limit: a number */
    tmux_type(&T, "12,5");
    TMUX_SEE(&T, "takes a dot");
    tabs(1); /* customer.seats: an integer of 1 to 500 */
    tmux_type(&T, "900");
    TMUX_SEE(&T, "between 1 and 500");
    tabs(2); /* customer.birthday: a date */
    tmux_type(&T, "2027-02-30");
    TMUX_SEE(&T, "has 28 days");
    tabs(2); /* customer.website: a url */
    tmux_type(&T, "ftp://example.com");
    TMUX_SEE(&T, "not ftp://");
}

/* The spec's example is the empty field's placeholder, its pattern is
 * checked as the postal code is typed. */
Test(imported_form, the_example_shows_and_the_pattern_is_checked_live)
{
    TMUX_SEE(&T, "Ada Lovelace");
    tabs(4); /* customer.address.postal_code: ^[0-9A-Z -]+$ */
    tmux_type(&T, "sw1a 1aa");
    TMUX_SEE(&T, "Postal code does not have the"); /* wrapped at 80 columns */
    TMUX_SEE(&T, "must match ^[0-9A-Z -]+$)");
}
