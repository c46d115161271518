/* The sandbox's BotPenguin Partner API: POST /customer/create (and the older
 * POST /customer with "limit"), GET /customer/list, DELETE /customer/{id};
 * every answer in the {success, message, data, code, meta} envelope. */
#include "net/sandbox_internal.h"

#include "model/jsonpath.h"
#include "net/sandbox_store.h"

#include <string.h>

/* Seed 000's record: every created customer starts as this, with fresh ids,
 * times and the caller's values. */
static const char RECORD_TEMPLATE[] =
    "{\"chatGPT\":{\"websites\":[]},\"ai\":{\"limit\":100,\"consumed\":0},\"isTourCompleted\":{"
    "\"canvas\":{\"classic\":false,\"visual\":false},\"ai\":false},\"likedTemplates\":{\"flow\""
    ":[],\"whatsapp\":[]},\"accountUsage\":{\"activitySource\":\"DASHBOARD\",\"status\":\"IN_US"
    "E\"},\"name\":\"Garima\",\"loginCount\":0,\"contact\":{\"phone\":{\"prefix\":\"\",\"number"
    "\":\"\"},\"_id\":\"695e2c30ca5497614f9021ff\",\"email\":\"garima@test.com\"},\"picture\":\""
    "\",\"verified\":true,\"status\":\"ACTIVE\",\"limitOver\":false,\"limitOverWhatsapp\":false"
    ",\"limitOverFacebook\":false,\"limitOverTelegram\":false,\"limitOverInstagram\":false,\"ca"
    "nAccessPayment\":true,\"currentUsage\":0,\"consumption\":{\"website\":0,\"telegram\":0,\"w"
    "hatsapp\":0,\"facebook\":0,\"instagram\":0,\"msTeams\":0,\"sms\":0,\"voiceMinutes\":0,\"ai"
    "VoiceMinutes\":0,\"whatsappMarketingMessages\":0,\"whatsappUtilityMessages\":0,\"whatsappA"
    "uthenticationMessages\":0,\"whatsappServiceMessages\":0},\"referral\":{\"exists\":false,\""
    "by\":\"\",\"status\":\"PENDING\",\"createdAt\":\"2026-01-07T09:49:36.673Z\",\"updatedAt\":"
    "\"2026-01-07T09:49:36.673Z\"},\"whitelabel\":true,\"isBotWhitelabeled\":false,\"descriptio"
    "n\":\"\",\"liveAvailability\":\"OFFLINE\",\"userType\":\"WHITELABEL\",\"agencyStatus\":\"A"
    "CTIVE\",\"googleRecaptcha\":false,\"isChatGPTEnabled\":false,\"unreadMessages\":0,\"consum"
    "ptionAlertsEmailSent\":[],\"isChatGPTEnquiryFormFilled\":false,\"social\":false,\"isPasswo"
    "rdChanged\":false,\"isTrialOpted\":false,\"sidebarVersion\":\"v2\",\"canToggleSidebar\":fa"
    "lse,\"_id\":\"695e2c30ca5497614f9021fe\",\"_parent\":\"695e2c30ca5497614f9021fe\",\"_planV"
    "2\":\"68f21d56ab396bc532e99089\",\"subscriptionType\":\"v2\",\"subscriptionConfig\":true,\""
    "consumptionAlerts\":{\"first\":false,\"second\":false,\"third\":false,\"fourth\":false},\""
    "limitPeriod\":{\"from\":\"2026-01-07T00:00:00.000Z\",\"to\":\"2026-02-06T00:00:00.000Z\"},"
    "\"addOns\":[],\"createdAt\":\"2026-01-07T09:49:36.705Z\",\"updatedAt\":\"2026-01-07T09:49:"
    "36.705Z\",\"__v\":0,\"type\":\"CUSTOMER\",\"username\":\"Garima@test.com\",\"role\":\"5fa9"
    "13b09f70684af004db13\",\"onboard\":true}";

typedef SbBase BotPenguin;

