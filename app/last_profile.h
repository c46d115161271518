/* The profile the console had open last, kept in $XDG_STATE_HOME/custty/
 * so that the next start opens it (`--profile` still wins). */
#ifndef CUSTTY_APP_LAST_PROFILE_H
#define CUSTTY_APP_LAST_PROFILE_H

#include <stdbool.h>

/* The name saved in STATE_DIR (g_free), or NULL when there is none; *WHY
 * (g_free) when the file is there but refused (a link, not ours, …). */
char *last_profile_read(const char *state_dir, char **why);
/* Saves NAME, whole or not at all (temporary file, rename), private. False
 * and *WHY (g_free) when the state folder refuses it. */
bool last_profile_write(const char *state_dir, const char *name, char **why);

#endif
