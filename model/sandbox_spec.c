/* Reading a descriptor's "sandbox" section: every key checked, defaults
 * taken from the rest of the descriptor so that a short section serves. */
#include "model/sandbox_spec.h"

#include "model/descriptor.h"
#include "model/jsonpath.h"
#include "model/text.h"

#include <cjson/cJSON.h>
#include <glib.h>
#include <regex.h>
#include <string.h>

const char *const SANDBOX_REASONS[] = {
    "invalid", "duplicate", "unauthorized", "forbidden", "header", "not_found", "no_route",
    "rate_limited", "key_too_long", "key_reused", "bad_paging", NULL,
};
const char *const SANDBOX_HOOKS[] = { "botpenguin", "billing", "prolifi", NULL };

static const char *const GENERATED[] = { "id", "uuid", "objectid", "typeid", "now", "today", NULL };

typedef struct {
    const Descriptor *d;
    char *where, *what;
} Reader;

G_GNUC_PRINTF(3, 4)
static void fail(Reader *r, const char *where, const char *fmt, ...)
{
    if (r->where)
        return;
    va_list ap;
    va_start(ap, fmt);
    r->what = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    r->where = g_strdup_printf("sandbox%s%s", *where ? "." : "", where);
}

static void check_keys(Reader *r, const cJSON *obj, const char *where, const char *const *allowed)
{
    const cJSON *item;
    cJSON_ArrayForEach(item, obj) {
        if (g_strv_contains((const gchar *const *)allowed, item->string))
            continue;
        const char *guess = text_closest(item->string, allowed);
        char *at = *where ? g_strdup_printf("%s.%s", where, item->string) : g_strdup(item->string);
        fail(r, at, "unknown key%s%s%s", guess ? "; did you mean \"" : "", guess ? guess : "", guess ? "\"?" : "");
        g_free(at);
    }
}

/* OBJ's KEY when it has JSON type TYPE (cJSON_String…), else NULL (and a
 * problem when it is there with another type). */
static const cJSON *typed(Reader *r, const cJSON *obj, const char *where, const char *key, int type,
                          const char *want)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!item || (item->type & 0xff) == type || (type == cJSON_True && cJSON_IsBool(item)))
        return item;
    char *at = *where ? g_strdup_printf("%s.%s", where, key) : g_strdup(key);
    fail(r, at, "must be %s", want);
    g_free(at);
    return NULL;
}

static char *string_of(Reader *r, const cJSON *obj, const char *where, const char *key, const char *fallback)
{
    const cJSON *s = typed(r, obj, where, key, cJSON_String, "a string");
    return g_strdup(s ? s->valuestring : fallback);
}

static cJSON *object_of(Reader *r, const cJSON *obj, const char *where, const char *key)
{
    const cJSON *o = typed(r, obj, where, key, cJSON_Object, "an object");
    return o ? cJSON_Duplicate(o, true) : NULL;
}

static long number_of(Reader *r, const cJSON *obj, const char *where, const char *key, long fallback,
                      long lo, long hi)
{
    const cJSON *n = typed(r, obj, where, key, cJSON_Number, "a number");
    if (!n)
        return fallback;
    if (!(n->valuedouble >= (double)lo && n->valuedouble <= (double)hi) || n->valuedouble != (double)(long)n->valuedouble) {
        char *at = *where ? g_strdup_printf("%s.%s", where, key) : g_strdup(key);
        fail(r, at, "must be a whole number from %ld to %ld", lo, hi);
        g_free(at);
        return fallback;
    }
    return (long)n->valuedouble;
}

static char **strings_of(Reader *r, const cJSON *obj, const char *where, const char *key)
{
    const cJSON *arr = typed(r, obj, where, key, cJSON_Array, "a list of strings");
    if (!arr)
        return NULL;
    GPtrArray *out = g_ptr_array_new();
    const cJSON *each;
    cJSON_ArrayForEach(each, arr) {
        if (cJSON_IsString(each) && *each->valuestring)
            g_ptr_array_add(out, g_strdup(each->valuestring));
        else
            fail(r, where[0] ? where : key, "%s must be a list of non-empty strings", key);
    }
    g_ptr_array_add(out, NULL);
    return (char **)g_ptr_array_free(out, FALSE);
}

/* ---- tokens, paths, hook -------------------------------------------------- */

