/* The sandbox engine: one provider served from its descriptor alone. Routes
 * come from create and endpoints, auth from auth, checks from fields, the
 * answers' shapes from the sandbox section (model/sandbox_spec.h). */
#include "net/sandbox_engine.h"

#include "model/body_check.h"
#include "model/jsonpath.h"
#include "model/request.h"
#include "model/sample_customer.h"
#include "model/validate.h"

#include <string.h>

/* ---- routes ------------------------------------------------------------------ */

static void add_route(SbProvider *p, SbAction action, const char *method, const char *path)
{
    if (!path)
        return;
    SbRoute *r = &p->routes[p->n_routes++];
    char *plain = g_strndup(path, strcspn(path, "?#")); /* a documented query is not part of the route */
    const char *at = strstr(plain, "{id}");
    *r = (SbRoute){ .action = action, .method = method, .with_id = at != NULL };
    r->head = at ? g_strndup(plain, (gsize)(at - plain)) : g_strdup(plain);
    r->tail = g_strdup(at ? at + 4 : "");
    g_free(plain);
}

static void make_routes(SbProvider *p)
{
    const Descriptor *d = p->d;
    add_route(p, SB_CREATE, d->create_method, d->create_path);
    add_route(p, SB_CREATE, d->create_method, d->legacy_create_path);
    add_route(p, SB_LIST, "GET", d->list_path);
    add_route(p, SB_GET, "GET", d->get_path);
    add_route(p, SB_DELETE, "DELETE", d->delete_path);
}

/* Whether PATH is R's; *ID gets its id (g_free) when R has one. */
static bool route_matches(const SbRoute *r, const char *path, char **id)
{
    if (!r->with_id)
        return strcmp(path, r->head) == 0;
    size_t n = strlen(path), head = strlen(r->head), tail = strlen(r->tail);
    if (n <= head + tail || strncmp(path, r->head, head) != 0 || strcmp(path + n - tail, r->tail) != 0)
        return false;
    /* PATH arrives percent-decoded already: decoding again would find "50%41off" as "50Aoff". */
    char *segment = g_strndup(path + head, n - head - tail);
    if (strchr(segment, '/'))
        g_free(segment), segment = NULL;
    *id = segment;
    return *id != NULL;
}

/* The route of METHOD PATH, or NULL. */
static const SbRoute *find_route(const SbProvider *p, const char *method, const char *path, char **id)
{
    for (size_t i = 0; i < p->n_routes; i++) {
        if (strcmp(p->routes[i].method, method) != 0)
            continue;
        if (route_matches(&p->routes[i], path, id))
            return &p->routes[i];
    }
    return NULL;
}

/* ---- tokens -------------------------------------------------------------------- */

/* A token of --token takes the place of the demo token of its kind (one that
 * may create, or one that may only read). */
static void use_token(SbProvider *p, const char *token)
{
    bool creates = sandbox_token_may_create(p->d, token);
    guint n = g_strv_length(p->tokens);
    for (guint i = 0; i < n; i++) {
        if (sandbox_token_may_create(p->d, p->tokens[i]) == creates) {
            g_free(p->tokens[i]);
            p->tokens[i] = g_strdup(token);
            return;
        }
    }
    p->tokens = g_renew(char *, p->tokens, n + 2);
    p->tokens[n] = g_strdup(token);
    p->tokens[n + 1] = NULL;
}

/* --token NAME=T is for provider NAME; a bare T for every provider whose
 * token pattern takes it. */
static void apply_tokens(SbProvider *p)
{
    size_t n = strlen(p->d->name);
    for (const char *const *t = p->opt->tokens; t && *t; t++) {
        if (strncmp(*t, p->d->name, n) == 0 && (*t)[n] == '=') {
            use_token(p, *t + n + 1);
            continue;
        }
        FieldCheck c;
        validate_token(p->d, *t, false, &c);
        if (c.ok && !strchr(*t, '='))
            use_token(p, *t);
        field_check_done(&c);
    }
}

/* ---- the provider ----------------------------------------------------------------- */

