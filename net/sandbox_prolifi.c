/* The sandbox's Prolifi Public API under /api/v1/public: customers create, list,
 * get (by id or external_id) and archive; idempotency keys, per-key rate
 * limits, and {"error": {type, message, errors[]}} errors. */
#include "net/sandbox_internal.h"

#include "model/jsonpath.h"
#include "net/sandbox_store.h"

#include <string.h>

#define IDEMPOTENCY_TTL_US (24 * G_TIME_SPAN_HOUR)
#define IDEMPOTENCY_MAX_KEY 255

typedef struct {
    gint64 window_start_us;
    unsigned count;
} RateWindow;

typedef struct {
    int status;
    char *body;
    char *request;           /* the body it answered, compact: a key names one body */
    gint64 stored_us;
} Replay;

typedef struct {
    SbBase base;             /* base.store.lock also guards everything below */
    GHashTable *rates;       /* token → RateWindow */
    GHashTable *replays;     /* token + key → Replay */
    GQueue replay_order;     /* keys, oldest first, for the cap */
} Prolifi;

static const char *type_for(int status)
{
    switch (status) {
    case 401: return "authentication_error";
    case 403: return "permission_error";
    case 404: return "not_found";
    case 409: return "conflict";
    case 422: return "validation_error";
    case 429: return "rate_limit_error";
    default: return status >= 500 ? "api_error" : "invalid_request";
    }
}

static cJSON *error_doc(int status, const char *message)
{
    cJSON *doc = cJSON_CreateObject();
    cJSON *err = cJSON_AddObjectToObject(doc, "error");
    cJSON_AddStringToObject(err, "type", type_for(status));
    cJSON_AddStringToObject(err, "message", message);
    return doc;
}

/* ---- rate limits ----------------------------------------------------------- */

static bool has_header(const SbReply *reply, const char *name)
{
    for (guint i = 0; i + 1 < reply->headers->len; i += 2)
        if (g_ascii_strcasecmp(reply->headers->pdata[i], name) == 0)
            return true;
    return false;
}

/* Counts a request against TOKEN's minute (when COUNT) and writes the headers.
 * Returns the seconds to wait when the limit is passed, else 0. Lock held. */
static long rate_account(Prolifi *p, const char *token, SbReply *reply, bool count)
{
    const char *key = token ? token : "";
    RateWindow *w = g_hash_table_lookup(p->rates, key);
    gint64 now = g_get_monotonic_time();
    if (!w) {
        w = g_new0(RateWindow, 1);
        g_hash_table_insert(p->rates, g_strdup(key), w);
    }
    if (now - w->window_start_us >= G_TIME_SPAN_MINUTE || w->window_start_us == 0)
        w->window_start_us = now, w->count = 0;
    bool over = count && w->count >= p->base.opt->rate_limit;
    if (count && !over)
        w->count++;
    char *limit = g_strdup_printf("%u", p->base.opt->rate_limit);
    char *left = g_strdup_printf("%u", p->base.opt->rate_limit - MIN(w->count, p->base.opt->rate_limit));
    if (!has_header(reply, "X-RateLimit-Limit")) {
        sb_reply_header(reply, "X-RateLimit-Limit", limit);
        sb_reply_header(reply, "X-RateLimit-Remaining", left);
    }
    g_free(limit), g_free(left);
    return over ? MAX(1, (long)((w->window_start_us + G_TIME_SPAN_MINUTE - now) / G_USEC_PER_SEC) + 1) : 0;
}

static void pro_error(void *state, const SbRequest *req, SbReply *reply, int status, const char *message)
{
    Prolifi *p = state;
    g_mutex_lock(&p->base.store.lock);
    rate_account(p, req->token, reply, false);
    g_mutex_unlock(&p->base.store.lock);
    sb_reply_json(reply, status, error_doc(status, message));
}

/* ---- state ------------------------------------------------------------------- */

static void replay_free(gpointer data)
{
    Replay *r = data;
    g_free(r->body);
    g_free(r->request);
    g_free(r);
}

static void *pro_create(const Descriptor *d, const SandboxOptions *opt)
{
    Prolifi *p = g_new0(Prolifi, 1);
    sb_base_init(&p->base, d, opt, "id", 0x9e0u);
    p->rates = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    p->replays = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, replay_free);
    g_queue_init(&p->replay_order);
    return p;
}

