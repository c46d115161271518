/* The sandbox server: one libmicrohttpd daemon, a thread per connection, and a
 * provider module under each mount ("/botpenguin", "/billing-v1", "/prolifi"). */
#include "net/sandbox.h"

#include "model/jsonpath.h"
#include "model/safe_text.h"
#include "model/text.h"
#include "net/sandbox_internal.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <string.h>

#define BODY_CAP (1024 * 1024)
#define HUGE_BYTES (20 * 1024 * 1024)
#define TRICKLE_US (100 * 1000)
#define CLIENT_TIMEOUT_S 10

static const SbProviderOps *const PROVIDERS[] = { &sb_botpenguin_ops, &sb_billing_ops, &sb_prolifi_ops };
#define N_PROVIDERS G_N_ELEMENTS(PROVIDERS)

struct Sandbox {
    struct MHD_Daemon *daemon;
    SandboxOptions opt;
    char *host;
    char *create_faults, *read_faults;
    gint reads;                  /* GETs served, for read_faults_from */
    unsigned port;
    void *state[N_PROVIDERS];    /* NULL where the descriptor is missing */
    GMutex rng_lock;
    GRand *rng;                  /* fault draws */
};

/* What one request accumulates while its body arrives. */
typedef struct {
    GString *body;
    bool too_big;
    gint64 started_us;
} Upload;

typedef struct {
    bool drop, garbage, huge, trickle, reset;
    int status;
    unsigned latency_ms;
} Faults;

/* ---- faults --------------------------------------------------------------- */

static void parse_fault(const char *word, Faults *f)
{
    if (g_str_has_prefix(word, "latency="))
        f->latency_ms += (unsigned)g_ascii_strtoull(word + 8, NULL, 10);
    else if (g_str_has_prefix(word, "status="))
        f->status = (int)g_ascii_strtoull(word + 7, NULL, 10);
    else if (strcmp(word, "drop") == 0)
        f->drop = true;
    else if (strcmp(word, "garbage") == 0)
        f->garbage = true;
    else if (strcmp(word, "huge") == 0)
        f->huge = true;
    else if (strcmp(word, "trickle") == 0)
        f->trickle = true;
    else if (strcmp(word, "reset") == 0)
        f->reset = true;
}

static void random_fault(Sandbox *sb, Faults *f)
{
    static const char *const menu[] = { "status=500", "status=503", "drop", "garbage", "latency=1500" };
    if (sb->opt.fault_rate <= 0)
        return;
    g_mutex_lock(&sb->rng_lock);
    bool hit = g_rand_double(sb->rng) < sb->opt.fault_rate;
    int pick = g_rand_int_range(sb->rng, 0, G_N_ELEMENTS(menu));
    g_mutex_unlock(&sb->rng_lock);
    if (hit)
        parse_fault(menu[pick], f);
}

static void parse_faults(const char *list, Faults *f)
{
    gchar **words = g_strsplit(list ? list : "", ",", -1);
    for (gchar **w = words; *w; w++)
        parse_fault(g_strstrip(*w), f);
    g_strfreev(words);
}

