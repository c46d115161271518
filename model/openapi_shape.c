/* What a schema says of a value beyond its type, as field keys: minLength,
 * pattern (an ECMA-262 pattern, checked with GRegex where it reads it alike),
 * default, and example as the field's placeholder. */
#include "model/field_pattern.h"
#include "model/openapi_internal.h"

#include <math.h>
#include <string.h>

/* A placeholder is one short line in the form. */
#define OA_PLACEHOLDER_MAX 120

static bool oa_text_type(const char *ftype)
{
    return strcmp(ftype, "integer") != 0 && strcmp(ftype, "number") != 0 && strcmp(ftype, "boolean") != 0 &&
           strcmp(ftype, "list") != 0 && strcmp(ftype, "json") != 0;
}

static void oa_min_length(OaCtx *c, cJSON *f, const cJSON *schema, const char *ftype)
{
    const char *name = oa_str(f, "name");
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(schema, "minLength");
    if (!cJSON_IsNumber(v) || v->valuedouble < 1)
        return;
    const cJSON *max_item = cJSON_GetObjectItemCaseSensitive(f, "max_length");
    double max = cJSON_IsNumber(max_item) && max_item->valuedouble > 0 ? max_item->valuedouble
                 : strcmp(ftype, "password") == 0                      ? 128
                                                                       : 255;
    if (!oa_text_type(ftype))
        oa_unmapped(c, "%s: minLength on a %s field — not mapped", name, ftype);
    else if (floor(v->valuedouble) > max)
        oa_unmapped(c, "%s: minLength %g is more than the field takes (%g) — not mapped", name, v->valuedouble, max);
    else
        cJSON_AddNumberToObject(f, "min_length", floor(v->valuedouble));
}

static void oa_pattern(OaCtx *c, cJSON *f, const cJSON *schema, const char *ftype)
{
    const char *name = oa_str(f, "name");
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(schema, "pattern");
    if (!v)
        return;
    if (!cJSON_IsString(v) || !oa_text_type(ftype)) {
        oa_unmapped(c, "%s: a pattern on a %s field — not mapped", name, cJSON_IsString(v) ? ftype : "non-string");
        return;
    }
    char *why = NULL;
    char *translated = field_pattern_from_ecma(v->valuestring, &why);
    GRegex *re = translated ? field_pattern_compile(translated, &why) : NULL;
    if (re)
        cJSON_AddStringToObject(f, "pattern", translated);
    else
        oa_unmapped(c, "%s: pattern \"%s\" — %s; not checked here (the provider still checks it)", name,
                    v->valuestring, why);
    if (re)
        g_regex_unref(re);
    g_free(translated), g_free(why);
}

/* An example or default as a line of text (g_free), or NULL for null. */
static char *oa_value_text(const cJSON *v, const char *ftype)
{
    if (cJSON_IsString(v))
        return g_strdup(v->valuestring);
    if (!v || cJSON_IsNull(v))
        return NULL;
    if (strcmp(ftype, "list") == 0 && cJSON_IsArray(v)) { /* typed as "a, b" */
        GString *s = g_string_new(NULL);
        const cJSON *each;
        cJSON_ArrayForEach(each, v)
            if (cJSON_IsString(each))
                g_string_append_printf(s, "%s%s", s->len ? ", " : "", each->valuestring);
        return g_string_free(s, FALSE);
    }
    return cJSON_PrintUnformatted(v);
}

/* example (or the first of a 3.1 examples list) as the placeholder; default kept as it is. */
static void oa_shown(OaCtx *c, cJSON *f, const cJSON *schema, const char *ftype)
{
    const cJSON *def = cJSON_GetObjectItemCaseSensitive(schema, "default");
    if (def && !cJSON_IsNull(def))
        cJSON_AddItemToObject(f, "default", cJSON_Duplicate(def, true));
    const cJSON *ex = cJSON_GetObjectItemCaseSensitive(schema, "example");
    const cJSON *many = cJSON_GetObjectItemCaseSensitive(schema, "examples");
    if (!ex && cJSON_IsArray(many))
        ex = cJSON_GetArrayItem(many, 0);
    char *text = oa_value_text(ex, ftype);
    if (text && g_utf8_strlen(text, -1) > OA_PLACEHOLDER_MAX)
        oa_unmapped(c, "%s: example longer than %d characters — not shown as a placeholder", oa_str(f, "name"),
                    OA_PLACEHOLDER_MAX);
    else if (text && *text)
        cJSON_AddStringToObject(f, "placeholder", text);
    g_free(text);
}

void oa_shape(OaCtx *c, cJSON *f, const cJSON *schema, const char *ftype)
{
    oa_min_length(c, f, schema, ftype);
    oa_pattern(c, f, schema, ftype);
    oa_shown(c, f, schema, ftype);
}
