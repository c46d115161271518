/* What every command shares: messages and version. */
#include "app/cli.h"

#include "model/safe_text.h"

#include <glib.h>
#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <string.h>
#include <sys/signalfd.h>

/* FMT's text after PREFIX, and a newline. Messages quote names and values from
 * outside (argv, the config, a provider): escaped whole, so none of them can
 * reach the terminal raw. */
static void print_escaped(FILE *out, const char *prefix, const char *fmt, va_list ap)
{
    char *text = g_strdup_vprintf(fmt, ap);
    char *safe = safe_text(text, strlen(text));
    fprintf(out, "%s%s\n", prefix, safe);
    g_free(safe);
    g_free(text);
}

void cli_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    print_escaped(stderr, "custty: ", fmt, ap);
    va_end(ap);
}

void cli_print_line(FILE *out, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    print_escaped(out, "", fmt, ap);
    va_end(ap);
}

void cli_print_lines(FILE *out, const char *text)
{
    if (!text)
        return;
    char *safe = safe_text_lines(text, strlen(text));
    fputs(safe, out);
    g_free(safe);
}

void cli_print_json(FILE *out, const char *json)
{
    char *safe = safe_json(json, strlen(json));
    fprintf(out, "%s\n", safe);
    g_free(safe);
}

void cli_version(FILE *out)
{
    fprintf(out, "custty %s\n", CUSTTY_VERSION);
}

bool cli_typed_yes(void)
{
    fputs("Type yes to go on: ", stderr);
    char answer[16] = "";
    bool yes = fgets(answer, sizeof answer, stdin) && g_ascii_strncasecmp(answer, "yes", 3) == 0;
    if (!yes)
        cli_error("not confirmed; nothing was sent");
    return yes;
}

bool cli_number(const char *flag, const char *arg, const char *what, double lo, double hi, bool whole,
                double *out)
{
    char *end = NULL;
    double v = g_ascii_strtod(arg, &end);
    if (!*arg || *end || v < lo || v > hi || (whole && v != floor(v))) {
        cli_error("%s takes %s from %.15g to %.15g (got \"%s\")", flag, what, lo, hi, arg);
        return false;
    }
    *out = v;
    return true;
}

int cli_stop_signals_fd(void)
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    return signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
}