SbProvider *sb_provider_new(const Descriptor *d, const SandboxOptions *opt)
{
    SbProvider *p = g_new0(SbProvider, 1);
    p->d = d;
    p->spec = &d->sandbox;
    p->opt = opt;
    p->hook = sb_hook_named(p->spec->hook);
    p->mount = g_strdup_printf("/%s", d->name);
    p->tokens = g_strdupv(p->spec->tokens ? p->spec->tokens : (char *[]){ NULL });
    apply_tokens(p);
    make_routes(p);
    sb_store_init(&p->store, d->id_path, opt->max_customers);
    sb_replays_init(&p->replays, p->store.cap);
    sb_rates_init(&p->rates, opt->rate_limit);
    /* The name keeps the providers' id sequences apart under one --seed. */
    p->rng = g_rand_new_with_seed(opt->seed ^ g_str_hash(d->name));
    return p;
}

void sb_provider_free(SbProvider *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->n_routes; i++)
        g_free(p->routes[i].head), g_free(p->routes[i].tail);
    sb_replays_done(&p->replays);
    sb_rates_done(&p->rates);
    sb_store_done(&p->store);
    g_rand_free(p->rng);
    g_strfreev(p->tokens);
    g_free(p->mount);
    g_free(p);
}

void sb_provider_reset(SbProvider *p)
{
    g_mutex_lock(&p->store.lock);
    sb_store_clear(&p->store);
    sb_replays_clear(&p->replays);
    g_mutex_unlock(&p->store.lock);
    sb_rates_clear(&p->rates);
}

const Descriptor *sb_provider_descriptor(const SbProvider *p)
{
    return p->d;
}

const char *sb_provider_mount(const SbProvider *p)
{
    return p->mount;
}

const char *sb_provider_token(const SbProvider *p, bool creates)
{
    for (char **t = p->tokens; *t; t++)
        if (sandbox_token_may_create(p->d, *t) == creates)
            return *t;
    return NULL;
}

void sb_provider_credential(const SbProvider *p, SbRequest *req)
{
    sb_auth_read(p->d, req);
}

static bool rate_limited(const SbProvider *p)
{
    return p->d->ratelimit_limit_header || p->d->ratelimit_remaining_header;
}

/* The window REQ counts in: its token's when the sandbox knows it; every
 * made-up token shares one, so a client inventing tokens grows no table. */
static const char *rate_key(const SbProvider *p, const SbRequest *req)
{
    return sb_auth_known(p, req->token) ? req->token : NULL;
}

void sb_provider_error(SbProvider *p, const SbRequest *req, SbReply *reply, int status, const char *message)
{
    if (rate_limited(p))
        sb_rates_account(&p->rates, p->d, rate_key(p, req), reply, false);
    sb_reply_error(p, reply, status, status, NULL, message, NULL);
}

/* ---- create ------------------------------------------------------------------------- */

/* Every bad field, in the provider's words: one sentence, and a list where
 * its descriptor has one. */
static void reply_invalid(const SbProvider *p, SbReply *reply, const Problems *problems)
{
    GString *sentence = g_string_new(NULL);
    cJSON *list = p->spec->invalid_item ? cJSON_CreateArray() : NULL;
    for (size_t i = 0; i < problems->count; i++) {
        const Problem *pr = &problems->items[i];
        g_string_append_printf(sentence, "%s%s %s", i ? "; " : "", pr->field, pr->message);
        SbVars v = { 0 };
        sb_vars_text(&v, "field", pr->field);
        sb_vars_text(&v, "problem", pr->message);
        if (list)
            cJSON_AddItemToArray(list, sb_fill(p->spec->invalid_item, &v, "problem"));
        sb_vars_done(&v);
    }
    SbVars v = { 0 };
    sb_vars_text(&v, "problems", sentence->str);
    char *msg = sb_fill_text(p->spec->invalid_message, &v);
    sb_reply_error(p, reply, p->spec->invalid_status, p->spec->invalid_status, "invalid", msg, list);
    g_free(msg);
    sb_vars_done(&v);
    g_string_free(sentence, TRUE);
}

static bool body_valid(const SbProvider *p, const SbRequest *req, SbReply *reply)
{
    Problems problems;
    bool valid = sb_check_body(p->d, req->json, &problems);
    if (!valid)
        reply_invalid(p, reply, &problems);
    problems_done(&problems);
    return valid;
}

/* BODY's value of F as a key for the store (g_free), or NULL: as the
 * validators read it (" user_1 " is user_1), so what they accept as one
 * value is one value here too. */
static char *unique_value(const cJSON *body, const Field *f)
{
    FieldCheck c;
    field_check_json(f, jsonpath_get(body, f->name), &c);
    char *value = c.ok && c.normalized && *c.normalized ? g_strdup(c.normalized) : NULL;
    field_check_done(&c);
    return value;
}

