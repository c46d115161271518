#include "net/transfer.h"

#include "model/auth.h"
#include "model/jsonpath.h"
#include "model/quota.h"
#include "model/text.h"

#include <string.h>

/* ---- messages ------------------------------------------------------------- */

static void post_log(Transfer *t, NetLogLevel level, char *text)
{
    if (t->job->quiet) {
        g_free(text);
        return;
    }
    NetMessage *m = g_new0(NetMessage, 1);
    m->kind = NET_MSG_LOG;
    m->job_id = t->id;
    m->level = level;
    m->text = text;
    net_post(t->nt, m);
}

static void post_stage(Transfer *t, NetStage stage, gint64 bytes)
{
    if (t->job->quiet)
        return;
    NetMessage *m = g_new0(NetMessage, 1);
    m->kind = NET_MSG_PROGRESS;
    m->job_id = t->id;
    m->stage = stage;
    m->bytes = bytes;
    m->elapsed_us = g_get_monotonic_time() - t->started_us;
    net_post(t->nt, m);
}

/* ---- callbacks ------------------------------------------------------------ */

static size_t on_body(char *data, size_t size, size_t n, void *user)
{
    Transfer *t = user;
    size_t len = size * n;
    if (t->body->len + len > t->job->limits.max_response) {
        t->too_big = true;
        return 0; /* aborts the transfer */
    }
    g_string_append_len(t->body, data, (gssize)len);
    return len;
}

static size_t on_header(char *data, size_t size, size_t n, void *user)
{
    Transfer *t = user;
    g_string_append_len(t->raw_headers, data, (gssize)(size * n));
    return size * n;
}

static NetStage stage_of(const Transfer *t, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow)
{
    curl_off_t connect_us = 0;
    curl_easy_getinfo(t->easy, CURLINFO_APPCONNECT_TIME_T, &connect_us);
    if (!connect_us)
        curl_easy_getinfo(t->easy, CURLINFO_CONNECT_TIME_T, &connect_us);
    if (dlnow > 0 || t->raw_headers->len > 0)
        return STAGE_RECEIVING;
    if (ultotal > 0 && ulnow >= ultotal)
        return STAGE_WAITING;
    return connect_us > 0 || ulnow > 0 ? STAGE_SENDING : STAGE_CONNECTING;
}

static int on_progress(void *user, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow)
{
    Transfer *t = user;
    (void)dltotal;
    t->uploaded = MAX(t->uploaded, ulnow);
    NetStage stage = stage_of(t, dlnow, ultotal, ulnow);
    if (stage != t->stage || (stage == STAGE_RECEIVING && dlnow > 0)) {
        bool changed = stage != t->stage;
        t->stage = stage;
        if (changed || dlnow % 65536 < 1024)
            post_stage(t, stage, dlnow);
    }
    return 0;
}

/* ---- setup ------------------------------------------------------------------- */

/* The request's headers, with the token's header (bearer, basic, header) attached now. */
static struct curl_slist *header_list(NetJob *job)
{
    struct curl_slist *list = NULL;
    for (size_t i = 0; i < job->request.n_headers; i++) {
        char *line = g_strdup_printf("%s: %s", job->request.headers[i].name, job->request.headers[i].value);
        list = curl_slist_append(list, line);
        g_free(line);
    }
    const char *name = NULL;
    char *value = NULL;
    if (auth_header(job->d, job->token, &name, &value)) {
        char *line = g_strdup_printf("%s: %s", name, value);
        list = curl_slist_append(list, line);
        text_free_secret(line);
        text_free_secret(value);
    }
    list = curl_slist_append(list, "Expect:"); /* no 100-continue round trip */
    return list;
}

/* The query scheme: the URL curl uses gets ?PARAM=TOKEN (encoded), the
 * request's own URL (what is shown and kept) never does. */