static void clear_replays(Prolifi *p)
{
    g_hash_table_remove_all(p->replays);
    g_queue_clear_full(&p->replay_order, g_free);
}

static void pro_destroy(void *state)
{
    Prolifi *p = state;
    clear_replays(p);
    g_hash_table_destroy(p->replays);
    g_hash_table_destroy(p->rates);
    sb_base_done(&p->base);
    g_free(p);
}

static void pro_reset(void *state)
{
    Prolifi *p = state;
    g_mutex_lock(&p->base.store.lock);
    sb_store_clear(&p->base.store);
    clear_replays(p);
    g_hash_table_remove_all(p->rates);
    g_mutex_unlock(&p->base.store.lock);
}

/* ---- idempotency ------------------------------------------------------------- */

static const Replay *replay_find(Prolifi *p, const char *key)
{
    Replay *r = g_hash_table_lookup(p->replays, key);
    return r && g_get_monotonic_time() - r->stored_us < IDEMPOTENCY_TTL_US ? r : NULL;
}

static void replay_store(Prolifi *p, const char *key, const char *request, const SbReply *reply)
{
    Replay *r = g_new0(Replay, 1);
    r->status = reply->status;
    r->body = g_strndup(reply->body, reply->body_len);
    r->request = g_strdup(request);
    r->stored_us = g_get_monotonic_time();
    g_hash_table_replace(p->replays, g_strdup(key), r);
    g_queue_push_tail(&p->replay_order, g_strdup(key));
    while (p->replay_order.length > p->base.store.cap) {
        char *old = g_queue_pop_head(&p->replay_order);
        g_hash_table_remove(p->replays, old);
        g_free(old);
    }
}

/* ---- create ------------------------------------------------------------------ */

static void reply_invalid(SbReply *reply, const Problems *problems)
{
    cJSON *doc = error_doc(422, "The given data was invalid.");
    cJSON *errs = cJSON_AddArrayToObject(cJSON_GetObjectItem(doc, "error"), "errors");
    for (size_t i = 0; i < problems->count; i++) {
        cJSON *e = cJSON_CreateObject();
        char *msg = g_strdup_printf("The %s %s.", problems->items[i].field, problems->items[i].message);
        cJSON_AddStringToObject(e, "field", problems->items[i].field);
        cJSON_AddStringToObject(e, "message", msg);
        cJSON_AddItemToArray(errs, e);
        g_free(msg);
    }
    sb_reply_json(reply, 422, doc);
}

static cJSON *string_or_null(const char *s)
{
    return s && *s ? cJSON_CreateString(s) : cJSON_CreateNull();
}

/* first_name/last_name as given, else split from name at the first space. */
static void split_name(const cJSON *body, char **first, char **last)
{
    const char *f = sb_body_string(body, "first_name"), *l = sb_body_string(body, "last_name");
    const char *name = sb_body_string(body, "name");
    *first = f ? g_strdup(f) : NULL;
    *last = l ? g_strdup(l) : NULL;
    if ((f || l) || !name)
        return;
    char *trimmed = g_strstrip(g_strdup(name));
    char *space = strchr(trimmed, ' ');
    *first = space ? g_strndup(trimmed, (gsize)(space - trimmed)) : g_strdup(trimmed);
    *last = space ? g_strstrip(g_strdup(space + 1)) : NULL;
    g_free(trimmed);
}

static char *full_name(const cJSON *body, const char *first, const char *last)
{
    if (first && last)
        return g_strdup_printf("%s %s", first, last);
    const char *name = sb_body_string(body, "name");
    return g_strdup(first ? first : last ? last : name);
}

static void add_copy(cJSON *rec, const cJSON *body, const char *key)
{
    const cJSON *v = jsonpath_get(body, key);
    cJSON_AddItemToObject(rec, key, v ? cJSON_Duplicate(v, true) : cJSON_CreateNull());
}

