/* The form kept as a draft: saved a second after the last key, on every move
 * between fields, and when custty is told to stop; restored when its profile
 * opens; cleared once it made a customer. */
#ifndef CUSTTY_APP_DRAFT_KEEPER_H
#define CUSTTY_APP_DRAFT_KEEPER_H

#include "app/controller.h"
#include "model/values.h"

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
/* Saves the form now, changed or not (a draft kept under a new key). */
void draft_keeper_save(DraftKeeper *k);
/* Ctrl-N: a new, empty draft; a form with anything in it is put aside first
 * (one, in memory) and said so. */
void draft_keeper_put_aside(DraftKeeper *k);
/* The form is about to be replaced by INCOMING (r, d on an entry): unless it
 * is empty or holds just that, it is put aside first and the log says so. */
void draft_keeper_set_aside(DraftKeeper *k, const Values *incoming);
/* Ctrl-Z, u: the draft put aside back in the form (on its own profile); a
 * form with anything in it takes its place aside, so nothing is lost. */
void draft_keeper_bring_back(DraftKeeper *k);
/* The other profiles with a draft waiting, "a, b" (g_free), or NULL. */
char *draft_keeper_waiting(DraftKeeper *k);
/* What the form holds now counts as saved (a form just loaded). */
void draft_keeper_mark_saved(DraftKeeper *k);

#endif
