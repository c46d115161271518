/* Drafts: what a form holds, saved so that a crash, a closed terminal or a
 * dropped SSH session loses nothing typed. One file per profile in
 * $XDG_STATE_HOME/custty/drafts/, written whole (temporary file, fsync,
 * rename), private (0600). Secret fields are never saved. */
#ifndef CUSTTY_APP_DRAFTS_H
#define CUSTTY_APP_DRAFTS_H

#include "model/descriptor.h"
#include "model/values.h"

#include <stdbool.h>

typedef struct {
    Values values;
    char *idempotency_key;   /* the draft's, so a resend after a crash reuses it */
    char *saved_at;          /* ISO 8601 */
    char *omitted;           /* secret fields left out: "Password", or NULL */
} Draft;

bool draft_save(const char *state_dir, const char *profile, const Descriptor *d, const Values *v,
                const char *idempotency_key, char **why);
/* False when there is none (or it cannot be read: *WHY then says so). */
bool draft_load(const char *state_dir, const char *profile, const Descriptor *d, Draft *out, char **why);
void draft_done(Draft *d);
void draft_clear(const char *state_dir, const char *profile);

#endif
