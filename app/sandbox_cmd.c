/* `custty sandbox`: the sandbox in the foreground, for demos and QA. */
#include "app/catalog.h"
#include "app/cli.h"
#include "net/sandbox.h"

#include <getopt.h>
#include <pthread.h>
#include <glib.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

void cmd_sandbox_help(FILE *out)
{
    fputs("Usage: custty sandbox [--port N] [--host ADDR [--allow-remote]] [--latency MS] [--rate-limit N]\n"
          "                      [--fault-rate P] [--seed N] [--create-fault LIST] [--token [NAME=]T]...\n"
          "                      [--seed-customers N]\n\n"
          "Serves every provider whose descriptor has a sandbox section (BotPenguin,\n"
          "billing-v1, Prolifi and your own) on loopback until Ctrl-C, logging one line\n"
          "per request (time, method, path, status, ms; token masked).\n\n"
          "  --port N          port to listen on; 0 (default) picks a free one\n"
          "  --host ADDR       address to bind (default 127.0.0.1; loopback only unless\n"
          "                    --allow-remote: then the tokens are not printed)\n"
          "  --latency MS      delay every answer (at most 60000)\n"
          "  --rate-limit N    requests a minute per key, for providers with rate limits\n"
          "                    (Prolifi; default 1000)\n"
          "  --fault-rate P    chance 0..1 of a random fault on each request\n"
          "  --seed N          makes ids, random faults and seeded customers repeatable\n"
          "  --seed-customers N\n"
          "                    start each provider with N plausible customers (names,\n"
          "                    emails and every field valid for its descriptor), made\n"
          "                    as a create would make them; for demos and list tests\n"
          "  --create-fault L  faults for every create, e.g. reset or latency=3000,drop\n"
          "  --token NAME=T    a token of your own for provider NAME in place of its demo\n"
          "                    token of the same kind (--token prolifi=sk_test_mine, or\n"
          "                    prolifi=pk_test_mine for the read-only one); repeatable\n"
          "  --token T         the same for every provider whose token pattern takes T\n\n"
          "Per request, a header X-Sandbox-Fault: latency=MS (at most 60000), status=CODE\n"
          "(400-599), drop (cut off after the headers), reset (done, then closed with no\n"
          "answer), garbage, huge (20 MB) or trickle (a byte every 100 ms, for at most 60 s)\n"
          "(comma-separated) injects a fault; a value out of range is a 400 naming the\n"
          "limit. POST /_sandbox/reset forgets every customer.\n", out);
}

static void print_line(void *user, const char *line)
{
    (void)user;
    printf("%s\n", line);
    fflush(stdout);
}

static bool whole(const char *flag, const char *arg, double lo, double hi, double *out)
{
    return cli_number(flag, arg, "a whole number", lo, hi, true, out);
}

static int parse_options(int argc, char **argv, SandboxOptions *o, GPtrArray *tokens)
{
    static const struct option opts[] = {
        { "port", required_argument, NULL, 'p' },        { "host", required_argument, NULL, 'H' },
        { "latency", required_argument, NULL, 'l' },     { "rate-limit", required_argument, NULL, 'r' },
        { "fault-rate", required_argument, NULL, 'f' },  { "seed", required_argument, NULL, 's' },
        { "token", required_argument, NULL, 't' },       { "help", no_argument, NULL, 'h' },
        { "create-fault", required_argument, NULL, 'F' }, { "allow-remote", no_argument, NULL, 'R' },
        { "version", no_argument, NULL, 'V' },           { "seed-customers", required_argument, NULL, 'C' },
        { 0 },
    };
    int c;
    double v = 0;
    while ((c = getopt_long(argc, argv, "p:H:l:r:f:s:t:h", opts, NULL)) != -1) {
        switch (c) {
        case 'p': if (!whole("--port", optarg, 0, 65535, &v)) return EXIT_INVALID; o->port = (unsigned)v; break;
        case 'H': o->host = optarg; break;
        case 'l': if (!whole("--latency", optarg, 0, SANDBOX_MAX_LATENCY_MS, &v)) return EXIT_INVALID; o->latency_ms = (unsigned)v; break;
        case 'r': if (!whole("--rate-limit", optarg, 1, 1e9, &v)) return EXIT_INVALID; o->rate_limit = (unsigned)v; break;
        case 'f': if (!cli_number("--fault-rate", optarg, "a number", 0, 1, false, &v)) return EXIT_INVALID; o->fault_rate = v; break;
        case 's': if (!whole("--seed", optarg, 1, 4e9, &v)) return EXIT_INVALID; o->seed = (unsigned)v; break;
        case 't': g_ptr_array_add(tokens, optarg); break;
        case 'C': if (!whole("--seed-customers", optarg, 0, 10000000, &v)) return EXIT_INVALID; o->seed_customers = (size_t)v; break;
        case 'F': o->create_faults = optarg; break;
        case 'R': o->allow_remote = true; break;
        case 'h': cmd_sandbox_help(stdout); return EXIT_OK;
        case 'V': cli_version(stdout); return EXIT_OK;
        default: cmd_sandbox_help(stderr); return EXIT_INVALID;
        }
    }
    return optind < argc ? (cli_error("unexpected argument \"%s\"", argv[optind]), EXIT_INVALID) : -1;
}

