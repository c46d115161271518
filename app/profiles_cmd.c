/* `custty profiles`: every profile, where it points and where its token is. */
#include "app/catalog.h"
#include "app/cli.h"
#include "app/config.h"
#include "app/tokens.h"
#include "model/text.h"

#include <getopt.h>
#include <glib.h>
#include <string.h>

void cmd_profiles_help(FILE *out)
{
    fputs("Usage: custty profiles [--help] [--version]\n\n"
          "Lists the profiles: built-in sandbox ones, and those of\n"
          "$XDG_CONFIG_HOME/custty/config.ini, one group each:\n\n"
          "  [prolifi-live]\n"
          "  provider = prolifi\n"
          "  environment = live        # or: base_url = https://...\n"
          "  timeout = 30              # seconds\n"
          "  confirm = true            # ask before each create (default: on for LIVE)\n\n"
          "For each: provider, URL, LIVE or sandbox, and where its token comes from.\n", out);
}

static void print_profile(const Profile *p, const Descriptor *d)
{
    char *err = NULL, *why = NULL;
    char *url = p->sandbox ? g_strdup("(in-process sandbox)") : profile_base_url(p, d, NULL, &err);
    TokenOrigin origin;
    char *token = tokens_lookup(p, p->sandbox ? "sandbox" : NULL, &origin, &why);
    char *mask = origin == TOKEN_SANDBOX ? g_strdup("") : text_mask_secret(token);
    cli_print_line(stdout, "%-22s %-11s %-8s %s", p->name, p->provider, p->live ? "LIVE" : (p->sandbox ? "sandbox" : "test"),
           url ? url : err);
    cli_print_line(stdout, "%-22s token: %s%s%s%s", "", token_origin_name(origin), *mask && token ? " " : "", token ? mask : "",
           why && !token ? " — keyring unavailable" : "");
    text_free_secret(token);
    g_free(mask), g_free(url), g_free(err), g_free(why);
}

int cmd_profiles(int argc, char **argv)
{
    static const struct option opts[] = {
        { "help", no_argument, NULL, 'h' }, { "version", no_argument, NULL, 'V' }, { 0 },
    };
    int c;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        if (c == 'h')
            return cmd_profiles_help(stdout), EXIT_OK;
        if (c == 'V')
            return cli_version(stdout), EXIT_OK;
        return cmd_profiles_help(stderr), EXIT_INVALID;
    }
    ProviderSet providers = { 0 };
    ProfileSet profiles = { 0 };
    char *errors = NULL;
    catalog_load(&providers, &errors);
    profiles_load(&profiles, &providers, &errors);
    cli_print_lines(stderr, errors);
    for (size_t i = 0; i < profiles.count; i++)
        print_profile(&profiles.items[i], provider_set_find(&providers, profiles.items[i].provider));
    g_free(errors);
    profiles_done(&profiles);
    provider_set_done(&providers);
    return EXIT_OK;
}
