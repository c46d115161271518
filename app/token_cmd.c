/* `custty token set|status|clear PROFILE`: a profile's token in the keyring. */
#include "app/catalog.h"
#include "app/cli.h"
#include "app/config.h"
#include "app/keyring.h"
#include "app/tokens.h"
#include "model/auth.h"
#include "model/text.h"
#include "model/validate.h"

#include <glib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

void cmd_token_help(FILE *out)
{
    fputs("Usage: custty token set PROFILE      read a token from stdin (hidden on a\n"
          "                                     terminal), check it, store it in the keyring\n"
          "       custty token status PROFILE   where the profile's token comes from\n"
          "       custty token clear PROFILE    remove it from the keyring\n\n"
          "Tokens live in the system keyring (Secret Service) and nowhere else: never in\n"
          "a file, a log or argv. CUSTTY_TOKEN, when set, wins over the keyring.\n", out);
}

typedef struct {
    ProviderSet providers;
    ProfileSet profiles;
    const Profile *profile;
    const Descriptor *d;
} TokenContext;

/* One line from stdin, without echo when it is a terminal. */
static char *read_token(const Profile *p, const Descriptor *d)
{
    struct termios saved, quiet;
    bool tty = isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &saved) == 0;
    if (tty) {
        char *how = auth_describe(d); /* basic: "…, as user:password" */
        char *prompt = g_strdup_printf("Token for %s (%s%s%s), not shown as you type: ", p->name, p->provider,
                                       how ? ", sent " : "", how ? how : "");
        cli_print_lines(stderr, prompt);
        g_free(prompt), g_free(how);
        quiet = saved;
        quiet.c_lflag &= ~(tcflag_t)ECHO;
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    }
    char buf[4096];
    char *line = fgets(buf, sizeof buf, stdin) ? g_strstrip(g_strdup(buf)) : NULL;
    explicit_bzero(buf, sizeof buf);
    if (tty) {
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
        fputc('\n', stderr);
    }
    return line;
}

static int token_set(TokenContext *t)
{
    char *token = read_token(t->profile, t->d), *why = NULL;
    FieldCheck c;
    validate_token(t->d, token, true, &c);
    int status = EXIT_OK;
    if (!c.ok) {
        cli_error("not stored: %s", c.message);
        status = EXIT_INVALID;
    } else if (keyring_store(t->profile->name, t->profile->provider, token, &why) != KEYRING_OK) {
        cli_error("not stored: %s. custty never writes tokens to files; set CUSTTY_TOKEN for this shell "
                  "instead", why ? why : "the keyring refused");
        status = EXIT_UNSENT;
    } else {
        char *mask = text_mask_secret(token);
        cli_print_line(stdout, "Stored the token for %s in the keyring (%s).", t->profile->name, mask);
        g_free(mask);
    }
    text_free_secret(token);
    g_free(why);
    return status;
}

static int token_status(TokenContext *t)
{
    TokenOrigin origin;
    char *why = NULL;
    char *token = tokens_lookup(t->profile, t->profile->sandbox ? "demo" : NULL, &origin, &why);
    char *mask = origin == TOKEN_SANDBOX ? g_strdup("") : text_mask_secret(token);
    cli_print_line(stdout, "%s: %s%s%s", t->profile->name, token_origin_name(origin), *mask && token ? ", " : "",
           token ? mask : "");
    if (why)
        cli_print_line(stdout, "  keyring: %s", why);
    char *note = tokens_env_ignored_note(t->profile);
    if (note)
        cli_print_line(stdout, "  %s", note);
    g_free(note);
    text_free_secret(token);
    g_free(mask), g_free(why);
    return token ? EXIT_OK : EXIT_UNSENT;
}

static int token_clear(TokenContext *t)
{
    char *why = NULL;
    KeyringStatus s = keyring_clear(t->profile->name, t->profile->provider, &why);
    if (s == KEYRING_OK)
        cli_print_line(stdout, "Removed the token for %s from the keyring.", t->profile->name);
    else if (s == KEYRING_NOT_FOUND)
        cli_print_line(stdout, "No token for %s was in the keyring.", t->profile->name);
    else
        cli_error("cannot reach the keyring: %s", why);
    g_free(why);
    return s == KEYRING_UNAVAILABLE ? EXIT_UNSENT : EXIT_OK;
}

static int run_action(const char *action, TokenContext *t)
{
    if (strcmp(action, "set") == 0)
        return token_set(t);
    if (strcmp(action, "status") == 0)
        return token_status(t);
    if (strcmp(action, "clear") == 0)
        return token_clear(t);
    cli_error("token takes set, status or clear (got \"%s\")", action);
    return EXIT_INVALID;
}

static bool load_profile(TokenContext *t, const char *name)
{
    char *errors = NULL;
    catalog_load(&t->providers, &errors);
    profiles_load(&t->profiles, &t->providers, &errors);
    cli_print_lines(stderr, errors);
    g_free(errors);
    t->profile = profiles_find(&t->profiles, name);
    t->d = t->profile ? provider_set_find(&t->providers, t->profile->provider) : NULL;
    if (!t->profile)
        cli_error("no profile \"%s\"; see `custty profiles`", name);
    return t->d != NULL;
}

int cmd_token(int argc, char **argv)
{
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0))
        return cmd_token_help(stdout), EXIT_OK;
    if (argc >= 2 && strcmp(argv[1], "--version") == 0)
        return cli_version(stdout), EXIT_OK;
    if (argc != 3) {
        cmd_token_help(stderr);
        return EXIT_INVALID;
    }
    TokenContext t = { 0 };
    int status = load_profile(&t, argv[2]) ? run_action(argv[1], &t) : EXIT_INVALID;
    profiles_done(&t.profiles);
    provider_set_done(&t.providers);
    return status;
}