bool sandbox_token_may_create(const Descriptor *d, const char *token)
{
    for (size_t i = 0; i < d->n_token_kinds; i++)
        if (!d->token_kinds[i].can_create && g_str_has_prefix(token, d->token_kinds[i].prefix))
            return false;
    return true;
}

const char *sandbox_demo_token(const Descriptor *d)
{
    for (char **t = d->sandbox.tokens; t && *t; t++)
        if (sandbox_token_may_create(d, *t))
            return *t;
    return NULL;
}

/* Demo tokens must pass the client's own check, and one must create. */
static void check_tokens(Reader *r, const SandboxSpec *s)
{
    const Descriptor *d = r->d;
    regex_t re;
    bool have_re = d->token_pattern && regcomp(&re, d->token_pattern, REG_EXTENDED | REG_NOSUB) == 0;
    for (size_t i = 0; s->tokens && s->tokens[i]; i++) {
        char *at = g_strdup_printf("tokens[%zu]", i);
        if (strpbrk(s->tokens[i], " \t\r\n"))
            fail(r, at, "a token holds no spaces or line breaks");
        else if (have_re && regexec(&re, s->tokens[i], 0, NULL, 0) != 0)
            fail(r, at, "\"%s\" does not match auth.token.pattern", s->tokens[i]);
        g_free(at);
    }
    if (have_re)
        regfree(&re);
    if (d->auth != AUTH_NONE && !sandbox_demo_token(d))
        fail(r, "tokens", "list at least one token that may create (see auth.token.kinds)");
}

static void check_base_path(Reader *r, const char *p)
{
    if (*p && (p[0] != '/' || p[strlen(p) - 1] == '/' || strstr(p, "..") || strstr(p, "//") ||
               strpbrk(p, "?# \t\r\n")))
        fail(r, "base_path", "must be \"\" or a path such as \"/api/v1/public\" (no trailing /, .., // or ?)");
}

static void check_hook(Reader *r, const char *hook)
{
    if (hook && !g_strv_contains((const gchar *const *)SANDBOX_HOOKS, hook)) {
        char *all = g_strjoinv(", ", (gchar **)SANDBOX_HOOKS);
        fail(r, "hook", "no hook \"%s\" (hooks: %s); leave it out to serve from the template alone", hook, all);
        g_free(all);
    }
}

/* ---- record ------------------------------------------------------------------ */

/* Whether PATH names a place in a record: dotted names, none of them empty. */
static bool record_path_ok(const char *path)
{
    return path && *path && path[0] != '.' && path[strlen(path) - 1] != '.' && !strstr(path, "..");
}

/* Refuses each key of OBJ (at WHERE) that is no record path. */
static void check_path_keys(Reader *r, const cJSON *obj, const char *where)
{
    const cJSON *each;
    cJSON_ArrayForEach(each, obj) {
        if (!record_path_ok(each->string))
            fail(r, where, "\"%s\" is no record path: dotted names, none empty (e.g. \"created_at\" or "
                 "\"meta.created\")", each->string);
    }
}

static void check_place(Reader *r, const cJSON *place)
{
    const cJSON *each;
    cJSON_ArrayForEach(each, place) {
        char *at = g_strdup_printf("record.place.%s", each->string);
        if (!descriptor_field(r->d, each->string))
            fail(r, at, "is not a field of this descriptor");
        else if (!cJSON_IsNull(each) && !(cJSON_IsString(each) && record_path_ok(each->valuestring)))
            fail(r, at, "must be a record path, or null to leave the field out of the record");
        g_free(at);
    }
}

static bool generated_word(const char *w)
{
    guint64 days = 0;
    if (g_str_has_prefix(w, "today+"))
        return g_ascii_string_to_unsigned(w + 6, 10, 0, 3660, &days, NULL);
    return g_strv_contains((const gchar *const *)GENERATED, w);
}

static void check_generate(Reader *r, const cJSON *gen)
{
    const cJSON *each;
    check_path_keys(r, gen, "record.generate");
    cJSON_ArrayForEach(each, gen) {
        if (!cJSON_IsString(each) || !generated_word(each->valuestring)) {
            char *at = g_strdup_printf("record.generate.%s", each->string);
            fail(r, at, "must be \"id\", \"uuid\", \"objectid\", \"typeid\", \"now\", \"today\" or \"today+DAYS\"");
            g_free(at);
        }
    }
}

