#include "model/response.h"

#include "model/jsonpath.h"

#include <glib.h>
#include <string.h>

static char *scalar_text(const cJSON *node)
{
    if (cJSON_IsString(node))
        return g_strdup(node->valuestring);
    if (cJSON_IsNumber(node))
        return g_strdup_printf("%.17g", node->valuedouble);
    return NULL;
}

static void add_field_error(Response *r, const char *field, const char *message)
{
    r->field_errors = g_renew(FieldError, r->field_errors, r->n_field_errors + 1);
    r->field_errors[r->n_field_errors++] = (FieldError){ g_strdup(field), g_strdup(message) };
}

/* The envelope's own verdict: success:false or code ≥ 400 is a failure,
 * whatever the HTTP status said. Returns the code, or 0 when it agrees. */
static int envelope_failure(const Descriptor *d, const cJSON *doc, int status)
{
    const cJSON *flag = d->flag_path ? jsonpath_get(doc, d->flag_path) : NULL;
    const cJSON *code = d->code_path ? jsonpath_get(doc, d->code_path) : NULL;
    int c = cJSON_IsNumber(code) ? code->valueint : 0;
    /* A flag alone says "failed", not how: a failing HTTP status says more
     * (Quill's 409, with no flag in its error body, is the duplicate). */
    int fallback = status >= 400 ? status : 400;
    if (d->flag_path && !cJSON_IsTrue(flag))
        return c >= 400 ? c : fallback;
    return c >= 400 ? c : 0;
}

static char *summarise(const Descriptor *d, const cJSON *record, const char *id)
{
    GString *s = g_string_new(NULL);
    for (size_t i = 0; d->summary && d->summary[i]; i++) {
        char *text = scalar_text(jsonpath_get(record, d->summary[i]));
        if (text && *text)
            g_string_append_printf(s, "%s%s", s->len ? " · " : "", text);
        g_free(text);
    }
    if (id)
        g_string_append_printf(s, "%sid %s", s->len ? " · " : "", id);
    return g_string_free(s, FALSE);
}

static void read_created(const Descriptor *d, Response *r)
{
    r->outcome = OUTCOME_CREATED;
    r->record = jsonpath_get(r->document, d->record_path);
    if (!cJSON_IsObject(r->record)) {
        r->record = NULL;
        r->message = g_strdup_printf("the provider answered %d but sent no customer record at \"%s\"",
                                     r->status, *d->record_path ? d->record_path : "(top level)");
        return;
    }
    r->id = scalar_text(jsonpath_get(r->record, d->id_path));
    r->summary = summarise(d, r->record, r->id);
}

static void read_message(const Descriptor *d, Response *r)
{
    for (size_t i = 0; d->message_paths && d->message_paths[i] && !r->message; i++) {
        const char *m = jsonpath_string(r->document, d->message_paths[i]);
        if (m && *m)
            r->message = g_strdup(m);
    }
    const char *type = d->error_type_path ? jsonpath_string(r->document, d->error_type_path) : NULL;
    r->error_type = type ? g_strdup(type) : NULL;
}

static void read_field_errors(const Descriptor *d, Response *r, int status)
{
    const cJSON *list = d->field_errors_path ? jsonpath_get(r->document, d->field_errors_path) : NULL;
    const cJSON *each;
    if (!cJSON_IsArray(list))
        list = NULL;
    cJSON_ArrayForEach(each, list) {
        const char *field = jsonpath_string(each, "field");
        const char *message = jsonpath_string(each, "message");
        if (!message)
            message = jsonpath_string(each, "detail");
        if (field && message)
            add_field_error(r, field, message);
    }
    /* A 409 names no field, but we know which one it is about. */
    const char *field = descriptor_status_field(d, status);
    if (r->n_field_errors == 0 && field)
        add_field_error(r, field, r->message ? r->message : "already exists");
}

static Outcome outcome_for_status(int status)
{
    if (status == 429)
        return OUTCOME_RATE_LIMITED;
    if (status >= 500)
        return OUTCOME_SERVER_ERROR;
    return OUTCOME_REJECTED;
}

static void read_failure(const Descriptor *d, Response *r, int status)
{
    r->outcome = outcome_for_status(status);
    read_message(d, r);
    if (!r->message && r->parse_error)
        r->message = g_strdup_printf("HTTP %d (%s)", r->status, r->parse_error); /* it says what is wrong */
    if (!r->message)
        r->message = g_strdup_printf("HTTP %d with no message", r->status);
    read_field_errors(d, r, status);
}

static void parse_body(Response *r, const char *body, size_t len)
{
    int line = 0, col = 0;
    if (!body || len == 0) {
        r->parse_error = g_strdup("the body is empty");
        return;
    }
    r->document = json_parse_located(body, len, &line, &col);
    if (!r->document)
        r->parse_error = g_strdup_printf("not JSON: line %d, column %d", line, col);
}

