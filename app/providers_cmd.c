/* `custty providers`: what each provider needs. */
#include "app/catalog.h"
#include "app/cli.h"
#include "model/auth.h"
#include "model/validate.h"

#include <getopt.h>
#include <glib.h>
#include <math.h>
#include <string.h>

void cmd_providers_help(FILE *out)
{
    fputs("Usage: custty providers [NAME...] [--help] [--version]\n"
          "       custty providers import SPEC [--operation ID | --path PATH] [--name NAME]\n"
          "                                    [--output FILE] [--force]\n\n"
          "Lists every provider custty knows (built in, and from\n"
          "$XDG_CONFIG_HOME/custty/providers/): where it documents its API, its hosts\n"
          "and its fields in form order (with NAME: that provider alone).\n"
          "A * marks a required field.\n\n"
          "Field types and what each takes (assets/providers/README.md has the format):\n"
          "  string, password  text; email  name@example.com; phone  +255 788 123 456\n"
          "  country   ISO 3166-1 alpha-2 (TZ); currency  ISO 4217 (EUR)\n"
          "  uuid      d290f1ee-6c54-4b01-90e6-d701748f0851; enum  one of its values\n"
          "  json      an object; list  comma-separated text, sent as [\"a\",\"b\"]\n"
          "  integer   a whole number within min and max; number  decimals allowed\n"
          "  boolean   true or false (also yes/no, 1/0)\n"
          "  date      YYYY-MM-DD; date-time  RFC 3339, 2027-01-31T23:59:00Z or +02:00\n"
          "  url       http:// or https:// with a host\n"
          "[nullable] marks a field that may be sent as JSON null (create --null FIELD).\n"
          "[form: …] or [pattern: …] is the form the provider requires of a value,\n"
          "[default: …] what it uses when the field is left empty (nothing is sent),\n"
          "[e.g. …] the example the form shows in the empty field.\n\n"
          "`custty providers import --help` tells how a provider is made from its\n"
          "OpenAPI document.\n", out);
}

/* "0 to 1000.5", "at least 0" (g_free), or NULL for no bounds. */
static char *bounds_text(double min, double max, bool any_min, bool any_max)
{
    char *lo = field_number_text(min), *hi = field_number_text(max);
    char *text = any_min && any_max ? NULL
                 : any_max          ? g_strdup_printf("at least %s", lo)
                 : any_min          ? g_strdup_printf("at most %s", hi)
                                    : g_strdup_printf("%s to %s", lo, hi);
    g_free(lo), g_free(hi);
    return text;
}

/* What a field of F's type takes, for the types whose name does not say it all. */
static char *type_detail(const Field *f)
{
    switch (f->type) {
    case FIELD_ENUM: return g_strjoinv("|", f->choices);
    case FIELD_NUMBER: return bounds_text(f->number_min, f->number_max, isinf(f->number_min), isinf(f->number_max));
    case FIELD_INTEGER:
        return bounds_text((double)f->min, (double)f->max, f->min == G_MININT64, f->max == G_MAXINT64);
    case FIELD_BOOLEAN: return g_strdup("true|false");
    case FIELD_DATE: return g_strdup("YYYY-MM-DD");
    case FIELD_DATE_TIME: return g_strdup("RFC 3339, 2027-01-31T23:59:00Z");
    case FIELD_LIST: return g_strdup("comma-separated");
    case FIELD_CURRENCY: return g_strdup("ISO 4217, e.g. EUR");
    case FIELD_COUNTRY: return g_strdup("ISO 3166-1, e.g. TZ");
    default: return NULL;
    }
}

/* The widths of the name and type columns of D's field table: its longest
 * name and type, and at least what the built-in providers have always had. */
typedef struct {
    int name, type;
} FieldColumns;

static FieldColumns field_columns(const Descriptor *d)
{
    FieldColumns w = { .name = 18, .type = 9 };
    for (size_t i = 0; i < d->n_fields; i++) {
        w.name = MAX(w.name, (int)strlen(d->fields[i].name));
        w.type = MAX(w.type, (int)strlen(field_type_name(d->fields[i].type)));
    }
    return w;
}

