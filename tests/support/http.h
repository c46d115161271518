/* A tiny blocking HTTP client over libcurl, for tests that talk to the sandbox. */
#ifndef CUSTTY_TESTS_HTTP_H
#define CUSTTY_TESTS_HTTP_H

#include "net/sandbox.h"

#include <cjson/cJSON.h>
#include <stddef.h>

typedef struct {
    long status;         /* 0 when the transfer failed */
    int curl_code;
    char *body;          /* g_free */
    size_t body_len;
    char *headers;       /* raw response headers, g_free */
    cJSON *json;         /* the body parsed, or NULL */
} HttpReply;

/* METHOD URL with HEADERS (NULL-terminated "Name: value"), BODY (may be NULL). */
HttpReply http_do(const char *method, const char *url, const char *const *headers, const char *body);
void http_done(HttpReply *r);
/* The value of response header NAME (case-insensitive; g_free), or NULL. */
char *http_header(const HttpReply *r, const char *name);

/* The demo tokens of the shipped descriptors (assets/providers/, "sandbox"). */
#define SANDBOX_TOKEN "sandbox-token"
#define SANDBOX_PROLIFI_SECRET "sk_test_sandbox"
#define SANDBOX_PROLIFI_PUBLIC "pk_test_sandbox"

/* A sandbox on a free loopback port, serving the shipped descriptors. */
typedef struct {
    Sandbox *sb;
    ProviderSet set;
} TestSandbox;

void test_sandbox_start(TestSandbox *t, const SandboxOptions *opt);
void test_sandbox_stop(TestSandbox *t);
/* base URL of PROVIDER + PATH (g_free). */
char *test_sandbox_url(const TestSandbox *t, const char *provider, const char *path);

/* How many customers SB's billing-v1 holds, by its own list (the test fails
 * if it cannot be read); each email's count added to EMAILS (may be NULL;
 * email → GINT_TO_POINTER(count), keys g_free'd). */
int sandbox_billing_customers(const Sandbox *sb, GHashTable *emails);

/* The sandbox and a network thread, for tests of what goes over the wire. */
typedef struct NetThread NetThread;
void test_net_start(TestSandbox *t, NetThread **nt);
void test_net_stop(TestSandbox *t, NetThread *nt);

#endif
