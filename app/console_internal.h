/* What the console's files share: its state and the steps they call. */
#ifndef CUSTTY_APP_CONSOLE_INTERNAL_H
#define CUSTTY_APP_CONSOLE_INTERNAL_H

#include "app/keyring.h"
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

typedef enum { ASK_TOKEN = 1, ASK_SAVE_TOKEN, ASK_LIVE_CREATE, ASK_QUIT, ASK_TOKEN_ONLY, ASK_SAVE_PATH, ASK_OVERWRITE } AskTag;

typedef struct {
    char *title;
    cJSON *doc;          /* the record, or the whole answer */
    char *raw;           /* the body when it was not JSON */
    char *why;           /* why it was not JSON */
    char *exchange;      /* the request and response as they went (masked) */
    char *file_name;     /* what `s` suggests */
    size_t profile;
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
    char *token;             /* the current profile's, wiped when done with */
    TokenOrigin token_origin;
    KeyringCall *keyring;    /* a lookup or store under way */
    KeyringOp keyring_op;
    char *pending_token;     /* typed in the dialog, waiting for "save?" */
    bool resume_submit;      /* the token was asked for by F2: carry on after */

    bool sending;
    guint64 job;
    gint64 sent_at;
    NetStage stage;
    bool unchecked;          /* the next send skips local checks (QA) */
    char *draft_key;         /* one idempotency key per draft */

    GArray *customers;       /* Customer, in list order */
    char *save_path;         /* waiting for "replace it?" */
    bool quit;
    int signal_fd;
} Console;

/* console_submit.c */
void console_submit(Console *c, bool unchecked);
void console_send(Console *c);
/* After the token: LIVE confirmation, or the send itself. */
void console_submit_ready(Console *c);
void console_on_net(Console *c);
void console_new_draft_key(Console *c);
void console_token_entered(Console *c, const char *token, bool then_send);
void console_start_keyring_lookup(Console *c);
void console_on_keyring(Console *c);

/* console.c */
const Profile *console_profile(const Console *c);
const Descriptor *console_descriptor(const Console *c);
void console_status(Console *c, const char *state, Tone tone, const char *message);
void console_focus(Console *c, Pane *p);
void console_show_record(Console *c, bool show);
/* Shows customer INDEX in the viewer. */
void console_show_customer(Console *c, size_t index);

#endif
