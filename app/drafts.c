#include "app/drafts.h"

#include "app/state_file.h"
#include "model/validate.h"

#include <cjson/cJSON.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

/* A draft is a few fields; a file past this is not one, and is not read. */
#define DRAFT_MAX_BYTES (4 * 1024 * 1024)

static char *draft_path(const char *state_dir, const char *profile)
{
    char *safe = g_strcanon(g_strdup(profile), "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.", '_');
    /* "a b" and "a_b" must not share a file (and a key): a name that had to
     * change is told apart by a digest of the name itself. */
    char *sum = strcmp(safe, profile) ? g_compute_checksum_for_string(G_CHECKSUM_SHA256, profile, -1) : NULL;
    char *name = sum ? g_strdup_printf("%s-%.12s.json", safe, sum) : g_strdup_printf("%s.json", safe);
    g_free(sum);
    char *path = g_build_filename(state_dir, "drafts", name, NULL);
    g_free(safe), g_free(name);
    return path;
}

static char *secret_labels(const Descriptor *d, const Values *v)
{
    GString *s = g_string_new(NULL);
    for (size_t i = 0; i < d->n_fields; i++) {
        size_t len = 0;
        if (d->fields[i].secret && values_get(v, d->fields[i].name, &len) && len)
            g_string_append_printf(s, "%s%s", s->len ? ", " : "", d->fields[i].label);
    }
    return s->len ? g_string_free(s, FALSE) : (g_string_free(s, TRUE), NULL);
}

bool draft_save(const char *state_dir, const char *profile, const Descriptor *d, const Values *v,
                const char *idempotency_key, char **why)
{
    cJSON *o = cJSON_CreateObject(), *values = cJSON_AddObjectToObject(o, "values");
    for (size_t i = 0; i < d->n_fields; i++) {
        const char *text = values_get(v, d->fields[i].name, NULL);
        if (values_is_null(v, d->fields[i].name)) /* a null set on purpose is kept as one */
            cJSON_AddNullToObject(values, d->fields[i].name);
        else if (text && *text && !d->fields[i].secret)
            cJSON_AddStringToObject(values, d->fields[i].name, text);
    }
    char *omitted = secret_labels(d, v);
    GDateTime *now = g_date_time_new_now_utc();
    char *when = g_date_time_format_iso8601(now);
    cJSON_AddStringToObject(o, "profile", profile);
    cJSON_AddStringToObject(o, "provider", d->name);
    cJSON_AddStringToObject(o, "saved_at", when);
    if (idempotency_key)
        cJSON_AddStringToObject(o, "idempotency_key", idempotency_key);
    if (omitted)
        cJSON_AddStringToObject(o, "omitted", omitted);
    char *text = cJSON_Print(o), *path = draft_path(state_dir, profile), *dir = g_path_get_dirname(path);
    GError *err = NULL;
    char *refused = NULL;
    /* The drafts folder is checked like the state folder: never through a link, ours, private. */
    bool ok = state_dir_check(state_dir, true, &refused) && state_dir_check(dir, true, &refused) &&
              g_file_set_contents_full(path, text, -1, G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                       0600, &err);
    if (!ok)
        *why = refused ? g_strdup_printf("cannot save the draft: %s", refused)
                       : g_strdup_printf("cannot save the draft in %s: %s", dir, err ? err->message : g_strerror(errno));
    g_free(refused);
    if (err)
        g_error_free(err);
    cJSON_free(text);
    cJSON_Delete(o);
    g_free(path), g_free(dir), g_free(omitted), g_free(when);
    g_date_time_unref(now);
    return ok;
}

static char *dup_member(const cJSON *o, const char *key)
{
    const cJSON *s = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(s) ? g_strdup(s->valuestring) : NULL;
}

/* The draft file's text; false when there is none, or with *WHY when it is
 * refused (a link, a FIFO, a device, not ours, too large: never read then). */
static bool read_draft(const char *state_dir, const char *path, char **text, gsize *len, char **why)
{
    char *drafts = g_path_get_dirname(path), *refused = NULL;
    int fd = state_dir_check(state_dir, false, &refused) && state_dir_check(drafts, false, &refused)
             ? state_file_open(path, O_RDONLY, &refused) : -1;
    if (fd >= 0) {
        *text = read_bounded(fd, DRAFT_MAX_BYTES, path, len, &refused);
        close(fd);
    }
    if (refused)
        *why = g_strdup_printf("the draft was not restored: %s", refused);
    g_free(refused), g_free(drafts);
    return *text != NULL;
}

/* A draft holding more than a field takes is refused whole, not loaded: such a
 * value was never typed here, and drawing it would freeze the form. */
static bool draft_values_fit(const Descriptor *d, const Values *v, const char *path, char **why)
{
    for (size_t i = 0; i < d->n_fields; i++) {
        const Field *f = &d->fields[i];
        size_t len = 0;
        const char *text = values_get(v, f->name, &len);
        bool in_bytes = false;
        size_t max = field_max_length(f, &in_bytes);
        if (text && !field_fits(f, text, len)) {
            *why = g_strdup_printf("draft not restored: its %s is longer than the %zu %s the field holds (%s)",
                                   f->label, max, in_bytes ? "bytes" : "characters", path);
            return false;
        }
    }
    return true;
}

bool draft_load(const char *state_dir, const char *profile, const Descriptor *d, Draft *out, char **why)
{
    char *path = draft_path(state_dir, profile), *text = NULL;
    gsize len = 0;
    memset(out, 0, sizeof *out);
    values_init(&out->values);
    bool found = read_draft(state_dir, path, &text, &len, why);
    cJSON *o = found ? cJSON_ParseWithLength(text, len) : NULL;
    if (found && !cJSON_IsObject(o))
        *why = g_strdup_printf("the draft %s is damaged and was not restored", path);
    const cJSON *values = cJSON_GetObjectItemCaseSensitive(o, "values"), *each;
    if (!cJSON_IsObject(values))
        values = NULL;
    cJSON_ArrayForEach(each, values)
        if (cJSON_IsString(each) && descriptor_field(d, each->string))
            values_set(&out->values, each->string, each->valuestring, strlen(each->valuestring));
        else if (cJSON_IsNull(each) && descriptor_field(d, each->string))
            values_set_null(&out->values, each->string);
    out->idempotency_key = dup_member(o, "idempotency_key");
    out->saved_at = dup_member(o, "saved_at");
    out->omitted = dup_member(o, "omitted");
    /* Whose draft it is, by what it says inside: never another profile's. */
    const char *owner = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, "profile"));
    bool mine = !owner || strcmp(owner, profile) == 0;
    bool ok = cJSON_IsObject(o) && mine && draft_values_fit(d, &out->values, path, why);
    cJSON_Delete(o);
    g_free(text), g_free(path);
    return ok;
}

void draft_done(Draft *d)
{
    values_done(&d->values);
    g_free(d->idempotency_key), g_free(d->saved_at), g_free(d->omitted);
}

void draft_clear(const char *state_dir, const char *profile)
{
    char *path = draft_path(state_dir, profile), *drafts = g_path_get_dirname(path), *refused = NULL;
    if (state_dir_check(drafts, false, &refused)) /* never a file in another folder, through a link */
        g_unlink(path);
    g_free(path), g_free(drafts), g_free(refused);
}
