/* The two bottom rows: the status line (profile, LIVE, state, message) and the
 * key bar of what works here. */
#ifndef CUSTTY_UI_STATUS_PANE_H
#define CUSTTY_UI_STATUS_PANE_H

#include "ui/pane.h"

typedef struct StatusPane StatusPane;

StatusPane *status_pane_new(const Theme *theme);
Pane *status_pane_base(StatusPane *s);
void status_pane_set_profile(StatusPane *s, const char *profile, bool live);
/* STATE is one word or so ("editing", "sending 1.2 s · waiting"); MESSAGE a sentence. */
void status_pane_set(StatusPane *s, const char *state, Tone tone, const char *message);
/* The same, about SCOPE (a pane, say): it lasts until status_pane_end_scope
 * with SCOPE (leaving that pane), which puts STATE and no message instead. */
void status_pane_set_scoped(StatusPane *s, const void *scope, const char *state, Tone tone, const char *message);
void status_pane_end_scope(StatusPane *s, const void *scope, const char *state);
/* A standing NOTE at the right end of the status line (the provider's quota
 * running low), or NULL for none; SHORT_NOTE is said instead where NOTE
 * does not fit. Messages come and go beside it; the profile never gives way. */
void status_pane_set_note(StatusPane *s, const char *note, const char *short_note);
/* The key bar shows the keys of the focused pane's context CTX and those of
 * its host (CTX_GLOBAL unless set: CTX_VIEWER in custty view). */
void status_pane_set_keys(StatusPane *s, KeyContext ctx);
void status_pane_set_key_host(StatusPane *s, KeyContext host);

#endif
