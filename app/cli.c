/* What every command shares: messages and version. */
#include "app/cli.h"

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