static void check_time_format(Reader *r, const char *format)
{
    GDateTime *t = g_date_time_new_utc(2026, 1, 7, 9, 49, 36.705);
    gchar **parts = g_strsplit(format, "%f", -1); /* %f: ours, milliseconds */
    char *plain = g_strjoinv("000", parts);
    char *out = g_date_time_format(t, plain);
    g_strfreev(parts);
    g_free(plain);
    if (!out || !*format)
        fail(r, "record.time_format", "is not a format g_date_time_format knows (e.g. \"%%Y-%%m-%%dT%%H:%%M:%%SZ\")");
    g_free(out);
    g_date_time_unref(t);
}

/* The one object every field sits in ("customer" when all are
 * customer.…), so a record is the customer, not the request; "" if none. */
static char *common_wrapper(const Descriptor *d)
{
    const char *dot = d->n_fields ? strchr(d->fields[0].name, '.') : NULL;
    if (!dot)
        return g_strdup("");
    char *root = g_strndup(d->fields[0].name, (gsize)(dot + 1 - d->fields[0].name)); /* "customer." */
    for (size_t i = 1; i < d->n_fields; i++)
        if (!g_str_has_prefix(d->fields[i].name, root))
            root[0] = '\0';
    if (*root)
        root[strlen(root) - 1] = '\0';
    return root;
}

static void read_record(Reader *r, const cJSON *rec, SandboxSpec *s)
{
    static const char *const keys[] = { "template", "id_format", "id_prefix", "time_format", "body_root",
                                        "place", "generate", NULL };
    static const char *const formats[] = { "uuid", "objectid", "typeid", NULL };
    check_keys(r, rec, "record", keys);
    s->record = object_of(r, rec, "record", "template");
    if (!s->record)
        s->record = cJSON_CreateObject();
    char *format = string_of(r, rec, "record", "id_format", "uuid");
    int f = -1;
    for (int i = 0; formats[i]; i++)
        if (strcmp(format, formats[i]) == 0)
            f = i;
    if (f < 0)
        fail(r, "record.id_format", "must be \"uuid\", \"objectid\" (24 hex digits) or \"typeid\" (cus_…)");
    s->id_format = f < 0 ? SANDBOX_ID_UUID : (SandboxIdFormat)f;
    g_free(format);
    s->id_prefix = string_of(r, rec, "record", "id_prefix", "");
    s->time_format = string_of(r, rec, "record", "time_format", "%Y-%m-%dT%H:%M:%S.%fZ");
    check_time_format(r, s->time_format);
    char *wrapper = common_wrapper(r->d);
    s->body_root = string_of(r, rec, "record", "body_root", wrapper);
    g_free(wrapper);
    s->place = object_of(r, rec, "record", "place");
    check_place(r, s->place);
    s->generate = object_of(r, rec, "record", "generate");
    check_generate(r, s->generate);
}

/* ---- answers ------------------------------------------------------------------ */

/* Whether TREE holds the string WORD somewhere. */
static bool holds(const cJSON *tree, const char *word)
{
    if (cJSON_IsString(tree))
        return strcmp(tree->valuestring, word) == 0;
    const cJSON *each;
    cJSON_ArrayForEach(each, tree)
        if (holds(each, word))
            return true;
    return false;
}

/* A template with WORD at PATH ("" : NULL, the bare value), and extra at others. */
static cJSON *template_at(const char *path, const char *word)
{
    if (!path || !*path)
        return NULL;
    cJSON *t = cJSON_CreateObject();
    jsonpath_set(t, path, cJSON_CreateString(word));
    return t;
}

/* What the client reads a success from, when the section does not say. */
static cJSON *default_envelope(const Descriptor *d)
{
    cJSON *e = template_at(d->record_path, "{record}");
    if (e && d->flag_path)
        jsonpath_set(e, d->flag_path, cJSON_CreateTrue());
    if (e && d->code_path)
        jsonpath_set(e, d->code_path, cJSON_CreateString("{status}"));
    return e;
}

/* OBJ's "envelope" in place of *OUT (a default) when there is one: an
 * object holding WORD where the value goes, or null for the bare value. */
