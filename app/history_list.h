/* The console's memory: every submission in the history across runs, listed
 * under its profile, and unknown outcomes turned into created or not created
 * (F8, c), sent again (r) or made into a new draft (d). */
#ifndef CUSTTY_APP_HISTORY_LIST_H
#define CUSTTY_APP_HISTORY_LIST_H

#include "app/controller.h"
#include "model/customer_list.h"
#include "model/descriptor.h"
#include "model/response.h"

#include <cjson/cJSON.h>
#include <glib.h>

typedef struct Console Console;
typedef struct HistoryList HistoryList;

typedef struct {
    char *label;         /* name, then email: the same in the run and after it */
    cJSON *doc;          /* the record, or the whole answer */
    char *raw;           /* the body when it was not JSON */
    char *why;           /* why it was not JSON */
    char *exchange;      /* the request and response as they went (masked) */
    char *file_name;     /* what `s` suggests */
    size_t profile;
    /* from the history: enough to check, resend or copy it */
    char *entry;
    Outcome outcome;
    char *id, *email, *base_url, *idempotency_key, *time;
    cJSON *request;      /* as sent, secret fields masked */
    const char *deletion; /* NULL for a create; a delete's outcome as read ("deleted", "delete unknown"):
                            never checked, sent again or taken for a customer made */
} Customer;

/* What a submission leaves for the history. */
typedef struct {
    const NetResult *result;
    const cJSON *body;         /* as sent, secret fields masked */
    const char *base_url;
    const char *key;           /* the Idempotency-Key it went with */
    char *exchange;            /* taken: the exchange as it went */
} Submitted;

/* What a delete (or archive) of the Customers view leaves for the history. */
typedef struct {
    const NetResult *result;
    const CustomerAnswer *answer; /* what its answer meant */
    size_t profile;               /* the profile it was sent for */
    const char *base_url, *id, *email;
} Deleted;

/* STOP (may be NULL) is asked between blocks of a long read: true gives up. */
HistoryList *history_list_new(Console *c, bool (*stop)(void));
Controller history_list_controller(HistoryList *h);
/* Reads the history's tail into the list (after the first frame). */
void history_list_load(HistoryList *h);
/* $XDG_STATE_HOME/custty, where drafts live too. */
const char *history_list_dir(const HistoryList *h);

/* Writes what a submission did (fsync'ed, before anyone is told) and lists
 * it; returns its index. */
size_t history_list_record(HistoryList *h, const Submitted *s);
/* The same for a submission of PROFILE, open or not (a batch's rows). */
size_t history_list_record_on(HistoryList *h, size_t profile, const Submitted *s);
/* Writes what a delete did, "action": "delete" (fsync'ed, before anyone is
 * told), and lists it as a delete: never checked or sent again. */
void history_list_record_delete(HistoryList *h, const Deleted *d);
/* Entries the disk refused so far, kept in memory and tried again: true
 * while there are any (a batch stops rather than send more of them). */
bool history_list_unwritten(const HistoryList *h);
/* A resend of INDEX created it: the first entry is settled too. */
void history_list_settle_created(HistoryList *h, size_t index);

const Customer *history_list_get(const HistoryList *h, size_t index);
/* A customer created with EMAIL on PROFILE, or NULL. */
const Customer *history_list_duplicate_of(const HistoryList *h, size_t profile, const char *email);
/* The unsettled unknown attempt on PROFILE sent with KEY (D with keys), or
 * with the body MASKED (D without): NULL when there is none. */
const Customer *history_list_unknown_attempt(const HistoryList *h, size_t profile, const Descriptor *d,
                                             const char *key, const cJSON *masked);

/* What the history holds unsettled: "2 unknown outcomes not checked yet, on
 * a (1), b (1)" (g_free), or NULL when every outcome is known. */
char *history_list_waiting(const HistoryList *h);

/* The viewer on entry INDEX. */
void history_list_show(HistoryList *h, size_t index);
/* F8: the newest unknown outcome of the open profile, checked. */
void history_list_check_latest(HistoryList *h);
/* c, r and d on entry INDEX. */
void history_list_check(HistoryList *h, size_t index);
void history_list_resend(HistoryList *h, size_t index);
void history_list_draft_like(HistoryList *h, size_t index);

#endif
