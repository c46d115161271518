#include "app/last_profile.h"

#include "app/state_file.h"

#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <string.h>
#include <unistd.h>

/* A profile's name, and then some: a larger file is not ours. */
#define LAST_PROFILE_MAX_BYTES (1 << 20)

static char *last_profile_path(const char *state_dir)
{
    return g_build_filename(state_dir, "last-profile", NULL);
}

char *last_profile_read(const char *state_dir, char **why)
{
    char *path = last_profile_path(state_dir), *text = NULL;
    size_t len = 0;
    *why = NULL;
    int fd = state_dir_check(state_dir, false, why) ? state_file_open(path, O_RDONLY, why) : -1;
    if (fd >= 0) {
        text = read_bounded(fd, LAST_PROFILE_MAX_BYTES, path, &len, why);
        close(fd);
    }
    g_free(path);
    if (text && (strlen(text) != len || !*g_strstrip(text))) {
        g_free(text); /* holding a NUL, or empty: no name custty wrote */
        text = NULL;
    }
    return text;
}

bool last_profile_write(const char *state_dir, const char *name, char **why)
{
    char *path = last_profile_path(state_dir), *text = g_strdup_printf("%s\n", name);
    GError *err = NULL;
    *why = NULL;
    bool ok = state_dir_check(state_dir, true, why) &&
              g_file_set_contents_full(path, text, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, &err);
    if (!ok && !*why)
        *why = g_strdup_printf("cannot save the profile used last in %s: %s", path,
                               err ? err->message : g_strerror(errno));
    if (err)
        g_error_free(err);
    g_free(path), g_free(text);
    return ok;
}
