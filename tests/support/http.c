#include "tests/support/http.h"

#include "model/request.h"
#include "net/netthread.h"

#include <criterion/criterion.h>
#include <curl/curl.h>
#include <glib.h>
#include <string.h>

static size_t collect(char *data, size_t size, size_t n, void *user)
{
    g_string_append_len(user, data, (gssize)(size * n));
    return size * n;
}

HttpReply http_do(const char *method, const char *url, const char *const *headers, const char *body)
{
    HttpReply r = { 0 };
    CURL *c = curl_easy_init();
    GString *out = g_string_new(NULL), *hdrs = g_string_new(NULL);
    struct curl_slist *list = NULL;
    for (size_t i = 0; headers && headers[i]; i++)
        list = curl_slist_append(list, headers[i]);
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, list);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 20L);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, out);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, collect);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, hdrs);
    if (body)
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
    r.curl_code = curl_easy_perform(c);
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r.status);
    curl_slist_free_all(list);
    curl_easy_cleanup(c);
    r.body_len = out->len;
    r.body = g_string_free(out, FALSE);
    r.headers = g_string_free(hdrs, FALSE);
    r.json = cJSON_ParseWithLength(r.body, r.body_len);
    return r;
}

void http_done(HttpReply *r)
{
    g_free(r->body);
    g_free(r->headers);
    cJSON_Delete(r->json);
    memset(r, 0, sizeof *r);
}

char *http_header(const HttpReply *r, const char *name)
{
    gchar **lines = g_strsplit(r->headers, "\r\n", -1);
    char *value = NULL;
    size_t n = strlen(name);
    for (gchar **l = lines; *l && !value; l++)
        if (g_ascii_strncasecmp(*l, name, n) == 0 && (*l)[n] == ':')
            value = g_strstrip(g_strdup(*l + n + 1));
    g_strfreev(lines);
    return value;
}

void test_sandbox_start(TestSandbox *t, const SandboxOptions *opt)
{
    SandboxOptions o = opt ? *opt : (SandboxOptions){ 0 };
    char *errors = NULL, *err = NULL;
    memset(t, 0, sizeof *t);
    provider_set_load_dir(&t->set, "assets/providers", &errors);
    cr_assert_null(errors, "%s", errors);
    o.port = 0;
    t->sb = sandbox_start(&o, &t->set, &err);
    cr_assert_not_null(t->sb, "sandbox: %s", err);
}

void test_sandbox_stop(TestSandbox *t)
{
    sandbox_stop(t->sb);
    provider_set_done(&t->set);
}

char *test_sandbox_url(const TestSandbox *t, const char *provider, const char *path)
{
    char *base = sandbox_base_url(t->sb, provider);
    char *url = url_join(base, path);
    g_free(base);
    return url;
}

void test_net_start(TestSandbox *t, NetThread **nt)
{
    net_global_init();
    test_sandbox_start(t, NULL);
    *nt = net_thread_start();
}

void test_net_stop(TestSandbox *t, NetThread *nt)
{
    net_thread_stop(nt);
    test_sandbox_stop(t);
}

int sandbox_billing_customers(const Sandbox *sb, GHashTable *emails)
{
    char *base = sandbox_base_url(sb, "billing-v1"), *url = g_strdup_printf("%s/api/v1/customers", base);
    HttpReply r = http_do("GET", url, (const char *const[]){ "Authorization: Bearer " SANDBOX_TOKEN, NULL }, NULL);
    cr_assert_eq(r.status, 200, "the sandbox's list: %s", r.body);
    cr_assert(cJSON_IsArray(r.json), "%s", r.body);
    cJSON *item;
    cJSON_ArrayForEach(item, r.json) {
        const char *e = cJSON_GetStringValue(cJSON_GetObjectItem(item, "email"));
        if (emails && e)
            g_hash_table_insert(emails, g_strdup(e), GINT_TO_POINTER(GPOINTER_TO_INT(g_hash_table_lookup(emails, e)) + 1));
    }
    int n = cJSON_GetArraySize(r.json);
    http_done(&r);
    g_free(base), g_free(url);
    return n;
}
