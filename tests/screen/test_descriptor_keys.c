/* Descriptor keys the console acts on: the quota a provider's rate_limit
 * headers give, standing in the status line when low, and a 2xx that is not
 * the create's documented status, which is an unknown outcome to check. */
#include "tests/support/hostile.h"
#include "tests/support/tmux.h"

#include <criterion/criterion.h>
#include <glib.h>
#include <string.h>

static Tmux T;
static HostileServer *S;

static void stop(void)
{
    tmux_stop(&T);
    hostile_stop(S);
}

/* The console on a profile "answers" of PROVIDER whose provider always answers ANSWER. */
static void start_against(const char *provider, const char *answer)
{
    S = hostile_start(answer);
    char *base = hostile_base_url(S);
    char *config = g_strdup_printf("[answers]\nprovider = %s\nbase_url = %s\n", provider, base);
    tmux_start_config(&T, 120, 34, "CUSTTY_TOKEN=sk_test_quota00000", "--profile answers", config);
    g_free(config), g_free(base);
}

Test(descriptor_keys_console, a_low_quota_stands_in_the_status_line, .fini = stop)
{
    char *answer = hostile_answer("201 Created", "X-RateLimit-Limit: 1000\r\nX-RateLimit-Remaining: 3\r\n",
                                  "{\"data\":{\"id\":\"cus-q1\",\"email\":\"q@b.co\",\"name\":\"Q\"}}");
    start_against("prolifi", answer);
    TMUX_SEE(&T, "Prolifi Public API");
    tmux_type(&T, "q@b.co");
    tmux_key(&T, "F2");
    char *screen = tmux_wait_for(&T, "3 of 1000 requests left in this rate-limit window");
    cr_assert_not_null(screen, "the low quota is said");
    char *line = tmux_line_with(screen, "requests left in this rate-limit window");
    cr_expect(strstr(line, "answers") && strstr(line, "created"), "in the status line, beside the profile: %s", line);
    cr_expect(strstr(line, "Prolifi Public API: 3 of 1000"), "naming the provider: %s", line);
    g_free(line), g_free(screen), g_free(answer);
}

Test(descriptor_keys_console, an_undocumented_2xx_is_unknown_and_offers_the_check, .fini = stop)
{
    char *answer = hostile_answer("200 OK", "", "{\"id\":\"cus_x\",\"name\":\"A\",\"email\":\"u@b.co\"}");
    start_against("billing-v1", answer);
    TMUX_SEE(&T, "Billing API");
    tmux_type(&T, "A");
    tmux_key(&T, "Tab");
    tmux_type(&T, "u@b.co");
    tmux_key(&T, "F2");
    char *screen = tmux_wait_for(&T, "answered 200");
    cr_assert_not_null(screen, "the status is named");
    cr_expect(strstr(screen, "unknown"), "%s", screen);
    cr_expect(strstr(screen, "F8"), "the check is offered:\n%s", screen);
    cr_expect_null(strstr(screen, "Created ·"), "not shown as created:\n%s", screen);
    g_free(screen), g_free(answer);
}

Test(descriptor_keys_console, a_429_says_until_when_and_that_none_are_left, .fini = stop)
{
    char *answer = hostile_answer("429 Too Many Requests",
                                  "Retry-After: 30\r\nX-RateLimit-Limit: 1000\r\nX-RateLimit-Remaining: 0\r\n",
                                  "{\"error\":{\"type\":\"rate_limit_error\",\"message\":\"Too many requests\"}}");
    start_against("prolifi", answer);
    TMUX_SEE(&T, "Prolifi Public API");
    tmux_type(&T, "q@b.co");
    tmux_key(&T, "F2");
    char *screen = tmux_wait_for(&T, "Retry after 30 s (at ");
    cr_assert_not_null(screen, "when to retry is said");
    /* short: the message, cut already, is the result and keeps the room */
    cr_expect(strstr(screen, "quota 0/1000"), "and the quota:\n%s", screen);
    g_free(screen), g_free(answer);
}
