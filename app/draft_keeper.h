/* The form kept as a draft: saved a second after the last key, on every move
 * between fields, and when custty is told to stop; restored when its profile
 * opens; cleared once it made a customer. */
#ifndef CUSTTY_APP_DRAFT_KEEPER_H
#define CUSTTY_APP_DRAFT_KEEPER_H

#include "app/controller.h"

typedef struct Console Console;
typedef struct DraftKeeper DraftKeeper;

DraftKeeper *draft_keeper_new(Console *c);
Controller draft_keeper_controller(DraftKeeper *k);
/* Saves now if anything changed since the last save (leaving a profile, quitting). */
void draft_keeper_save_now(DraftKeeper *k);
/* The open profile's draft back in the form, saying so. */
void draft_keeper_restore(DraftKeeper *k);
/* The open profile's draft is done with. */
void draft_keeper_clear(DraftKeeper *k);
/* What the form holds now counts as saved (a form just loaded). */
void draft_keeper_mark_saved(DraftKeeper *k);

#endif