static Faults read_faults(Sandbox *sb, struct MHD_Connection *conn, const char *method)
{
    Faults f = { .latency_ms = sb->opt.latency_ms };
    parse_faults(MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-Sandbox-Fault"), &f);
    if (strcmp(method, "POST") == 0)
        parse_faults(sb->opt.create_faults, &f);
    if (strcmp(method, "GET") == 0 && sb->opt.read_faults &&
        (unsigned)g_atomic_int_add(&sb->reads, 1) + 1 >= sb->opt.read_faults_from)
        parse_faults(sb->opt.read_faults, &f);
    random_fault(sb, &f);
    return f;
}

/* ---- responses with faults ------------------------------------------------ */

typedef struct {
    char *body;
    size_t len;
    size_t sent;
    bool drop;
} Stream;

/* Trickles a byte every 100 ms, or (drop) sends a little and breaks off. */
static ssize_t stream_read(void *cls, uint64_t pos, char *buf, size_t max)
{
    Stream *s = cls;
    (void)pos;
    if (s->drop && s->sent > 0)
        return MHD_CONTENT_READER_END_WITH_ERROR;
    if (s->sent >= s->len)
        return MHD_CONTENT_READER_END_OF_STREAM;
    size_t n = s->drop ? MIN(max, s->len / 2) : 1;
    if (!s->drop)
        g_usleep(TRICKLE_US);
    memcpy(buf, s->body + s->sent, n);
    s->sent += n;
    return (ssize_t)n;
}

static void stream_free(void *cls)
{
    Stream *s = cls;
    g_free(s->body);
    g_free(s);
}

static char *huge_body(size_t *len)
{
    static const char head[] = "{\"data\":{\"id\":\"huge\",\"padding\":\"";
    static const char tail[] = "\"}}";
    char *b = g_malloc(HUGE_BYTES);
    memcpy(b, head, sizeof head - 1);
    memset(b + sizeof head - 1, 'x', HUGE_BYTES - (sizeof head - 1) - (sizeof tail - 1));
    memcpy(b + HUGE_BYTES - (sizeof tail - 1), tail, sizeof tail - 1);
    *len = HUGE_BYTES;
    return b;
}

static void apply_body_faults(const Faults *f, SbReply *r)
{
    if (f->garbage) {
        g_free(r->body);
        r->body = g_strdup("<!doctype html><html><body>upstream error \xff\xfe\x01</body></html>");
        r->body_len = strlen(r->body);
    } else if (f->huge) {
        g_free(r->body);
        r->body = huge_body(&r->body_len);
    }
}

static struct MHD_Response *make_response(const Faults *f, SbReply *r)
{
    if (f->drop || f->trickle) {
        Stream *s = g_new0(Stream, 1);
        s->body = r->body;
        s->len = r->body_len;
        s->drop = f->drop;
        r->body = NULL;
        /* A declared length the drop never reaches: the client sees a cut body. */
        return MHD_create_response_from_callback(s->len, 1, stream_read, s, stream_free);
    }
    struct MHD_Response *resp = MHD_create_response_from_buffer(r->body_len, r->body, MHD_RESPMEM_MUST_FREE);
    r->body = NULL;
    return resp;
}

/* ---- routing --------------------------------------------------------------- */

static int find_provider(const char *url, const char **rest)
{
    for (size_t i = 0; i < N_PROVIDERS; i++) {
        size_t n = strlen(PROVIDERS[i]->mount);
        if (strncmp(url, PROVIDERS[i]->mount, n) == 0 && (url[n] == '/' || url[n] == '\0')) {
            *rest = url + n;
            return (int)i;
        }
    }
    return -1;
}

static void reset_all(Sandbox *sb)
{
    for (size_t i = 0; i < N_PROVIDERS; i++)
        if (sb->state[i])
            PROVIDERS[i]->reset(sb->state[i]);
}

static const char *bearer_token(struct MHD_Connection *conn)
{
    const char *auth = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Authorization");
    if (auth && g_ascii_strncasecmp(auth, "Bearer ", 7) == 0)
        return auth + 7;
    return NULL;
}

static bool is_json_content(struct MHD_Connection *conn)
{
    const char *ct = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Type");
    return ct && g_ascii_strncasecmp(ct, "application/json", 16) == 0;
}

/* Checks what every provider checks of a body, in the provider's own words. */
static bool body_acceptable(int p, void *state, SbRequest *req, Upload *up, SbReply *reply, cJSON **json)
{
    if (up->too_big) {
        PROVIDERS[p]->error(state, req, reply, 413, "the request body is over 1 MiB");
        return false;
    }
    if (up->body->len == 0)
        return true;
    if (!is_json_content(req->conn)) {
        PROVIDERS[p]->error(state, req, reply, 415, "Content-Type must be application/json");
        return false;
    }
    int line = 0, col = 0;
    *json = json_parse_located(up->body->str, up->body->len, &line, &col);
    if (!*json) {
        char *msg = g_strdup_printf("the body is not valid JSON (line %d, column %d)", line, col);
        PROVIDERS[p]->error(state, req, reply, 400, msg);
        g_free(msg);
        return false;
    }
    req->json = *json;
    return true;
}

static void dispatch(Sandbox *sb, const char *url, SbRequest *req, Upload *up, const Faults *f, SbReply *reply)
{
    const char *rest = NULL;
    int p = find_provider(url, &rest);
    if (p < 0 || !sb->state[p]) {
        if (strcmp(url, "/_sandbox/reset") == 0 && strcmp(req->method, "POST") == 0) {
            reset_all(sb);
            sb_reply_json(reply, 200, cJSON_Parse("{\"reset\":true}"));
        } else {
            sb_reply_json(reply, 404, cJSON_Parse("{\"error\":\"no such path on the custty sandbox\"}"));
        }
        return;
    }
    req->path = *rest ? rest : "/";
    cJSON *json = NULL;
    if (!body_acceptable(p, sb->state[p], req, up, reply, &json))
        return;
    if (f->status >= 400) {
        char *msg = g_strdup_printf("fault injected: status %d", f->status);
        PROVIDERS[p]->error(sb->state[p], req, reply, f->status, msg);
        g_free(msg);
    } else {
        PROVIDERS[p]->handle(sb->state[p], req, reply);
    }
    cJSON_Delete(json);
}

/* ---- logging --------------------------------------------------------------- */

static void log_request(Sandbox *sb, const char *method, const char *url, const SbReply *r,
                        const char *token, gint64 started_us)
{
    if (!sb->opt.log)
        return;
    GDateTime *now = g_date_time_new_now_local();
    char *clock = g_date_time_format(now, "%H:%M:%S");
    char *mask = text_mask_secret(token);
    char *line = g_strdup_printf("%s.%03d %s %s %d %lldms token=%s", clock,
                                 g_date_time_get_microsecond(now) / 1000, method, url, r->status,
                                 (long long)((g_get_monotonic_time() - started_us) / 1000), mask);
    /* The path (percent-decoded) and the token are whatever a client sent. */
    char *safe = safe_text(line, strlen(line));
    sb->opt.log(sb->opt.log_user, safe);
    g_free(safe);
    g_free(line);
    g_free(mask);
    g_free(clock);
    g_date_time_unref(now);
}

/* ---- the daemon's callbacks ------------------------------------------------ */

static enum MHD_Result send_reply(struct MHD_Connection *conn, const Faults *f, SbReply *r)
{
    apply_body_faults(f, r);
    struct MHD_Response *resp = make_response(f, r);
    MHD_add_response_header(resp, "Content-Type", "application/json");
    for (guint i = 0; i + 1 < r->headers->len; i += 2)
        MHD_add_response_header(resp, r->headers->pdata[i], r->headers->pdata[i + 1]);
    enum MHD_Result ret = MHD_queue_response(conn, (unsigned)r->status, resp);
    MHD_destroy_response(resp);
    return ret;
}

static bool declared_too_big(struct MHD_Connection *conn)
{
    const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Content-Length");
    return cl && g_ascii_strtoull(cl, NULL, 10) > BODY_CAP;
}

static void take_upload(Upload *up, const char *data, size_t *size)
{
    if (up->body->len + *size > BODY_CAP)
        up->too_big = true;
    else
        g_string_append_len(up->body, data, (gssize)*size);
    *size = 0;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version, const char *data,
                                  size_t *size, void **con_cls)
{
    Sandbox *sb = cls;
    (void)version;
    Upload *up = *con_cls;
    if (!up) {
        up = g_new0(Upload, 1);
        up->body = g_string_new(NULL);
        up->started_us = g_get_monotonic_time();
        up->too_big = declared_too_big(conn);
        *con_cls = up;
        if (!up->too_big)
            return MHD_YES; /* the body, if any, comes in the next calls */
    }
    if (*size) {
        take_upload(up, data, size);
        return MHD_YES;
    }
    Faults f = read_faults(sb, conn, method);
    if (f.latency_ms)
        g_usleep((gulong)f.latency_ms * 1000);
    SbRequest req = { .method = method, .conn = conn, .token = bearer_token(conn) };
    SbReply reply = { .status = 500, .headers = g_ptr_array_new_with_free_func(g_free) };
    dispatch(sb, url, &req, up, &f, &reply);
    log_request(sb, method, url, &reply, req.token, up->started_us);
    /* reset: the work is done, but the connection closes with no answer at all. */
    enum MHD_Result ret = f.reset ? MHD_NO : send_reply(conn, &f, &reply);
    g_free(reply.body);
    g_ptr_array_free(reply.headers, TRUE);
    return ret;
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode why)
{
    (void)cls, (void)conn, (void)why;
    Upload *up = *con_cls;
    if (up) {
        g_string_free(up->body, TRUE);
        g_free(up);
    }
    *con_cls = NULL;
}

/* ---- start and stop --------------------------------------------------------- */

static bool parse_address(const char *host, unsigned port, struct sockaddr_storage *ss, bool *v6)
{
    memset(ss, 0, sizeof *ss);
    struct sockaddr_in *in4 = (struct sockaddr_in *)ss;
    struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)ss;
    if (inet_pton(AF_INET, host, &in4->sin_addr) == 1) {
        in4->sin_family = AF_INET;
        in4->sin_port = htons((uint16_t)port);
        *v6 = false;
        return true;
    }
    if (inet_pton(AF_INET6, host, &in6->sin6_addr) == 1) {
        in6->sin6_family = AF_INET6;
        in6->sin6_port = htons((uint16_t)port);
        *v6 = true;
        return true;
    }
    return false;
}

