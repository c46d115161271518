/* A lookup scan driven over the network thread, one GET at a time, with a
 * deadline and a way to cancel it: what the console's F8 and `custty check`
 * share. The caller routes the network thread's results to it. */
#ifndef CUSTTY_APP_LOOKUP_RUN_H
#define CUSTTY_APP_LOOKUP_RUN_H

#include "model/lookup.h"
#include "net/netthread.h"

typedef struct LookupRun LookupRun;

/* Starts SCAN (taken) on NT; TOKEN (copied, may be NULL) goes with each GET.
 * TIMEOUT_MS bounds the whole scan. */
LookupRun *lookup_run_start(NetThread *nt, const Descriptor *d, LookupScan *scan, const char *token, long timeout_ms);
/* Wipes the token; cancels a GET still in flight. NULL is fine. */
void lookup_run_free(LookupRun *r);
/* Whether JOB_ID is the GET this run waits for. */
bool lookup_run_owns(const LookupRun *r, guint64 job_id);
/* Feeds the result of its GET and sends the next; true once the verdict is in. */
bool lookup_run_feed(LookupRun *r, const NetResult *res);
/* Ends it now (Esc, quit): the verdict is "cannot tell", WHY. */
void lookup_run_cancel(LookupRun *r, const char *why);
bool lookup_run_done(const LookupRun *r);
/* As lookup_scan_verdict; *SAID also tells how long it took. */
LookupVerdict lookup_run_verdict(const LookupRun *r, char **id, cJSON **record, char **said);
/* For the command line: drives R on NT to its verdict, draining NT's messages;
 * SIG_FD (a signalfd, or -1) readable stops it. True when a signal stopped it. */
bool lookup_run_wait(LookupRun *r, NetThread *nt, int sig_fd);
/* "page 3 · 250 customers read · 1.2 s" (g_free). */
char *lookup_run_progress(const LookupRun *r);

#endif
