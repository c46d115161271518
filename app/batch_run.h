/* A checked batch on its way, with no terminal of its own: up to N rows in
 * flight on a network thread the caller owns and drives, a 429 pausing the
 * whole batch (the row goes again, nothing lost), a low quota slowing it to
 * one at a time, rows the history says were created skipped. What happens
 * goes to an observer, so `custty create --from` and the console each say it
 * their way and write the history their way. */
#ifndef CUSTTY_APP_BATCH_RUN_H
#define CUSTTY_APP_BATCH_RUN_H

#include "app/batch.h"
#include "app/history_store.h"
#include "net/netthread.h"

#include <glib.h>

/* One row settled. */
typedef struct {
    long row, line;
    const char *key;            /* its Idempotency-Key (derived from the file and the row) */
    const char *body;           /* as sent, secret fields in it; NULL when HELD */
    NetResult *result;          /* the observer may take its document (history_entry_taking_result) */
    bool held;                  /* not sent: an earlier attempt's outcome is unknown and nobody can tell */
} BatchSettled;

typedef struct {
    void *ctx;
    /* Rows settled together (answers that came in the same round, or a
     * hold): the observer writes them to the history, at once where it can
     * (one fsync), before the report has them. */
    void (*settled)(void *ctx, const BatchSettled *rows, size_t n);
    /* The provider rate-limits: the whole batch waits SECONDS. May be NULL. */
    void (*paused)(void *ctx, long seconds);
} BatchObserver;

typedef struct {
    long rows;                  /* in the file */
    long to_send;               /* rows less those skipped so far */
    long done, created, refused, unknown, unsent, skipped, paused;
    long in_flight;
    double rate;                /* rows settled a second so far */
    long eta_s;                 /* -1 while unknown */
} BatchProgress;

typedef struct BatchRun BatchRun;

/* Opens B's file to send to T on NT (taken by nobody: the caller stops it
 * after batch_run_free); NULL and *WHY when the file or the report cannot
 * be opened. Reads what the history says was created before. */
BatchRun *batch_run_new(Batch *b, const BatchTarget *t, NetThread *nt, const BatchObserver *o, char **why);
/* The history it read (and the CLI's observer writes to). */
HistoryStore *batch_run_store(BatchRun *r);
/* The keys and unique values created before ("k:KEY", "u:VALUE"); a caller
 * that learns of more (a lookup found one) adds them before the first pump. */
GHashTable *batch_run_created(BatchRun *r);
/* The unique field rows are matched on (email), or NULL. */
const char *batch_run_unique_field(const BatchRun *r);
/* Unique values ("u:VALUE", taken) whose rows are held, not sent. */
void batch_run_hold(BatchRun *r, GHashTable *held);
/* On a provider without idempotency keys, the unique values ("u:VALUE") of
 * the rows sent before on T's profile and URL with an unknown outcome not
 * settled since, as the history read by batch_run_new says (taken: give it
 * to batch_run_hold): the console holds them rather than ask the provider
 * first as the command line does, and says how to check them. */
GHashTable *batch_run_unknowns_held(BatchRun *r);

/* Fills the free places; ms until it wants to be pumped again (0 when it
 * has finished), or -1: until an answer comes. Starts the clock the first time. */
int batch_run_pump(BatchRun *r);
/* A message of the network thread: true when it was one of this batch's. */
bool batch_run_on_net(BatchRun *r, NetMessage *m);
/* Stops sending new rows at once; rows in flight have a grace to answer,
 * then are cancelled (and settle as unknown or not sent). */
void batch_run_stop(BatchRun *r);
bool batch_run_stopping(const BatchRun *r);
bool batch_run_finished(const BatchRun *r);
BatchProgress batch_run_progress(const BatchRun *r);
/* Why the batch stopped by itself, or NULL: the file changed after it was
 * checked (a row now invalid, rows added or gone), "FILE:LINE: …". */
const char *batch_run_changed(const BatchRun *r);
/* After a stop: the first row not sent, or 0 when every row went. */
long batch_run_resume_row(const BatchRun *r);
/* Closes the file and the report (where a stop writes the row to resume from). */
void batch_run_free(BatchRun *r);

/* How many rows of B the history says were created on T's profile and URL
 * (a re-run skips them): what a question about the batch counts out. -1
 * and *WHY when the history cannot be read. */
long batch_run_count_created(Batch *b, const BatchTarget *t, char **why);

/* "created", "refused", "not sent" or "unknown". */
const char *batch_outcome_word(Outcome o);

#endif
