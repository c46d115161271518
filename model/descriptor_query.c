/* What a loaded descriptor answers (a field by name, an environment, the
 * field a status points at) and freeing it. Reading the file is descriptor.c. */
#include "model/descriptor.h"

#include <glib.h>
#include <string.h>

const Field *descriptor_field(const Descriptor *d, const char *name)
{
    for (size_t i = 0; i < d->n_fields; i++)
        if (strcmp(d->fields[i].name, name) == 0)
            return &d->fields[i];
    return NULL;
}

const Environment *descriptor_environment(const Descriptor *d, const char *name)
{
    for (size_t i = 0; i < d->n_envs; i++)
        if (!name || strcmp(d->envs[i].name, name) == 0)
            return &d->envs[i];
    return NULL;
}

const char *descriptor_status_field(const Descriptor *d, int status)
{
    for (size_t i = 0; i < d->n_status_fields; i++)
        if (d->status_fields[i].status == status)
            return d->status_fields[i].field;
    return NULL;
}

const char *descriptor_email_field(const Descriptor *d)
{
    for (size_t i = 0; d && i < d->n_fields; i++)
        if (d->fields[i].type == FIELD_EMAIL)
            return d->fields[i].name;
    return NULL;
}

bool descriptor_is_success_status(const Descriptor *d, int status)
{
    for (size_t i = 0; i < d->n_success_status; i++)
        if (d->success_status[i] == status)
            return true;
    return false;
}

static void field_done(Field *f)
{
    g_free(f->name);
    g_free(f->label);
    g_free(f->help);
    g_strfreev(f->choices);
    g_free(f->pattern);
    g_free(f->pattern_hint);
    if (f->pattern_re)
        g_regex_unref(f->pattern_re);
    g_free(f->placeholder);
    g_free(f->default_text);
}

static void free_lists(Descriptor *d)
{
    for (size_t i = 0; d->envs && i < d->n_envs; i++) {
        g_free(d->envs[i].name);
        g_free(d->envs[i].base_url);
    }
    for (size_t i = 0; d->auth_headers && i < d->n_auth_headers; i++) {
        g_free(d->auth_headers[i].name);
        g_free(d->auth_headers[i].value);
    }
    for (size_t i = 0; d->token_kinds && i < d->n_token_kinds; i++) {
        g_free(d->token_kinds[i].prefix);
        g_free(d->token_kinds[i].reason);
    }
    for (size_t i = 0; d->status_fields && i < d->n_status_fields; i++)
        g_free(d->status_fields[i].field);
    for (size_t i = 0; d->fields && i < d->n_fields; i++)
        field_done(&d->fields[i]);
    g_free(d->envs);
    g_free(d->auth_headers);
    g_free(d->token_kinds);
    g_free(d->status_fields);
    g_free(d->fields);
}

void descriptor_free(Descriptor *d)
{
    if (!d)
        return;
    free_lists(d);
    lookup_spec_done(&d->lookup);
    sandbox_spec_done(&d->sandbox);
    char *strings[] = {
        d->name, d->path, d->title, d->docs, d->create_method, d->create_path,
        d->auth_scheme, d->auth_header_name, d->auth_header_value, d->auth_query_param,
        d->token_pattern, d->token_hint, d->record_path, d->id_path,
        d->flag_path, d->code_path, d->error_type_path, d->field_errors_path,
        d->idempotency_header, d->ratelimit_limit_header, d->ratelimit_remaining_header,
        d->list_path, d->get_path, d->delete_path, d->legacy_create_path,
    };
    for (size_t i = 0; i < G_N_ELEMENTS(strings); i++)
        g_free(strings[i]);
    g_free(d->success_status);
    g_strfreev(d->summary);
    g_strfreev(d->message_paths);
    g_free(d);
}
