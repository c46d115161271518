/* A created customer, as the provider's record template says: the example
 * record, the request's values put in it, ids in the provider's format and
 * times in its own; then the provider's hook, if it has one. */
#include "net/sandbox_engine.h"

#include "model/jsonpath.h"

#include <string.h>

/* ---- ids ---------------------------------------------------------------------- */

static char *hex_bytes(const guint8 *bytes, size_t n)
{
    GString *s = g_string_sized_new(n * 2);
    for (size_t i = 0; i < n; i++)
        g_string_append_printf(s, "%02x", bytes[i]);
    return g_string_free(s, FALSE);
}

/* MongoDB's ObjectId (BotPenguin): 4 bytes of seconds, 8 random, in hex. */
static char *object_id(GRand *rng)
{
    guint8 b[12];
    guint32 secs = (guint32)(g_get_real_time() / G_USEC_PER_SEC);
    b[0] = secs >> 24, b[1] = secs >> 16, b[2] = secs >> 8, b[3] = secs;
    for (int i = 4; i < 12; i++)
        b[i] = (guint8)g_rand_int_range(rng, 0, 256);
    return hex_bytes(b, sizeof b);
}

/* A TypeID's suffix: a UUIDv7-like 128-bit value, 48 bits of milliseconds
 * then randomness, as 26 lowercase Crockford base32 digits (the first 0-7). */
static char *typeid_suffix(GRand *rng)
{
    static const char alphabet[] = "0123456789abcdefghjkmnpqrstvwxyz";
    guint64 hi = (guint64)(g_get_real_time() / 1000) << 16 | (guint64)g_rand_int_range(rng, 0, 65536);
    guint64 lo = (guint64)g_rand_int(rng) << 32 | g_rand_int(rng);
    char out[27];
    for (int i = 25; i >= 0; i--) {
        out[i] = alphabet[lo & 31];
        lo = (lo >> 5) | (hi << 59);
        hi >>= 5;
    }
    out[26] = '\0';
    return g_strdup(out);
}

static char *uuid4(GRand *rng)
{
    guint8 b[16];
    for (int i = 0; i < 16; i++)
        b[i] = (guint8)g_rand_int_range(rng, 0, 256);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    char *h = hex_bytes(b, 16);
    char *u = g_strdup_printf("%.8s-%.4s-%.4s-%.4s-%.12s", h, h + 8, h + 12, h + 16, h + 20);
    g_free(h);
    return u;
}

static char *new_id(SandboxIdFormat f, GRand *rng)
{
    return f == SANDBOX_ID_OBJECTID ? object_id(rng) : f == SANDBOX_ID_TYPEID ? typeid_suffix(rng) : uuid4(rng);
}

/* ---- times --------------------------------------------------------------------- */

/* Now (or, MIDNIGHT, today's start) plus DAYS, in FORMAT; "%f" stands for
 * milliseconds, which g_date_time_format lacks. */
static char *time_text(const char *format, gint64 days, bool midnight)
{
    GDateTime *now = g_date_time_new_now_utc();
    GDateTime *t = midnight ? g_date_time_new_utc(g_date_time_get_year(now), g_date_time_get_month(now),
                                                  g_date_time_get_day_of_month(now), 0, 0, 0)
                            : g_date_time_ref(now);
    GDateTime *at = g_date_time_add_days(t, (gint)days);
    char *millis = g_strdup_printf("%03d", g_date_time_get_microsecond(at) / 1000);
    gchar **parts = g_strsplit(format, "%f", -1);
    char *expanded = g_strjoinv(millis, parts);
    char *out = g_date_time_format(at, expanded);
    g_strfreev(parts);
    g_free(expanded), g_free(millis);
    g_date_time_unref(at), g_date_time_unref(t), g_date_time_unref(now);
    return out ? out : g_strdup("");
}

/* ---- placing values ---------------------------------------------------------------- */

