/* `custty create` on a profile with check_before_create: the email is looked
 * up on the provider before anything is sent, as the console does. */
#ifndef CUSTTY_APP_CREATE_LOOK_H
#define CUSTTY_APP_CREATE_LOOK_H

#include "model/descriptor.h"
#include "model/values.h"

/* -1 when the create may go on (nobody has this email, or the descriptor
 * has no lookup), else the exit status after saying why nothing was sent:
 * EXIT_INVALID when the customer exists, EXIT_UNSENT when it cannot tell. */
int create_look_first(const char *profile, const Descriptor *d, const char *base_url, const char *token,
                      const Values *v);

#endif