static void read_envelope(Reader *r, const cJSON *obj, const char *at, const char *word, cJSON **out)
{
    const cJSON *e = cJSON_GetObjectItemCaseSensitive(obj, "envelope");
    if (!e)
        return;
    if (!cJSON_IsObject(e) && !cJSON_IsNull(e))
        fail(r, at, "must be an object holding \"%s\", or null for the bare value", word);
    else if (cJSON_IsObject(e) && !holds(e, word))
        fail(r, at, "must hold the string \"%s\" where the value goes", word);
    cJSON_Delete(*out);
    *out = cJSON_IsObject(e) ? cJSON_Duplicate(e, true) : NULL;
}

/* OBJ's KEY, one of two words: whether it is the second (FALLBACK when absent). */
static bool second_word(Reader *r, const cJSON *obj, const char *at, const char *key, const char *const words[2],
                        const char *fallback, const char *why)
{
    char *w = string_of(r, obj, at, key, fallback);
    if (strcmp(w, words[0]) && strcmp(w, words[1])) {
        char *where = g_strdup_printf("%s.%s", at, key);
        fail(r, where, "must be \"%s\" or \"%s\" %s", words[0], words[1], why);
        g_free(where);
    }
    bool second = strcmp(w, words[1]) == 0;
    g_free(w);
    return second;
}

static void check_vars(Reader *r, const cJSON *vars)
{
    const cJSON *var, *each;
    cJSON_ArrayForEach(var, vars) {
        char *at = g_strdup_printf("error.vars.%s", var->string);
        if (!cJSON_IsObject(var))
            fail(r, at, "must map statuses (\"409\", \"4xx\", \"*\") or reasons to values");
        cJSON_ArrayForEach(each, var) {
            guint64 n = 0;
            const char *k = each->string;
            bool status = g_ascii_string_to_unsigned(k, 10, 400, 599, &n, NULL);
            if (!status && strcmp(k, "4xx") && strcmp(k, "5xx") && strcmp(k, "*") &&
                !g_strv_contains((const gchar *const *)SANDBOX_REASONS, k))
                fail(r, at, "\"%s\" is no status (400-599, 4xx, 5xx, *) or reason", k);
        }
        g_free(at);
    }
}

static void read_error(Reader *r, const cJSON *obj, SandboxSpec *s)
{
    static const char *const keys[] = { "body", "vars", NULL };
    const cJSON *e = typed(r, obj, "", "error", cJSON_Object, "an object");
    check_keys(r, e, "error", keys);
    s->error_body = object_of(r, e, "error", "body");
    if (!s->error_body && r->d->message_paths) /* the client's first message path */
        s->error_body = template_at(r->d->message_paths[0], "{message}");
    if (!s->error_body)
        s->error_body = template_at("message", "{message}");
    s->error_vars = object_of(r, e, "error", "vars");
    check_vars(r, s->error_vars);
}

static void read_invalid_duplicate(Reader *r, const cJSON *obj, SandboxSpec *s)
{
    static const char *const ikeys[] = { "status", "message", "item", NULL };
    static const char *const dkeys[] = { "status", "message", NULL };
    const cJSON *inv = typed(r, obj, "", "invalid", cJSON_Object, "an object");
    check_keys(r, inv, "invalid", ikeys);
    s->invalid_status = (int)number_of(r, inv, "invalid", "status", 422, 400, 499);
    s->invalid_message = string_of(r, inv, "invalid", "message", "Validation failed: {problems}");
    s->invalid_item = object_of(r, inv, "invalid", "item");
    if (s->invalid_item && !r->d->field_errors_path)
        fail(r, "invalid.item", "needs error.field_errors: where the list of field errors goes");
    const cJSON *dup = typed(r, obj, "", "duplicate", cJSON_Object, "an object");
    check_keys(r, dup, "duplicate", dkeys);
    s->duplicate_status = (int)number_of(r, dup, "duplicate", "status", 409, 200, 499);
    s->duplicate_message = string_of(r, dup, "duplicate", "message",
                                     "A customer with this {field} already exists ({id}).");
    s->messages = object_of(r, obj, "", "messages");
    check_keys(r, s->messages, "messages", SANDBOX_REASONS);
    const cJSON *m;
    cJSON_ArrayForEach(m, s->messages)
        if (!cJSON_IsString(m))
            fail(r, "messages", "\"%s\" must be a string", m->string);
}

/* ---- list, delete ---------------------------------------------------------------- */

