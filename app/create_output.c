#include "app/create_output.h"

#include "app/cli.h"
#include "model/safe_text.h"
#include "model/tree_text.h"

#include <glib.h>
#include <string.h>

void print_problems(FILE *out, const Descriptor *d, const Problems *p)
{
    cli_print_line(out, "custty: %zu field%s of %s %s invalid; nothing was sent:", p->count,
            p->count == 1 ? "" : "s", d->name, p->count == 1 ? "is" : "are");
    for (size_t i = 0; i < p->count; i++)
        cli_print_line(out, "  %s (%s): %s", p->items[i].label, p->items[i].field, p->items[i].message);
}

void print_request(FILE *out, const Request *r, bool json)
{
    char *text = request_to_printable_json(r, !json);
    cli_print_json(out, text);
    g_free(text);
}

/* 'text' for a POSIX shell: single quotes, with ' written as '\''. */
static char *shell_quote(const char *s)
{
    GString *q = g_string_new("'");
    for (const char *p = s; *p; p++)
        *p == '\'' ? g_string_append(q, "'\\''") : g_string_append_c(q, *p);
    g_string_append_c(q, '\'');
    return g_string_free(q, FALSE);
}

void print_curl(FILE *out, const Request *r, bool has_token)
{
    char *safe_url = safe_text(r->url, strlen(r->url));
    char *url = shell_quote(safe_url);
    fprintf(out, "curl -sS -X %s %s", r->method, url);
    for (size_t i = 0; i < r->n_headers; i++) {
        if (r->headers[i].secret)
            continue;
        char *line = g_strdup_printf("%s: %s", r->headers[i].name, r->headers[i].value);
        char *safe = safe_text(line, strlen(line));
        char *q = shell_quote(safe);
        fprintf(out, " \\\n  -H %s", q);
        g_free(q), g_free(safe), g_free(line);
    }
    if (has_token)
        fprintf(out, " \\\n  -H \"Authorization: Bearer $CUSTTY_TOKEN\"");
    if (r->body) {
        char *safe = safe_json(r->body, strlen(r->body));
        char *body = shell_quote(safe);
        fprintf(out, " \\\n  --data-raw %s", body);
        g_free(body), g_free(safe);
    }
    fputc('\n', out);
    g_free(url), g_free(safe_url);
}

static void print_safe(FILE *out, const char *prefix, const char *text)
{
    char *safe = safe_text(text, strlen(text));
    fprintf(out, "%s%s\n", prefix, safe);
    g_free(safe);
}

static int print_created(FILE *out, FILE *err, const NetResult *r, bool json)
{
    const Response *resp = &r->response;
    if (resp->record && json) {
        char *text = cJSON_PrintUnformatted(resp->record);
        cli_print_json(out, text);
        g_free(text);
    } else if (resp->record) {
        print_safe(out, "Created: ", resp->summary ? resp->summary : "");
        char *tree = tree_text(resp->record);
        fputs(tree, out);
        g_free(tree);
    }
    if (resp->message)
        print_safe(err, "custty: the customer was created, but ", resp->message);
    if (r->error)
        print_safe(err, "custty: note: ", r->error);
    return EXIT_OK;
}

static void print_refusal(FILE *err, const NetResult *r)
{
    const Response *resp = &r->response;
    fprintf(err, "custty: %s", outcome_name(r->outcome));
    if (r->status)
        fprintf(err, " (HTTP %d)", r->status);
    char *type = resp->error_type ? safe_text(resp->error_type, strlen(resp->error_type)) : NULL;
    fprintf(err, "%s%s\n", type ? " " : "", type ? type : "");
    g_free(type);
    if (resp->message)
        print_safe(err, "  ", resp->message);
    if (r->error)
        print_safe(err, "  ", r->error);
    for (size_t i = 0; i < resp->n_field_errors; i++) {
        char *line = g_strdup_printf("%s: %s", resp->field_errors[i].field, resp->field_errors[i].message);
        print_safe(err, "  ", line);
        g_free(line);
    }
    if (r->outcome == OUTCOME_RATE_LIMITED && r->retry_after_s > 0)
        fprintf(err, "  Retry after %ld s.\n", r->retry_after_s);
}

int print_result(FILE *out, FILE *err, const Descriptor *d, const NetResult *r, bool json)
{
    if (r->outcome == OUTCOME_CREATED)
        return print_created(out, err, r, json);
    print_refusal(err, r);
    fprintf(err, "  %s\n", outcome_advice(r->outcome, d->idempotency));
    if (r->outcome == OUTCOME_NOT_SENT || r->outcome == OUTCOME_UNKNOWN)
        return EXIT_UNSENT;
    return EXIT_REJECTED;
}
