/* What the batch's files share: the checked file and a walk over its rows. */
#ifndef CUSTTY_APP_BATCH_INTERNAL_H
#define CUSTTY_APP_BATCH_INTERNAL_H

#include "app/batch.h"
#include "app/history_store.h"
#include "model/row_reader.h"
#include "model/row_values.h"
#include "model/values.h"

#include <sys/stat.h>

struct Batch {
    const Descriptor *d;
    char *path;              /* the file read (stdin spooled to a temporary file) */
    char *name;              /* what messages call it */
    bool spooled;            /* PATH is ours to remove */
    RowFormat format;
    char **maps;
    size_t n_maps;
    bool no_maps;            /* the console's: no --map to suggest */
    long rows;               /* data rows, the header not counted */
    char *digest;            /* SHA-256 of the content */
    long concurrency;
    const char *report;
    struct stat checked;     /* the file as its check read it: later passes read only that */
    char *changed;           /* why a later pass stopped: the file changed after its check */
    int lock_fd;             /* batch_lock's, held until batch_free; 0: none */
};

/* One pass over the rows. */
typedef struct {
    FILE *in;
    RowReader *reader;
    RowValues rv;
    bool mapped;
    long row;                /* the data row last read, from 1 */
} BatchCursor;

/* Opens B's file; false with *WHY (g_free) when its header matches no fields. */
bool batch_cursor_open(BatchCursor *c, const Batch *b, char **why);
/* The next row's values into V (values_init'ed here): ROW_OK, ROW_BAD with
 * *WHY "FILE:LINE: …", or ROW_END. *LINE gets the row's line. After the
 * check, a file that is no longer what was checked gives ROW_BAD (and sets
 * B->changed) instead of a row nobody checked. */
RowStatus batch_cursor_next(BatchCursor *c, Batch *b, Values *v, long *line, char **why);
void batch_cursor_close(BatchCursor *c);
/* The idempotency key of data row ROW of B: the same for the same content
 * and row, so a re-run's resend is the provider's replay (g_free). */
char *batch_row_key(const Batch *b, long row);

/* On a provider without idempotency keys, asks it about each row of B whose
 * earlier attempt (in STORE, on T's profile and URL) is unknown, by FIELD's
 * value: a found one is added to CREATED ("u:VALUE"); one it cannot tell
 * about is in the set returned (g_hash_table_destroy): not to be sent.
 * *INTERRUPTED: a stop signal came meanwhile (nothing is to be sent). */
GHashTable *batch_settle_unknowns(Batch *b, const BatchTarget *t, NetThread *nt, int sig_fd, HistoryStore *store,
                                  GHashTable *created, const char *field, bool *interrupted);

#endif
