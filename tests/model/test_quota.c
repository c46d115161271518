/* A provider's rate-limit headers, read and said when the quota runs low. */
#include "model/quota.h"

#include <criterion/criterion.h>
#include <glib.h>
#include <string.h>

Test(quota, header_numbers)
{
    cr_expect_eq(quota_number("998"), 998);
    cr_expect_eq(quota_number(" 998"), 998);
    cr_expect_eq(quota_number("998, 1000;w=60"), 998, "a structured field's first number");
    cr_expect_eq(quota_number("998abc"), -1);
    cr_expect_eq(quota_number("-3"), -1);
    cr_expect_eq(quota_number(""), -1);
    cr_expect_eq(quota_number(NULL), -1);
    cr_expect_eq(quota_number("99999999999999999999999"), -1, "past a long is no number, not LONG_MAX");
}

Test(quota, low_is_a_tenth_of_the_limit_or_five_without_one)
{
    cr_expect(quota_is_low((Quota){ true, 100, 1000 }));
    cr_expect_not(quota_is_low((Quota){ true, 101, 1000 }));
    cr_expect(quota_is_low((Quota){ true, 0, 1000 }));
    cr_expect(quota_is_low((Quota){ true, 5, 0 }));
    cr_expect_not(quota_is_low((Quota){ true, 6, 0 }));
    cr_expect_not(quota_is_low((Quota){ 0 }), "nothing said is never low");
}

Test(quota, said_as_a_person_reads_it)
{
    char *t = quota_text("Prolifi", (Quota){ true, 3, 1000 });
    cr_expect_str_eq(t, "Prolifi: 3 of 1000 requests left in this rate-limit window");
    g_free(t);
    t = quota_text("Prolifi", (Quota){ true, 3, 0 });
    cr_expect_str_eq(t, "Prolifi: 3 requests left in this rate-limit window");
    g_free(t);
    t = quota_text(NULL, (Quota){ true, 3, 1000 });
    cr_expect_str_eq(t, "3 of 1000 requests left in this rate-limit window");
    g_free(t);
    cr_expect_null(quota_text("Prolifi", (Quota){ 0 }));
    t = quota_short_text((Quota){ true, 1, 10 });
    cr_expect_str_eq(t, "quota 1/10", "where room is short");
    g_free(t);
    t = quota_short_text((Quota){ true, 3, 0 });
    cr_expect_str_eq(t, "quota 3 left");
    g_free(t);
    cr_expect_null(quota_short_text((Quota){ 0 }));
}

/* A 429's Retry-After: how long, and at what time, so the line still says
 * when once the seconds have passed. */
Test(quota, retry_after_says_how_long_and_until_when)
{
    gint64 now = 1800000000; /* a fixed instant, read in local time both here and there */
    GDateTime *at = g_date_time_new_from_unix_local(now + 30);
    char *clock = g_date_time_format(at, "%H:%M:%S");
    char *want = g_strdup_printf("Retry after 30 s (at %s).", clock);
    char *got = quota_retry_text(30, now);
    cr_expect_str_eq(got, want);
    g_free(got), g_free(want), g_free(clock);
    g_date_time_unref(at);
}

/* Retry-After is the provider's: curl hands over 9223372036854775807 as it
 * came, and a date in the past as negative seconds. */
Test(quota, retry_after_at_the_edges_is_said_without_overflow)
{
    gint64 now = 1800000000;
    char *huge = quota_retry_text(G_MAXLONG, now);
    cr_expect_str_eq(huge, "Retry after 9223372036854775807 s.");
    char *past = quota_retry_text(-350306411, now);
    cr_expect_null(strstr(past, "after -"), "no negative wait: %s", past);
    cr_expect(strstr(past, "retry now"), "%s", past);
    g_free(huge), g_free(past);
}
