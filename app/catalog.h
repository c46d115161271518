/* The providers of this run: the built-in descriptors, then the user's. */
#ifndef CUSTTY_APP_CATALOG_H
#define CUSTTY_APP_CATALOG_H

#include "model/descriptor.h"

/* Where the built-in descriptors are: $CUSTTY_PROVIDERS_DIR, the source tree
 * beside the binary (build/custty → assets/providers), or the installed copy. */
char *catalog_builtin_dir(void);
/* $XDG_CONFIG_HOME/custty/providers */
char *catalog_user_dir(void);

/* Loads both; problems (one per line, naming file and key) go to *ERRORS. */
void catalog_load(ProviderSet *set, char **errors);

#endif
