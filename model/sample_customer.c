#include "model/sample_customer.h"

#include <math.h>
#include <string.h>

static const char *const FIRST[] = { "Amina", "Bruno", "Chen", "Dana", "Emeka", "Fatuma", "Gustav", "Hana",
                                     "Ivan", "Juma", "Keiko", "Lars", "Maya", "Nuru", "Omar", "Priya",
                                     "Rosa", "Sipho", "Tomas", "Wanjiru" };
static const char *const LAST[] = { "Njoroge", "Costa", "Li", "Meyer", "Okafor", "Mwakyusa", "Berg", "Sato",
                                    "Petrov", "Kimaro", "Tanaka", "Nielsen", "Cohen", "Achieng", "Haddad",
                                    "Iyer", "Garcia", "Dlamini", "Novak", "Kamau" };
static const char *const COMPANIES[] = { "Kilima Traders", "Blue Harbour Ltd", "Nordlicht GmbH", "Sokoni Foods",
                                         "Atlas Logistics", "Pwani Crafts" };
static const char *const CITIES[] = { "Dar es Salaam", "Nairobi", "Lisbon", "Berlin", "Osaka", "Arusha" };
static const char *const COUNTRIES[] = { "TZ", "KE", "PT", "DE", "JP", "US", "BR", "IN" };
static const char *const CURRENCIES[] = { "EUR", "USD", "TZS", "KES", "GBP", "JPY" };

#define PICK(rng, list) (list)[g_rand_int_range((rng), 0, (gint32)G_N_ELEMENTS(list))]

typedef struct {
    const char *first, *last;
    size_t index;
    GRand *rng;
} Person;

static char *lower_ascii(const char *s)
{
    return g_ascii_strdown(s, -1);
}

static char *email_of(const Person *p)
{
    char *first = lower_ascii(p->first), *last = lower_ascii(p->last);
    char *email = g_strdup_printf("%s.%s.%zu@example.com", first, last, p->index);
    g_free(first), g_free(last);
    return email;
}

/* A string field's text, from what its name says it holds. */
static char *string_value(const Field *f, const Person *p)
{
    const char *n = f->name;
    const char *leaf = strrchr(n, '.') ? strrchr(n, '.') + 1 : n;
    if (strstr(leaf, "first"))
        return g_strdup(p->first);
    if (strstr(leaf, "last") || strstr(leaf, "surname"))
        return g_strdup(p->last);
    if (strstr(leaf, "company") || strstr(leaf, "business"))
        return g_strdup(PICK(p->rng, COMPANIES));
    if (strstr(leaf, "name"))
        return g_strdup_printf("%s %s", p->first, p->last);
    if (strstr(leaf, "city"))
        return g_strdup(PICK(p->rng, CITIES));
    if (strstr(leaf, "user"))
        return email_of(p);
    return g_strdup_printf("seed-%06zu", p->index);
}

static char *integer_value(const Field *f, GRand *rng)
{
    long long lo = f->min, hi = f->max > f->min ? f->max : f->min + 1000;
    if (f->min == 0 && f->max == 0)
        lo = 1, hi = 1000;
    long long span = MIN(hi - lo, 1000);
    return g_strdup_printf("%lld", lo + (long long)g_rand_int_range(rng, 0, (gint32)span + 1));
}

static char *number_value(const Field *f, GRand *rng)
{
    double lo = isfinite(f->number_min) ? f->number_min : 0, hi = isfinite(f->number_max) ? f->number_max : lo + 1000;
    double v = lo + (double)g_rand_int_range(rng, 0, 100000) / 100000.0 * MIN(hi - lo, 1000);
    return g_strdup_printf("%.2f", MIN(MAX(v, lo), hi));
}

static char *uuid_value(GRand *rng)
{
    guint32 w[4];
    for (size_t i = 0; i < 4; i++)
        w[i] = g_rand_int(rng);
    return g_strdup_printf("%08x-%04x-4%03x-%04x-%04x%08x", w[0], w[1] >> 16, w[1] & 0xfff,
                           0x8000 | (w[2] >> 16 & 0x3fff), w[2] & 0xffff, w[3]);
}