/* A duplicate of a unique field: the provider's answer naming the customer
 * that has it. Lock held. */
static bool reply_if_duplicate(SbProvider *p, const cJSON *body, SbReply *reply)
{
    for (size_t i = 0; i < p->d->n_fields; i++) {
        const Field *f = &p->d->fields[i];
        char *value = f->unique ? unique_value(body, f) : NULL;
        const cJSON *existing = value ? sb_store_find_key(&p->store, f->name, value) : NULL;
        if (existing) {
            SbVars v = { 0 };
            sb_vars_text(&v, "field", f->name);
            sb_vars_text(&v, "value", value);
            sb_vars_text(&v, "id", jsonpath_string(existing, p->d->id_path));
            char *msg = sb_fill_text(p->spec->duplicate_message, &v);
            sb_reply_error(p, reply, p->spec->duplicate_status, 409, "duplicate", msg, NULL);
            g_free(msg), g_free(value);
            sb_vars_done(&v);
            return true;
        }
        g_free(value);
    }
    return false;
}

/* Stores the new customer under its id and unique values. Lock held. */
static void insert(SbProvider *p, const cJSON *body, SbReply *reply)
{
    if (reply_if_duplicate(p, body, reply))
        return;
    /* As many as the descriptor has: each one checked above is indexed here. */
    const char **fields = g_new(const char *, p->d->n_fields + 1);
    char **values = g_new(char *, p->d->n_fields + 1);
    size_t n = 0;
    for (size_t i = 0; i < p->d->n_fields; i++) {
        if (p->d->fields[i].unique) {
            fields[n] = p->d->fields[i].name;
            values[n++] = unique_value(body, &p->d->fields[i]);
        }
    }
    cJSON *rec = sb_record_new(p, body);
    cJSON *copy = cJSON_Duplicate(rec, true);
    sb_store_add(&p->store, rec, fields, (const char *const *)values, n);
    for (size_t i = 0; i < n; i++)
        g_free(values[i]);
    g_free(values);
    g_free(fields);
    sb_reply_record(p, reply, p->d->success_status[0], copy);
}

static void create_locked(SbProvider *p, const SbRequest *req, SbReply *reply)
{
    if (body_valid(p, req, reply))
        insert(p, req->json, reply);
}

static void create(SbProvider *p, const SbRequest *req, SbReply *reply)
{
    const char *key = p->d->idempotency ? sb_header(req, p->d->idempotency_header) : NULL;
    if (key) {
        sb_replay_create(p, req, reply, key, create_locked);
        return;
    }
    if (!body_valid(p, req, reply)) /* outside the lock: others go on meanwhile */
        return;
    g_mutex_lock(&p->store.lock);
    insert(p, req->json, reply);
    g_mutex_unlock(&p->store.lock);
}

/* ---- seeding ------------------------------------------------------------------------ */

static void reply_free(SbReply *reply)
{
    g_free(reply->body);
    if (reply->headers)
        g_ptr_array_free(reply->headers, TRUE);
    memset(reply, 0, sizeof *reply);
}

/* One sample customer, as a POST of its body would make it; false and *ERR when refused. */
static bool seed_one(SbProvider *p, GRand *rng, size_t index, char **err)
{
    Values v;
    values_init(&v);
    sample_customer(p->d, rng, index, &v);
    cJSON *body = request_body(p->d, &v, err);
    values_done(&v);
    SbReply reply = { 0 };
    SbRequest req = { .method = "POST", .json = body };
    if (body)
        create_locked(p, &req, &reply);
    bool ok = body && reply.status >= 200 && reply.status <= 299;
    if (body && !ok)
        *err = g_strdup_printf("%s refused sample customer %zu: %.*s", p->d->name, index + 1,
                               (int)MIN(reply.body_len, 300), reply.body ? reply.body : "");
    reply_free(&reply);
    cJSON_Delete(body);
    return ok;
}

bool sb_provider_seed(SbProvider *p, size_t n, unsigned seed, char **err)
{
    GRand *rng = g_rand_new_with_seed(seed ^ g_str_hash(p->d->name));
    bool ok = true;
    g_mutex_lock(&p->store.lock);
    for (size_t i = 0; i < n && ok; i++)
        ok = seed_one(p, rng, i, err);
    g_mutex_unlock(&p->store.lock);
    g_rand_free(rng);
    return ok;
}

/* ---- reads and deletes -------------------------------------------------------------- */

