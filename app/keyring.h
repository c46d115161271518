/* Tokens in the system keyring (libsecret, schema org.custty.Token with the
 * attributes profile and provider). Every call runs on a worker thread with a
 * deadline and a cancellable, so a hung D-Bus or an unlock prompt can never
 * freeze the caller for longer than the deadline. */
#ifndef CUSTTY_APP_KEYRING_H
#define CUSTTY_APP_KEYRING_H

#include <stdbool.h>

typedef enum {
    KEYRING_OK,
    KEYRING_NOT_FOUND,     /* the keyring answered: no token stored */
    KEYRING_UNAVAILABLE,   /* no Secret Service, or it stayed locked, or timed out */
} KeyringStatus;

typedef enum { KEYRING_LOOKUP, KEYRING_STORE, KEYRING_CLEAR } KeyringOp;

#define KEYRING_TIMEOUT_MS 3000

typedef struct KeyringCall KeyringCall;

/* Starts OP for PROFILE/PROVIDER (SECRET for STORE, copied). */
KeyringCall *keyring_call_start(KeyringOp op, const char *profile, const char *provider, const char *secret);
/* Readable once the call has finished. */
int keyring_call_fd(const KeyringCall *call);
/* Waits until done or TIMEOUT_MS from the start (cancelling it then), and
 * frees the call. *SECRET (LOOKUP, free with text_free_secret) and *WHY (a
 * sentence for a person, g_free) are filled as they apply. */
KeyringStatus keyring_call_finish(KeyringCall *call, int timeout_ms, char **secret, char **why);

/* The same, waiting at most KEYRING_TIMEOUT_MS. */
KeyringStatus keyring_lookup(const char *profile, const char *provider, char **secret, char **why);
KeyringStatus keyring_store(const char *profile, const char *provider, const char *secret, char **why);
KeyringStatus keyring_clear(const char *profile, const char *provider, char **why);

#endif