/* The Customer schema of seed 002, in its order. Lock held (ids). */
static cJSON *new_customer(Prolifi *p, const cJSON *body)
{
    char *first = NULL, *last = NULL;
    split_name(body, &first, &last);
    char *name = full_name(body, first, last), *id = sb_uuid4(p->base.rng), *now = sb_iso_time(0);
    cJSON *rec = cJSON_CreateObject();
    cJSON_AddStringToObject(rec, "id", id);
    add_copy(rec, body, "external_id");
    add_copy(rec, body, "email");
    cJSON_AddItemToObject(rec, "name", string_or_null(name));
    cJSON_AddItemToObject(rec, "first_name", string_or_null(first));
    cJSON_AddItemToObject(rec, "last_name", string_or_null(last));
    add_copy(rec, body, "company_name");
    /* The docs: a company name makes the customer a business. */
    cJSON_AddStringToObject(rec, "type", sb_body_string(body, "company_name") ? "business" : "individual");
    add_copy(rec, body, "phone");
    cJSON_AddStringToObject(rec, "status", "active");
    cJSON_AddNullToObject(rec, "country");
    add_copy(rec, body, "country_id");
    add_copy(rec, body, "metadata");
    cJSON_AddStringToObject(rec, "created_at", now);
    cJSON_AddStringToObject(rec, "updated_at", now);
    g_free(first), g_free(last), g_free(name), g_free(id), g_free(now);
    return rec;
}

static cJSON *wrap_data(cJSON *item)
{
    cJSON *doc = cJSON_CreateObject();
    cJSON_AddItemToObject(doc, "data", item);
    return doc;
}

/* The create itself, lock held. */
static void create_locked(Prolifi *p, const SbRequest *req, SbReply *reply)
{
    Problems problems;
    bool valid = sb_check_body(p->base.d, req->json, &problems);
    if (!valid)
        reply_invalid(reply, &problems);
    problems_done(&problems);
    if (!valid)
        return;
    const char *external = sb_body_string(req->json, "external_id");
    if (external && sb_store_find_key(&p->base.store, external)) {
        char *msg = g_strdup_printf("A customer with external_id %s already exists.", external);
        sb_reply_json(reply, 409, error_doc(409, msg));
        g_free(msg);
        return;
    }
    cJSON *rec = new_customer(p, req->json);
    cJSON *copy = cJSON_Duplicate(rec, true);
    sb_store_add(&p->base.store, rec, external);
    sb_reply_json(reply, 201, wrap_data(copy));
}

/* Stripe's rules, which Prolifi's document leaves open: an answer is kept
 * only once the create ran (2xx, or a 409 about the data); a refusal of the
 * request itself (400, 422) is not, so a corrected body may use the key
 * again; a kept key sent with another body is a conflict, never a replay. */
static bool worth_keeping(int status)
{
    return (status >= 200 && status <= 299) || status == 409;
}

static void reply_replay(const Replay *seen, SbReply *reply)
{
    reply->status = seen->status;
    reply->body = g_strdup(seen->body);
    reply->body_len = strlen(reply->body);
    sb_reply_header(reply, "Idempotent-Replayed", "true");
}

static void reply_key_reused(const char *key, SbReply *reply)
{
    char *msg = g_strdup_printf("Idempotency-Key %s was already used with another request body; a key may only be "
                                "sent again with the same body. Use a new key for a new request.", key);
    sb_reply_json(reply, 409, error_doc(409, msg));
    g_free(msg);
}

static void pro_post(Prolifi *p, const SbRequest *req, SbReply *reply)
{
    const char *key = sb_header(req, "Idempotency-Key");
    if (key && strlen(key) > IDEMPOTENCY_MAX_KEY)
        return sb_reply_json(reply, 400, error_doc(400, "Idempotency-Key must be at most 255 characters."));
    char *slot = key ? g_strdup_printf("%s\n%s", req->token, key) : NULL;
    char *request = req->json ? cJSON_PrintUnformatted(req->json) : g_strdup("");
    const Replay *seen = slot ? replay_find(p, slot) : NULL;
    if (seen && strcmp(seen->request, request) != 0) {
        reply_key_reused(key, reply);
    } else if (seen) {
        reply_replay(seen, reply);
    } else {
        create_locked(p, req, reply);
        if (slot && worth_keeping(reply->status))
            replay_store(p, slot, request, reply);
    }
    g_free(slot), g_free(request);
}

/* ---- reads ----------------------------------------------------------------------- */

static bool matches_email(const cJSON *rec, const char *email)
{
    const char *e = jsonpath_string(rec, "email");
    return !email || (e && g_ascii_strcasecmp(e, email) == 0);
}

