/* The console's composition: the services and panes every controller uses,
 * and the controllers themselves. The console routes to them; what each
 * flow knows lives in its own file (token_flow, submission, history_list,
 * draft_keeper), never here. */
#ifndef CUSTTY_APP_CONSOLE_INTERNAL_H
#define CUSTTY_APP_CONSOLE_INTERNAL_H

#include "app/batch_runner.h"
#include "app/controller.h"
#include "app/customers_view.h"
#include "app/draft_keeper.h"
#include "app/form_lookup.h"
#include "app/history_list.h"
#include "app/net_module.h"
#include "app/profile.h"
#include "app/submission.h"
#include "app/token_flow.h"
#include "model/quota.h"
#include "net/netthread.h"
#include "net/sandbox.h"
#include "ui/customers_pane.h"
#include "ui/dialog.h"
#include "ui/form_pane.h"
#include "ui/layout.h"
#include "ui/list_pane.h"
#include "ui/log_pane.h"
#include "ui/palette_pane.h"
#include "ui/status_pane.h"
#include "ui/text_pane.h"
#include "ui/view_pane.h"

#define CONSOLE_MAX_CONTROLLERS 8
#define CONSOLE_MAX_PANES 12

struct Console {
    Theme theme;
    ProviderSet providers;
    ProfileSet profiles;
    Sandbox *sandbox;        /* NULL until the network module has loaded */
    NetThread *net;          /* NULL until the network module has loaded */
    SandboxOptions sandbox_opt; /* its listen_fd is the sandbox's socket until then */
    char *net_error;         /* why the module did not load, or NULL */
    int net_resume;          /* pressed before it loaded: NET_RESUME_*; 0 none */
    size_t net_resume_entry; /* NET_RESUME_CHECK: the history entry F8 was pressed on */
    size_t profile;          /* the profile open; console_use_profile changes it */
    Quota *quotas;           /* per profile: the quota its last answer said (NULL until one did) */
    char *last_profile;      /* what the state folder says was used last (written when it changes) */
    bool drawn;              /* the first frame is out */

    ListPane *list;
    FormPane *form;
    LogPane *log;
    ViewPane *record;
    TextPane *help;
    StatusPane *status;
    Dialog *dialog;
    PalettePane *palette;
    CustomersPane *customers_pane;
    Pane *focus;
    bool show_record, show_help;
    bool show_customers;     /* the provider's customers in the middle (under a record or help opened over them) */
    Pane *before_help;       /* focused when F1 opened the help: Esc goes back to it */
    gssize record_entry;     /* the history entry the record shows, or -1 */
    Layout layout;

    /* The flows, each owning its state; `controllers` lists them for routing. */
    TokenFlow *tokens;
    Submission *submit;
    HistoryList *history;
    DraftKeeper *drafts;
    CustomersView *customers;
    FormLookup *lookup;
    BatchRunner *batch;
    Controller controllers[CONSOLE_MAX_CONTROLLERS];
    size_t n_controllers;
    Controller *watching[CONSOLE_MAX_CONTROLLERS]; /* whose descriptor each watched one is */

    bool quit;
    int signal_fd;
};

/* console_layout.c: what the controllers may ask of the console */
const Profile *console_profile(const Console *c);
const Descriptor *console_descriptor(const Console *c);
void console_status(Console *c, const char *state, Tone tone, const char *message);
void console_focus(Console *c, Pane *p);
void console_relayout(Console *c);
void console_draw(Console *c);
void console_show_record(Console *c, bool show);
/* Every pane, once, into OUT (room for CONSOLE_MAX_PANES): the one list that
 * layout, drawing, mouse routing and teardown walk. Returns how many. */
size_t console_all_panes(Console *c, Pane **out);
/* The pane in the middle now: the help, the viewer, the customers or the form. */
Pane *console_centre(Console *c);
/* Whether the middle pane has the list's room too (the customers, side by side). */
bool console_centre_wide(Console *c);

/* console.c */
/* What a key pressed before the network module loaded goes on with. */
enum { NET_RESUME_SEND = 1, NET_RESUME_SEND_UNCHECKED = 2, NET_RESUME_CHECK = 3, NET_RESUME_CUSTOMERS = 4,
       NET_RESUME_LOOKUP = 5, NET_RESUME_BATCH = 6 };
/* Whether the network is there; if not, says so, and with RESUME (a
 * NET_RESUME_*) what was asked goes on by itself once it has loaded. */
bool console_net_ready(Console *c, int resume);
/* Makes INDEX the current profile: the one way the profile changes, so the
 * token is always re-resolved for it and the draft gets a new key. Does not
 * touch the form. */
void console_use_profile(Console *c, size_t index);
/* An answer to a request of PROFILE came: its quota, when it said one and
 * it is low, stands in the status line while that profile is open. */
void console_note_quota(Console *c, size_t profile, const NetResult *r);
/* The status line's standing note again: a batch's progress, else the open
 * profile's quota when low. */
void console_show_note(Console *c);
/* A new draft of PROFILE holding V, the draft being left kept first. */
void console_open_draft(Console *c, size_t profile, const Values *v);
/* The draft made a customer: the form is cleared, its saved copy and key too. */
void console_draft_done(Console *c);
/* The draft made a customer, but the form was typed into meanwhile: what it
 * holds stays, as a new draft with a new key. */
void console_draft_kept(Console *c);

/* console_view.c */
void console_after_view_key(Console *c);
void console_edit_externally(Console *c);
/* Ctrl-Y: the record's request (or else the form's) as curl, to the clipboard. */
void console_copy_curl(Console *c);

#endif
