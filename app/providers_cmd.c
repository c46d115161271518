/* `custty providers`: what each provider needs. */
#include "app/catalog.h"
#include "app/cli.h"

#include <getopt.h>
#include <glib.h>
#include <string.h>

void cmd_providers_help(FILE *out)
{
    fputs("Usage: custty providers [--help] [--version]\n\n"
          "Lists every provider custty knows (built in, and from\n"
          "$XDG_CONFIG_HOME/custty/providers/), its hosts and its fields in form order.\n"
          "A * marks a required field.\n", out);
}

/* Descriptors may come from the user's own files: every line escaped. */
static void print_field(const Field *f)
{
    GString *line = g_string_new(NULL);
    g_string_append_printf(line, "    %s%-18s %-9s %s", f->required ? "*" : " ", f->name, field_type_name(f->type),
                           f->label);
    if (f->type == FIELD_ENUM) {
        char *all = g_strjoinv("|", f->choices);
        g_string_append_printf(line, " (%s)", all);
        g_free(all);
    }
    if (f->secret)
        g_string_append(line, " [secret]");
    cli_print_line(stdout, "%s", line->str);
    g_string_free(line, TRUE);
}

static void print_provider(const Descriptor *d)
{
    cli_print_line(stdout, "%s — %s", d->name, d->title);
    for (size_t i = 0; i < d->n_envs; i++)
        cli_print_line(stdout, "  %-8s %s%s", d->envs[i].name, d->envs[i].base_url, d->envs[i].live ? "  (LIVE)" : "");
    if (d->n_envs == 0)
        printf("  (no public host: the profile gives the base URL)\n");
    cli_print_line(stdout, "  create:  %s %s%s", d->create_method, d->create_path,
                   d->idempotency ? "  (idempotency keys supported)" : "");
    printf("  fields:\n");
    for (size_t i = 0; i < d->n_fields; i++)
        print_field(&d->fields[i]);
}

int cmd_providers(int argc, char **argv)
{
    static const struct option opts[] = {
        { "help", no_argument, NULL, 'h' }, { "version", no_argument, NULL, 'V' }, { 0 },
    };
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
    for (size_t i = 0; i < set.count; i++)
        print_provider(set.items[i]), i + 1 < set.count ? putchar('\n') : 0;
    int status = set.count ? EXIT_OK : EXIT_INVALID;
    g_free(errors);
    provider_set_done(&set);
    return status;
}