static void attach_query_token(Transfer *t)
{
    const NetJob *job = t->job;
    if (job->d->auth != AUTH_QUERY || !job->token || !*job->token)
        return;
    char *url = net_url_add_query(job->request.url, job->d->auth_query_param, job->token, &t->echoes[1]);
    /* curl keeps a copy; NULL (a URL curl could not extend) sends nothing. */
    curl_easy_setopt(t->easy, CURLOPT_URL, url);
    text_free_secret(url);
}

/* Whether TEXT is the same percent-encoded: no URL echo of it to look for. */
static bool url_unreserved(const char *text)
{
    for (const char *p = text; *p; p++)
        if (!g_ascii_isalnum(*p) && !strchr("-._~", *p))
            return false;
    return true;
}

/* What the provider might echo of the token (a redirect's Location, an
 * error page) is kept to mask it there; the job's own copy is wiped now. */
static void forget_token(Transfer *t)
{
    NetJob *job = t->job;
    if (job->d->auth == AUTH_QUERY && t->echoes[1] && *t->echoes[1]) {
        /* The pair is specific enough to mask whatever the key's length. */
        char *mask = text_mask_secret(job->token);
        t->echo_pair = g_strdup_printf("%s=%s", job->d->auth_query_param, t->echoes[1]);
        t->pair_mask = g_strdup_printf("%s=%s", job->d->auth_query_param, mask);
        g_free(mask);
    }
    if (job->token && strlen(job->token) >= TRANSFER_ECHO_MIN) {
        t->echoes[0] = g_strdup(job->token);
        if (!t->echoes[1] && !url_unreserved(job->token)) /* the form a URL would carry it in, whatever the scheme */
            text_free_secret(net_url_add_query(job->request.url, "t", job->token, &t->echoes[1]));
        if (job->d->auth == AUTH_BASIC)
            t->echoes[2] = g_base64_encode((const guchar *)job->token, strlen(job->token));
    }
    if (!t->echoes[0] || g_strcmp0(t->echoes[1], t->echoes[0]) == 0)
        text_free_secret(t->echoes[1]), t->echoes[1] = NULL;
    text_free_secret(job->token);
    job->token = NULL;
}

static void wipe_headers(struct curl_slist *list)
{
    for (struct curl_slist *l = list; l; l = l->next)
        explicit_bzero(l->data, strlen(l->data));
    curl_slist_free_all(list);
}

static void set_limits(CURL *c, const NetLimits *lim)
{
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, lim->connect_timeout_ms);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, lim->total_timeout_ms);
    curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, lim->stall_seconds);
    curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)lim->max_response);
}

static void set_safety(CURL *c)
{
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
    curl_easy_setopt(c, CURLOPT_NETRC, (long)CURL_NETRC_IGNORED);
    curl_easy_setopt(c, CURLOPT_USERAGENT, "custty/" CUSTTY_VERSION);
}

static void set_request(Transfer *t)
{
    CURL *c = t->easy;
    const Request *r = &t->job->request;
    curl_easy_setopt(c, CURLOPT_URL, r->url);
    /* Several at once (create --from): over HTTPS wait for the first
     * connection and share it where the server speaks HTTP/2, rather than
     * opening one each. Plain http stays HTTP/1.1, one connection each. */
    if (g_str_has_prefix(r->url, "https://"))
        curl_easy_setopt(c, CURLOPT_PIPEWAIT, 1L);
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, r->method);
    if (r->body) {
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, r->body);
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)strlen(r->body));
    }
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, t->headers);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, t);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, t);
    curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
    curl_easy_setopt(c, CURLOPT_XFERINFODATA, t);
    curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, t->error);
    curl_easy_setopt(c, CURLOPT_PRIVATE, t);
}

/* ---- debug logging (secrets masked) ---------------------------------------------- */

static char *masked_body(const Descriptor *d, const char *body)
{
    cJSON *doc = request_masked_body(d, body);
    if (!doc)
        return g_strdup(body ? "(not JSON)" : "(none)");
    char *text = cJSON_PrintUnformatted(doc);
    cJSON_Delete(doc);
    return text;
}

