/* Request and reply helpers of the sandbox, and its check of a body. */
#include "net/sandbox_internal.h"

#include "model/jsonpath.h"

#include <microhttpd.h>
#include <string.h>

const char *sb_header(const SbRequest *req, const char *name)
{
    return MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, name);
}

const char *sb_query(const SbRequest *req, const char *name)
{
    return MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND, name);
}

void sb_reply_json(SbReply *reply, int status, cJSON *doc)
{
    reply->status = status;
    g_free(reply->body);
    reply->body = cJSON_PrintUnformatted(doc);
    reply->body_len = strlen(reply->body);
    cJSON_Delete(doc);
}

void sb_reply_header(SbReply *reply, const char *name, const char *value)
{
    g_ptr_array_add(reply->headers, g_strdup(name));
    g_ptr_array_add(reply->headers, g_strdup(value));
}

/* The text a person would have typed for NODE, so the client's validators
 * judge it; NULL when its JSON type is wrong for the field. */
static char *node_text(const Field *f, const cJSON *node)
{
    if (cJSON_IsString(node))
        return f->type == FIELD_JSON || f->type == FIELD_INTEGER ? NULL : g_strdup(node->valuestring);
    if (f->type == FIELD_JSON && cJSON_IsObject(node))
        return cJSON_PrintUnformatted(node);
    if (f->type == FIELD_INTEGER && cJSON_IsNumber(node))
        return g_strdup_printf("%.17g", node->valuedouble);
    return NULL;
}

static void add_problem(Problems *p, const Field *f, const char *message)
{
    p->items = g_renew(Problem, p->items, p->count + 1);
    p->items[p->count++] = (Problem){ g_strdup(f->name), g_strdup(f->label), g_strdup(message) };
}

static const char *type_words(FieldType t)
{
    return t == FIELD_JSON ? "must be an object" : t == FIELD_INTEGER ? "must be an integer" : "must be a string";
}

bool sb_check_body(const Descriptor *d, const cJSON *body, Problems *problems)
{
    Values v;
    values_init(&v);
    Problems wrong = { 0 };
    for (size_t i = 0; i < d->n_fields; i++) {
        const Field *f = &d->fields[i];
        const cJSON *node = jsonpath_get(body, f->name);
        if (!node || cJSON_IsNull(node))
            continue;
        char *text = node_text(f, node);
        if (text)
            values_set(&v, f->name, text, strlen(text));
        else
            add_problem(&wrong, f, type_words(f->type));
        g_free(text);
    }
    values_check(d, &v, problems);
    values_done(&v);
    for (size_t i = 0; i < wrong.count; i++) {
        problems->items = g_renew(Problem, problems->items, problems->count + 1);
        problems->items[problems->count++] = wrong.items[i];
    }
    g_free(wrong.items);
    return problems->count == 0;
}
