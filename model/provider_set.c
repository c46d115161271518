/* The providers of a run: descriptors loaded from folders, later ones
 * replacing earlier ones of the same name. */
#include "model/descriptor.h"

#include <glib.h>
#include <string.h>

static void provider_set_put(ProviderSet *set, Descriptor *d)
{
    for (size_t i = 0; i < set->count; i++) {
        if (strcmp(set->items[i]->name, d->name) == 0) {
            descriptor_free(set->items[i]);
            set->items[i] = d;
            return;
        }
    }
    set->items = g_renew(Descriptor *, set->items, set->count + 1);
    set->items[set->count++] = d;
}

static GPtrArray *json_files_in(const char *dir)
{
    GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
    GDir *gd = g_dir_open(dir, 0, NULL);
    const char *entry;
    while (gd && (entry = g_dir_read_name(gd)))
        if (g_str_has_suffix(entry, ".json"))
            g_ptr_array_add(names, g_build_filename(dir, entry, NULL));
    if (gd)
        g_dir_close(gd);
    return names;
}

static gint compare_paths(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

size_t provider_set_load_dir(ProviderSet *set, const char *dir, char **errors)
{
    GPtrArray *files = json_files_in(dir);
    g_ptr_array_sort(files, compare_paths);
    GString *errs = g_string_new(*errors ? *errors : "");
    size_t loaded = 0;
    for (guint i = 0; i < files->len; i++) {
        char *err = NULL;
        Descriptor *d = descriptor_load(files->pdata[i], &err);
        if (d) {
            provider_set_put(set, d);
            loaded++;
        } else {
            g_string_append_printf(errs, "%s\n", err);
            g_free(err);
        }
    }
    g_ptr_array_free(files, TRUE);
    g_free(*errors);
    *errors = errs->len ? g_string_free(errs, FALSE) : (g_string_free(errs, TRUE), NULL);
    return loaded;
}

const Descriptor *provider_set_find(const ProviderSet *set, const char *name)
{
    for (size_t i = 0; i < set->count; i++)
        if (strcmp(set->items[i]->name, name) == 0)
            return set->items[i];
    return NULL;
}

void provider_set_done(ProviderSet *set)
{
    for (size_t i = 0; i < set->count; i++)
        descriptor_free(set->items[i]);
    g_free(set->items);
    set->items = NULL;
    set->count = 0;
}