static char *masked_request(Transfer *t)
{
    const Request *r = &t->job->request;
    GString *s = g_string_new(NULL);
    char *url = auth_masked_url(t->job->d, r->url, t->job->token);
    g_string_append_printf(s, "> %s %s\n", r->method, url);
    g_free(url);
    for (size_t i = 0; i < r->n_headers; i++)
        g_string_append_printf(s, "> %s: %s\n", r->headers[i].name, r->headers[i].value);
    char *auth = auth_masked_header_line(t->job->d, t->job->token);
    if (auth)
        g_string_append_printf(s, "> %s\n", auth);
    g_free(auth);
    char *body = masked_body(t->job->d, r->body);
    g_string_append_printf(s, "> %s", body);
    g_free(body);
    return g_string_free(s, FALSE);
}

static void log_request(Transfer *t)
{
    if (t->job->quiet)
        return; /* nobody reads it: the request is known to whoever built it */
    t->request_text = masked_request(t);
    post_log(t, NET_LOG_DEBUG, g_strdup(t->request_text));
}

Transfer *transfer_new(NetThread *nt, guint64 id, NetJob *job)
{
    Transfer *t = g_new0(Transfer, 1);
    t->nt = nt;
    t->id = id;
    t->job = job;
    t->body = g_string_sized_new(4096); /* most answers in one go, not a dozen doublings */
    t->raw_headers = g_string_new(NULL);
    t->started_us = g_get_monotonic_time();
    char *why = NULL;
    if (!net_url_allowed(job->request.url, &why)) {
        g_snprintf(t->error, sizeof t->error, "the URL %s", why);
        g_free(why);
        transfer_finish(t, CURLE_UNSUPPORTED_PROTOCOL, false);
        return NULL;
    }
    log_request(t);
    t->easy = curl_easy_init();
    t->headers = header_list(job);
    set_safety(t->easy);
    net_url_guard(t->easy, job->request.url, &t->guard);
    set_limits(t->easy, &job->limits);
    set_request(t);
    attach_query_token(t);
    forget_token(t);
    post_stage(t, STAGE_CONNECTING, 0);
    t->stage = STAGE_CONNECTING;
    return t;
}

/* ---- the end: an outcome ------------------------------------------------------ */

static char *header_value(const char *raw, const char *name)
{
    char *value = NULL;
    size_t n = strlen(name);
    for (const char *l = raw; l && *l;) { /* the last block wins: after a 100, the real answer */
        const char *end = strchr(l, '\n');
        size_t len = end ? (size_t)(end - l) : strlen(l);
        if (len > n && g_ascii_strncasecmp(l, name, n) == 0 && l[n] == ':') {
            g_free(value);
            value = g_strstrip(g_strndup(l + n + 1, len - n - 1));
        }
        l = end ? end + 1 : NULL;
    }
    return value;
}

/* The quota the answer's headers give, by the names D's rate_limit says. */
static Quota quota_of(const Descriptor *d, const char *raw)
{
    Quota q = { 0 };
    char *limit = d && d->ratelimit_limit_header ? header_value(raw, d->ratelimit_limit_header) : NULL;
    char *left = d && d->ratelimit_remaining_header ? header_value(raw, d->ratelimit_remaining_header) : NULL;
    q.remaining = quota_number(left);
    q.said = q.remaining >= 0;
    q.limit = MAX(0, quota_number(limit));
    g_free(limit), g_free(left);
    return q;
}

static char *request_id_of(const char *raw)
{
    static const char *const names[] = { "X-Request-Id", "Request-Id", "X-Amzn-RequestId", "X-Correlation-Id" };
    char *id = NULL;
    for (size_t i = 0; i < G_N_ELEMENTS(names) && !id; i++)
        id = header_value(raw, names[i]);
    return id;
}

