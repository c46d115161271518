#include "model/quota.h"

#include <errno.h>
#include <glib.h>
#include <stdlib.h>

long quota_number(const char *value)
{
    if (!value)
        return -1;
    while (*value == ' ' || *value == '\t')
        value++;
    if (!g_ascii_isdigit(*value))
        return -1;
    char *end = NULL;
    errno = 0;
    long n = strtol(value, &end, 10);
    /* "998" or "998, …" / "998;…" (structured fields); "998abc" is no number */
    if (errno || (*end && *end != ',' && *end != ';' && *end != ' ' && *end != '\t'))
        return -1;
    return n;
}

bool quota_is_low(Quota q)
{
    if (!q.said)
        return false;
    if (q.limit > 0)
        return q.remaining <= q.limit / 10;
    return q.remaining <= 5;
}

char *quota_retry_text(long seconds, gint64 now)
{
    /* SECONDS is the provider's: a date already past comes as a negative
     * wait, and any number up to the largest long as it was sent. */
    if (seconds <= 0)
        return g_strdup("Its Retry-After has passed: retry now.");
    GDateTime *at = seconds <= G_MAXINT64 - now ? g_date_time_new_from_unix_local(now + seconds) : NULL;
    char *clock = at ? g_date_time_format(at, seconds < 20 * 3600 ? "%H:%M:%S" : "%Y-%m-%d %H:%M") : NULL;
    char *text = clock ? g_strdup_printf("Retry after %ld s (at %s).", seconds, clock)
                       : g_strdup_printf("Retry after %ld s.", seconds);
    if (at)
        g_date_time_unref(at);
    g_free(clock);
    return text;
}

char *quota_text(const char *who, Quota q)
{
    if (!q.said)
        return NULL;
    char *of = q.limit > 0 ? g_strdup_printf(" of %ld", q.limit) : g_strdup("");
    char *text = g_strdup_printf("%s%s%ld%s requests left in this rate-limit window", who ? who : "",
                                 who ? ": " : "", q.remaining, of);
    g_free(of);
    return text;
}

char *quota_short_text(Quota q)
{
    if (!q.said)
        return NULL;
    return q.limit > 0 ? g_strdup_printf("quota %ld/%ld", q.remaining, q.limit)
                       : g_strdup_printf("quota %ld left", q.remaining);
}
