/* Seeded customers: valid for every descriptor's fields by their types,
 * the same for the same seed, and never the same email twice. */
#include "model/sample_customer.h"

#include "tests/support/support.h"

#include <criterion/criterion.h>
#include <glib.h>
#include <string.h>

static Descriptor *load(const char *path)
{
    char *err = NULL;
    Descriptor *d = descriptor_load(path, &err);
    cr_assert_not_null(d, "%s", err);
    return d;
}

static const char *const DESCRIPTORS[] = {
    "assets/providers/billing-v1.json", "assets/providers/botpenguin.json", "assets/providers/prolifi.json",
    "tests/fixtures/providers/quill.json", "tests/fixtures/field_types.json",
};

Test(sample_customer, every_value_passes_the_clients_own_checks)
{
    for (size_t i = 0; i < G_N_ELEMENTS(DESCRIPTORS); i++) {
        Descriptor *d = load(DESCRIPTORS[i]);
        GRand *rng = g_rand_new_with_seed(42);
        GHashTable *emails = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
        const char *email_field = descriptor_email_field(d);
        for (size_t n = 0; n < 300; n++) {
            Values v;
            values_init(&v);
            sample_customer(d, rng, n, &v);
            Problems p;
            bool ok = values_check(d, &v, &p);
            cr_expect(ok, "%s, customer %zu: %s %s", DESCRIPTORS[i], n, p.count ? p.items[0].field : "",
                      p.count ? p.items[0].message : "");
            problems_done(&p);
            const char *email = email_field ? values_get(&v, email_field, NULL) : NULL;
            cr_expect(!email || g_hash_table_add(emails, g_strdup(email)), "%s: %s twice", DESCRIPTORS[i], email);
            values_done(&v);
        }
        g_hash_table_destroy(emails);
        g_rand_free(rng);
        descriptor_free(d);
    }
}

static char *first_of_seed(const Descriptor *d, guint32 seed)
{
    GRand *rng = g_rand_new_with_seed(seed);
    Values v;
    values_init(&v);
    sample_customer(d, rng, 0, &v);
    GString *s = g_string_new(NULL);
    for (size_t i = 0; i < v.count; i++)
        g_string_append_printf(s, "%s=%s\n", v.items[i].name, v.items[i].text);
    values_done(&v);
    g_rand_free(rng);
    return g_string_free(s, FALSE);
}

Test(sample_customer, the_same_seed_makes_the_same_customers)
{
    Descriptor *d = load("tests/fixtures/providers/quill.json");
    char *a = first_of_seed(d, 7), *b = first_of_seed(d, 7), *c = first_of_seed(d, 8);
    cr_expect_str_eq(a, b);
    cr_expect_str_neq(a, c);
    cr_expect(strstr(a, "customer.email=") && strstr(a, "@example.com"), "%s", a);
    cr_expect(strstr(a, "customer.full_name="), "a name where the field is a name: %s", a);
    g_free(a), g_free(b), g_free(c);
    descriptor_free(d);
}

/* A seeded customer always has its whole name where the provider has a field
 * for it, even an optional one (Prolifi's name): no nameless rows in a list. */
Test(sample_customer, every_customer_has_a_name_where_a_field_holds_one)
{
    Descriptor *d = load("assets/providers/prolifi.json");
    GRand *rng = g_rand_new_with_seed(7);
    for (size_t n = 0; n < 50; n++) {
        Values v;
        values_init(&v);
        sample_customer(d, rng, n, &v);
        const char *name = values_get(&v, "name", NULL);
        cr_expect(name && strchr(name, ' '), "customer %zu has a first and last name: %s", n, name ? name : "(none)");
        values_done(&v);
    }
    g_rand_free(rng);
    descriptor_free(d);
}
