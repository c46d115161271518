/* Request and reply helpers the sandbox's provider modules share. */
#include "net/sandbox_internal.h"

#include "model/body_check.h"
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

bool sb_path_id(const char *path, const char *prefix, char **id)
{
    size_t n = strlen(prefix);
    if (strncmp(path, prefix, n) != 0 || path[n] != '/' || !path[n + 1] || strchr(path + n + 1, '/'))
        return false;
    *id = g_uri_unescape_string(path + n + 1, NULL);
    return *id != NULL;
}

const char *sb_body_string(const cJSON *body, const char *path)
{
    return jsonpath_string(body, path);
}

bool sb_check_body(const Descriptor *d, const cJSON *body, Problems *problems)
{
    return body_check(d, body, problems);
}

void sb_copy_fields(const Descriptor *d, const cJSON *body, cJSON *record)
{
    for (size_t i = 0; i < d->n_fields; i++) {
        const cJSON *node = jsonpath_get(body, d->fields[i].name);
        if (node && !d->fields[i].secret)
            jsonpath_set(record, d->fields[i].name, cJSON_Duplicate(node, true));
    }
}