static cJSON *envelope(bool success, const char *message, cJSON *data, int code)
{
    cJSON *e = cJSON_CreateObject();
    cJSON_AddBoolToObject(e, "success", success);
    cJSON_AddStringToObject(e, "message", message);
    cJSON_AddItemToObject(e, "data", data ? data : cJSON_CreateObject());
    cJSON_AddNumberToObject(e, "code", code);
    cJSON_AddStringToObject(e, "meta", "");
    return e;
}

static void bp_error(void *state, const SbRequest *req, SbReply *reply, int status, const char *message)
{
    (void)state, (void)req;
    sb_reply_json(reply, status, envelope(false, message, NULL, status));
}

static void *bp_create(const Descriptor *d, const SandboxOptions *opt)
{
    BotPenguin *bp = g_new0(BotPenguin, 1);
    sb_base_init(bp, d, opt, "_id", 0xb07u);
    return bp;
}

static void bp_destroy(void *state)
{
    sb_base_done(state);
    g_free(state);
}

static void bp_reset(void *state)
{
    sb_base_reset(state);
}

static void set_string(cJSON *rec, const char *path, const char *value)
{
    jsonpath_set(rec, path, cJSON_CreateString(value));
}

static void stamp_times(cJSON *rec)
{
    char *now = sb_iso_time(0), *from = sb_iso_midnight(0), *to = sb_iso_midnight(30);
    static const char *const at_now[] = { "createdAt", "updatedAt", "referral.createdAt", "referral.updatedAt" };
    for (size_t i = 0; i < G_N_ELEMENTS(at_now); i++)
        set_string(rec, at_now[i], now);
    set_string(rec, "limitPeriod.from", from);
    set_string(rec, "limitPeriod.to", to);
    g_free(now), g_free(from), g_free(to);
}

/* A fresh record for BODY (valid); ids drawn under the store lock. */
static cJSON *new_record(BotPenguin *bp, const cJSON *body)
{
    cJSON *rec = cJSON_Parse(RECORD_TEMPLATE);
    const char *username = sb_body_string(body, "username");
    char *email = g_utf8_strdown(username, -1);
    char *id = sb_object_id(bp->rng), *contact_id = sb_object_id(bp->rng);
    set_string(rec, "_id", id);
    set_string(rec, "_parent", id);
    set_string(rec, "contact._id", contact_id);
    set_string(rec, "contact.email", email);
    set_string(rec, "username", username);
    set_string(rec, "name", sb_body_string(body, "name"));
    const cJSON *limit = jsonpath_get(body, "limit");
    if (cJSON_IsNumber(limit))
        jsonpath_set(rec, "ai.limit", cJSON_CreateNumber(limit->valuedouble));
    stamp_times(rec);
    g_free(email), g_free(id), g_free(contact_id);
    return rec;
}

static char *problems_sentence(const Problems *p)
{
    GString *s = g_string_new("Validation failed: ");
    for (size_t i = 0; i < p->count; i++)
        g_string_append_printf(s, "%s%s %s", i ? "; " : "", p->items[i].field, p->items[i].message);
    return g_string_free(s, FALSE);
}

static void bp_create_customer(BotPenguin *bp, const SbRequest *req, SbReply *reply)
{
    Problems problems;
    if (!sb_check_body(bp->d, req->json, &problems)) {
        char *msg = problems_sentence(&problems);
        bp_error(bp, req, reply, 400, msg);
        g_free(msg);
        problems_done(&problems);
        return;
    }
    problems_done(&problems);
    const char *username = sb_body_string(req->json, "username");
    g_mutex_lock(&bp->store.lock);
    if (sb_store_find_key(&bp->store, username)) {
        g_mutex_unlock(&bp->store.lock);
        /* BotPenguin's envelope, not the HTTP status, carries the verdict. */
        sb_reply_json(reply, 200, envelope(false, "User already exists with this username", NULL, 409));
        return;
    }
    cJSON *rec = new_record(bp, req->json);
    cJSON *copy = cJSON_Duplicate(rec, true);
    sb_store_add(&bp->store, rec, username);
    g_mutex_unlock(&bp->store.lock);
    sb_reply_json(reply, 201, envelope(true, "", copy, 201));
}

