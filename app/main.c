/* custty: create customer accounts on provider APIs, from a console or a script. */
#include "app/cli.h"
#include "app/console.h"
#include "app/tokens.h"
#include "model/jsonpath.h"
#include "net/netthread.h"

#include <locale.h>
#include <sys/prctl.h>
#include <string.h>

static const Command COMMANDS[] = {
    { "create", "validate and create one customer", cmd_create, cmd_create_help },
    { "check", "ask the provider whether an unknown outcome created a customer", cmd_check, cmd_check_help },
    { "list", "list the provider's customers, page by page", cmd_list, cmd_list_help },
    { "get", "show one of the provider's customers by id", cmd_get, cmd_get_help },
    { "delete", "delete (or archive) one of the provider's customers by id", cmd_delete, cmd_delete_help },
    { "history", "list what was submitted, newest first", cmd_history, cmd_history_help },
    { "profiles", "list the profiles and where their tokens come from", cmd_profiles, cmd_profiles_help },
    { "providers", "list the providers and their fields", cmd_providers, cmd_providers_help },
    { "token", "store, check or clear a profile's token in the keyring", cmd_token, cmd_token_help },
    { "view", "open the viewer on a JSON file or standard input", cmd_view, cmd_view_help },
    { "sandbox", "serve every provider with a sandbox on loopback, for demos and QA", cmd_sandbox, cmd_sandbox_help },
};

static void usage(FILE *out)
{
    fputs("Usage: custty [--profile NAME]          open the console\n"
          "       custty [--help] [--version] COMMAND [OPTIONS]\n\n"
          "custty creates customer accounts on provider APIs (BotPenguin, billing-v1,\n"
          "Prolifi, and any provider described by a JSON file).\n\nCommands:\n", out);
    for (size_t i = 0; i < sizeof COMMANDS / sizeof *COMMANDS; i++)
        fprintf(out, "  %-10s %s\n", COMMANDS[i].name, COMMANDS[i].summary);
    fputs("\n`custty COMMAND --help` describes a command.\n", out);
}

static const Command *find_command(const char *name)
{
    for (size_t i = 0; i < sizeof COMMANDS / sizeof *COMMANDS; i++)
        if (strcmp(COMMANDS[i].name, name) == 0)
            return &COMMANDS[i];
    return NULL;
}

/* A process that holds tokens leaves no core dump and cannot be attached to by
 * other processes of the same user. (Sanitizer builds keep it: LeakSanitizer
 * attaches to its own threads.) */
static void harden(void)
{
#if !defined(__SANITIZE_ADDRESS__)
    prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
#endif
}

int main(int argc, char **argv)
{
    harden();
    setlocale(LC_ALL, "");
    tokens_capture_env();
    json_use_glib_allocator();
    /* No command, or only console options: the console. */
    if (argc < 2 || (argv[1][0] == '-' && strcmp(argv[1], "--help") && strcmp(argv[1], "-h") &&
                     strcmp(argv[1], "--version")))
        return cmd_console(argc, argv);
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        usage(stdout);
        return EXIT_OK;
    }
    if (strcmp(argv[1], "--version") == 0) {
        cli_version(stdout);
        return EXIT_OK;
    }
    const Command *cmd = find_command(argv[1]);
    if (!cmd) {
        cli_error("unknown command \"%s\"; try `custty --help`", argv[1]);
        return EXIT_INVALID;
    }
    /* The commands load the network module at once (the console only after its first frame). */
    net_global_init(); /* before any thread */
    return cmd->run(argc - 1, argv + 1);
}
