/* Ctrl-B in the form: many customers from a CSV or JSON Lines file, as
 * `custty create --from` makes them, while the person keeps working. The
 * file is asked for, every row checked between keys (each bad one in the
 * log, nothing sent), the count confirmed (typed on a LIVE profile), then
 * the rows go out on the network thread: progress stands at the right of
 * the status line, each row joins the list as it settles, Esc stops it as
 * Ctrl-C stops the command, and Ctrl-B with the same file resumes. */
#ifndef CUSTTY_APP_BATCH_RUNNER_H
#define CUSTTY_APP_BATCH_RUNNER_H

#include "app/controller.h"

#include <stdbool.h>

typedef struct Console Console;
typedef struct BatchRunner BatchRunner;

BatchRunner *batch_runner_new(Console *c);
Controller batch_runner_controller(BatchRunner *b);
/* Ctrl-B: asks for the file (or says what the batch under way is doing). */
void batch_runner_start(BatchRunner *b);
/* The network module has loaded: a batch that waited for it goes on. */
void batch_runner_resume(BatchRunner *b);
/* Rows are being sent (or checked). */
bool batch_runner_busy(const BatchRunner *b);
/* Quitting: stops the batch; the console quits once the rows in flight have
 * settled (within the stop's grace) and are in the history. Asked again
 * meanwhile, it quits at once. */
void batch_runner_stop_then_quit(BatchRunner *b);
/* "batch 120/2000 · 118 created · 2 refused" for the status line's note (and
 * a short one), or NULL when no batch is sending (g_free both). */
char *batch_runner_note(const BatchRunner *b, char **short_note);

#endif
