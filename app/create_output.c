#include "app/create_output.h"

#include "app/cli.h"
#include "model/auth.h"
#include "model/jsonpath.h"
#include "model/quota.h"
#include "model/safe_text.h"
#include "model/text.h"
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

/* The body with secret fields as "***", unless the person asked to see them. */
static char *shown_body(const Descriptor *d, const char *body, bool show_secrets)
{
    if (show_secrets || !body)
        return g_strdup(body);
    cJSON *doc = request_masked_body(d, body);
    char *text = doc ? cJSON_PrintUnformatted(doc) : g_strdup(body);
    cJSON_Delete(doc);
    return text;
}

void print_request(FILE *out, const Descriptor *d, const Request *r, bool json, bool show_secrets)
{
    Request shown = *r;
    shown.body = shown_body(d, r->body, show_secrets);
    char *text = request_to_printable_json(&shown, !json);
    cli_print_json(out, text);
    g_free(text);
    text_free_secret(shown.body); /* with --show-secrets, the password */
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

/* CUSTTY_SECRET_ and the field's name in capitals, other characters as '_'. */
static char *secret_variable(const char *field)
{
    char *var = g_ascii_strup(field, -1);
    for (char *p = var; *p; p++)
        if (!g_ascii_isalnum(*p))
            *p = '_';
    char *name = g_strdup_printf("CUSTTY_SECRET_%s", var);
    g_free(var);
    return name;
}

/* A marker no typed value prints as: cJSON writes its control bytes as \u0001. */
static char *secret_marker(const char *var, bool printed)
{
    return printed ? g_strdup_printf("\"\\u0001%s\\u0001\"", var) : g_strdup_printf("\001%s\001", var);
}

/* In single-quoted TEXT, the marker of VAR becomes "$VAR": the quote closes,
 * the shell expands the variable, the quote opens again. */
static char *refer_to_variable(char *text, const char *var)
{
    char *printed = secret_marker(var, true);
    char *reference = g_strdup_printf("\"'\"$%s\"'\"", var);
    char **parts = g_strsplit(text, printed, -1);
    char *out = g_strjoinv(reference, parts);
    g_strfreev(parts);
    g_free(printed), g_free(reference), g_free(text);
    return out;
}

/* The body for --data-raw, shell-quoted, each secret field's value read from
 * its variable ("$CUSTTY_SECRET_PASSWORD"): the command works, and the secret
 * is not on the screen. The variables used are added to VARS. */
static char *curl_body(const Descriptor *d, const char *body, bool show_secrets, GPtrArray *vars)
{
    cJSON *doc = show_secrets ? NULL : cJSON_Parse(body);
    for (size_t i = 0; doc && i < d->n_fields; i++) {
        if (!d->fields[i].secret || !jsonpath_get(doc, d->fields[i].name))
            continue;
        char *var = secret_variable(d->fields[i].name), *marker = secret_marker(var, false);
        jsonpath_set(doc, d->fields[i].name, cJSON_CreateString(marker));
        g_ptr_array_add(vars, var);
        g_free(marker);
    }
    char *text = doc ? cJSON_PrintUnformatted(doc) : g_strdup(body);
    char *safe = safe_json(text, strlen(text));
    char *quoted = shell_quote(safe);
    for (guint i = 0; i < vars->len; i++)
        quoted = refer_to_variable(quoted, vars->pdata[i]);
    cJSON_Delete(doc);
    text_free_secret(text), text_free_secret(safe);
    return quoted;
}

static void say_which_variables(GPtrArray *vars)
{
    if (!vars->len)
        return;
    g_ptr_array_add(vars, NULL);
    char *names = g_strjoinv(" and ", (char **)vars->pdata);
    fprintf(stderr, "custty: the command reads the secret fields from the environment: export %s first "
            "(or add --show-secrets to write them out)\n", names);
    g_free(names);
}

/* TEXT for the inside of a shell's double quotes: $ ` " \ escaped. */
static void append_double_quoted(GString *out, const char *text)
{
    char *safe = safe_text(text, strlen(text));
    for (const char *p = safe; *p; p++) {
        if (strchr("$`\"\\", *p))
            g_string_append_c(out, '\\');
        g_string_append_c(out, *p);
    }
    g_free(safe);
}

/* The header scheme's line, the token read from the environment:
 * -H "X-Api-Key: Key $CUSTTY_TOKEN". */
static void append_header_token(GString *out, const Descriptor *d)
{
    const char *at = strstr(d->auth_header_value, "{token}");
    char *before = g_strndup(d->auth_header_value, at ? (size_t)(at - d->auth_header_value) : 0);
    g_string_append(out, " \\\n  -H \"");
    append_double_quoted(out, d->auth_header_name);
    g_string_append(out, ": ");
    append_double_quoted(out, before);
    g_string_append(out, "$CUSTTY_TOKEN");
    append_double_quoted(out, at ? at + strlen("{token}") : "");
    g_string_append_c(out, '"');
    g_free(before);
}

/* How the command sends $CUSTTY_TOKEN, by D's scheme. The query scheme's
 * goes with --url-query, which percent-encodes it as custty does: a key
 * holding '+', '&' or '%' reaches the provider as the same bytes. */
static void append_token(GString *out, const Descriptor *d)
{
    if (d->auth == AUTH_BEARER)
        g_string_append(out, " \\\n  -H \"Authorization: Bearer $CUSTTY_TOKEN\"");
    else if (d->auth == AUTH_BASIC)
        g_string_append(out, " \\\n  -u \"$CUSTTY_TOKEN\"");
    else if (d->auth == AUTH_HEADER)
        append_header_token(out, d);
    else if (d->auth == AUTH_QUERY) /* the parameter's name is a plain word (descriptor.c) */
        g_string_append_printf(out, " \\\n  --url-query \"%s=$CUSTTY_TOKEN\"", d->auth_query_param);
}

static char *command_url(const char *url)
{
    char *safe = safe_text(url, strlen(url));
    char *quoted = shell_quote(safe);
    g_free(safe);
    return quoted;
}

char *curl_command(const Descriptor *d, const Request *r, bool has_token, bool show_secrets, GPtrArray *vars)
{
    char *url = command_url(r->url), *method = safe_text(r->method, strlen(r->method));
    GString *out = g_string_new(NULL);
    g_string_append_printf(out, "curl -sS -X %s %s", method, url); /* a user's descriptor names the method */
    for (size_t i = 0; i < r->n_headers; i++) {
        if (r->headers[i].secret)
            continue;
        char *line = g_strdup_printf("%s: %s", r->headers[i].name, r->headers[i].value);
        char *safe = safe_text(line, strlen(line));
        char *q = shell_quote(safe);
        g_string_append_printf(out, " \\\n  -H %s", q);
        g_free(q), g_free(safe), g_free(line);
    }
    if (has_token)
        append_token(out, d);
    if (r->body) {
        char *body = curl_body(d, r->body, show_secrets, vars);
        g_string_append_printf(out, " \\\n  --data-raw %s", body);
        text_free_secret(body);
    }
    g_free(url), g_free(method);
    return g_string_free(out, FALSE);
}

void print_curl(FILE *out, const Descriptor *d, const Request *r, bool has_token, bool show_secrets)
{
    GPtrArray *vars = g_ptr_array_new_with_free_func(g_free);
    char *command = curl_command(d, r, has_token, show_secrets, vars);
    fprintf(out, "%s\n", command);
    text_free_secret(command); /* with --show-secrets, the password */
    say_which_variables(vars);
    g_ptr_array_free(vars, TRUE);
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

static void print_retry(FILE *err, long seconds)
{
    char *text = quota_retry_text(seconds, g_get_real_time() / G_USEC_PER_SEC);
    fprintf(err, "  %s\n", text);
    g_free(text);
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
        print_retry(err, r->retry_after_s);
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
