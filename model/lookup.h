/* "Was this customer created?": the request that asks a provider, and the
 * reading of its answer, from the descriptor's "lookup". */
#ifndef CUSTTY_MODEL_LOOKUP_H
#define CUSTTY_MODEL_LOOKUP_H

#include "model/descriptor.h"
#include "model/request.h"

typedef enum { LOOKUP_FOUND, LOOKUP_ABSENT, LOOKUP_CANNOT_TELL } LookupVerdict;

/* The GET for EMAIL on D at BASE_URL (token attached later, as for a create). */
bool lookup_request(const Descriptor *d, const char *base_url, const char *email, Request *out, char **err);
/* Reads the answer. FOUND fills *ID and *RECORD (a copy; either may be NULL);
 * CANNOT_TELL fills *WHY. */
LookupVerdict lookup_read(const Descriptor *d, int status, const char *body, size_t len, const char *email,
                          char **id, cJSON **record, char **why);

#endif
