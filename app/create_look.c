#include "app/create_look.h"

#include "app/cli.h"
#include "app/lookup_run.h"
#include "model/jsonpath.h"
#include "model/request.h"

#include <glib.h>
#include <string.h>
#include <unistd.h>

#define LOOK_TIMEOUT_MS (60 * 1000)

static LookupScan *scan_for(const Descriptor *d, const char *base_url, const Values *v, char **email)
{
    const char *field = descriptor_email_field(d);
    const char *value = field ? values_get(v, field, NULL) : NULL;
    char *err = NULL;
    cJSON *body = request_body(d, v, &err);
    char *text = body ? cJSON_PrintUnformatted(body) : NULL;
    cJSON *masked = text ? request_masked_body(d, text) : NULL;
    *email = value ? g_strstrip(g_strdup(value)) : NULL;
    LookupScan *scan = *email && **email ? lookup_scan_new(d, base_url, *email, masked, &err) : NULL;
    if (text)
        explicit_bzero(text, strlen(text));
    g_free(text), g_free(err);
    cJSON_Delete(body), cJSON_Delete(masked);
    return scan;
}

static int say(const char *profile, const Descriptor *d, LookupVerdict v, const char *email, const char *id,
               const cJSON *record, const char *said)
{
    const char *created = d->lookup.created ? jsonpath_string(record, d->lookup.created) : NULL;
    if (v == LOOKUP_FOUND) {
        cli_error("%s already exists on %s (id %s%s%s); nothing was sent. Add --create-anyway to create another",
                  email, profile, id ? id : "unknown", created ? ", created " : "", created ? created : "");
        return EXIT_INVALID;
    }
    cli_error("could not tell whether %s exists on %s (%s); nothing was sent. Add --create-anyway to create it "
              "all the same", email, profile, said);
    return EXIT_UNSENT;
}

int create_look_first(const char *profile, const Descriptor *d, const char *base_url, const char *token,
                      const Values *v)
{
    char *email = NULL;
    LookupScan *scan = scan_for(d, base_url, v, &email);
    if (!scan) {
        g_free(email);
        return -1;
    }
    int sig_fd = cli_stop_signals_fd();
    NetThread *nt = net_thread_start();
    LookupRun *run = lookup_run_start(nt, d, scan, token, LOOK_TIMEOUT_MS);
    lookup_run_wait(run, nt, sig_fd);
    char *id = NULL, *said = NULL;
    cJSON *record = NULL;
    LookupVerdict verdict = lookup_run_verdict(run, &id, &record, &said);
    int status = verdict == LOOKUP_ABSENT ? -1 : say(profile, d, verdict, email, id, record, said);
    lookup_run_free(run);
    net_thread_stop(nt);
    if (sig_fd >= 0)
        close(sig_fd);
    g_free(id), g_free(said), g_free(email);
    cJSON_Delete(record);
    return status;
}
