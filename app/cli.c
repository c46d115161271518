/* What every command shares: messages and version. */
#include "app/cli.h"

#include <glib.h>
#include <math.h>
#include <stdarg.h>

void cli_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("custty: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

void cli_version(FILE *out)
{
    fprintf(out, "custty %s\n", CUSTTY_VERSION);
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