/* The customer ID names: its id, or the value of a unique field that the
 * descriptor's lookup finds customers by (Prolifi's external_id). Lock held. */
static cJSON *find(SbProvider *p, const char *id)
{
    cJSON *rec = sb_store_find_id(&p->store, id);
    for (size_t i = 0; !rec && i < p->d->lookup.n_exact; i++) {
        const Field *f = descriptor_field(p->d, p->d->lookup.exact[i].field);
        if (f && f->unique)
            rec = sb_store_find_key(&p->store, f->name, id);
    }
    return rec;
}

static void reply_not_found(const SbProvider *p, SbReply *reply, const char *id)
{
    SbVars v = { 0 };
    sb_vars_text(&v, "id", id);
    char *msg = sb_message(p, "not_found", "Customer {id} not found.", &v);
    sb_reply_error(p, reply, 404, 404, "not_found", msg, NULL);
    g_free(msg);
    sb_vars_done(&v);
}

static void get(SbProvider *p, SbReply *reply, const char *id)
{
    g_mutex_lock(&p->store.lock);
    const cJSON *rec = find(p, id);
    cJSON *copy = rec ? cJSON_Duplicate(rec, true) : NULL;
    g_mutex_unlock(&p->store.lock);
    if (copy)
        sb_reply_record(p, reply, 200, copy);
    else
        reply_not_found(p, reply, id);
}

/* Archives (the spec's delete.set put in the record) or forgets. */
static void delete(SbProvider *p, SbReply *reply, const char *id)
{
    g_mutex_lock(&p->store.lock);
    cJSON *rec = find(p, id), *copy = NULL;
    const cJSON *each;
    if (rec && p->spec->delete_archives)
        cJSON_ArrayForEach(each, p->spec->delete_set)
            sb_place(rec, each->string, cJSON_Duplicate(each, true));
    copy = rec ? cJSON_Duplicate(rec, true) : NULL;
    if (rec && !p->spec->delete_archives)
        sb_store_remove(&p->store, rec);
    g_mutex_unlock(&p->store.lock);
    if (!copy)
        return reply_not_found(p, reply, id);
    if (!p->spec->delete_reply)
        return sb_reply_record(p, reply, 200, copy);
    SbVars v = { 0 };
    sb_vars_text(&v, "id", id);
    sb_vars_take(&v, "record", copy);
    sb_reply_json(reply, 200, sb_fill(p->spec->delete_reply, &v, "record"));
    sb_vars_done(&v);
}

/* ---- handling ------------------------------------------------------------------------ */

static bool over_the_limit(SbProvider *p, const SbRequest *req, SbReply *reply)
{
    long wait = rate_limited(p) ? sb_rates_account(&p->rates, p->d, rate_key(p, req), reply, true) : 0;
    if (!wait)
        return false;
    char *secs = g_strdup_printf("%ld", wait);
    sb_reply_header(reply, "Retry-After", secs);
    SbVars v = { 0 };
    char *msg = sb_message(p, "rate_limited", "Too many requests; retry after the Retry-After seconds.", &v);
    sb_reply_error(p, reply, 429, 429, "rate_limited", msg, NULL);
    g_free(msg), g_free(secs);
    return true;
}

/* The path below the base path, or NULL when REQ is outside it. */
static const char *below_base(const SbProvider *p, const char *path)
{
    size_t n = strlen(p->spec->base_path);
    if (strncmp(path, p->spec->base_path, n) != 0 || (path[n] != '/' && path[n] != '\0'))
        return NULL;
    return path + n;
}

void sb_provider_handle(SbProvider *p, const SbRequest *req, SbReply *reply)
{
    if (over_the_limit(p, req, reply))
        return;
    const char *path = below_base(p, req->path);
    char *id = NULL;
    const SbRoute *r = path ? find_route(p, req->method, path, &id) : NULL;
    if (!r) {
        SbVars v = { 0 };
        char *msg = sb_message(p, "no_route", "No such endpoint.", &v);
        sb_reply_error(p, reply, 404, 404, "no_route", msg, NULL);
        g_free(msg);
        return;
    }
    if (sb_auth_check(p, req, r->action == SB_CREATE || r->action == SB_DELETE, reply)) {
        switch (r->action) {
        case SB_CREATE: create(p, req, reply); break;
        case SB_LIST: sb_list(p, req, reply); break;
        case SB_GET: get(p, reply, id); break;
        case SB_DELETE: delete(p, reply, id); break;
        }
    }
    g_free(id);
}
