/* `custty create --from FILE`: many customers from a CSV or JSON Lines file.
 * Every row is checked before anything is sent; then the rows go out on the
 * network thread, a few at a time, within the provider's rate limit; each
 * outcome is written to the history (and --report) as it comes, so the same
 * command run again skips what was created. */
#ifndef CUSTTY_APP_BATCH_H
#define CUSTTY_APP_BATCH_H

#include "app/profile.h"
#include "model/descriptor.h"

#include <glib.h>
#include <stdbool.h>

#define BATCH_DEFAULT_CONCURRENCY 4

typedef struct {
    const char *from;        /* a path, or "-" for stdin */
    const char *format;      /* "csv", "jsonl", or NULL: from the name */
    GPtrArray *maps;         /* "COLUMN=FIELD" (borrowed) */
    bool no_maps;            /* the console: messages do not suggest --map */
    long concurrency;        /* 0: BATCH_DEFAULT_CONCURRENCY */
    const char *report;      /* a JSON Lines file to append outcomes to, or NULL */
} BatchOptions;

typedef struct {
    const Profile *profile;
    const Descriptor *d;
    const char *base_url;
    const char *token;       /* borrowed; copied into each job */
    bool show_secrets, yes, verbose;
    bool quiet;              /* the rows' requests log nothing (the command line without --verbose) */
    long timeout_s;
} BatchTarget;

typedef struct Batch Batch;

/* Reads and checks every row of O->from against D, printing every bad one
 * (FILE:LINE: Label (field): what is wrong). NULL with *STATUS the exit
 * status when the file cannot be used; nothing has been sent. */
Batch *batch_check(const BatchOptions *o, const Descriptor *d, int *status);

/* The same check a few rows at a time (the console checks between keys).
 * What is wrong is said through SAY: each bad row (BATCH_SAY_ROW,
 * "FILE:LINE: …"), then what it means for the whole (BATCH_SAY_ERROR). */
typedef enum { BATCH_SAY_ROW, BATCH_SAY_ERROR } BatchSayKind;
typedef void (*BatchSay)(void *ctx, BatchSayKind kind, const char *text);
typedef struct BatchCheck BatchCheck;
/* O->from is copied; O->maps, O->report and D are borrowed for the batch's life. */
BatchCheck *batch_check_start(const BatchOptions *o, const Descriptor *d, BatchSay say, void *ctx);
/* Checks up to ROWS more rows; true once the file has been read to its end
 * (or could not be read). */
bool batch_check_step(BatchCheck *k, long rows);
long batch_check_rows(const BatchCheck *k);
long batch_check_bad(const BatchCheck *k);
/* What messages call the file. */
const char *batch_check_name(const BatchCheck *k);
/* Frees K: the checked batch, or NULL (said why; *STATUS the exit status)
 * when a row is bad, the file holds none or was not read to its end. */
Batch *batch_check_finish(BatchCheck *k, int *status);
/* NULL, or why a pass after the check stopped early: the file changed
 * after its check, and the rows from there on were not sent. */
const char *batch_changed(const Batch *b);
/* How many rows B holds. */
long batch_rows(const Batch *b);
/* Prints each row's request as one JSON line (secret fields masked). */
int batch_print_requests(Batch *b, const BatchTarget *t);
/* A LIVE profile asks once for the whole batch, or needs --yes. */
bool batch_confirmed(Batch *b, const BatchTarget *t);
/* One batch at a time on T's profile and URL, across processes: two would
 * each read the history before the other wrote to it, and send each row
 * twice. False with *WHY (g_free) when another holds it; held until batch_free. */
bool batch_lock(Batch *b, const BatchTarget *t, char **why);
/* Sends the rows not created before; the exit status. */
int batch_send(Batch *b, const BatchTarget *t);
void batch_free(Batch *b);

#endif
