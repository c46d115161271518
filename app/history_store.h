/* The history file, $XDG_STATE_HOME/custty/history.jsonl, kept like a
 * database would: each entry is one write under an advisory lock, fsync'ed
 * before anyone is told "created"; files are private (0600, 0700); past a size
 * cap the file rotates, keeping the last few; a damaged line is skipped with
 * a note, never fatal; only the tail is read. */
#ifndef CUSTTY_APP_HISTORY_STORE_H
#define CUSTTY_APP_HISTORY_STORE_H

#include "model/history.h"

#include <glib.h>

typedef struct {
    char *dir;           /* $XDG_STATE_HOME/custty */
    char *path;          /* …/history.jsonl */
    char *lock_path;     /* …/history.lock */
    gint64 max_bytes;    /* rotate past this (CUSTTY_HISTORY_MAX_BYTES, default 16 MiB) */
    int keep;            /* rotated files kept */
} HistoryStore;

/* $XDG_STATE_HOME/custty (g_free). */
char *custty_state_dir(void);

void history_store_init(HistoryStore *s, const char *dir);
void history_store_done(HistoryStore *s);
/* Appends E and fsyncs it; false and *WHY (with the path) when the disk refuses. */
bool history_append(HistoryStore *s, const HistoryEntry *e, char **why);
/* The last MAX entries, oldest first (HistoryEntry*, free with history_entries_free).
 * Damaged lines and unreadable files are described in NOTES. */
GPtrArray *history_read_tail(HistoryStore *s, size_t max, GString *notes);
void history_entries_free(GPtrArray *entries);

#endif
