/* `custty providers import SPEC`: a provider descriptor from an OpenAPI
 * document (model/openapi_import.c), checked with the descriptor reader
 * every command uses before it is written. Every string of the spec is
 * outside input: printed through cli_print_line (safe_text). */
#include "app/catalog.h"
#include "app/cli.h"
#include "app/state_file.h"
#include "model/descriptor.h"
#include "model/openapi_import.h"
#include "model/spec_tree.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <glib.h>
#include <string.h>
#include <unistd.h>

typedef struct {
    const char *spec;
    OpenapiChoice choice;
    const char *name;
    const char *output;
    bool force;
} ImportArgs;

void cmd_providers_import_help(FILE *out)
{
    fputs("Usage: custty providers import SPEC [--operation ID | --path /customers]\n"
          "                              [--name NAME] [--output FILE] [--force]\n\n"
          "Makes a provider from its OpenAPI 3.0 or 3.1 document (YAML or JSON; SPEC may\n"
          "be - for standard input): the create-customer operation's body becomes the\n"
          "form's typed fields, its security the auth, its servers the environments.\n"
          "Without --operation or --path it takes the POST on .../customers; when there\n"
          "are several or none it lists them and exits 2.\n\n"
          "Writes NAME.json (default: from the document's title) into\n"
          "$XDG_CONFIG_HOME/custty/providers/, or FILE; an existing file is replaced\n"
          "only with --force. Prints what it mapped and what it could not, and why.\n"
          "Only references inside the document are followed: nothing is fetched.\n", out);
}

static bool import_valid_name(const char *name)
{
    if (!*name || strlen(name) > 64)
        return false;
    for (const char *p = name; *p; p++)
        if (!g_ascii_isalnum(*p) && *p != '-' && *p != '_')
            return false;
    return true;
}

static int import_args(int argc, char **argv, ImportArgs *a)
{
    static const struct option opts[] = {
        { "operation", required_argument, NULL, 'o' }, { "path", required_argument, NULL, 'p' },
        { "name", required_argument, NULL, 'n' },      { "output", required_argument, NULL, 'O' },
        { "force", no_argument, NULL, 'f' },           { "help", no_argument, NULL, 'h' },
        { 0 },
    };
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'o': a->choice.operation = optarg; break;
        case 'p': a->choice.path = optarg; break;
        case 'n': a->name = optarg; break;
        case 'O': a->output = optarg; break;
        case 'f': a->force = true; break;
        case 'h': return cmd_providers_import_help(stdout), EXIT_OK;
        default: return cmd_providers_import_help(stderr), EXIT_INVALID;
        }
    }
    if (optind + 1 != argc || (a->choice.operation && a->choice.path))
        return cmd_providers_import_help(stderr), EXIT_INVALID;
    if (a->name && !import_valid_name(a->name))
        return cli_error("--name \"%s\": use letters, digits, - and _ (it is the provider's name)", a->name),
               EXIT_INVALID;
    a->spec = argv[optind];
    return -1;
}

/* The spec's text, read bounded while reading (a 50 MB file is refused
 * after 16 MiB, not read whole), or NULL with a message said. */
static char *import_read(const char *spec, size_t *len)
{
    bool stdin_ = strcmp(spec, "-") == 0;
    int fd = stdin_ ? STDIN_FILENO : open(spec, O_RDONLY | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
        cli_error("cannot read %s: %s", spec, g_strerror(errno));
        return NULL;
    }
    char *why = NULL;
    char *text = read_bounded(fd, SPEC_TREE_MAX_BYTES, stdin_ ? "standard input" : spec, len, &why);
    if (!stdin_)
        close(fd);
    if (!text)
        cli_error("%s", why);
    g_free(why);
    return text;
}

static void import_print_lines(const char *head, const GPtrArray *lines)
{
    if (!lines->len)
        return;
    printf("%s\n", head);
    for (guint i = 0; i < lines->len; i++)
        cli_print_line(stdout, "  %s", (const char *)g_ptr_array_index(lines, i));
}

static int import_refused(const OpenapiImport *imp)
{
    cli_error("%s", imp->error);
    if (imp->candidates->len)
        fprintf(stderr, "Operations (operationId, method, path, summary):\n");
    for (guint i = 0; i < imp->candidates->len; i++)
        cli_print_line(stderr, "  %s", (const char *)g_ptr_array_index(imp->candidates, i));
    return EXIT_INVALID;
}

/* Where the descriptor goes (g_free), its folder made if it is custty's own. */
static char *import_target(const ImportArgs *a, const char *name)
{
    if (a->output)
        return g_strdup(a->output);
    char *dir = catalog_user_dir(), *why = NULL;
    char *path = NULL;
    if (state_dir_check(dir, true, &why))
        path = g_strdup_printf("%s/%s.json", dir, name);
    else
        cli_error("%s", why);
    g_free(why);
    g_free(dir);
    return path;
}

static int import_write(const ImportArgs *a, const OpenapiImport *imp)
{
    char *name = a->name ? g_strdup(a->name)
                         : openapi_slug(cJSON_GetStringValue(cJSON_GetObjectItem(imp->descriptor, "title")));
    char *text = cJSON_Print(imp->descriptor), *err = NULL;
    GString *file = g_string_new(text);
    g_string_append_c(file, '\n');
    Descriptor *d = descriptor_parse(file->str, file->len, name, "the imported descriptor", &err);
    int status = EXIT_INVALID;
    char *target = d ? import_target(a, name) : NULL;
    if (!d)
        cli_error("the imported descriptor would not load, so nothing was written: %s", err);
    else if (target && state_file_write_atomic(target, file->str, file->len, a->force, &err))
        status = EXIT_OK;
    else if (target)
        cli_error("%s", err);
    if (status == EXIT_OK)
        cli_print_line(stdout, "Imported %s as the provider %s: %s", d->title, name, target);
    descriptor_free(d);
    g_free(target), g_free(err), g_free(name), g_string_free(file, TRUE), cJSON_free(text);
    return status;
}

int cmd_providers_import(int argc, char **argv)
{
    ImportArgs a = { 0 };
    int status = import_args(argc, argv, &a);
    if (status >= 0)
        return status;
    size_t len = 0;
    char *text = import_read(a.spec, &len), *err = NULL;
    cJSON *spec = text ? spec_tree_parse(text, len, strcmp(a.spec, "-") ? a.spec : "standard input", &err) : NULL;
    g_free(text);
    if (!spec) {
        if (err)
            cli_error("%s", err);
        g_free(err);
        return EXIT_INVALID;
    }
    OpenapiImport imp;
    if (!openapi_import(spec, &a.choice, &imp)) {
        status = import_refused(&imp);
    } else {
        status = import_write(&a, &imp);
        import_print_lines("Mapped:", imp.mapped);
        import_print_lines("Not mapped:", imp.unmapped);
    }
    openapi_import_done(&imp);
    cJSON_Delete(spec);
    return status;
}