/* One line a provider served. On a remote host the tokens are the only
 * lock: never print them there. The names and tokens are the files'. */
static void print_banner(const Sandbox *sb, const ProviderSet *set, bool remote)
{
    printf("custty sandbox listening on port %u (Ctrl-C stops it)\n", sandbox_port(sb));
    for (size_t i = 0; i < set->count; i++) {
        const Descriptor *d = set->items[i];
        char *url = sandbox_base_url(sb, d->name), *line = NULL;
        const char *token = sandbox_token_for(sb, d->name), *read_only = sandbox_read_token_for(sb, d->name);
        if (url && (remote || !token))
            line = g_strdup_printf("  %-11s %s", d->name, url);
        else if (url)
            line = g_strdup_printf("  %-11s %s  token: %s%s%s", d->name, url, token,
                                   read_only ? "  read-only: " : "", read_only ? read_only : "");
        if (!url && d->sandbox.why_not)
            line = g_strdup_printf("  %-11s not served: %s", d->name, d->sandbox.why_not);
        if (line)
            cli_print_line(stdout, "%s", line);
        g_free(url), g_free(line);
    }
    fflush(stdout);
}

static void warn_remote(const SandboxOptions *o)
{
    fprintf(stderr, "custty: warning: the sandbox serves on %s, beyond this machine: anyone who reaches it can\n"
            "  create and read customers with its tokens (set your own with --token NAME=T;\n"
            "  they are not printed)\n", o->host);
}

/* Blocks SIGINT and SIGTERM in every thread, so that only sigwait sees them. */
static void block_stop_signals(sigset_t *set)
{
    sigemptyset(set);
    sigaddset(set, SIGINT);
    sigaddset(set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, set, NULL);
}

int cmd_sandbox(int argc, char **argv)
{
    SandboxOptions o = { .log = print_line };
    GPtrArray *tokens = g_ptr_array_new();
    int status = parse_options(argc, argv, &o, tokens);
    g_ptr_array_add(tokens, NULL);
    o.tokens = (const char *const *)tokens->pdata;
    if (status >= 0) {
        g_ptr_array_free(tokens, TRUE);
        return status;
    }
    ProviderSet set = { 0 };
    char *errors = NULL, *err = NULL;
    catalog_load(&set, &errors);
    cli_print_lines(stderr, errors);
    sigset_t stop;
    block_stop_signals(&stop);
    Sandbox *sb = sandbox_start(&o, &set, &err);
    if (sb) {
        bool remote = !sandbox_host_is_loopback(o.host ? o.host : "127.0.0.1");
        if (remote)
            warn_remote(&o);
        print_banner(sb, &set, remote);
        int sig = 0;
        sigwait(&stop, &sig);
        printf("stopping (%s)\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
        sandbox_stop(sb);
    } else {
        cli_error("%s", err);
        status = EXIT_INVALID;
    }
    g_free(err);
    g_free(errors);
    provider_set_done(&set);
    g_ptr_array_free(tokens, TRUE);
    return status < 0 ? EXIT_OK : status;
}
