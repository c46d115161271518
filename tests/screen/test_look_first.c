/* check_before_create: the provider is asked before a create, and what it
 * holds is shown for the person to decide. */
#include "tests/support/http.h"
#include "tests/support/tmux.h"

#include <criterion/criterion.h>
#include <glib.h>
#include <string.h>

static Tmux T;
static TestSandbox S;

static void stop(void)
{
    tmux_stop(&T);
    test_sandbox_stop(&S);
}

#define SEE(needle) TMUX_SEE(&T, needle)

static void start_console(const SandboxOptions *opt)
{
    test_sandbox_start(&S, opt);
    char *base = sandbox_base_url(S.sb, "billing-v1");
    char *config = g_strdup_printf("[billing-careful]\nprovider = billing-v1\nbase_url = %s\n"
                                   "check_before_create = true\n", base);
    tmux_start_config(&T, 100, 30, "CUSTTY_TOKEN=" SANDBOX_TOKEN, "--profile billing-careful", config);
    g_free(base), g_free(config);
    SEE("New customer");
}

static void made_elsewhere(const char *email)
{
    char *url = test_sandbox_url(&S, "billing-v1", "/api/v1/customers");
    char *body = g_strdup_printf("{\"name\":\"Colleague\",\"email\":\"%s\"}", email);
    HttpReply r = http_do("POST", url, (const char *const[]){ "Authorization: Bearer " SANDBOX_TOKEN,
                                                              "Content-Type: application/json", NULL }, body);
    cr_assert_eq(r.status, 201, "%s", r.body);
    http_done(&r);
    g_free(url), g_free(body);
}

static void fill(const char *name, const char *email)
{
    tmux_type(&T, name);
    tmux_key(&T, "Tab");
    tmux_type(&T, email);
}

Test(look_first, a_customer_a_colleague_made_is_shown_before_a_second_is_created, .fini = stop)
{
    start_console(NULL);
    made_elsewhere("ann@example.com");
    fill("Ann", "ann@example.com");
    tmux_key(&T, "F2");
    SEE("Already on the provider");
    SEE("ann@example.com already exists on billing-careful");
    SEE("(id cus_");
    char *asked = tmux_wait_for(&T, ", created"); /* the time may wrap onto the next line: whole there */
    cr_expect(asked && g_regex_match_simple("\\b20[0-9]{2}-[0-9]{2}-[0-9]{2}T", asked, 0, 0), "when:\n%s", asked);
    g_free(asked);
    tmux_type(&T, "n");
    SEE("not sent: the customer already exists");
    tmux_key(&T, "Escape");
    tmux_key(&T, "C-u");
    tmux_type(&T, "new@example.com");
    tmux_key(&T, "F2");
    SEE("Created · cus_");
}

Test(look_first, a_lookup_that_cannot_tell_says_so_and_asks, .fini = stop)
{
    SandboxOptions opt = { .read_faults = "status=500" };
    start_console(&opt);
    fill("Bo", "bo@example.com");
    tmux_key(&T, "F2");
    SEE("Not sure it is new");
    SEE("page 1 failed: the provider answered 500");
    tmux_type(&T, "y");
    SEE("Created · cus_");
}
