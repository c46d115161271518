/* The sandbox's billing-v1: POST/GET /api/v1/customers and GET /api/v1/customers/{id},
 * with Paddle-style errors: {"error": {type, code, detail, errors[]}}. */
#include "net/sandbox_internal.h"

#include "model/jsonpath.h"
#include "net/sandbox_store.h"

#include <string.h>

typedef SbBase Billing;

static const char *code_for(int status)
{
    switch (status) {
    case 400: return "bad_request";
    case 401: return "authentication_missing";
    case 404: return "not_found";
    case 409: return "customer_already_exists";
    case 413: return "request_too_large";
    case 415: return "unsupported_media_type";
    case 429: return "too_many_requests";
    default: return status >= 500 ? "internal_error" : "request_error";
    }
}

static cJSON *error_doc(int status, const char *detail)
{
    cJSON *doc = cJSON_CreateObject();
    cJSON *err = cJSON_AddObjectToObject(doc, "error");
    cJSON_AddStringToObject(err, "type", status >= 500 ? "api_error" : "request_error");
    cJSON_AddStringToObject(err, "code", code_for(status));
    cJSON_AddStringToObject(err, "detail", detail);
    return doc;
}

static void bill_error(void *state, const SbRequest *req, SbReply *reply, int status, const char *message)
{
    (void)state, (void)req;
    sb_reply_json(reply, status, error_doc(status, message));
}

static void *bill_create(const Descriptor *d, const SandboxOptions *opt)
{
    Billing *b = g_new0(Billing, 1);
    sb_base_init(b, d, opt, "id", 0xb111u);
    return b;
}

static void bill_destroy(void *state)
{
    sb_base_done(state);
    g_free(state);
}

static void bill_reset(void *state)
{
    sb_base_reset(state);
}

static void reply_invalid(SbReply *reply, const Problems *p)
{
    cJSON *doc = error_doc(400, "Invalid request.");
    cJSON *errs = cJSON_AddArrayToObject(cJSON_GetObjectItem(doc, "error"), "errors");
    for (size_t i = 0; i < p->count; i++) {
        cJSON *e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "field", p->items[i].field);
        cJSON_AddStringToObject(e, "message", p->items[i].message);
        cJSON_AddItemToArray(errs, e);
    }
    cJSON_ReplaceItemInObject(cJSON_GetObjectItem(doc, "error"), "code", cJSON_CreateString("invalid_field"));
    sb_reply_json(reply, 400, doc);
}

/* Every key of the seed's example, in its order; absent ones null. */
static cJSON *new_record(Billing *b, const cJSON *body)
{
    static const char *const keys[] = { "name", "email", "phone", "address", "payment_method" };
    cJSON *rec = cJSON_CreateObject();
    char *id = sb_typeid(b->rng, "cus_"), *now = sb_iso_time(0);
    cJSON_AddStringToObject(rec, "id", id);
    for (size_t i = 0; i < G_N_ELEMENTS(keys); i++) {
        const cJSON *v = jsonpath_get(body, keys[i]);
        cJSON_AddItemToObject(rec, keys[i], v ? cJSON_Duplicate(v, true) : cJSON_CreateNull());
    }
    cJSON_AddStringToObject(rec, "created_at", now);
    cJSON_AddStringToObject(rec, "updated_at", now);
    const char *status = sb_body_string(body, "status");
    char *canonical = g_ascii_strdown(status ? status : "active", -1);
    cJSON_AddStringToObject(rec, "status", canonical);
    const cJSON *custom = jsonpath_get(body, "custom_data");
    cJSON_AddItemToObject(rec, "custom_data", custom ? cJSON_Duplicate(custom, true) : cJSON_CreateNull());
    g_free(canonical), g_free(id), g_free(now);
    return rec;
}

static void bill_post(Billing *b, const SbRequest *req, SbReply *reply)
{
    Problems problems;
    bool valid = sb_check_body(b->d, req->json, &problems);
    if (!valid)
        reply_invalid(reply, &problems);
    problems_done(&problems);
    if (!valid)
        return;
    const char *email = sb_body_string(req->json, "email");
    g_mutex_lock(&b->store.lock);
    const cJSON *existing = sb_store_find_key(&b->store, email);
    if (existing) {
        /* As Paddle does, the detail names the customer that has the email. */
        char *detail = g_strdup_printf("customer email conflicts with customer of id %s",
                                       jsonpath_string(existing, "id"));
        g_mutex_unlock(&b->store.lock);
        bill_error(b, req, reply, 409, detail);
        g_free(detail);
        return;
    }
    cJSON *rec = new_record(b, req->json);
    cJSON *copy = cJSON_Duplicate(rec, true);
    sb_store_add(&b->store, rec, email);
    g_mutex_unlock(&b->store.lock);
    sb_reply_json(reply, 201, copy);
}

static void bill_list(Billing *b, const SbRequest *req, SbReply *reply)
{
    const char *email = b->opt->ignore_filters ? NULL : sb_query(req, "email");
    cJSON *list = cJSON_CreateArray();
    g_mutex_lock(&b->store.lock);
    for (GList *l = b->store.order.head; l; l = l->next) {
        const char *e = jsonpath_string(l->data, "email");
        if (!email || (e && g_ascii_strcasecmp(e, email) == 0))
            cJSON_AddItemToArray(list, cJSON_Duplicate(l->data, true));
    }
    g_mutex_unlock(&b->store.lock);
    sb_reply_json(reply, 200, list);
}

static void bill_get(Billing *b, const SbRequest *req, SbReply *reply, const char *id)
{
    g_mutex_lock(&b->store.lock);
    const cJSON *rec = sb_store_find_id(&b->store, id);
    cJSON *copy = rec ? cJSON_Duplicate(rec, true) : NULL;
    g_mutex_unlock(&b->store.lock);
    if (!copy) {
        char *detail = g_strdup_printf("customer %s not found", id);
        bill_error(b, req, reply, 404, detail);
        g_free(detail);
        return;
    }
    sb_reply_json(reply, 200, copy);
}

static void bill_handle(void *state, const SbRequest *req, SbReply *reply)
{
    Billing *b = state;
    char *id = NULL;
    /* Auth is optional here; a token, when sent, must be the right one. */
    if (sb_header(req, "Authorization") && (!req->token || strcmp(req->token, b->opt->token) != 0))
        return bill_error(b, req, reply, 401, "the API key is not valid");
    if (strcmp(req->path, "/api/v1/customers") == 0 && strcmp(req->method, "POST") == 0)
        bill_post(b, req, reply);
    else if (strcmp(req->path, "/api/v1/customers") == 0 && strcmp(req->method, "GET") == 0)
        bill_list(b, req, reply);
    else if (strcmp(req->method, "GET") == 0 && sb_path_id(req->path, "/api/v1/customers", &id))
        bill_get(b, req, reply, id);
    else
        bill_error(b, req, reply, 404, "no such path");
    g_free(id);
}

const SbProviderOps sb_billing_ops = {
    .name = "billing-v1",
    .mount = "/billing-v1",
    .api_root = "",
    .create = bill_create,
    .destroy = bill_destroy,
    .reset = bill_reset,
    .handle = bill_handle,
    .error = bill_error,
};
