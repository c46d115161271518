#include "model/values.h"

#include "model/jsonpath.h"
#include "model/text.h"
#include "model/validate.h"

#include <glib.h>
#include <string.h>

void values_init(Values *v)
{
    v->items = NULL;
    v->count = 0;
}

static void wipe(Value *item)
{
    if (item->text)
        explicit_bzero(item->text, item->len);
    g_free(item->text);
}

void values_done(Values *v)
{
    for (size_t i = 0; i < v->count; i++) {
        wipe(&v->items[i]);
        g_free(v->items[i].name);
    }
    g_free(v->items);
    values_init(v);
}

/* NAME's slot, its old text wiped, or a new one. */
static Value *slot_of(Values *v, const char *name)
{
    Value *slot = NULL;
    for (size_t i = 0; i < v->count && !slot; i++)
        if (strcmp(v->items[i].name, name) == 0)
            slot = &v->items[i];
    if (slot) {
        wipe(slot);
    } else {
        v->items = g_renew(Value, v->items, v->count + 1);
        slot = &v->items[v->count++];
        slot->name = g_strdup(name);
    }
    return slot;
}

void values_set(Values *v, const char *name, const char *text, size_t len)
{
    Value *slot = slot_of(v, name);
    slot->text = g_malloc(len + 1);
    memcpy(slot->text, text, len);
    slot->text[len] = '\0';
    slot->len = len;
    slot->null = false;
}

void values_set_null(Values *v, const char *name)
{
    Value *slot = slot_of(v, name);
    slot->text = g_strdup("");
    slot->len = 0;
    slot->null = true;
}

bool values_is_null(const Values *v, const char *name)
{
    for (size_t i = 0; i < v->count; i++)
        if (strcmp(v->items[i].name, name) == 0)
            return v->items[i].null;
    return false;
}

static char *list_text(const cJSON *node)
{
    GString *s = g_string_new(NULL);
    const cJSON *each;
    cJSON_ArrayForEach(each, node) {
        if (!cJSON_IsString(each))
            return g_string_free(s, TRUE), NULL;
        g_string_append_printf(s, "%s%s", s->len ? ", " : "", each->valuestring);
    }
    return g_string_free(s, FALSE);
}

void values_set_json(Values *v, const Field *f, const cJSON *node)
{
    if (!node)
        return;
    if (cJSON_IsNull(node))
        return values_set_null(v, f->name);
    char *text = cJSON_IsString(node) ? g_strdup(node->valuestring)
                 : f->type == FIELD_LIST && cJSON_IsArray(node) ? list_text(node) : NULL;
    if (!text)
        text = cJSON_PrintUnformatted(node);
    values_set(v, f->name, text, strlen(text));
    g_free(text);
}

void values_from_body(Values *v, const Descriptor *d, const cJSON *body, bool with_secrets)
{
    for (size_t i = 0; body && i < d->n_fields; i++)
        if (with_secrets || !d->fields[i].secret)
            values_set_json(v, &d->fields[i], jsonpath_get(body, d->fields[i].name));
}

const char *values_get(const Values *v, const char *name, size_t *len)
{
    for (size_t i = 0; i < v->count; i++) {
        if (strcmp(v->items[i].name, name) == 0) {
            if (len)
                *len = v->items[i].len;
            return v->items[i].text;
        }
    }
    return NULL;
}

static void problems_add(Problems *p, const char *field, const char *label, char *message)
{
    p->items = g_renew(Problem, p->items, p->count + 1);
    p->items[p->count++] = (Problem){ g_strdup(field), g_strdup(label), message };
}

static char **field_names(const Descriptor *d)
{
    char **names = g_new0(char *, d->n_fields + 1);
    for (size_t i = 0; i < d->n_fields; i++)
        names[i] = d->fields[i].name;
    return names;
}

/* The last dotted segment of NAME: "email" of "customer.email". */
static const char *last_segment(const char *name)
{
    const char *dot = strrchr(name, '.');
    return dot ? dot + 1 : name;
}

/* The field KEY most likely meant: one whose last dotted segment or label is
 * KEY ("email" for customer.email), else the closest key by edit distance,
 * whole or by its last segment ("credit_limt"); NULL when none is near. */
static const char *field_meant(const Descriptor *d, const char *key, char **names)
{
    for (size_t i = 0; i < d->n_fields; i++) {
        const Field *f = &d->fields[i];
        if (g_ascii_strcasecmp(key, last_segment(f->name)) == 0 || (f->label && g_ascii_strcasecmp(key, f->label) == 0))
            return f->name;
    }
    const char *guess = text_closest(key, (const char *const *)names);
    if (guess)
        return guess;
    const char **segments = g_new0(const char *, d->n_fields + 1);
    for (size_t i = 0; i < d->n_fields; i++)
        segments[i] = last_segment(d->fields[i].name);
    const char *near = text_closest(last_segment(key), segments);
    for (size_t i = 0; near && !guess; i++)
        if (segments[i] == near)
            guess = d->fields[i].name;
    g_free(segments);
    return guess;
}

static void check_unknown(const Descriptor *d, const Values *v, Problems *problems)
{
    char **names = field_names(d);
    for (size_t i = 0; i < v->count; i++) {
        if (descriptor_field(d, v->items[i].name))
            continue;
        const char *guess = field_meant(d, v->items[i].name, names);
        char *all = g_strjoinv(", ", names);
        char *msg = guess ? g_strdup_printf("%s has no field \"%s\"; did you mean \"%s\"?",
                                            d->name, v->items[i].name, guess)
                          : g_strdup_printf("%s has no field \"%s\"; its fields are: %s",
                                            d->name, v->items[i].name, all);
        problems_add(problems, v->items[i].name, v->items[i].name, msg);
        g_free(all);
    }
    g_free(names);
}

bool values_each_checked(const Descriptor *d, const Values *v,
                         bool (*visit)(void *ctx, const Field *f, const FieldCheck *check), void *ctx)
{
    bool all = true;
    for (size_t i = 0; all && i < d->n_fields; i++) {
        const Field *f = &d->fields[i];
        size_t len = 0;
        const char *text = values_get(v, f->name, &len);
        FieldCheck c;
        if (values_is_null(v, f->name))
            field_check_null(f, &c);
        else
            field_check(f, text, len, &c);
        all = visit(ctx, f, &c);
        field_check_done(&c);
    }
    return all;
}

static bool add_problem(void *ctx, const Field *f, const FieldCheck *c)
{
    if (!c->ok)
        problems_add(ctx, f->name, f->label, g_strdup(c->message));
    return true; /* every field, so every problem is listed */
}

bool values_check(const Descriptor *d, const Values *v, Problems *problems)
{
    problems->items = NULL;
    problems->count = 0;
    values_each_checked(d, v, add_problem, problems);
    check_unknown(d, v, problems);
    return problems->count == 0;
}

void problems_done(Problems *p)
{
    for (size_t i = 0; i < p->count; i++) {
        g_free(p->items[i].field);
        g_free(p->items[i].label);
        g_free(p->items[i].message);
    }
    g_free(p->items);
    p->items = NULL;
    p->count = 0;
}