static char *typed_value(const Field *f, const Person *p)
{
    GRand *rng = p->rng;
    switch (f->type) {
    case FIELD_STRING: return string_value(f, p);
    case FIELD_EMAIL: return email_of(p);
    case FIELD_PHONE: return g_strdup_printf("+25578%07d", g_rand_int_range(rng, 0, 10000000));
    case FIELD_COUNTRY: return g_strdup(PICK(rng, COUNTRIES));
    case FIELD_UUID: return uuid_value(rng);
    case FIELD_ENUM: return f->choices && f->choices[0] ? g_strdup(f->choices[0]) : NULL;
    case FIELD_JSON: return g_strdup_printf("{\"source\": \"seed\", \"n\": %zu}", p->index);
    case FIELD_PASSWORD: return g_strdup_printf("Seed-%08x-9!", g_rand_int(rng));
    case FIELD_INTEGER: return integer_value(f, rng);
    case FIELD_BOOLEAN: return g_strdup(g_rand_boolean(rng) ? "true" : "false");
    case FIELD_NUMBER: return number_value(f, rng);
    case FIELD_DATE: return g_strdup_printf("19%02d-%02d-%02d", g_rand_int_range(rng, 50, 100),
                                            g_rand_int_range(rng, 1, 13), g_rand_int_range(rng, 1, 29));
    case FIELD_DATE_TIME: return g_strdup_printf("2027-%02d-%02dT%02d:00:00Z", g_rand_int_range(rng, 1, 13),
                                                 g_rand_int_range(rng, 1, 29), g_rand_int_range(rng, 0, 24));
    case FIELD_URL: return g_strdup_printf("https://example.com/c/%zu", p->index);
    case FIELD_LIST: return g_strdup(g_rand_boolean(rng) ? "wholesale, north" : "retail");
    case FIELD_CURRENCY: return g_strdup(PICK(rng, CURRENCIES));
    }
    return NULL;
}

/* An enum's choice drawn, not always its first. */
static char *enum_value(const Field *f, GRand *rng)
{
    size_t n = f->choices ? g_strv_length(f->choices) : 0;
    return n ? g_strdup(f->choices[g_rand_int_range(rng, 0, (gint32)n)]) : NULL;
}

/* TEXT cut to F's max_length (in characters), whole characters only. */
static void set_fitting(Values *v, const Field *f, char *text)
{
    long max = f->max_length > 0 ? f->max_length : 255;
    if (g_utf8_strlen(text, -1) > max)
        *g_utf8_offset_to_pointer(text, max) = '\0';
    values_set(v, f->name, text, strlen(text));
}

/* Whether F holds the person's whole name ("name", "full_name"): always
 * filled, so that every seeded customer has a name in a list. */
static bool is_full_name(const Field *f)
{
    const char *leaf = strrchr(f->name, '.') ? strrchr(f->name, '.') + 1 : f->name;
    return f->type == FIELD_STRING && strstr(leaf, "name") && !strstr(leaf, "first") && !strstr(leaf, "last") &&
           !strstr(leaf, "company") && !strstr(leaf, "business") && !strstr(leaf, "user");
}

void sample_customer(const Descriptor *d, GRand *rng, size_t index, Values *v)
{
    Person p = { PICK(rng, FIRST), PICK(rng, LAST), index, rng };
    for (size_t i = 0; i < d->n_fields; i++) {
        const Field *f = &d->fields[i];
        bool optional_kept = g_rand_boolean(rng);
        if (!f->required && !optional_kept && !is_full_name(f))
            continue;
        char *text = f->type == FIELD_ENUM ? enum_value(f, rng) : typed_value(f, &p);
        if (text)
            set_fitting(v, f, text);
        if (f->type == FIELD_PASSWORD)
            explicit_bzero(text, text ? strlen(text) : 0);
        g_free(text);
    }
}
