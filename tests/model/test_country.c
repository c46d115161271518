/* The country table comes from Debian's iso-codes, not from us. */
#include "model/country.h"

#include <criterion/criterion.h>
#include <string.h>

Test(country, loads_iso_codes)
{
    const CountryTable *t = country_table_default();
    cr_assert_not_null(t, "%s", country_table_error());
    cr_expect_geq(country_count(t), 240);
    cr_expect_str_eq(country_by_alpha2(t, "tz")->alpha3, "TZA");
    cr_expect_str_eq(country_display_name(country_by_alpha2(t, "TZ")), "Tanzania");
}

Test(country, completion_as_typed)
{
    const CountryTable *t = country_table_default();
    const Country *out[8];
    size_t n = country_complete(t, "Tanz", out, 8);
    cr_assert_eq(n, 1);
    cr_expect_str_eq(out[0]->alpha2, "TZ");
    cr_expect_str_eq(out[0]->name, "Tanzania, United Republic of");
    n = country_complete(t, "gb", out, 8);
    cr_expect_geq(n, 1);
    cr_expect_str_eq(out[0]->alpha2, "GB", "an exact code comes first");
    cr_expect_eq(country_complete(t, "", out, 8), 0);
}

Test(country, missing_file_says_install_iso_codes)
{
    char *err = NULL;
    cr_expect_null(country_table_load("/nonexistent/iso_3166-1.json", &err));
    cr_expect(strstr(err, "iso-codes"), "%s", err);
    free(err);
}
