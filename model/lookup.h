/* "Was this customer created?", asked of the provider as its descriptor's
 * lookup says: an exact GET where the body named the customer uniquely, else
 * the list read page by page and matched here. Three answers, never two:
 * found, absent (an exact 404, or every page read and none matched), or
 * cannot tell (a page failed, a limit was reached, the pages make no sense).
 * A scan is driven by its caller, one GET at a time, so a console can show
 * progress and cancel it; nothing here does I/O. */
#ifndef CUSTTY_MODEL_LOOKUP_H
#define CUSTTY_MODEL_LOOKUP_H

#include "model/descriptor.h"
#include "model/request.h"

typedef enum { LOOKUP_FOUND, LOOKUP_ABSENT, LOOKUP_CANNOT_TELL } LookupVerdict;

typedef struct LookupScan LookupScan;

/* A scan for the customer created with EMAIL and BODY (as sent, secrets
 * masked; may be NULL) on D at BASE_URL. NULL and *ERR when D has no lookup. */
LookupScan *lookup_scan_new(const Descriptor *d, const char *base_url, const char *email, const cJSON *body,
                            char **err);
void lookup_scan_free(LookupScan *s);
/* The next GET to make (the token is attached later), or false once done. */
bool lookup_scan_next(LookupScan *s, Request *out);
/* The answer to the last GET: STATUS 0 when none came, ERROR saying why. */
void lookup_scan_feed(LookupScan *s, int status, const char *body, size_t len, const char *error);
/* Ends it early (cancelled, out of time): the verdict is CANNOT_TELL, WHY. */
void lookup_scan_stop(LookupScan *s, const char *why);
bool lookup_scan_done(const LookupScan *s);
/* Once done. FOUND fills *ID and *RECORD (copies; either may be NULL).
 * *SAID (g_free) is a sentence: what was read and, unless found or absent
 * by an exact answer, why the verdict is what it is. */
LookupVerdict lookup_scan_verdict(const LookupScan *s, char **id, cJSON **record, char **said);
/* What has been read so far: "page 3 · 250 customers read" (g_free). */
char *lookup_scan_progress(const LookupScan *s);

const char *lookup_verdict_name(LookupVerdict v);

#endif
