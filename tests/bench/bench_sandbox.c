/* Benchmark: the sandbox's create rate on loopback with keep-alive, beside a
 * bare libmicrohttpd server (same threading) that answers a fixed 201, both
 * measured in this run by the same libcurl client. */
#include "model/descriptor.h"
#include "net/sandbox.h"

#include <curl/curl.h>
#include <glib.h>
#include <microhttpd.h>
#include <stdio.h>
#include <string.h>

#define PARALLEL 8
#define CREATES 6000

static size_t discard(char *d, size_t s, size_t n, void *u)
{
    (void)d, (void)u;
    return s * n;
}

typedef struct {
    CURL *easy;
    char body[160];
} Slot;

static void prepare(Slot *s, const char *url, struct curl_slist *hdrs, int serial)
{
    snprintf(s->body, sizeof s->body,
             "{\"name\":\"Bench %d\",\"email\":\"bench%d@example.com\",\"address\":{\"country\":\"TZ\"}}",
             serial, serial);
    curl_easy_setopt(s->easy, CURLOPT_URL, url);
    curl_easy_setopt(s->easy, CURLOPT_HTTPHEADER, hdrs);
    curl_easy_setopt(s->easy, CURLOPT_POSTFIELDS, s->body);
    curl_easy_setopt(s->easy, CURLOPT_WRITEFUNCTION, discard);
    curl_easy_setopt(s->easy, CURLOPT_NOSIGNAL, 1L);
}

/* Sends N creates to URL, PARALLEL at a time, connections reused; the
 * seconds it took. */
static double create_seconds(const char *url, int n)
{
    CURLM *m = curl_multi_init();
    struct curl_slist *hdrs = curl_slist_append(NULL, "Content-Type: application/json");
    Slot slots[PARALLEL];
    static int serial; /* across rounds: every create is a new customer */
    int done = 0, running = 0;
    gint64 t0 = g_get_monotonic_time();
    for (int i = 0; i < PARALLEL; i++) {
        slots[i].easy = curl_easy_init();
        curl_easy_setopt(slots[i].easy, CURLOPT_PRIVATE, &slots[i]);
        prepare(&slots[i], url, hdrs, serial++);
        curl_multi_add_handle(m, slots[i].easy);
    }
    while (done < n) {
        curl_multi_perform(m, &running);
        CURLMsg *msg;
        int left;
        while ((msg = curl_multi_info_read(m, &left))) {
            Slot *s;
            curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&s);
            curl_multi_remove_handle(m, s->easy);
            done++;
            prepare(s, url, hdrs, serial++);
            curl_multi_add_handle(m, s->easy);
        }
        curl_multi_poll(m, NULL, 0, 100, NULL);
    }
    double secs = (double)(g_get_monotonic_time() - t0) / G_USEC_PER_SEC;
    for (int i = 0; i < PARALLEL; i++) {
        curl_multi_remove_handle(m, slots[i].easy);
        curl_easy_cleanup(slots[i].easy);
    }
    curl_slist_free_all(hdrs);
    curl_multi_cleanup(m);
    return secs;
}

/* Creates per second on each side, sent in ROUNDS turns (bare, sandbox, bare,
 * sandbox …) so that both see the same machine load. */
#define ROUNDS 5
static void create_rates(const char *bare_url, const char *url, double *bare, double *sandbox)
{
    double tb = 0, ts = 0;
    for (int r = 0; r < ROUNDS; r++) {
        tb += create_seconds(bare_url, CREATES / ROUNDS);
        ts += create_seconds(url, CREATES / ROUNDS);
    }
    *bare = CREATES / ROUNDS * ROUNDS / tb, *sandbox = CREATES / ROUNDS * ROUNDS / ts;
}

static enum MHD_Result fixed_answer(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                                    const char *version, const char *data, size_t *size, void **ctx)
{
    static const char body[] = "{\"id\":\"cus_01h3vjs3b16yc3f9q8q9pfrb80\",\"name\":\"Bench\"}";
    (void)cls, (void)url, (void)method, (void)version, (void)data;
    if (!*ctx) {
        *ctx = c;
        return MHD_YES;
    }
    if (*size) {
        *size = 0;
        return MHD_YES;
    }
    struct MHD_Response *r = MHD_create_response_from_buffer(sizeof body - 1, (void *)body, MHD_RESPMEM_PERSISTENT);
    enum MHD_Result ret = MHD_queue_response(c, 201, r);
    MHD_destroy_response(r);
    return ret;
}

int main(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
    ProviderSet set = { 0 };
    char *errors = NULL, *err = NULL;
    provider_set_load_dir(&set, "assets/providers", &errors);
    SandboxOptions opt = { .max_customers = 100000 };
    Sandbox *sb = sandbox_start(&opt, &set, &err);
    if (!sb) {
        fprintf(stderr, "sandbox: %s\n", err);
        return 1;
    }
    struct MHD_Daemon *bare = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION,
                                               0, NULL, NULL, fixed_answer, NULL, MHD_OPTION_END);
    unsigned bare_port = MHD_get_daemon_info(bare, MHD_DAEMON_INFO_BIND_PORT)->port;
    char *bare_url = g_strdup_printf("http://127.0.0.1:%u/api/v1/customers", bare_port);
    char *base = sandbox_base_url(sb, "billing-v1");
    char *url = g_strdup_printf("%s/api/v1/customers", base);
    double baseline = 0, sandbox = 0;
    create_rates(bare_url, url, &baseline, &sandbox);
    printf("sandbox create rate (billing-v1, keep-alive, %d in flight, %d creates each, in %d interleaved rounds):\n",
           PARALLEL, CREATES, ROUNDS);
    printf("  bare libmicrohttpd fixed answer (baseline): %8.0f req/s\n", baseline);
    printf("  custty sandbox create:                      %8.0f creates/s  (ratio to bare: %.2f)\n", sandbox, sandbox / baseline);
    MHD_stop_daemon(bare);
    sandbox_stop(sb);
    provider_set_done(&set);
    g_free(bare_url), g_free(base), g_free(url), g_free(errors);
    curl_global_cleanup();
    return 0;
}
