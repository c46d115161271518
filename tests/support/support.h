/* Helpers every test binary shares. Tests run from the repository root. */
#ifndef CUSTTY_TESTS_SUPPORT_H
#define CUSTTY_TESTS_SUPPORT_H

#include "model/descriptor.h"

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

/* assets/providers/NAME.json, loaded or the test fails. Free with descriptor_free. */
Descriptor *support_provider(const char *name);
/* assets/providers/NAME.json with its "auth" object replaced by AUTH (JSON
 * text): the provider taking its key another way. g_free it. */
char *support_provider_text_with_auth(const char *name, const char *auth);
/* The same, parsed, or the test fails. Free with descriptor_free. */
Descriptor *support_provider_with_auth(const char *name, const char *auth);
/* The value of PARAM in the request line of RAW (a request as a server read
 * it), percent-decoded; NULL when it has none. g_free it. */
char *support_request_query(const char *raw, const char *param);
/* assets/providers/NAME.json with the first FROM in its text replaced by TO,
 * parsed, or the test fails. Free with descriptor_free. */
Descriptor *support_provider_edited(const char *name, const char *from, const char *to);
/* tests/fixtures/NAME, whole; *LEN optional. g_free it. */
char *support_fixture(const char *name, size_t *len);
/* A fresh folder to be XDG_CONFIG_HOME whose custty/providers/NAME.json is
 * tests/fixtures/FIXTURE, private (g_free; support_config_home_remove). */
char *support_config_home_with(const char *name, const char *fixture);
/* Removes HOME and all below it, and frees it. */
void support_config_home_remove(char *home);
/* Whether two JSON texts are the same document (key order ignored). */
bool support_json_equal(const char *a, const char *b);

typedef struct {
    int status;          /* exit status, or 128+signal */
    char *out;           /* stdout, g_free */
    char *err;           /* stderr, g_free */
} RunResult;

/* Runs build/custty ARGV... (NULL-terminated) with ENV added (NULL-terminated
 * "K=V" list, may be NULL) and INPUT on stdin (may be NULL). */
RunResult support_run_custty(const char *const *argv, const char *const *env, const char *input);
void support_run_done(RunResult *r);

/* A listening socket on a free loopback port nobody serves; *PORT gets the
 * port. A connection to it shows up in accept() even if never answered. */
int support_listen_loopback(unsigned *port);

/* `custty sandbox --port 0 ARGS…` as a person runs it, in the background. */
typedef struct {
    int pid;             /* GPid */
    int out_fd;
    char *out;           /* its stdout so far (all of it after _stop), g_free */
} SandboxRun;

/* Starts it with ENV added (as support_run_custty; may be NULL) and reads
 * its banner until a whole line names LAST. */
void support_sandbox_start(SandboxRun *s, const char *const *args, const char *const *env, const char *last);
/* The base URL its banner gives PROVIDER (g_free), or NULL. */
char *support_sandbox_url(const SandboxRun *s, const char *provider);
/* Stops it (SIGTERM) and reads the rest of what it printed (its request log)
 * into s->out; its exit status. */
int support_sandbox_stop(SandboxRun *s);
void support_sandbox_done(SandboxRun *s);

#endif