static void read_list(Reader *r, const cJSON *obj, SandboxSpec *s)
{
    static const char *const keys[] = { "order", "page_size", "max_page_size", "envelope", "item", NULL };
    const cJSON *l = typed(r, obj, "", "list", cJSON_Object, "an object");
    check_keys(r, l, "list", keys);
    s->list_newest_first = second_word(r, l, "list", "order", (const char *const[]){ "oldest", "newest" },
                                       "oldest", "(which customers come first)");
    s->page_size = number_of(r, l, "list", "page_size", 20, 1, 1000);
    s->max_page_size = number_of(r, l, "list", "max_page_size", MAX(100, s->page_size), s->page_size, 1000);
    s->list_envelope = template_at(r->d->lookup.items, "{items}");
    read_envelope(r, l, "list.envelope", "{items}", &s->list_envelope);
    s->list_item = strings_of(r, l, "list", "item");
}

static void read_delete(Reader *r, const cJSON *obj, SandboxSpec *s)
{
    static const char *const keys[] = { "style", "set", "reply", NULL };
    const cJSON *del = typed(r, obj, "", "delete", cJSON_Object, "an object");
    check_keys(r, del, "delete", keys);
    s->delete_archives = second_word(r, del, "delete", "style", (const char *const[]){ "remove", "archive" },
                                     "remove", "(forget the customer, or set delete.set in its record)");
    s->delete_set = object_of(r, del, "delete", "set");
    check_path_keys(r, s->delete_set, "delete.set");
    s->delete_reply = object_of(r, del, "delete", "reply");
    if (s->delete_archives != (s->delete_set != NULL))
        fail(r, "delete.set", "goes with \"style\": \"archive\", and archive needs it (e.g. {\"status\": \"archived\"})");
    if (s->delete_reply && s->delete_archives)
        fail(r, "delete.reply", "is for \"style\": \"remove\"; an archive answers with the record");
}

/* ---- the section ------------------------------------------------------------------- */

static void read_all(Reader *r, const cJSON *obj, SandboxSpec *s)
{
    static const char *const keys[] = { "tokens", "base_path", "hook", "record", "envelope", "error", "invalid",
                                        "duplicate", "messages", "list", "delete", NULL };
    check_keys(r, obj, "", keys);
    s->tokens = strings_of(r, obj, "", "tokens");
    if (!s->tokens && r->d->auth != AUTH_NONE)
        fail(r, "tokens", "missing: list the demo token(s) the sandbox accepts");
    check_tokens(r, s);
    s->base_path = string_of(r, obj, "", "base_path", "");
    check_base_path(r, s->base_path);
    s->hook = string_of(r, obj, "", "hook", NULL);
    check_hook(r, s->hook);
    const cJSON *rec = typed(r, obj, "", "record", cJSON_Object, "an object");
    read_record(r, rec, s);
    s->envelope = default_envelope(r->d);
    read_envelope(r, obj, "envelope", "{record}", &s->envelope);
    read_error(r, obj, s);
    read_invalid_duplicate(r, obj, s);
    read_list(r, obj, s);
    read_delete(r, obj, s);
}

bool sandbox_spec_read(const cJSON *obj, const Descriptor *d, SandboxSpec *spec, char **where, char **what)
{
    Reader r = { .d = d };
    memset(spec, 0, sizeof *spec);
    spec->present = true;
    if (!cJSON_IsObject(obj))
        fail(&r, "", "must be an object");
    else
        read_all(&r, obj, spec);
    *where = r.where;
    *what = r.what;
    return r.where == NULL;
}

void sandbox_spec_done(SandboxSpec *s)
{
    cJSON *trees[] = { s->record, s->place, s->generate, s->envelope, s->error_body, s->error_vars,
                       s->invalid_item, s->messages, s->list_envelope, s->delete_set, s->delete_reply };
    for (size_t i = 0; i < G_N_ELEMENTS(trees); i++)
        cJSON_Delete(trees[i]);
    char *strings[] = { s->base_path, s->hook, s->id_prefix, s->time_format, s->body_root,
                        s->invalid_message, s->duplicate_message };
    for (size_t i = 0; i < G_N_ELEMENTS(strings); i++)
        g_free(strings[i]);
    g_strfreev(s->tokens);
    g_free(s->why_not);
    g_strfreev(s->list_item);
    memset(s, 0, sizeof *s);
}