/* What a value must look like beyond its type, and what is shown for it. */
static void print_shape(GString *line, const Field *f)
{
    if (f->min_length)
        g_string_append_printf(line, " [at least %d characters]", f->min_length);
    if (f->pattern_hint)
        g_string_append_printf(line, " [form: %s]", f->pattern_hint);
    else if (f->pattern)
        g_string_append_printf(line, " [pattern: %s]", f->pattern);
    if (f->default_text)
        g_string_append_printf(line, " [default: %s]", f->default_text);
    if (f->placeholder)
        g_string_append_printf(line, " [e.g. %s]", f->placeholder);
}

/* Descriptors may come from the user's own files: every line escaped. */
static void print_field(const Field *f, FieldColumns w)
{
    GString *line = g_string_new(NULL);
    g_string_append_printf(line, "    %s%-*s %-*s %s", f->required ? "*" : " ", w.name, f->name, w.type,
                           field_type_name(f->type), f->label);
    char *detail = type_detail(f);
    if (detail)
        g_string_append_printf(line, " (%s)", detail);
    g_free(detail);
    if (f->nullable)
        g_string_append(line, " [nullable]");
    if (f->secret)
        g_string_append(line, " [secret]");
    print_shape(line, f);
    cli_print_line(stdout, "%s", line->str);
    g_string_free(line, TRUE);
}

static void print_provider(const Descriptor *d)
{
    cli_print_line(stdout, "%s — %s", d->name, d->title);
    if (d->docs && *d->docs)
        cli_print_line(stdout, "  docs:    %s", d->docs);
    for (size_t i = 0; i < d->n_envs; i++)
        cli_print_line(stdout, "  %-8s %s%s", d->envs[i].name, d->envs[i].base_url, d->envs[i].live ? "  (LIVE)" : "");
    if (d->n_envs == 0)
        printf("  (no public host: the profile gives the base URL)\n");
    cli_print_line(stdout, "  create:  %s %s%s", d->create_method, d->create_path,
                   d->idempotency ? "  (idempotency keys supported)" : "");
    char *how = auth_describe(d); /* a Basic one wants user:password: say so before it is asked for */
    if (how)
        cli_print_line(stdout, "  token:   sent %s%s%s%s", how, d->token_hint ? " (" : "",
                       d->token_hint ? d->token_hint : "", d->token_hint ? ")" : "");
    g_free(how);
    printf("  fields:\n");
    FieldColumns w = field_columns(d);
    for (size_t i = 0; i < d->n_fields; i++)
        print_field(&d->fields[i], w);
}

/* `custty providers prolifi`: the field keys of one provider, for --set. */
static int print_named(const ProviderSet *set, int n, char **names)
{
    int status = EXIT_OK;
    for (int i = 0; i < n; i++) {
        const Descriptor *d = provider_set_find(set, names[i]);
        if (!d) {
            cli_error("no provider \"%s\"; `custty providers` lists them", names[i]);
            status = EXIT_INVALID;
            continue;
        }
        if (i)
            putchar('\n');
        print_provider(d);
    }
    return status;
}

int cmd_providers(int argc, char **argv)
{
    static const struct option opts[] = {
        { "help", no_argument, NULL, 'h' }, { "version", no_argument, NULL, 'V' }, { 0 },
    };
    if (argc > 1 && strcmp(argv[1], "import") == 0)
        return cmd_providers_import(argc - 1, argv + 1);
    int c;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        if (c == 'h')
            return cmd_providers_help(stdout), EXIT_OK;
        if (c == 'V')
            return cli_version(stdout), EXIT_OK;
        return cmd_providers_help(stderr), EXIT_INVALID;
    }
    ProviderSet set = { 0 };
    char *errors = NULL;
    catalog_load(&set, &errors);
    cli_print_lines(stderr, errors);
    int status = optind < argc ? print_named(&set, argc - optind, argv + optind) : EXIT_OK;
    for (size_t i = 0; optind >= argc && i < set.count; i++)
        print_provider(set.items[i]), i + 1 < set.count ? putchar('\n') : 0;
    if (!set.count)
        status = EXIT_INVALID;
    g_free(errors);
    provider_set_done(&set);
    return status;
}