/* "201" or "200, 201": the statuses D documents for a create (g_free). */
static char *documented_statuses(const Descriptor *d)
{
    GString *s = g_string_new(NULL);
    for (size_t i = 0; i < d->n_success_status; i++)
        g_string_append_printf(s, "%s%d", i ? (i + 1 < d->n_success_status ? ", " : " or ") : "",
                               d->success_status[i]);
    return g_string_free(s, FALSE);
}

/* A 2xx the provider does not document for a create: it did something, but
 * not what it says a create does (a 200 may be "found, not made", a 202
 * "queued"). The status alone cannot tell whether the customer exists, so
 * it is an unknown outcome, settled by a lookup, never a silent success. */
static void read_undocumented(const Descriptor *d, Response *r)
{
    char *documented = documented_statuses(d);
    r->outcome = OUTCOME_UNKNOWN;
    r->message = g_strdup_printf("the provider answered %d, which %s does not document for a create (it "
                                 "documents %s): whether the customer was created cannot be told from the "
                                 "status alone", r->status, d->title, documented);
    g_free(documented);
}

void response_read(const Descriptor *d, int status, const char *body, size_t len, Response *out)
{
    memset(out, 0, sizeof *out);
    out->status = status;
    parse_body(out, body, len);
    bool http_ok = status >= 200 && status <= 299;
    int env_code = out->document ? envelope_failure(d, out->document, status) : 0;
    if (http_ok && !env_code && !descriptor_is_success_status(d, status)) {
        read_undocumented(d, out);
    } else if (http_ok && out->document && !env_code) {
        read_created(d, out);
    } else if (http_ok && !out->document) {
        /* The provider said it made the customer; we just cannot read it. */
        out->outcome = OUTCOME_CREATED;
        out->message = g_strdup_printf("the provider answered %d (created) but the body is unreadable: %s",
                                       status, out->parse_error);
    } else {
        read_failure(d, out, env_code ? env_code : status);
    }
}

void response_read_any(const Descriptor *d, int status, const char *body, size_t len, const char *record_path,
                       Response *out)
{
    memset(out, 0, sizeof *out);
    out->status = status;
    parse_body(out, body, len);
    int env_code = out->document ? envelope_failure(d, out->document, status) : 0;
    if (status < 200 || status > 299 || env_code) {
        read_failure(d, out, env_code ? env_code : status);
        return;
    }
    out->outcome = OUTCOME_CREATED;
    out->record = jsonpath_get(out->document, record_path);
    if (!cJSON_IsObject(out->record)) {
        out->record = NULL;
        return;
    }
    out->id = scalar_text(jsonpath_get(out->record, d->id_path));
    out->summary = summarise(d, out->record, out->id);
}

void response_done(Response *r)
{
    cJSON_Delete(r->document);
    g_free(r->id);
    g_free(r->summary);
    g_free(r->message);
    g_free(r->error_type);
    g_free(r->parse_error);
    for (size_t i = 0; i < r->n_field_errors; i++) {
        g_free(r->field_errors[i].field);
        g_free(r->field_errors[i].message);
    }
    g_free(r->field_errors);
    memset(r, 0, sizeof *r);
}

const char *response_field_error(const Response *r, const char *field)
{
    for (size_t i = 0; i < r->n_field_errors; i++)
        if (strcmp(r->field_errors[i].field, field) == 0)
            return r->field_errors[i].message;
    return NULL;
}

const char *outcome_name(Outcome o)
{
    static const char *const names[] = {
        [OUTCOME_CREATED] = "created",           [OUTCOME_REJECTED] = "rejected",
        [OUTCOME_SERVER_ERROR] = "server error", [OUTCOME_RATE_LIMITED] = "rate limited",
        [OUTCOME_NOT_SENT] = "not sent",         [OUTCOME_UNKNOWN] = "unknown",
        [OUTCOME_NOT_CREATED] = "not created",
    };
    return names[o];
}

int outcome_from_name(const char *name)
{
    for (int o = OUTCOME_CREATED; name && o <= OUTCOME_NOT_CREATED; o++)
        if (strcmp(outcome_name((Outcome)o), name) == 0)
            return o;
    return -1;
}

const char *outcome_advice(Outcome o, bool idempotent)
{
    switch (o) {
    case OUTCOME_CREATED:
        return "The customer was created.";
    case OUTCOME_REJECTED:
        return "The customer was not created. Fix what the provider named and submit again.";
    case OUTCOME_RATE_LIMITED:
        return "The customer was not created: too many requests. Retry after the wait the provider asked for.";
    case OUTCOME_NOT_SENT:
        return "The customer was not created: the request never left. It is safe to retry now.";
    case OUTCOME_NOT_CREATED:
        return "Checked with the provider: the customer was not created. It is safe to send again.";
    case OUTCOME_SERVER_ERROR:
    case OUTCOME_UNKNOWN:
        return idempotent ? "The customer may or may not exist. Sending again is safe: the same "
                            "idempotency key returns the first result instead of creating a second customer."
                          : "The customer may or may not exist. Check on the provider before retrying, "
                            "or a retry may create a duplicate.";
    }
    return "";
}
