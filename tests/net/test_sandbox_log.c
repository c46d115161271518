/* The sandbox's log quotes what any local client sent: escaped, so that no
 * client can set the title or the clipboard of the terminal showing it. */
#include "tests/support/http.h"
#include "tests/support/hostile.h"

#include <criterion/criterion.h>
#include <glib.h>
#include <string.h>

static GMutex lock;
static GString *LOG;

static void collect(void *user, const char *line)
{
    (void)user;
    g_mutex_lock(&lock);
    g_string_append_printf(LOG, "%s\n", line);
    g_mutex_unlock(&lock);
}

Test(sandbox_log, path_and_token_are_escaped)
{
    LOG = g_string_new(NULL);
    SandboxOptions o = { .log = collect };
    TestSandbox t;
    test_sandbox_start(&t, &o);
    char *url = test_sandbox_url(&t, "botpenguin", "/%1b%5d0%3bpwned%07%c2%9b%e2%80%ae");
    const char *headers[] = { "Authorization: Bearer \x1b]52;c;cHduZWQ=\x07-and-more-token-text", NULL };
    HttpReply r = http_do("GET", url, headers, NULL);
    cr_expect_neq(r.status, 0, "the sandbox answered");
    http_done(&r);
    test_sandbox_stop(&t);
    const char *why = NULL;
    cr_expect(LOG->len > 0, "one line was logged");
    cr_expect(hostile_terminal_safe(LOG->str, LOG->len, &why), "the log has %s: %s", why, LOG->str);
    cr_expect(strstr(LOG->str, "\\u001b]0;pwned\\u0007"), "the path is shown, escaped: %s", LOG->str);
    cr_expect(strstr(LOG->str, "token=\\u001b]52;c"), "the token's start, escaped: %s", LOG->str);
    g_string_free(LOG, TRUE);
    g_free(url);
}
