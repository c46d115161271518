/* The sandbox's answers in each provider's own shape: its templates with
 * "{name}" replaced, its error body and vars, its envelope. */
#include "net/sandbox_engine.h"

#include "model/jsonpath.h"

#include <string.h>

static void vars_add(SbVars *v, const char *name, cJSON *value)
{
    g_assert(v->n < G_N_ELEMENTS(v->items));
    v->items[v->n++] = (SbVar){ .name = name, .value = value };
}

/* TEXT may be a client's (an id from the path, a key from a header): bytes
 * that are not UTF-8 become U+FFFD, so every answer stays JSON (RFC 8259). */
void sb_vars_text(SbVars *v, const char *name, const char *text)
{
    char *valid = text ? g_utf8_make_valid(text, -1) : NULL;
    vars_add(v, name, valid ? cJSON_CreateString(valid) : cJSON_CreateNull());
    g_free(valid);
}

void sb_vars_number(SbVars *v, const char *name, double n)
{
    vars_add(v, name, cJSON_CreateNumber(n));
}

void sb_vars_take(SbVars *v, const char *name, cJSON *value)
{
    vars_add(v, name, value);
}

void sb_vars_done(SbVars *v)
{
    for (size_t i = 0; i < v->n; i++)
        cJSON_Delete(v->items[i].value);
    v->n = 0;
}

static SbVar *var_named(const SbVars *v, const char *s, size_t len)
{
    for (size_t i = 0; i < v->n; i++)
        if (strlen(v->items[i].name) == len && strncmp(v->items[i].name, s, len) == 0)
            return (SbVar *)&v->items[i];
    return NULL;
}

/* The value of a whole "{name}": moved in the first time, copied after. */
static cJSON *var_value(SbVar *var)
{
    if (var->value) {
        cJSON *moved = var->value;
        var->value = NULL;
        var->placed = moved;
        return moved;
    }
    return cJSON_Duplicate(var->placed, true);
}

static char *value_text(const cJSON *value)
{
    if (cJSON_IsString(value))
        return g_strdup(value->valuestring);
    if (cJSON_IsNumber(value))
        return g_strdup_printf("%.15g", value->valuedouble);
    if (!value || cJSON_IsNull(value))
        return g_strdup("");
    return cJSON_PrintUnformatted(value);
}

char *sb_fill_text(const char *tmpl, const SbVars *v)
{
    GString *out = g_string_new(NULL);
    for (const char *p = tmpl; *p;) {
        const char *open = strchr(p, '{'), *close = open ? strchr(open, '}') : NULL;
        SbVar *var = close ? var_named(v, open + 1, (size_t)(close - open - 1)) : NULL;
        if (!var) {
            g_string_append_len(out, p, open ? open - p + 1 : (gssize)strlen(p));
            p = open ? open + 1 : p + strlen(p);
            continue;
        }
        g_string_append_len(out, p, open - p);
        char *text = value_text(var->value ? var->value : var->placed);
        g_string_append(out, text);
        g_free(text);
        p = close + 1;
    }
    return g_string_free(out, FALSE);
}

static cJSON *fill_node(const cJSON *node, SbVars *v)
{
    if (cJSON_IsString(node)) {
        size_t n = strlen(node->valuestring);
        SbVar *var = n > 2 && node->valuestring[0] == '{' && node->valuestring[n - 1] == '}'
                         ? var_named(v, node->valuestring + 1, n - 2) : NULL;
        if (var)
            return var_value(var);
        char *text = sb_fill_text(node->valuestring, v);
        cJSON *s = cJSON_CreateString(text);
        g_free(text);
        return s;
    }
    if (!cJSON_IsObject(node) && !cJSON_IsArray(node))
        return cJSON_Duplicate(node, true);
    cJSON *out = cJSON_IsObject(node) ? cJSON_CreateObject() : cJSON_CreateArray();
    const cJSON *each;
    cJSON_ArrayForEach(each, node) {
        if (cJSON_IsObject(node))
            cJSON_AddItemToObject(out, each->string, fill_node(each, v));
        else
            cJSON_AddItemToArray(out, fill_node(each, v));
    }
    return out;
}

cJSON *sb_fill(const cJSON *tmpl, SbVars *v, const char *bare)
{
    if (tmpl)
        return fill_node(tmpl, v);
    SbVar *var = var_named(v, bare, strlen(bare));
    return var ? var_value(var) : cJSON_CreateNull();
}

char *sb_message(const SbProvider *p, const char *reason, const char *fallback, const SbVars *v)
{
    const char *given = jsonpath_string(p->spec->messages, reason);
    return sb_fill_text(given ? given : fallback, v);
}

/* error.vars' NAME for REASON and STATUS: the reason, the status, its class, "*". */
static const char *error_var(const cJSON *table, const char *reason, int status)
{
    char exact[8], class[8];
    g_snprintf(exact, sizeof exact, "%d", status);
    g_snprintf(class, sizeof class, "%dxx", status / 100);
    const char *const tries[] = { reason ? reason : "", exact, class, "*" };
    for (size_t i = 0; i < G_N_ELEMENTS(tries); i++) {
        const cJSON *hit = cJSON_GetObjectItemCaseSensitive(table, tries[i]);
        if (cJSON_IsString(hit))
            return hit->valuestring;
    }
    return NULL;
}

void sb_reply_error(const SbProvider *p, SbReply *reply, int http_status, int status, const char *reason,
                    const char *message, cJSON *fields)
{
    SbVars v = { 0 };
    sb_vars_text(&v, "message", message);
    sb_vars_number(&v, "status", status);
    const cJSON *table;
    cJSON_ArrayForEach(table, p->spec->error_vars)
        if (v.n < G_N_ELEMENTS(v.items))
            sb_vars_text(&v, table->string, error_var(table, reason, status));
    cJSON *doc = sb_fill(p->spec->error_body, &v, "message");
    if (fields && cJSON_IsObject(doc))
        sb_place(doc, p->d->field_errors_path, fields);
    else
        cJSON_Delete(fields);
    sb_vars_done(&v);
    sb_reply_json(reply, http_status, doc);
}

void sb_reply_record(const SbProvider *p, SbReply *reply, int status, cJSON *record)
{
    SbVars v = { 0 };
    sb_vars_take(&v, "record", record);
    sb_vars_number(&v, "status", status);
    cJSON *doc = sb_fill(p->spec->envelope, &v, "record");
    sb_vars_done(&v);
    sb_reply_json(reply, status, doc);
}
