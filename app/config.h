/* Profiles from $XDG_CONFIG_HOME/custty/config.ini, read with GLib's GKeyFile:
 *
 *   [prolifi-live]
 *   provider = prolifi
 *   environment = live        ; or base_url = https://…
 *   timeout = 30
 *   confirm = true            ; ask before each create (default: on for live)
 *   live = true               ; for base_url profiles (default: not loopback)
 */
#ifndef CUSTTY_APP_CONFIG_H
#define CUSTTY_APP_CONFIG_H

#include "app/profile.h"

/* $XDG_CONFIG_HOME/custty/config.ini (g_free). */
char *config_path(void);

/* Whether URL holds a user name or password ("https://user:pass@host", even
 * "user@"): refused, since such a URL is printed and tokens live in the keyring. */
bool config_url_has_credentials(const char *url);

/* config.ini holds a few profiles; a larger file is refused unread. */
#define CONFIG_MAX_BYTES (1024 * 1024)

/* Adds the profiles of the file at PATH to SET. A broken line or a bad value
 * is appended to *ERRORS as "FILE:LINE: what is wrong" and skipped; the rest
 * still load. A missing file is no error; one that is not a regular file, or
 * larger than CONFIG_MAX_BYTES, is one, and is not read. */
void config_load(const char *path, const ProviderSet *providers, ProfileSet *set, char **errors);

/* Every profile of this run: the config file's, then each built-in sandbox
 * profile whose name the file does not take. Problems go to *ERRORS. */
void profiles_load(ProfileSet *set, const ProviderSet *providers, char **errors);

#endif
