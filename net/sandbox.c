/* The sandbox server: one libmicrohttpd daemon, a thread per connection, and
 * under each mount ("/botpenguin", "/prolifi", …) a provider the engine
 * serves from its descriptor (sandbox_engine.c). Faults, streams, logging. */
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
#define STREAM_BLOCK (64 * 1024)
#define TRICKLE_MS 100
#define IDLE_TIMEOUT_S 10

struct Sandbox {
    struct MHD_Daemon *daemon;
    SandboxOptions opt;
    char *host;
    char *create_faults, *read_faults;
    gint reads;                  /* GETs served, for read_faults_from */
    unsigned port;
    GPtrArray *providers;        /* SbProvider, one per descriptor with a sandbox section */
    GMutex rng_lock;
    GRand *rng;                  /* fault draws */
    GMutex stop_lock;            /* stopping and stop_cond: wakes every wait at stop */
    GCond stop_cond;
    bool stopping;
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

/* ---- waiting ---------------------------------------------------------------- */

/* Waits MS milliseconds, or less when the sandbox stops (false then): a
 * latency or a trickle must never hold sandbox_stop up. */
static bool sandbox_nap(Sandbox *sb, unsigned ms)
{
    gint64 until = g_get_monotonic_time() + (gint64)ms * 1000;
    g_mutex_lock(&sb->stop_lock);
    while (!sb->stopping && g_cond_wait_until(&sb->stop_cond, &sb->stop_lock, until))
        ;
    bool awake = !sb->stopping;
    g_mutex_unlock(&sb->stop_lock);
    return awake;
}

/* ---- faults --------------------------------------------------------------- */

/* Reads one fault word into F; why it is refused (g_free), or NULL. Values
 * are bounded: latency=4000000000 would hold a thread for weeks. */
static char *parse_fault(const char *word, Faults *f)
{
    guint64 n = 0;
    if (g_str_has_prefix(word, "latency=")) {
        if (!g_ascii_string_to_unsigned(word + 8, 10, 0, SANDBOX_MAX_LATENCY_MS, &n, NULL))
            return g_strdup_printf("latency takes whole milliseconds from 0 to %u (got \"%.40s\")",
                                   SANDBOX_MAX_LATENCY_MS, word + 8);
        f->latency_ms += (unsigned)n;
    } else if (g_str_has_prefix(word, "status=")) {
        if (!g_ascii_string_to_unsigned(word + 7, 10, 400, 599, &n, NULL))
            return g_strdup_printf("status takes an error status from 400 to 599 (got \"%.40s\")", word + 7);
        f->status = (int)n;
    } else if (strcmp(word, "drop") == 0)
        f->drop = true;
    else if (strcmp(word, "garbage") == 0)
        f->garbage = true;
    else if (strcmp(word, "huge") == 0)
        f->huge = true;
    else if (strcmp(word, "trickle") == 0)
        f->trickle = true;
    else if (strcmp(word, "reset") == 0)
        f->reset = true;
    else if (*word)
        return g_strdup_printf("unknown fault \"%.40s\" (faults: latency=MS, status=CODE, drop, reset, "
                               "garbage, huge, trickle)", word);
    return NULL;
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
        g_free(parse_fault(menu[pick], f));
}

/* Reads a comma-separated LIST into F; why it is refused (g_free), or NULL. */
static char *parse_faults(const char *list, Faults *f)
{
    gchar **words = g_strsplit(list ? list : "", ",", -1);
    char *why = NULL;
    unsigned latency = f->latency_ms;
    for (gchar **w = words; *w && !why; w++)
        why = parse_fault(g_strstrip(*w), f);
    g_strfreev(words);
    if (!why && f->latency_ms - latency > SANDBOX_MAX_LATENCY_MS)
        why = g_strdup_printf("latency adds up to more than %u ms", SANDBOX_MAX_LATENCY_MS);
    return why;
}

/* The faults of one request; *REFUSED (g_free) says why its header is refused. */
static Faults read_faults(Sandbox *sb, struct MHD_Connection *conn, const char *method, char **refused)
{
    Faults f = { .latency_ms = sb->opt.latency_ms };
    *refused = parse_faults(MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-Sandbox-Fault"), &f);
    if (strcmp(method, "POST") == 0)
        g_free(parse_faults(sb->opt.create_faults, &f)); /* checked at start */
    unsigned nth = strcmp(method, "GET") == 0 && sb->opt.read_faults ? (unsigned)g_atomic_int_add(&sb->reads, 1) + 1 : 0;
    unsigned from = sb->opt.read_faults_from, count = sb->opt.read_faults_count;
    if (nth && nth >= from && (!count || nth < MAX(from, 1) + count))
        g_free(parse_faults(sb->opt.read_faults, &f)); /* a test's own: trusted */
    random_fault(sb, &f);
    /* --latency, the header and --create-fault together wait no longer either. */
    f.latency_ms = MIN(f.latency_ms, SANDBOX_MAX_LATENCY_MS);
    return f;
}

/* ---- responses with faults ------------------------------------------------ */

typedef struct {
    Sandbox *sb;
    char *body;                  /* NULL for huge: its bytes are made as they go */
    size_t len;
    size_t sent;
    bool drop, trickle;
    gint64 trickle_until_us;     /* after this, the rest goes at once */
} Stream;

static const char HUGE_HEAD[] = "{\"data\":{\"id\":\"huge\",\"padding\":\"";
static const char HUGE_TAIL[] = "\"}}";

/* N bytes of the huge answer from POS: a JSON object padded with x to 20 MB,
 * made on the fly so that a client that reads slowly holds no 20 MB buffer. */
static void huge_bytes(size_t pos, char *buf, size_t n)
{
    size_t head = sizeof HUGE_HEAD - 1, tail_at = HUGE_BYTES - (sizeof HUGE_TAIL - 1);
    for (size_t i = 0; i < n; i++, pos++)
        buf[i] = pos < head ? HUGE_HEAD[pos] : pos < tail_at ? 'x' : HUGE_TAIL[pos - tail_at];
}

static size_t stream_chunk(Stream *s, size_t max)
{
    if (s->drop)
        return MIN(max, s->len / 2);
    if (s->trickle && g_get_monotonic_time() < s->trickle_until_us)
        return 1;
    return MIN(max, s->len - s->sent);
}

/* Trickles a byte every 100 ms (for at most SANDBOX_MAX_LATENCY_MS), or (drop)
 * sends a little and breaks off; any answer ends at once when the sandbox stops. */
static ssize_t stream_read(void *cls, uint64_t pos, char *buf, size_t max)
{
    Stream *s = cls;
    (void)pos;
    if (s->drop && s->sent > 0)
        return MHD_CONTENT_READER_END_WITH_ERROR;
    if (s->sent >= s->len)
        return MHD_CONTENT_READER_END_OF_STREAM;
    size_t n = stream_chunk(s, max);
    if (n == 1 && s->trickle && !sandbox_nap(s->sb, TRICKLE_MS))
        return MHD_CONTENT_READER_END_WITH_ERROR;
    if (s->body)
        memcpy(buf, s->body + s->sent, n);
    else
        huge_bytes(s->sent, buf, n);
    s->sent += n;
    return (ssize_t)n;
}

static void stream_free(void *cls)
{
    Stream *s = cls;
    g_free(s->body);
    g_free(s);
}

static void apply_body_faults(const Faults *f, SbReply *r)
{
    if (f->garbage) {
        g_free(r->body);
        r->body = g_strdup("<!doctype html><html><body>upstream error \xff\xfe\x01</body></html>");
        r->body_len = strlen(r->body);
    }
}

static struct MHD_Response *make_response(Sandbox *sb, const Faults *f, SbReply *r)
{
    bool huge = f->huge && !f->garbage;
    if (f->drop || f->trickle || huge) {
        Stream *s = g_new0(Stream, 1);
        s->sb = sb;
        s->body = huge ? NULL : r->body;
        s->len = huge ? HUGE_BYTES : r->body_len;
        s->drop = f->drop;
        s->trickle = f->trickle;
        s->trickle_until_us = g_get_monotonic_time() + (gint64)SANDBOX_MAX_LATENCY_MS * 1000;
        if (!huge)
            r->body = NULL;
        /* A declared length the drop never reaches: the client sees a cut body. */
        return MHD_create_response_from_callback(s->len, STREAM_BLOCK, stream_read, s, stream_free);
    }
    struct MHD_Response *resp = MHD_create_response_from_buffer(r->body_len, r->body, MHD_RESPMEM_MUST_FREE);
    r->body = NULL;
    return resp;
}

/* ---- routing --------------------------------------------------------------- */

/* The provider URL is under, its credential read into REQ, and the path below its mount. */
static SbProvider *find_provider(Sandbox *sb, const char *url, SbRequest *req)
{
    for (guint i = 0; i < sb->providers->len; i++) {
        SbProvider *p = sb->providers->pdata[i];
        size_t n = strlen(sb_provider_mount(p));
        if (strncmp(url, sb_provider_mount(p), n) == 0 && (url[n] == '/' || url[n] == '\0')) {
            req->path = url[n] ? url + n : "/";
            req->token = NULL;
            sb_provider_credential(p, req);
            return p;
        }
    }
    return NULL;
}

static void reset_all(Sandbox *sb)
{
    for (guint i = 0; i < sb->providers->len; i++)
        sb_provider_reset(sb->providers->pdata[i]);
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
static bool body_acceptable(SbProvider *p, SbRequest *req, Upload *up, SbReply *reply, cJSON **json)
{
    if (up->too_big) {
        sb_provider_error(p, req, reply, 413, "the request body is over 1 MiB");
        return false;
    }
    if (up->body->len == 0)
        return true;
    if (!is_json_content(req->conn)) {
        sb_provider_error(p, req, reply, 415, "Content-Type must be application/json");
        return false;
    }
    int line = 0, col = 0;
    *json = json_parse_located(up->body->str, up->body->len, &line, &col);
    if (!*json) {
        char *msg = g_strdup_printf("the body is not valid JSON (line %d, column %d)", line, col);
        sb_provider_error(p, req, reply, 400, msg);
        g_free(msg);
        return false;
    }
    req->json = *json;
    return true;
}

static void dispatch(Sandbox *sb, const char *url, SbRequest *req, Upload *up, const Faults *f, SbReply *reply)
{
    SbProvider *p = strcmp(url, "/_sandbox/reset") == 0 ? NULL : find_provider(sb, url, req);
    if (!p) {
        if (strcmp(url, "/_sandbox/reset") == 0 && strcmp(req->method, "POST") == 0) {
            reset_all(sb);
            sb_reply_json(reply, 200, cJSON_Parse("{\"reset\":true}"));
        } else {
            sb_reply_json(reply, 404, cJSON_Parse("{\"error\":\"no such path on the custty sandbox\"}"));
        }
        return;
    }
    cJSON *json = NULL;
    if (!body_acceptable(p, req, up, reply, &json))
        return;
    if (f->status >= 400) {
        char *msg = g_strdup_printf("fault injected: status %d", f->status);
        sb_provider_error(p, req, reply, f->status, msg);
        g_free(msg);
    } else {
        sb_provider_handle(p, req, reply);
    }
    cJSON_Delete(json);
}

/* A fault header out of bounds: a 400 that names the limit, in the
 * provider's own format, and nothing done. */
static void refuse_faults(Sandbox *sb, const char *url, SbRequest *req, const char *why, SbReply *reply)
{
    SbProvider *p = find_provider(sb, url, req);
    char *msg = g_strdup_printf("X-Sandbox-Fault refused: %s", why);
    if (p) {
        sb_provider_error(p, req, reply, 400, msg);
    } else {
        cJSON *doc = cJSON_CreateObject();
        cJSON_AddStringToObject(doc, "error", msg);
        sb_reply_json(reply, 400, doc);
    }
    g_free(msg);
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

static enum MHD_Result send_reply(Sandbox *sb, struct MHD_Connection *conn, const Faults *f, SbReply *r)
{
    apply_body_faults(f, r);
    struct MHD_Response *resp = make_response(sb, f, r);
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
    char *refused = NULL;
    Faults f = read_faults(sb, conn, method, &refused);
    if (refused)
        f = (Faults){ 0 };
    else if (f.latency_ms && !sandbox_nap(sb, f.latency_ms))
        return MHD_NO; /* stopping: the connection closes unanswered */
    SbRequest req = { .method = method, .conn = conn, .token = bearer_token(conn) };
    SbReply reply = { .status = 500, .headers = g_ptr_array_new_with_free_func(g_free) };
    if (refused)
        refuse_faults(sb, url, &req, refused, &reply);
    else
        dispatch(sb, url, &req, up, &f, &reply);
    g_free(refused);
    log_request(sb, method, url, &reply, req.token, up->started_us);
    g_free(req.token_buf);
    /* reset: the work is done, but the connection closes with no answer at all. */
    enum MHD_Result ret = f.reset ? MHD_NO : send_reply(sb, conn, &f, &reply);
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

static void create_providers(Sandbox *sb, const ProviderSet *set)
{
    sb->providers = g_ptr_array_new_with_free_func((GDestroyNotify)sb_provider_free);
    for (size_t i = 0; i < set->count; i++)
        if (sandbox_speaks(set->items[i]))
            g_ptr_array_add(sb->providers, sb_provider_new(set->items[i], &sb->opt));
}

static void fill_defaults(SandboxOptions *o)
{
    if (!o->host)
        o->host = "127.0.0.1";
    if (!o->rate_limit)
        o->rate_limit = 1000;
    if (!o->max_customers)
        o->max_customers = 10000;
    o->max_customers = MAX(o->max_customers, o->seed_customers);
    if (!o->seed)
        o->seed = (unsigned)g_get_real_time();
    if (!o->idle_timeout_s)
        o->idle_timeout_s = IDLE_TIMEOUT_S;
}

/* What no request could change later: a bad value is refused at start. */
static bool check_options(const SandboxOptions *o, char **err)
{
    Faults f = { 0 };
    char *why = parse_faults(o->create_faults, &f);
    if (why) {
        *err = g_strdup_printf("--create-fault: %s", why);
        g_free(why);
        return false;
    }
    if (o->latency_ms > SANDBOX_MAX_LATENCY_MS) {
        *err = g_strdup_printf("--latency takes milliseconds from 0 to %u", SANDBOX_MAX_LATENCY_MS);
        return false;
    }
    struct sockaddr_storage ss;
    bool v6 = false;
    if (!o->allow_remote && sandbox_address(o->host, 0, &ss, &v6) && !sandbox_host_is_loopback(o->host)) {
        *err = g_strdup_printf("--host %s is not a loopback address: anyone who reaches it could use the "
                               "sandbox's well-known tokens; add --allow-remote if you mean it", o->host);
        return false;
    }
    return true;
}

static SbProvider *provider_named(const Sandbox *sb, const char *name);

/* --token NAME=T names a provider served here: a typo must not go unseen. */
static bool check_tokens(const Sandbox *sb, char **err)
{
    static const char NAME_CHARS[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-";
    char *why = NULL;
    for (const char *const *t = sb->opt.tokens; t && *t && !why; t++) {
        const char *eq = strchr(*t, '=');
        char *name = eq ? g_strndup(*t, (gsize)(eq - *t)) : NULL;
        bool named = name && *name && strspn(name, NAME_CHARS) == strlen(name);
        if (!**t)
            why = g_strdup("--token needs a token, e.g. --token prolifi=sk_test_mine; an empty one would let an "
                           "empty credential in");
        else if (named && !provider_named(sb, name))
            why = g_strdup_printf("--token %s=…: the sandbox serves no provider \"%s\" (see `custty providers`)",
                                  name, name);
        else if (named && !eq[1])
            why = g_strdup_printf("--token %s= needs a token after the =, e.g. --token %s=T", name, name);
        g_free(name);
    }
    if (why)
        *err = why;
    return !why;
}

/* On the socket sandbox_listen bound already (the console shows its port
 * before this module is loaded), or on the address of the options. */
/* On the socket bound before the module loaded (sandbox_listen), or on SA. */
static struct MHD_Daemon *open_daemon(Sandbox *sb, unsigned flags, struct sockaddr *sa)
{
    /* every loopback client has the same address: no per-address limit there */
    unsigned per_ip = sandbox_host_is_loopback(sb->opt.host) ? 0u : SANDBOX_MAX_PER_ADDRESS;
    if (sb->opt.listen_fd > 0)
        return MHD_start_daemon(flags, 0, NULL, NULL, on_request, sb,
                                MHD_OPTION_LISTEN_SOCKET, (MHD_socket)sb->opt.listen_fd,
                                MHD_OPTION_NOTIFY_COMPLETED, on_completed, sb,
                                MHD_OPTION_CONNECTION_TIMEOUT, sb->opt.idle_timeout_s,
                                MHD_OPTION_CONNECTION_LIMIT, SANDBOX_MAX_CONNECTIONS,
                                MHD_OPTION_PER_IP_CONNECTION_LIMIT, per_ip, MHD_OPTION_END);
    return MHD_start_daemon(flags, (uint16_t)sb->opt.port, NULL, NULL, on_request, sb,
                            MHD_OPTION_SOCK_ADDR, sa,
                            MHD_OPTION_NOTIFY_COMPLETED, on_completed, sb,
                            MHD_OPTION_CONNECTION_TIMEOUT, sb->opt.idle_timeout_s,
                            MHD_OPTION_CONNECTION_LIMIT, SANDBOX_MAX_CONNECTIONS,
                            MHD_OPTION_PER_IP_CONNECTION_LIMIT, per_ip, MHD_OPTION_END);
}

static bool start_daemon(Sandbox *sb, char **err)
{
    struct sockaddr_storage ss;
    bool v6 = false;
    if (!sandbox_address(sb->opt.host, sb->opt.port, &ss, &v6)) {
        *err = g_strdup_printf("--host %s is not an IP address (use 127.0.0.1 or ::1)", sb->opt.host);
        return false;
    }
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION | MHD_USE_ITC |
                     (v6 ? MHD_USE_IPv6 : 0);
    sb->daemon = open_daemon(sb, flags, (struct sockaddr *)&ss);
    if (!sb->daemon) {
        *err = g_strdup_printf("cannot listen on %s port %u (in use, or not an address of this machine)",
                               sb->opt.host, sb->opt.port);
        return false;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(sb->daemon, MHD_DAEMON_INFO_BIND_PORT);
    sb->port = info && info->port ? info->port : sb->opt.port;
    return true;
}

/* Before the first request can come: a list never sees half a seeding. */
static bool seed_providers(Sandbox *sb, char **err)
{
    for (guint i = 0; sb->opt.seed_customers && i < sb->providers->len; i++)
        if (!sb_provider_seed(sb->providers->pdata[i], sb->opt.seed_customers, sb->opt.seed, err))
            return false;
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
    g_mutex_init(&sb->stop_lock);
    g_cond_init(&sb->stop_cond);
    sb->rng = g_rand_new_with_seed(sb->opt.seed);
    create_providers(sb, set);
    if (!check_options(&sb->opt, err) || !check_tokens(sb, err) || !seed_providers(sb, err) ||
        !start_daemon(sb, err)) {
        sandbox_stop(sb);
        return NULL;
    }
    return sb;
}

void sandbox_stop(Sandbox *sb)
{
    if (!sb)
        return;
    g_mutex_lock(&sb->stop_lock);
    sb->stopping = true;
    g_cond_broadcast(&sb->stop_cond);
    g_mutex_unlock(&sb->stop_lock);
    if (sb->daemon)
        MHD_stop_daemon(sb->daemon);
    if (sb->providers)
        g_ptr_array_free(sb->providers, TRUE);
    g_rand_free(sb->rng);
    g_mutex_clear(&sb->rng_lock);
    g_mutex_clear(&sb->stop_lock);
    g_cond_clear(&sb->stop_cond);
    g_free(sb->host);
    g_free(sb->create_faults);
    g_free(sb->read_faults);
    g_free(sb);
}

unsigned sandbox_port(const Sandbox *sb)
{
    return sb->port;
}

static SbProvider *provider_named(const Sandbox *sb, const char *name)
{
    for (guint i = 0; i < sb->providers->len; i++)
        if (strcmp(sb_provider_descriptor(sb->providers->pdata[i])->name, name) == 0)
            return sb->providers->pdata[i];
    return NULL;
}

char *sandbox_base_url(const Sandbox *sb, const char *provider)
{
    SbProvider *p = provider_named(sb, provider);
    if (!p)
        return NULL;
    bool v6 = strchr(sb->host, ':') != NULL;
    /* The name is a file's: escaped, as requests arrive decoded. */
    char *mount = g_uri_escape_string(sb_provider_mount(p), "/", FALSE);
    char *url = g_strdup_printf("http://%s%s%s:%u%s%s", v6 ? "[" : "", sb->host, v6 ? "]" : "", sb->port, mount,
                                sb_provider_descriptor(p)->sandbox.base_path);
    g_free(mount);
    return url;
}

const char *sandbox_token_for(const Sandbox *sb, const char *provider)
{
    SbProvider *p = sb ? provider_named(sb, provider) : NULL;
    return p ? sb_provider_token(p, true) : NULL;
}

const char *sandbox_read_token_for(const Sandbox *sb, const char *provider)
{
    SbProvider *p = sb ? provider_named(sb, provider) : NULL;
    return p ? sb_provider_token(p, false) : NULL;
}