void sb_place(cJSON *root, const char *path, cJSON *item)
{
    gchar **steps = g_strsplit(path, ".", -1);
    if (!steps[0]) { /* "": the spec refuses it; nowhere to put ITEM */
        g_strfreev(steps);
        cJSON_Delete(item);
        return;
    }
    cJSON *at = root;
    for (size_t i = 0; steps[i + 1] && at; i++) {
        cJSON *next = cJSON_GetObjectItemCaseSensitive(at, steps[i]);
        if (!cJSON_IsObject(next)) {
            cJSON *made = cJSON_CreateObject();
            if (next)
                cJSON_ReplaceItemInObjectCaseSensitive(at, steps[i], made);
            else
                cJSON_AddItemToObject(at, steps[i], made);
            next = made;
        }
        at = next;
    }
    const char *last = steps[g_strv_length(steps) - 1];
    if (cJSON_GetObjectItemCaseSensitive(at, last))
        cJSON_ReplaceItemInObjectCaseSensitive(at, last, item);
    else
        cJSON_AddItemToObject(at, last, item);
    g_strfreev(steps);
}

const char *sb_record_path(const SandboxSpec *s, const Field *f)
{
    const cJSON *to = cJSON_GetObjectItemCaseSensitive(s->place, f->name);
    if (to)
        return cJSON_IsString(to) ? to->valuestring : NULL;
    if (f->secret)
        return NULL; /* a password is never echoed */
    size_t n = strlen(s->body_root);
    if (n && g_str_has_prefix(f->name, s->body_root) && f->name[n] == '.')
        return f->name + n + 1;
    return f->name;
}

static void place_values(const SbProvider *p, const cJSON *body, cJSON *rec)
{
    for (size_t i = 0; i < p->d->n_fields; i++) {
        const Field *f = &p->d->fields[i];
        const cJSON *node = jsonpath_get(body, f->name);
        const char *to = node ? sb_record_path(p->spec, f) : NULL;
        if (to)
            sb_place(rec, to, cJSON_Duplicate(node, true));
    }
}

/* Ids and times where record.generate says; ID is the record's own. */
static void generate(SbProvider *p, cJSON *rec, const char *id)
{
    const cJSON *each;
    cJSON_ArrayForEach(each, p->spec->generate) {
        const char *w = each->valuestring;
        char *value = NULL;
        if (strcmp(w, "id") == 0)
            value = g_strdup(id);
        else if (strcmp(w, "uuid") == 0 || strcmp(w, "objectid") == 0 || strcmp(w, "typeid") == 0)
            value = new_id(w[0] == 'u' ? SANDBOX_ID_UUID : w[0] == 'o' ? SANDBOX_ID_OBJECTID : SANDBOX_ID_TYPEID, p->rng);
        else if (strcmp(w, "now") == 0)
            value = time_text(p->spec->time_format, 0, false);
        else
            value = time_text(p->spec->time_format, w[5] == '+' ? g_ascii_strtoll(w + 6, NULL, 10) : 0, true);
        sb_place(rec, each->string, cJSON_CreateString(value));
        g_free(value);
    }
}

cJSON *sb_record_new(SbProvider *p, const cJSON *body)
{
    cJSON *rec = cJSON_Duplicate(p->spec->record, true);
    char *suffix = new_id(p->spec->id_format, p->rng);
    char *id = g_strconcat(p->spec->id_prefix, suffix, NULL);
    sb_place(rec, p->d->id_path, cJSON_CreateString(id));
    place_values(p, body, rec);
    generate(p, rec, id);
    if (p->hook)
        p->hook(body, rec);
    g_free(suffix), g_free(id);
    return rec;
}

cJSON *sb_record_item(const SandboxSpec *s, const cJSON *rec)
{
    if (!s->list_item)
        return cJSON_Duplicate(rec, true);
    cJSON *item = cJSON_CreateObject();
    for (char **path = s->list_item; *path; path++) {
        const cJSON *v = jsonpath_get(rec, *path);
        sb_place(item, *path, v ? cJSON_Duplicate(v, true) : cJSON_CreateNull());
    }
    return item;
}
