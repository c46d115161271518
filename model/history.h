/* One history entry per submission, as one JSON line. Secret fields (the
 * descriptor marks them) and tokens are never written: they become "***". */
#ifndef CUSTTY_MODEL_HISTORY_H
#define CUSTTY_MODEL_HISTORY_H

#include "model/descriptor.h"
#include "model/response.h"

#include <cjson/cJSON.h>
#include <glib.h>
#include <stddef.h>

typedef struct {
    char *entry;           /* "h_" + a UUID: names this entry */
    char *resolves;        /* the entry this one settles (an unknown, checked), or NULL */
    char *time;            /* ISO 8601, UTC */
    char *profile, *provider, *base_url;
    cJSON *request;        /* the body sent, secret fields masked */
    Outcome outcome;
    int status;
    char *id;              /* the customer's id, when known */
    char *email;           /* the email (or BotPenguin username) sent */
    char *message;
    char *idempotency_key;
    cJSON *response;       /* the provider's whole answer (or its text), or NULL */
    char *action;          /* NULL: a create (every entry written before deletes were); "delete" */
    bool archived;         /* a delete done: the provider archived the customer rather than removed it */
} HistoryEntry;

/* Whether E records a create (what a check settles and the console lists as made). */
bool history_entry_is_create(const HistoryEntry *e);
/* E's outcome as a person reads it: a create's outcome name ("created"), or
 * for a delete "deleted", "archived", "delete rejected", "delete unknown"… */
const char *history_entry_outcome_label(const HistoryEntry *e);

/* A new entry stamped now, with a fresh id. Fill the rest, then write it. */
void history_entry_init(HistoryEntry *e);
void history_entry_done(HistoryEntry *e);
/* The latest word on each entry of ENTRIES (HistoryEntry*, oldest first): a
 * check's verdict replaces "unknown", and brings the id it found. */
void history_apply_resolutions(GPtrArray *entries);
/* E (fresh from history_entry_init) becomes the verdict of a check on
 * UNKNOWN: OUTCOME with the ID and RECORD found (may be NULL) and MESSAGE. */
void history_entry_settles(HistoryEntry *e, const HistoryEntry *unknown, Outcome outcome, const char *id,
                           const cJSON *record, const char *message);

/* The entry as one line, newline included (g_free). */
char *history_entry_to_line(const HistoryEntry *e);
/* Reads one line (LEN bytes, no newline); false and *WHY for a damaged one. */
bool history_entry_from_line(const char *line, size_t len, HistoryEntry *out, char **why);

#endif
