/* `custty create`: validate locally, then build (and later send) one create. */
#include "app/catalog.h"
#include "app/cli.h"
#include "model/request.h"
#include "model/values.h"

#include <getopt.h>
#include <glib.h>
#include <string.h>

typedef struct {
    const char *provider;
    const char *base_url;
    bool json;
    bool dry_run;
    Values values;
} CreateOptions;

void cmd_create_help(FILE *out)
{
    fputs("Usage: custty create --provider NAME [--base-url URL] --set FIELD=VALUE ...\n"
          "                     [--json] [--dry-run]\n\n"
          "Checks every value, then builds the provider's create request.\n\n"
          "  --provider NAME    botpenguin, billing-v1, prolifi (see `custty providers`)\n"
          "  --base-url URL     the provider's base URL (billing-v1 has no public host)\n"
          "  --set FIELD=VALUE  a field by its provider key, dotted when nested\n"
          "                     (address.city); repeat for each field\n"
          "  --dry-run          print the request instead of sending it\n"
          "  --json             print one JSON object {method, url, headers, body}\n\n"
          "Exit status: 0 done; 1 the provider refused; 2 invalid values or usage\n"
          "(nothing sent); 3 not sent, or the outcome is unknown.\n", out);
}

static bool add_set(CreateOptions *o, const char *arg)
{
    const char *eq = strchr(arg, '=');
    if (!eq || eq == arg) {
        cli_error("--set takes FIELD=VALUE, like --set email=ann@example.com (got \"%s\")", arg);
        return false;
    }
    char *name = g_strndup(arg, (gsize)(eq - arg));
    values_set(&o->values, name, eq + 1, strlen(eq + 1));
    g_free(name);
    return true;
}

/* Returns -1 to go on, else the exit status. */
static int parse_options(int argc, char **argv, CreateOptions *o)
{
    static const struct option opts[] = {
        { "provider", required_argument, NULL, 'p' }, { "base-url", required_argument, NULL, 'b' },
        { "set", required_argument, NULL, 's' },      { "json", no_argument, NULL, 'j' },
        { "dry-run", no_argument, NULL, 'n' },        { "help", no_argument, NULL, 'h' },
        { "version", no_argument, NULL, 'V' },        { 0 },
    };
    int c;
    while ((c = getopt_long(argc, argv, "p:b:s:jnh", opts, NULL)) != -1) {
        switch (c) {
        case 'p': o->provider = optarg; break;
        case 'b': o->base_url = optarg; break;
        case 's': if (!add_set(o, optarg)) return EXIT_INVALID; break;
        case 'j': o->json = true; break;
        case 'n': o->dry_run = true; break;
        case 'h': cmd_create_help(stdout); return EXIT_OK;
        case 'V': cli_version(stdout); return EXIT_OK;
        default: cmd_create_help(stderr); return EXIT_INVALID;
        }
    }
    if (optind < argc) {
        cli_error("unexpected argument \"%s\"; values go in --set FIELD=VALUE", argv[optind]);
        return EXIT_INVALID;
    }
    if (!o->provider) {
        cli_error("create needs --provider NAME (see `custty providers`)");
        return EXIT_INVALID;
    }
    return -1;
}

static void report_problems(const Descriptor *d, const Problems *p)
{
    cli_error("%zu field%s of %s %s invalid; nothing was sent:", p->count, p->count == 1 ? "" : "s",
              d->name, p->count == 1 ? "is" : "are");
    for (size_t i = 0; i < p->count; i++)
        fprintf(stderr, "  %s (%s): %s\n", p->items[i].label, p->items[i].field, p->items[i].message);
}

static const char *resolve_base_url(const Descriptor *d, const CreateOptions *o)
{
    if (o->base_url)
        return o->base_url;
    const Environment *env = descriptor_environment(d, NULL);
    return env ? env->base_url : NULL;
}

static void print_request(const Request *r, bool json)
{
    if (json) {
        char *text = request_to_printable_json(r, false);
        printf("%s\n", text);
        g_free(text);
        return;
    }
    char *text = request_to_printable_json(r, true);
    printf("%s\n", text);
    g_free(text);
}

static int create_with(const Descriptor *d, CreateOptions *o)
{
    Problems problems;
    if (!values_check(d, &o->values, &problems)) {
        report_problems(d, &problems);
        problems_done(&problems);
        return EXIT_INVALID;
    }
    const char *base = resolve_base_url(d, o);
    if (!base) {
        cli_error("%s has no public host: give --base-url URL", d->name);
        return EXIT_INVALID;
    }
    RequestOptions ropt = { .base_url = base };
    Request req;
    char *err = NULL;
    if (!request_build(d, &o->values, &ropt, &req, &err)) {
        cli_error("%s", err);
        g_free(err);
        return EXIT_INVALID;
    }
    int status = EXIT_OK;
    if (o->dry_run) {
        print_request(&req, o->json);
    } else {
        cli_error("sending is not available in this build; use --dry-run");
        status = EXIT_UNSENT;
    }
    request_done(&req);
    return status;
}

int cmd_create(int argc, char **argv)
{
    CreateOptions o = { 0 };
    values_init(&o.values);
    int status = parse_options(argc, argv, &o);
    if (status >= 0) {
        values_done(&o.values);
        return status;
    }
    ProviderSet set = { 0 };
    char *errors = NULL;
    catalog_load(&set, &errors);
    const Descriptor *d = provider_set_find(&set, o.provider);
    if (errors)
        fprintf(stderr, "%s", errors);
    if (d) {
        status = create_with(d, &o);
    } else {
        cli_error("no provider \"%s\"; see `custty providers`", o.provider);
        status = EXIT_INVALID;
    }
    g_free(errors);
    provider_set_done(&set);
    values_done(&o.values);
    return status;
}
