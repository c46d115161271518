/* A provider's rate-limit quota, as its answer's headers said it (the
 * descriptor's rate_limit.limit_header and remaining_header), and when it
 * is low enough to say so. */
#ifndef CUSTTY_MODEL_QUOTA_H
#define CUSTTY_MODEL_QUOTA_H

#include <glib.h>
#include <stdbool.h>

/* Zeroed, it says nothing: what an answer without the headers gives. */
typedef struct {
    bool said;           /* the remaining header came, with a number */
    long remaining;      /* requests left in this window */
    long limit;          /* requests a window allows; 0 when not said */
} Quota;

/* The whole number a header VALUE starts with ("998", "998, 1000;w=60"),
 * or -1 when it holds none (NULL, empty, negative, past a long). */
long quota_number(const char *value);
/* Low: at most a tenth of the limit left, or at most 5 when the limit is
 * not said. Nothing said is never low. */
bool quota_is_low(Quota q);
/* "Prolifi Public API: 3 of 1000 requests left in this rate-limit window",
 * WHO first unless NULL (g_free); NULL when Q says nothing. ("this window"
 * alone read like the terminal's.) */
char *quota_text(const char *who, Quota q);
/* The same where room is short: "quota 3/1000", "quota 3 left" (g_free);
 * NULL when Q says nothing. */
char *quota_short_text(Quota q);

/* When to try again after a 429 whose Retry-After asked SECONDS, NOW being
 * a Unix time: "Retry after 30 s (at 18:32:05)." in local time, so the
 * line still says when once the seconds have passed; a wait already past
 * says to retry now, and one past any calendar no time (g_free). */
char *quota_retry_text(long seconds, gint64 now);

#endif
