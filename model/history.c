#include "model/history.h"

#include "model/jsonpath.h"

#include <glib.h>
#include <string.h>

void history_entry_init(HistoryEntry *e)
{
    memset(e, 0, sizeof *e);
    char *uuid = g_uuid_string_random();
    e->entry = g_strdup_printf("h_%s", uuid);
    g_free(uuid);
    GDateTime *now = g_date_time_new_now_utc();
    e->time = g_date_time_format_iso8601(now);
    g_date_time_unref(now);
}

void history_entry_done(HistoryEntry *e)
{
    char *strings[] = { e->entry, e->resolves, e->time,    e->profile,         e->provider, e->base_url,
                        e->id,    e->email,    e->message, e->idempotency_key, e->action };
    for (size_t i = 0; i < G_N_ELEMENTS(strings); i++)
        g_free(strings[i]);
    cJSON_Delete(e->request);
    cJSON_Delete(e->response);
    memset(e, 0, sizeof *e);
}

static void add_string(cJSON *o, const char *key, const char *value)
{
    if (value)
        cJSON_AddStringToObject(o, key, value);
}

char *history_entry_to_line(const HistoryEntry *e)
{
    cJSON *o = cJSON_CreateObject();
    add_string(o, "entry", e->entry);
    add_string(o, "resolves", e->resolves);
    add_string(o, "time", e->time);
    add_string(o, "profile", e->profile);
    add_string(o, "provider", e->provider);
    add_string(o, "base_url", e->base_url);
    cJSON_AddStringToObject(o, "outcome", outcome_name(e->outcome));
    cJSON_AddNumberToObject(o, "status", e->status);
    add_string(o, "id", e->id);
    add_string(o, "email", e->email);
    add_string(o, "message", e->message);
    add_string(o, "idempotency_key", e->idempotency_key);
    add_string(o, "action", e->action);
    if (e->archived)
        cJSON_AddTrueToObject(o, "archived");
    /* References, not copies: a batch writes thousands of entries, records and all. */
    if (e->request)
        cJSON_AddItemReferenceToObject(o, "request", e->request);
    if (e->response)
        cJSON_AddItemReferenceToObject(o, "response", e->response);
    char *text = cJSON_PrintUnformatted(o);
    size_t len = strlen(text);
    char *line = g_malloc(len + 2);
    memcpy(line, text, len);
    line[len] = '\n', line[len + 1] = '\0';
    cJSON_free(text);
    cJSON_Delete(o);
    return line;
}

static char *dup_string(const cJSON *o, const char *key)
{
    const char *s = jsonpath_string(o, key);
    return s ? g_strdup(s) : NULL;
}

bool history_entry_from_line(const char *line, size_t len, HistoryEntry *out, char **why)
{
    memset(out, 0, sizeof *out);
    int l = 0, c = 0;
    cJSON *o = json_parse_located(line, len, &l, &c);
    int outcome = o ? outcome_from_name(jsonpath_string(o, "outcome")) : -1;
    if (!cJSON_IsObject(o) || outcome < 0 || !jsonpath_string(o, "entry")) {
        *why = g_strdup(o ? "not a history entry" : "cut short or not JSON");
        cJSON_Delete(o);
        return false;
    }
    out->entry = dup_string(o, "entry");
    out->resolves = dup_string(o, "resolves");
    out->time = dup_string(o, "time");
    out->profile = dup_string(o, "profile");
    out->provider = dup_string(o, "provider");
    out->base_url = dup_string(o, "base_url");
    out->outcome = (Outcome)outcome;
    const cJSON *st = jsonpath_get(o, "status");
    out->status = cJSON_IsNumber(st) ? st->valueint : 0;
    out->id = dup_string(o, "id");
    out->email = dup_string(o, "email");
    out->message = dup_string(o, "message");
    out->idempotency_key = dup_string(o, "idempotency_key");
    out->action = dup_string(o, "action");
    out->archived = cJSON_IsTrue(jsonpath_get(o, "archived"));
    out->request = cJSON_DetachItemFromObjectCaseSensitive(o, "request");
    out->response = cJSON_DetachItemFromObjectCaseSensitive(o, "response");
    cJSON_Delete(o);
    return true;
}

bool history_entry_is_create(const HistoryEntry *e)
{
    return !e->action || strcmp(e->action, "create") == 0;
}

const char *history_entry_outcome_label(const HistoryEntry *e)
{
    static const char *const deletes[] = {
        [OUTCOME_CREATED] = "deleted",           [OUTCOME_REJECTED] = "delete rejected",
        [OUTCOME_SERVER_ERROR] = "delete server error", [OUTCOME_RATE_LIMITED] = "delete rate limited",
        [OUTCOME_NOT_SENT] = "delete not sent",  [OUTCOME_UNKNOWN] = "delete unknown",
        [OUTCOME_NOT_CREATED] = "delete unknown",
    };
    if (history_entry_is_create(e))
        return outcome_name(e->outcome);
    if (strcmp(e->action, "delete") != 0)
        return "other action"; /* a later custty's: not a create, whatever it is */
    return e->outcome == OUTCOME_CREATED && e->archived ? "archived" : deletes[e->outcome];
}

void history_apply_resolutions(GPtrArray *entries)
{
    for (guint i = 0; i < entries->len; i++) {
        HistoryEntry *r = entries->pdata[i];
        for (guint j = 0; r->resolves && j < i; j++) {
            HistoryEntry *e = entries->pdata[j];
            if (g_strcmp0(e->entry, r->resolves) == 0) {
                e->outcome = r->outcome;
                if (r->id && !e->id)
                    e->id = g_strdup(r->id);
            }
        }
    }
}

void history_entry_settles(HistoryEntry *e, const HistoryEntry *unknown, Outcome outcome, const char *id,
                           const cJSON *record, const char *message)
{
    e->resolves = g_strdup(unknown->entry);
    e->profile = g_strdup(unknown->profile);
    e->provider = g_strdup(unknown->provider);
    e->base_url = g_strdup(unknown->base_url);
    e->email = g_strdup(unknown->email);
    e->outcome = outcome;
    e->id = g_strdup(id);
    e->message = g_strdup(message);
    e->response = record ? cJSON_Duplicate(record, true) : NULL;
}
