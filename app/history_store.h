/* The history file, $XDG_STATE_HOME/custty/history.jsonl, kept like a
 * database would: each entry is one write under an advisory lock, fsync'ed
 * before anyone is told "created"; files are private (0600, 0700); past a size
 * cap the file rotates, keeping the last few; a damaged line is skipped with
 * a note, never fatal; only the tail is read, and at most
 * HISTORY_TAIL_MAX_BYTES of it. A failed write leaves the file as it was. */
#ifndef CUSTTY_APP_HISTORY_STORE_H
#define CUSTTY_APP_HISTORY_STORE_H

#include "model/customer_list.h"
#include "model/history.h"
#include "net/netthread.h"

#include <glib.h>

/* The most of the file's end a read looks at: past it (a line longer than
 * that, or a file with no line end at all) the rest is left unread, with a note. */
#define HISTORY_TAIL_MAX_BYTES (64 * 1024 * 1024)

typedef struct {
    char *dir;           /* $XDG_STATE_HOME/custty */
    char *path;          /* …/history.jsonl */
    char *lock_path;     /* …/history.lock */
    gint64 max_bytes;    /* rotate past this (CUSTTY_HISTORY_MAX_BYTES, default 16 MiB) */
    int keep;            /* rotated files kept */
    gint64 tail_max;     /* HISTORY_TAIL_MAX_BYTES */
    gint64 tail_read;    /* bytes the last history_read_tail read (tests and benchmarks look) */
    bool (*stop)(void);  /* when set and true, a read gives up early (a SIGTERM waits) */
    bool hold;           /* appends keep the files open (history_store_hold_open) */
    int held_fd, held_lock; /* -1 when not open */
} HistoryStore;

/* $XDG_STATE_HOME/custty (g_free). */
char *custty_state_dir(void);

void history_store_init(HistoryStore *s, const char *dir);
void history_store_done(HistoryStore *s);
/* From now on appends keep the lock and history files open between them (a
 * batch appends thousands of times); each append still checks, under the
 * lock, that the file held is the one at the path, and opens it again if a
 * rotation or anything else replaced it. history_store_done closes them. */
void history_store_hold_open(HistoryStore *s);
/* Appends E and fsyncs it; false and *WHY (with the path) when the disk refuses. */
bool history_append(HistoryStore *s, const HistoryEntry *e, char **why);
/* The same for N entries at once: one write, one fsync (a batch's answers
 * that came together). All or none of them are in the file after. */
bool history_append_all(HistoryStore *s, const HistoryEntry *const *entries, size_t n, char **why);
/* The last MAX entries, oldest first (HistoryEntry*, free with history_entries_free).
 * Damaged lines and unreadable files are described in NOTES. */
GPtrArray *history_read_tail(HistoryStore *s, size_t max, GString *notes);
void history_entries_free(GPtrArray *entries);
/* Every entry the history holds, the rotated files too, oldest first, to
 * FN (each freed after the call; one file in memory at a time). False and
 * *WHY (g_free) when a file there cannot be read, or not whole: then what
 * was created before cannot be told. No history at all is true. */
typedef void (*HistoryScanFn)(const HistoryEntry *e, void *ctx);
bool history_scan(HistoryStore *s, HistoryScanFn fn, void *ctx, char **why);

/* E (fresh from history_entry_init) becomes the record of one submission:
 * on PROFILE with D at BASE_URL, BODY as sent (secret fields masked; copied),
 * KEY the Idempotency-Key it went with (kept only where D has keys), and R
 * what came of it. The one builder the console and `custty create` share. */
void history_entry_from_result(HistoryEntry *e, const char *profile, const Descriptor *d, const char *base_url,
                               const cJSON *body, const char *key, const NetResult *r);
/* The same taking BODY, and R's answer document (R keeps no record after):
 * a batch writes thousands and copies none. */
void history_entry_taking_result(HistoryEntry *e, const char *profile, const Descriptor *d, const char *base_url,
                                 cJSON *body, const char *key, NetResult *r);

/* E (fresh from history_entry_init) becomes the record of one delete of
 * customer ID (EMAIL, when known; may be NULL) on PROFILE with D at
 * BASE_URL: A what its answer meant, R the result it came in. */
void history_entry_from_delete(HistoryEntry *e, const char *profile, const Descriptor *d, const char *base_url,
                               const char *id, const char *email, const CustomerAnswer *a, const NetResult *r);

#endif