static const char *transport_words(CURLcode code, const Transfer *t)
{
    if (t->too_big || code == CURLE_FILESIZE_EXCEEDED)
        return "the response is larger than the cap";
    return t->error[0] ? t->error : curl_easy_strerror(code);
}

/* No status came: not sent if no byte of the body left, else nobody can tell. */
static void read_transport_failure(Transfer *t, CURLcode code, bool cancelled, NetResult *r)
{
    if (t->guard.refused[0] && !r->body_sent) {
        r->outcome = OUTCOME_NOT_SENT;
        r->error = g_strdup_printf("%s; nothing was sent", t->guard.refused);
        return;
    }
    r->outcome = r->body_sent ? OUTCOME_UNKNOWN : OUTCOME_NOT_SENT;
    const char *what = cancelled ? "cancelled" : transport_words(code, t);
    r->error = g_strdup_printf("%s %s", what,
                               r->body_sent ? "after the request was sent" : "before the request was sent");
}

static void read_redirect(Transfer *t, NetResult *r)
{
    r->location = header_value(t->raw_headers->str, "Location");
    r->outcome = OUTCOME_REJECTED;
    r->error = g_strdup_printf("the provider answered %d and redirects to %s; custty does not follow "
                               "redirects: check the base URL", r->status, r->location ? r->location : "(nowhere)");
}

static void read_answer(Transfer *t, CURLcode code, bool cancelled, NetResult *r)
{
    bool complete = code == CURLE_OK && !cancelled;
    if (r->status >= 300 && r->status < 400)
        return read_redirect(t, r);
    response_read(t->job->d, r->status, t->body->str, t->body->len, &r->response);
    r->outcome = r->response.outcome;
    if (!complete) {
        /* The status came but the body did not: a 2xx the descriptor
         * documents still means created (response_read said which). */
        r->error = g_strdup_printf("the answer was cut short (%s)", cancelled ? "cancelled" : transport_words(code, t));
        if (r->status < 200 || r->status >= 300)
            r->outcome = OUTCOME_UNKNOWN;
    }
}

/* Each copy of the token in TEXT masked. */
static void mask_echoes(const Transfer *t, GString *text)
{
    if (t->echo_pair)
        g_string_replace(text, t->echo_pair, t->pair_mask, 0);
    for (size_t i = 0; i < G_N_ELEMENTS(t->echoes); i++) {
        if (!t->echoes[i])
            continue;
        char *mask = text_mask_secret(t->echoes[i]);
        g_string_replace(text, t->echoes[i], mask, 0);
        g_free(mask);
    }
}

/* A redirect (http to https keeps the query), an error page or curl's error
 * may carry the URL the token went in: masked before anything reads them. */
static void mask_answer(Transfer *t)
{
    if (!t->echoes[0] && !t->echo_pair)
        return;
    mask_echoes(t, t->body);
    mask_echoes(t, t->raw_headers);
    GString *error = g_string_new(t->error);
    mask_echoes(t, error);
    g_strlcpy(t->error, error->str, sizeof t->error);
    g_string_free(error, TRUE);
}