static void pro_list(Prolifi *p, const SbRequest *req, SbReply *reply)
{
    const char *ls = sb_query(req, "limit"), *os = sb_query(req, "offset");
    const char *email = p->base.opt->ignore_filters ? NULL : sb_query(req, "email");
    long limit = ls ? g_ascii_strtoll(ls, NULL, 10) : 20, offset = os ? g_ascii_strtoll(os, NULL, 10) : 0;
    if (limit < 1 || limit > 100 || offset < 0)
        return sb_reply_json(reply, 400, error_doc(400, "limit must be 1 to 100 and offset 0 or more."));
    cJSON *data = cJSON_CreateArray();
    long total = 0;
    for (GList *l = p->base.store.order.head; l; l = l->next) {
        if (!matches_email(l->data, email))
            continue;
        if (total >= offset && total < offset + limit)
            cJSON_AddItemToArray(data, cJSON_Duplicate(l->data, true));
        total++;
    }
    cJSON *doc = wrap_data(data);
    cJSON *page = cJSON_AddObjectToObject(doc, "pagination");
    cJSON_AddNumberToObject(page, "total", (double)total);
    cJSON_AddNumberToObject(page, "limit", (double)limit);
    cJSON_AddNumberToObject(page, "offset", (double)offset);
    cJSON_AddBoolToObject(page, "has_more", offset + limit < total);
    sb_reply_json(reply, 200, doc);
}

static cJSON *find_customer(Prolifi *p, const char *id)
{
    cJSON *rec = (cJSON *)sb_store_find_id(&p->base.store, id);
    return rec ? rec : (cJSON *)sb_store_find_key(&p->base.store, id);
}

static void pro_get_or_archive(Prolifi *p, const SbRequest *req, SbReply *reply, const char *id, bool archive)
{
    cJSON *rec = find_customer(p, id);
    if (!rec)
        return sb_reply_json(reply, 404, error_doc(404, "Customer not found."));
    if (archive)
        cJSON_ReplaceItemInObject(rec, "status", cJSON_CreateString("archived"));
    (void)req;
    sb_reply_json(reply, 200, wrap_data(cJSON_Duplicate(rec, true)));
}

/* ---- routing ------------------------------------------------------------------- */

static bool authorised(Prolifi *p, const SbRequest *req, SbReply *reply, bool writes)
{
    bool secret = req->token && strcmp(req->token, p->base.opt->prolifi_secret) == 0;
    bool public = req->token && strcmp(req->token, p->base.opt->prolifi_public) == 0;
    if (!secret && !public) {
        sb_reply_json(reply, 401, error_doc(401, "Invalid API key provided."));
        return false;
    }
    if (writes && !secret) {
        sb_reply_json(reply, 403, error_doc(403, "This API key is read-only (pk_); use a secret key (sk_) to write."));
        return false;
    }
    return true;
}

static void route(Prolifi *p, const SbRequest *req, SbReply *reply)
{
    bool get = strcmp(req->method, "GET") == 0, post = strcmp(req->method, "POST") == 0;
    bool del = strcmp(req->method, "DELETE") == 0;
    char *id = NULL;
    bool collection = strcmp(req->path, "/api/v1/public/customers") == 0;
    bool item = sb_path_id(req->path, "/api/v1/public/customers", &id);
    if (!(collection && (get || post)) && !(item && (get || del)))
        sb_reply_json(reply, 404, error_doc(404, "No such endpoint."));
    else if (authorised(p, req, reply, post || del))
        collection ? (post ? pro_post(p, req, reply) : pro_list(p, req, reply))
                   : pro_get_or_archive(p, req, reply, id, del);
    g_free(id);
}

static void pro_handle(void *state, const SbRequest *req, SbReply *reply)
{
    Prolifi *p = state;
    g_mutex_lock(&p->base.store.lock);
    long wait = rate_account(p, req->token, reply, true);
    if (wait) {
        char *secs = g_strdup_printf("%ld", wait);
        sb_reply_header(reply, "Retry-After", secs);
        sb_reply_json(reply, 429, error_doc(429, "Too many requests; retry after the Retry-After seconds."));
        g_free(secs);
    } else {
        route(p, req, reply);
    }
    g_mutex_unlock(&p->base.store.lock);
}

const SbProviderOps sb_prolifi_ops = {
    .name = "prolifi",
    .mount = "/prolifi",
    .api_root = "/api/v1/public",
    .create = pro_create,
    .destroy = pro_destroy,
    .reset = pro_reset,
    .handle = pro_handle,
    .error = pro_error,
};
