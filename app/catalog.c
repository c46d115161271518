#include "app/catalog.h"

#include <glib.h>
#include <unistd.h>

/* The source tree (build/custty → assets/providers) or an install under any
 * prefix (bin/custty → share/custty/providers), whichever is beside us. */
static char *exe_relative_dir(void)
{
    char *exe = g_file_read_link("/proc/self/exe", NULL);
    if (!exe)
        return NULL;
    char *bindir = g_path_get_dirname(exe);
    char *found = NULL;
    char *candidates[] = {
        g_build_filename(bindir, "..", "assets", "providers", NULL),
        g_build_filename(bindir, "..", "share", "custty", "providers", NULL),
    };
    for (size_t i = 0; i < G_N_ELEMENTS(candidates); i++) {
        if (!found && g_file_test(candidates[i], G_FILE_TEST_IS_DIR))
            found = g_strdup(candidates[i]);
        g_free(candidates[i]);
    }
    g_free(bindir);
    g_free(exe);
    return found;
}

char *catalog_builtin_dir(void)
{
    const char *env = g_getenv("CUSTTY_PROVIDERS_DIR");
    if (env && *env)
        return g_strdup(env);
    char *dir = exe_relative_dir();
    return dir ? dir : g_build_filename(CUSTTY_DATADIR, "providers", NULL);
}

char *catalog_user_dir(void)
{
    return g_build_filename(g_get_user_config_dir(), "custty", "providers", NULL);
}

void catalog_load(ProviderSet *set, char **errors)
{
    char *builtin = catalog_builtin_dir();
    char *user = catalog_user_dir();
    if (provider_set_load_dir(set, builtin, errors) == 0 && !*errors)
        *errors = g_strdup_printf("no provider descriptors in %s (set CUSTTY_PROVIDERS_DIR)\n", builtin);
    provider_set_load_dir(set, user, errors);
    g_free(builtin);
    g_free(user);
}