static cJSON *list_item(const cJSON *rec)
{
    static const char *const keys[] = { "_id", "name", "verified", "status", "subscriptionType",
                                        "createdAt", "updatedAt" };
    cJSON *item = cJSON_CreateObject();
    for (size_t i = 0; i < G_N_ELEMENTS(keys); i++)
        cJSON_AddItemToObject(item, keys[i], cJSON_Duplicate(jsonpath_get(rec, keys[i]), true));
    jsonpath_set(item, "contact.email", cJSON_Duplicate(jsonpath_get(rec, "contact.email"), true));
    cJSON_AddNullToObject(item, "lastLogin");
    return item;
}

static void bp_list(BotPenguin *bp, const SbRequest *req, SbReply *reply)
{
    long page = MAX(1, g_ascii_strtoll(sb_query(req, "page") ? sb_query(req, "page") : "1", NULL, 10));
    const char *email = bp->opt->ignore_filters ? NULL : sb_query(req, "email");
    const long per_page = 50;
    cJSON *data = cJSON_CreateArray();
    long index = 0;
    g_mutex_lock(&bp->store.lock);
    for (GList *l = bp->store.order.tail; l; l = l->prev) { /* newest first */
        const char *e = jsonpath_string(l->data, "contact.email");
        if (email && (!e || g_ascii_strcasecmp(e, email) != 0))
            continue;
        if (index++ / per_page == page - 1)
            cJSON_AddItemToArray(data, list_item(l->data));
    }
    g_mutex_unlock(&bp->store.lock);
    cJSON *env = envelope(true, "", data, 200);
    cJSON_ReplaceItemInObject(env, "meta", cJSON_CreateObject());
    cJSON_AddNumberToObject(cJSON_GetObjectItem(env, "meta"), "page", (double)page);
    cJSON_AddNumberToObject(cJSON_GetObjectItem(env, "meta"), "total", (double)index);
    sb_reply_json(reply, 200, env);
}

static void bp_delete(BotPenguin *bp, const SbRequest *req, SbReply *reply, const char *id)
{
    g_mutex_lock(&bp->store.lock);
    bool removed = sb_store_remove(&bp->store, id);
    g_mutex_unlock(&bp->store.lock);
    if (!removed)
        return bp_error(bp, req, reply, 404, "Customer not found");
    cJSON *data = cJSON_CreateObject();
    cJSON_AddStringToObject(data, "_id", id);
    sb_reply_json(reply, 200, envelope(true, "Customer deleted", data, 200));
}

static bool authorised(BotPenguin *bp, const SbRequest *req, SbReply *reply)
{
    const char *authtype = sb_header(req, "authtype");
    if (!req->token || strcmp(req->token, bp->opt->token) != 0) {
        bp_error(bp, req, reply, 401, "Invalid or missing token");
        return false;
    }
    if (!authtype || strcmp(authtype, "Key") != 0) {
        bp_error(bp, req, reply, 401, "authtype header must be Key");
        return false;
    }
    return true;
}

static void bp_handle(void *state, const SbRequest *req, SbReply *reply)
{
    BotPenguin *bp = state;
    bool post = strcmp(req->method, "POST") == 0;
    char *id = NULL;
    if (!authorised(bp, req, reply))
        return;
    if (post && (strcmp(req->path, "/customer/create") == 0 || strcmp(req->path, "/customer") == 0))
        bp_create_customer(bp, req, reply);
    else if (strcmp(req->method, "GET") == 0 && strcmp(req->path, "/customer/list") == 0)
        bp_list(bp, req, reply);
    else if (strcmp(req->method, "DELETE") == 0 && sb_path_id(req->path, "/customer", &id))
        bp_delete(bp, req, reply, id);
    else
        bp_error(bp, req, reply, 404, "Route not found");
    g_free(id);
}

const SbProviderOps sb_botpenguin_ops = {
    .name = "botpenguin",
    .mount = "/botpenguin",
    .api_root = "",
    .create = bp_create,
    .destroy = bp_destroy,
    .reset = bp_reset,
    .handle = bp_handle,
    .error = bp_error,
};
