/* What the console's files share: its state and the steps they call. */
#ifndef CUSTTY_APP_CONSOLE_INTERNAL_H
#define CUSTTY_APP_CONSOLE_INTERNAL_H

#include "app/bound_token.h"
#include "app/draft_key.h"
#include "app/history_store.h"
#include "app/keyring.h"
#include "app/lookup_run.h"
#include "app/profile.h"
#include "app/tokens.h"
#include "net/netthread.h"
#include "net/sandbox.h"
#include "ui/dialog.h"
#include "ui/form_pane.h"
#include "ui/layout.h"
#include "ui/list_pane.h"
#include "ui/log_pane.h"
#include "ui/status_pane.h"
#include "ui/text_pane.h"
#include "ui/view_pane.h"

typedef enum {
    ASK_TOKEN = 1, ASK_SAVE_TOKEN, ASK_LIVE_CREATE, ASK_QUIT, ASK_TOKEN_ONLY, ASK_SAVE_PATH, ASK_OVERWRITE,
    ASK_DUPLICATE, ASK_RESEND_RISK, ASK_AFTER_UNKNOWN, ASK_EXISTS, ASK_LOOK_UNSURE,
} AskTag;

typedef struct {
    char *title;
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
} Customer;

typedef struct {
    Theme theme;
    ProviderSet providers;
    ProfileSet profiles;
    Sandbox *sandbox;
    NetThread *net;

    ListPane *list;
    FormPane *form;
    LogPane *log;
    ViewPane *record;
    TextPane *help;
    StatusPane *status;
    Dialog *dialog;
    Pane *focus;
    bool show_record, show_help;
    Layout layout;

    size_t profile;
    BoundToken token;        /* handed out only for the profile it belongs to */
    KeyringCall *keyring;    /* a lookup or store under way */
    KeyringOp keyring_op;
    size_t keyring_profile;  /* whose token the call is about */
    char *pending_token;     /* typed in the dialog, waiting for "save?" */
    bool resume_submit;      /* the token was asked for by F2: carry on after */

    bool sending;
    guint64 job;
    gint64 sent_at;
    NetStage stage;
    gint64 stage_bytes;     /* received so far */
    bool unchecked;          /* the next send skips local checks (QA) */
    DraftKey key;            /* the draft's Idempotency-Key: one body, kept only while unknown */
    bool prior_ok;           /* the person chose to send despite an earlier unknown attempt */
    const cJSON *resend_body; /* r: the body sent exactly as the history has it, or NULL */

    GArray *customers;       /* Customer, in list order */
    HistoryStore history;
    GPtrArray *unwritten;    /* HistoryEntry* the disk refused, tried again later */
    bool disk_trouble_said;
    unsigned saved_edits, saved_moves, seen_edits;
    gint64 draft_due;        /* 0: nothing to save */
    LookupRun *check;        /* the check under way (F8, c), or NULL */
    LookupRun *look;         /* the look before a create (check_before_create), or NULL */
    bool looked_ok;          /* looked (or the person chose to go on): the send may go */
    gssize checking;         /* the customer being checked, or -1 */
    gssize resending;        /* the unknown customer being sent again, or -1 */
    bool duplicate_ok;       /* the person said "create another" */
    cJSON *last_body;        /* the body last sent, secret fields masked */
    char *last_base_url;
    char *save_path;         /* waiting for "replace it?" */
    bool quit;
    int signal_fd;
} Console;

/* console_submit.c */
void console_submit(Console *c, bool unchecked);
void console_send(Console *c);
/* Sends BODY (as stored in the history) with the current profile and draft key. */
void console_send_body(Console *c, const cJSON *body);
/* After the token: LIVE confirmation, or the send itself. */
void console_submit_ready(Console *c);
void console_on_net(Console *c);
void console_new_draft_key(Console *c);
void console_token_entered(Console *c, const char *token, bool then_send);
void console_start_keyring_lookup(Console *c);
void console_on_keyring(Console *c);

/* console_history.c */
void console_history_load(Console *c);
/* Writes the outcome of a submission to the history (fsync'ed) and the list. */
size_t console_record(Console *c, const NetResult *r, const char *label);
void console_check(Console *c, size_t customer);
/* Feeds the result of the check's GET: the next page, or the verdict. */
void console_check_step(Console *c, NetResult *r);
/* Esc: the check ends now as "cannot tell". */
void console_check_cancel(Console *c);
void console_resend(Console *c, size_t customer, bool risk_accepted);
void console_draft_like(Console *c, size_t customer);
/* Saves the draft when due; returns ms until the next save is due, or -1. */
int console_draft_tick(Console *c, bool now);
void console_draft_restore(Console *c);
void console_draft_clear(Console *c);
/* A customer created with EMAIL on the current profile, or -1. */
gssize console_duplicate_of(const Console *c, const char *email);
void customer_clear(Customer *cu);

/* console_look.c */
/* Starts looking the form's email up when the profile asks for it; true when
 * a look is under way (the submission goes on when it ends). */
bool console_look_first(Console *c);
void console_look_step(Console *c, NetResult *r);
void console_look_cancel(Console *c);
/* The answer to "already exists" (ASK_EXISTS) or "could not tell". */
void console_look_answered(Console *c, int tag, bool yes);

/* console_view.c */
void console_after_view_key(Console *c);
void console_save_to(Console *c, const char *path, bool replace);
void console_edit_externally(Console *c);

/* console.c */
/* Makes INDEX the current profile: the one way the profile changes, so the
 * token is always re-resolved for it. Does not touch the form. */
void console_use_profile(Console *c, size_t index);
void console_relayout(Console *c);
void console_draw(Console *c);
const Profile *console_profile(const Console *c);
const Descriptor *console_descriptor(const Console *c);
void console_status(Console *c, const char *state, Tone tone, const char *message);
void console_focus(Console *c, Pane *p);
void console_show_record(Console *c, bool show);
/* Shows customer INDEX in the viewer. */
void console_show_customer(Console *c, size_t index);

#endif
