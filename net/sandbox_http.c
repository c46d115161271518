/* Request and reply helpers of the sandbox, and its check of a body. */
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

bool sb_check_body(const Descriptor *d, const cJSON *body, Problems *problems)
{
    return body_check(d, body, problems);
}