static void create_providers(Sandbox *sb, const ProviderSet *set)
{
    for (size_t i = 0; i < N_PROVIDERS; i++) {
        const Descriptor *d = provider_set_find(set, PROVIDERS[i]->name);
        sb->state[i] = d ? PROVIDERS[i]->create(d, &sb->opt) : NULL;
    }
}

static void fill_defaults(SandboxOptions *o)
{
    if (!o->host)
        o->host = "127.0.0.1";
    if (!o->rate_limit)
        o->rate_limit = 1000;
    if (!o->max_customers)
        o->max_customers = 10000;
    if (!o->token)
        o->token = SANDBOX_TOKEN;
    if (!o->prolifi_secret)
        o->prolifi_secret = SANDBOX_PROLIFI_SECRET;
    if (!o->prolifi_public)
        o->prolifi_public = SANDBOX_PROLIFI_PUBLIC;
    if (!o->seed)
        o->seed = (unsigned)g_get_real_time();
}

static bool start_daemon(Sandbox *sb, char **err)
{
    struct sockaddr_storage ss;
    bool v6 = false;
    if (!parse_address(sb->opt.host, sb->opt.port, &ss, &v6)) {
        *err = g_strdup_printf("--host %s is not an IP address (use 127.0.0.1 or ::1)", sb->opt.host);
        return false;
    }
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION | MHD_USE_ITC |
                     (v6 ? MHD_USE_IPv6 : 0);
    sb->daemon = MHD_start_daemon(flags, (uint16_t)sb->opt.port, NULL, NULL, on_request, sb,
                                  MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
                                  MHD_OPTION_NOTIFY_COMPLETED, on_completed, sb,
                                  MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)CLIENT_TIMEOUT_S,
                                  MHD_OPTION_CONNECTION_LIMIT, 256u, MHD_OPTION_END);
    if (!sb->daemon) {
        *err = g_strdup_printf("cannot listen on %s port %u (in use, or not an address of this machine)",
                               sb->opt.host, sb->opt.port);
        return false;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(sb->daemon, MHD_DAEMON_INFO_BIND_PORT);
    sb->port = info ? info->port : sb->opt.port;
    return true;
}