static NetResult *build_result(Transfer *t, CURLcode code, bool cancelled)
{
    mask_answer(t);
    NetResult *r = g_new0(NetResult, 1);
    long status = 0;
    curl_off_t retry = 0;
    if (t->easy) {
        curl_off_t up = 0;
        curl_easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &status);
        curl_easy_getinfo(t->easy, CURLINFO_RETRY_AFTER, &retry);
        curl_easy_getinfo(t->easy, CURLINFO_SIZE_UPLOAD_T, &up);
        t->uploaded = MAX(t->uploaded, up);
    }
    r->status = (int)status;
    r->retry_after_s = (long)retry;
    r->body_sent = t->uploaded > 0;
    r->unstarted = t->unstarted;
    r->elapsed_us = g_get_monotonic_time() - t->started_us;
    r->request_text = g_strdup(t->request_text ? t->request_text : "");
    r->request_id = request_id_of(t->raw_headers->str);
    if (status)
        r->quota = quota_of(t->job->d, t->raw_headers->str);
    char *replayed = header_value(t->raw_headers->str, "Idempotent-Replayed");
    r->replayed = replayed && g_ascii_strcasecmp(replayed, "true") == 0;
    g_free(replayed);
    if (!t->easy)
        r->outcome = OUTCOME_NOT_SENT, r->error = g_strdup(t->error);
    else if (status == 0)
        read_transport_failure(t, code, cancelled, r);
    else
        read_answer(t, code, cancelled, r);
    /* What came, handed over rather than copied (the transfer is about to go). */
    r->raw_len = t->body->len;
    r->raw_body = g_string_free(t->body, FALSE);
    r->raw_headers = g_string_free(t->raw_headers, FALSE);
    t->body = t->raw_headers = NULL;
    return r;
}

/* What the log says an answer was: a create's outcome, or for a read or a
 * delete only what its status says ("unknown" there would read as a
 * create whose fate nobody knows). */
static const char *answer_word(const Transfer *t, const NetResult *r)
{
    if (strcmp(t->job->request.method, t->job->d->create_method) == 0 || !r->status)
        return outcome_name(r->outcome);
    return r->status < 300 ? "ok" : r->status == 429 ? "rate limited" : r->status < 500 ? "refused" : "server error";
}

static char *summary_line(const Transfer *t, const NetResult *r)
{
    GString *s = g_string_new(NULL);
    g_string_append_printf(s, "%s %s → ", t->job->request.method, t->job->request.url);
    if (r->status)
        g_string_append_printf(s, "%d", r->status);
    else
        g_string_append(s, "no answer");
    g_string_append_printf(s, " in %lld ms, %zu bytes, %s", (long long)(r->elapsed_us / 1000), r->raw_len,
                           answer_word(t, r));
    if (r->response.id)
        g_string_append_printf(s, ", id %s", r->response.id);
    if (r->request_id)
        g_string_append_printf(s, ", request id %s", r->request_id);
    if (r->replayed)
        g_string_append(s, " (idempotent replay)");
    if (r->error)
        g_string_append_printf(s, ": %s", r->error);
    return g_string_free(s, FALSE);
}

static void log_answer(Transfer *t, const NetResult *r)
{
    if (t->job->quiet)
        return; /* nobody reads it */
    post_log(t, r->outcome == OUTCOME_CREATED ? NET_LOG_INFO : NET_LOG_WARN, summary_line(t, r));
    if (r->status)
        post_log(t, NET_LOG_DEBUG, g_strdup_printf("< %s< %.*s", r->raw_headers, (int)MIN(r->raw_len, 65536),
                                                   r->raw_body));
}

TransferHint transfer_finish(Transfer *t, CURLcode code, bool cancelled)
{
    NetResult *r = build_result(t, code, cancelled);
    TransferHint hint = { r->outcome == OUTCOME_RATE_LIMITED, r->quota.said, quota_is_low(r->quota) };
    log_answer(t, r);
    NetMessage *m = g_new0(NetMessage, 1);
    m->kind = NET_MSG_DONE;
    m->job_id = t->id;
    m->result = r;
    m->elapsed_us = r->elapsed_us;
    net_post(t->nt, m);
    if (t->easy)
        curl_easy_cleanup(t->easy);
    wipe_headers(t->headers);
    if (t->body)
        g_string_free(t->body, TRUE);
    if (t->raw_headers)
        g_string_free(t->raw_headers, TRUE);
    g_free(t->request_text);
    for (size_t i = 0; i < G_N_ELEMENTS(t->echoes); i++)
        text_free_secret(t->echoes[i]);
    text_free_secret(t->echo_pair);
    g_free(t->pair_mask);
    net_job_free(t->job);
    g_free(t);
    return hint;
}
