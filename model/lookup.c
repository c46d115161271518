#include "model/lookup.h"

#include "model/jsonpath.h"

#include <glib.h>
#include <string.h>

bool lookup_request(const Descriptor *d, const char *base_url, const char *email, Request *out, char **err)
{
    memset(out, 0, sizeof *out);
    if (!d->lookup_path) {
        *err = g_strdup_printf("%s has no lookup in its descriptor: check on the provider's own site", d->title);
        return false;
    }
    char *escaped = g_uri_escape_string(email, NULL, FALSE);
    gchar **parts = g_strsplit(d->lookup_path, "{email}", -1);
    char *path = g_strjoinv(escaped, parts);
    out->method = g_strdup("GET");
    out->url = url_join(base_url, path);
    out->headers = g_new0(RequestHeader, d->n_auth_headers + 1);
    out->headers[out->n_headers++] = (RequestHeader){ g_strdup("Accept"), g_strdup("application/json"), false };
    for (size_t i = 0; i < d->n_auth_headers; i++)
        out->headers[out->n_headers++] =
            (RequestHeader){ g_strdup(d->auth_headers[i].name), g_strdup(d->auth_headers[i].value), false };
    g_strfreev(parts);
    g_free(path), g_free(escaped);
    return true;
}

LookupVerdict lookup_read(const Descriptor *d, int status, const char *body, size_t len, const char *email,
                          char **id, cJSON **record, char **why)
{
    if (status < 200 || status > 299) {
        *why = g_strdup_printf("the provider answered %d to the lookup", status);
        return LOOKUP_CANNOT_TELL;
    }
    cJSON *doc = cJSON_ParseWithLength(body, len);
    const cJSON *items = jsonpath_get(doc, d->lookup_items ? d->lookup_items : ""), *each;
    if (!cJSON_IsArray(items)) {
        *why = g_strdup("the lookup's answer holds no list of customers");
        cJSON_Delete(doc);
        return LOOKUP_CANNOT_TELL;
    }
    LookupVerdict verdict = LOOKUP_ABSENT;
    cJSON_ArrayForEach(each, items) {
        const char *e = jsonpath_string(each, d->lookup_match);
        if (verdict == LOOKUP_ABSENT && e && g_ascii_strcasecmp(e, email) == 0) {
            const char *found = jsonpath_string(each, d->lookup_id);
            *id = found ? g_strdup(found) : NULL;
            *record = cJSON_Duplicate(each, true);
            verdict = LOOKUP_FOUND;
        }
    }
    cJSON_Delete(doc);
    return verdict;
}