Sandbox *sandbox_start(const SandboxOptions *opt, const ProviderSet *set, char **err)
{
    Sandbox *sb = g_new0(Sandbox, 1);
    sb->opt = *opt;
    fill_defaults(&sb->opt);
    sb->host = g_strdup(sb->opt.host);
    sb->opt.host = sb->host;
    sb->create_faults = g_strdup(sb->opt.create_faults);
    sb->opt.create_faults = sb->create_faults;
    sb->read_faults = g_strdup(sb->opt.read_faults);
    sb->opt.read_faults = sb->read_faults;
    g_mutex_init(&sb->rng_lock);
    sb->rng = g_rand_new_with_seed(sb->opt.seed);
    create_providers(sb, set);
    if (!start_daemon(sb, err)) {
        sandbox_stop(sb);
        return NULL;
    }
    return sb;
}

void sandbox_stop(Sandbox *sb)
{
    if (!sb)
        return;
    if (sb->daemon)
        MHD_stop_daemon(sb->daemon);
    for (size_t i = 0; i < N_PROVIDERS; i++)
        if (sb->state[i])
            PROVIDERS[i]->destroy(sb->state[i]);
    g_rand_free(sb->rng);
    g_mutex_clear(&sb->rng_lock);
    g_free(sb->host);
    g_free(sb->create_faults);
    g_free(sb->read_faults);
    g_free(sb);
}

unsigned sandbox_port(const Sandbox *sb)
{
    return sb->port;
}

bool sandbox_speaks(const char *provider)
{
    for (size_t i = 0; i < N_PROVIDERS; i++)
        if (strcmp(PROVIDERS[i]->name, provider) == 0)
            return true;
    return false;
}

char *sandbox_base_url(const Sandbox *sb, const char *provider)
{
    bool v6 = strchr(sb->host, ':') != NULL;
    for (size_t i = 0; i < N_PROVIDERS; i++)
        if (strcmp(PROVIDERS[i]->name, provider) == 0 && sb->state[i])
            return g_strdup_printf("http://%s%s%s:%u%s%s", v6 ? "[" : "", sb->host, v6 ? "]" : "",
                                   sb->port, PROVIDERS[i]->mount, PROVIDERS[i]->api_root);
    return NULL;
}

const char *sandbox_token_for(const Sandbox *sb, const char *provider)
{
    bool prolifi = strcmp(provider, "prolifi") == 0;
    if (!sb)
        return prolifi ? SANDBOX_PROLIFI_SECRET : SANDBOX_TOKEN;
    return prolifi ? sb->opt.prolifi_secret : sb->opt.token;
}
