/* The console's life: set-up, the one event loop, keys, layout, profiles. */
#include "app/console.h"

#include "app/catalog.h"
#include "app/cli.h"
#include "app/config.h"
#include "app/console_internal.h"
#include "app/event_loop.h"
#include "app/last_profile.h"
#include "app/tokens.h"
#include "model/text.h"
#include "ui/screen.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <glib/gstdio.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>

void cmd_console_help(FILE *out)
{
    fputs("Usage: custty [--profile NAME] [--sandbox-latency MS] [--sandbox-fault LIST]\n\n"
          "Opens the console on the profile used last (at first the first profile; with\n"
          "no configuration, a sandbox profile on a sandbox started in-process), or on NAME.\n\n"
          "  --profile NAME        open on this profile (see `custty profiles`)\n"
          "  --sandbox-latency MS  make the built-in sandbox answer slowly (demos, QA)\n"
          "  --sandbox-fault LIST  faults for every create on the built-in sandbox, to\n"
          "                        rehearse trouble: reset (created, no answer), drop,\n"
          "                        status=503, latency=MS, garbage, huge, trickle\n\n"
          "F1 in the console lists every key.\n", out);
}

/* ---- profiles ------------------------------------------------------------------------ */

/* The profile open is the one used last: written when it changes, and not
 * before the first frame (an fsync'ed file is no reason to wait for it). */
static void remember_profile(Console *c)
{
    const Profile *p = console_profile(c);
    if (g_strcmp0(c->last_profile, p->name) == 0)
        return;
    char *why = NULL; /* a state folder in trouble is said by the drafts and the history already */
    last_profile_write(history_list_dir(c->history), p->name, &why);
    g_free(why);
    g_free(c->last_profile);
    c->last_profile = g_strdup(p->name);
}

/* The status line's note: a batch's progress while one runs (the batch
 * slows itself when the quota runs low), else the open profile's quota,
 * when low; "quota 3/1000" where the whole does not fit beside the last
 * action's message. */
void console_show_note(Console *c)
{
    char *plain = NULL, *note = c->batch ? batch_runner_note(c->batch, &plain) : NULL;
    Quota q = c->quotas ? c->quotas[c->profile] : (Quota){ 0 };
    if (!note && quota_is_low(q)) {
        note = quota_text(console_descriptor(c)->title, q);
        plain = quota_short_text(q);
    }
    status_pane_set_note(c->status, note, plain);
    g_free(note), g_free(plain);
}

void console_note_quota(Console *c, size_t profile, const NetResult *r)
{
    if (!r || !r->quota.said || profile >= c->profiles.count)
        return; /* an answer that says nothing leaves what the last one said */
    if (!c->quotas)
        c->quotas = g_new0(Quota, c->profiles.count);
    c->quotas[profile] = r->quota;
    if (profile == c->profile)
        console_show_note(c);
}

void console_use_profile(Console *c, size_t index)
{
    if (c->show_customers && index != c->profile) /* it lists the profile open, not another */
        customers_view_close(c->customers);
    c->profile = index;
    const Profile *p = console_profile(c);
    list_pane_set_current(c->list, index);
    status_pane_set_profile(c->status, p->name, p->live);
    console_show_note(c);
    form_pane_set_live(c->form, p->live);
    token_flow_use_profile(c->tokens, index);
    submission_new_draft(c->submit);
    if (c->drawn)
        remember_profile(c);
}

void console_open_draft(Console *c, size_t profile, const Values *v)
{
    draft_keeper_save_now(c->drafts); /* the draft we leave is kept */
    form_pane_load(c->form, provider_set_find(&c->providers, c->profiles.items[profile].provider), v);
    console_use_profile(c, profile);
    console_show_record(c, false);
    console_focus(c, form_pane_base(c->form));
    console_relayout(c);
}

void console_draft_done(Console *c)
{
    form_pane_clear(c->form);
    draft_keeper_clear(c->drafts);
    submission_new_draft(c->submit);
}

void console_draft_kept(Console *c)
{
    submission_new_draft(c->submit);
    draft_keeper_save(c->drafts); /* under its new key */
}

static void open_profile(Console *c, size_t index)
{
    draft_keeper_save_now(c->drafts); /* the draft we leave is kept */
    Values carry;
    values_init(&carry);
    if (form_pane_descriptor(c->form))
        form_pane_values(c->form, &carry);
    const Descriptor *d = provider_set_find(&c->providers, c->profiles.items[index].provider);
    form_pane_load(c->form, d, &carry);
    values_done(&carry);
    console_use_profile(c, index);
    const Profile *p = console_profile(c);
    char *ignored = tokens_env_ignored_note(p);
    if (ignored)
        log_pane_add(c->log, LOG_INFO, ignored);
    g_free(ignored);
    draft_keeper_mark_saved(c->drafts);
    char *msg = g_strdup_printf("%s · %s%s", console_descriptor(c)->title, p->live ? "LIVE: creates real customers · " : "",
                                "fill the fields, F2 creates");
    console_status(c, "editing", TONE_NORMAL, msg);
    g_free(msg);
    draft_keeper_restore(c->drafts);
    console_show_record(c, false);
}

static void fill_list(Console *c)
{
    ListProfile *lp = g_new0(ListProfile, c->profiles.count);
    for (size_t i = 0; i < c->profiles.count; i++)
        lp[i] = (ListProfile){ c->profiles.items[i].name, c->profiles.items[i].provider, c->profiles.items[i].live };
    list_pane_set_profiles(c->list, lp, c->profiles.count);
    g_free(lp);
}

/* ---- keys ---------------------------------------------------------------------------------- */

/* The panes F6 moves between: from the one list, all but the status line
 * and the dialog, and of the middle ones only the one showing. */
static size_t focus_ring(Console *c, Pane **ring)
{
    Pane *all[CONSOLE_MAX_PANES];
    size_t n = console_all_panes(c, all), k = 0;
    Pane *middle[] = { form_pane_base(c->form), view_pane_base(c->record), text_pane_base(c->help) };
    for (size_t i = 0; i < n; i++) {
        bool is_middle = all[i] == middle[0] || all[i] == middle[1] || all[i] == middle[2];
        bool is_customers = all[i] == customers_pane_base(c->customers_pane);
        bool skip = all[i] == status_pane_base(c->status) || all[i] == dialog_base(c->dialog) ||
                    all[i] == palette_pane_base(c->palette) ||
                    ((is_middle || is_customers) && all[i] != console_centre(c)) ||
                    (all[i] == list_pane_base(c->list) && console_centre_wide(c));
        if (!skip)
            ring[k++] = all[i];
    }
    return k;
}

static Pane *pane_after(Console *c, int step)
{
    Pane *ring[CONSOLE_MAX_PANES];
    size_t n = focus_ring(c, ring), at = 0;
    for (size_t i = 0; i < n; i++)
        if (ring[i] == c->focus)
            at = i;
    return ring[(at + n + (size_t)(step + (int)n)) % n];
}

static void cycle_pane(Console *c, int step)
{
    console_focus(c, pane_after(c, step));
    console_relayout(c);
}

static void quit_answered(void *ctx, bool yes, const char *text)
{
    (void)text;
    if (yes)
        ((Console *)ctx)->quit = true;
}

static void batch_quit_answered(void *ctx, bool yes, const char *text)
{
    (void)text;
    Console *c = ctx;
    if (yes)
        batch_runner_stop_then_quit(c->batch);
}

static void ask_quit(Console *c)
{
    if (batch_runner_busy(c->batch) && !submission_busy(c->submit)) {
        dialog_ask(c->dialog, "Quit during a batch?",
                   "A batch is sending. Quitting stops it: no new rows go out,\nthe rows in flight settle "
                   "(or are kept as unknown) first.\nCtrl-B with the same file resumes later. Quit?",
                   DIALOG_THEN(batch_quit_answered, c));
        console_relayout(c);
        return;
    }
    bool deleting = customers_view_deleting(c->customers);
    if (!submission_busy(c->submit) && !deleting) {
        c->quit = true;
        return;
    }
    dialog_ask(c->dialog, "Quit while sending?",
               deleting ? "A delete is in flight. If you quit now, nobody can tell\nwhether the customer was deleted. "
                          "Quit anyway?"
                        : "A create is in flight. If you quit now, nobody can tell\nwhether the customer was created. "
                          "Quit anyway?",
               DIALOG_THEN(quit_answered, c));
    console_relayout(c);
}

/* The Customers view closed, the form shown with the focus. */
static void back_to_the_form(Console *c)
{
    customers_view_close(c->customers);
    console_focus(c, form_pane_base(c->form));
    console_relayout(c);
}

/* Esc: the first controller with something under way stops it; else back to the form. */
static void go_back(Console *c)
{
    for (size_t i = 0; i < c->n_controllers; i++) {
        Controller *k = &c->controllers[i];
        if (k->ops->cancel && k->ops->cancel(k->self))
            return;
    }
    if (c->show_help) { /* back to what F1 covered: the record stays open */
        c->show_help = false;
        console_focus(c, c->before_help ? c->before_help : console_centre(c));
        console_relayout(c);
        return;
    }
    if (c->show_record && c->show_customers) { /* back to the customers it was opened from */
        console_show_record(c, false);
        console_status(c, "customers", TONE_NORMAL, "the record is closed: Enter opens another customer");
        return;
    }
    if (c->show_customers) {
        back_to_the_form(c);
        return;
    }
    if (c->show_record || c->focus != form_pane_base(c->form)) {
        console_show_record(c, false);
        console_focus(c, form_pane_base(c->form));
        console_relayout(c);
    }
}

/* A create in flight is filed under the profile it was sent for when its
 * answer comes: until then no other profile opens (its answer would be
 * filed under the wrong profile and provider). */
static bool busy_sending(Console *c)
{
    bool busy = submission_busy(c->submit);
    if (busy)
        console_status(c, "sending", TONE_WARN, "a create is in flight: wait for its answer (Esc cancels it)");
    return busy;
}

static void open_pick(Console *c)
{
    ListPick pick = list_pane_selected(c->list);
    if (pick.kind == PICK_PROFILE) {
        if (busy_sending(c))
            return;
        open_profile(c, pick.index);
        console_focus(c, form_pane_base(c->form));
        console_relayout(c);
    } else if (pick.kind == PICK_CUSTOMER) {
        history_list_show(c->history, pick.index);
    }
}

/* p in the list: the customers of the profile selected (or of the entry's). */
static void open_customers(Console *c)
{
    ListPick pick = list_pane_selected(c->list);
    size_t profile = pick.kind == PICK_PROFILE    ? pick.index
                     : pick.kind == PICK_CUSTOMER ? history_list_get(c->history, pick.index)->profile
                                                  : c->profile;
    if (profile != c->profile) { /* the token goes with the profile open */
        if (busy_sending(c))
            return;
        open_profile(c, profile);
    }
    customers_view_open(c->customers);
}

/* c, r and d on a history entry in the list. */
static void on_entry(Console *c, Action a)
{
    ListPick pick = list_pane_selected(c->list);
    if (pick.kind != PICK_CUSTOMER) {
        console_status(c, "editing", TONE_NORMAL, "select an entry under a profile first");
        return;
    }
    if (a == ACT_CHECK)
        history_list_check(c->history, pick.index);
    else if (a == ACT_RESEND)
        history_list_resend(c->history, pick.index);
    else if (!busy_sending(c))
        history_list_draft_like(c->history, pick.index);
}

static void show_help(Console *c)
{
    char *text = keys_help_text(CTX_GLOBAL);
    text_pane_show_text(c->help, "Help · Esc closes", NULL, text, strlen(text));
    g_free(text);
    if (!c->show_help)
        c->before_help = c->focus;
    c->show_help = true;
    console_focus(c, text_pane_base(c->help)); /* first: one pane at a time shows the focused one */
    console_relayout(c);
}

/* ---- the command palette: every action, and the profiles by name ---------------------------- */

static void open_palette(Console *c)
{
    size_t n = c->profiles.count;
    const char **names = g_new0(const char *, n);
    char **details = g_new0(char *, n + 1);
    for (size_t i = 0; i < n; i++) {
        const Profile *p = &c->profiles.items[i];
        names[i] = p->name;
        details[i] = g_strdup_printf("%s%s", p->provider, p->live ? " · LIVE" : "");
    }
    palette_pane_open(c->palette, names, (const char *const *)details, n);
    if (c->focus == form_pane_base(c->form)) { /* Ctrl-X, Ctrl-T: the field's keys, found by their words */
        KeyContext ctx[2];
        palette_pane_add_field_keys(c->palette, ctx, form_pane_key_contexts(c->form, ctx));
    }
    status_pane_set_keys(c->status, CTX_PALETTE);
    g_free(names), g_strfreev(details);
    console_relayout(c);
}

static void app_action(Console *c, Action a);

static void palette_key(Console *c, const KeyEvent *k)
{
    PaletteChoice choice;
    PaletteResult r = palette_pane_key(c->palette, k, &choice);
    if (r == PALETTE_PENDING)
        return;
    console_focus(c, c->focus); /* its key bar again */
    console_relayout(c);
    if (r == PALETTE_CHOSEN && choice.is_profile) {
        open_profile(c, choice.profile);
        console_focus(c, form_pane_base(c->form));
        console_relayout(c);
    } else if (r == PALETTE_CHOSEN && choice.field_key) { /* as if pressed on the field */
        Pane *form = form_pane_base(c->form);
        KeyEvent key = { .code = choice.field_key->code, .is_key = choice.field_key->is_key };
        form->ops->key(form, &key);
    } else if (r == PALETTE_CHOSEN && choice.action == ACT_CUSTOMERS) { /* the open profile's, not the list's pick */
        customers_view_open(c->customers);
    } else if (r == PALETTE_CHOSEN) {
        app_action(c, choice.action);
    }
}

/* F2 over the Customers view would send a form the person cannot see:
 * it brings the form back instead, and F2 there sends it. */
static void submit_seen_form(Console *c, bool unchecked)
{
    if (!c->show_customers) {
        submission_start(c->submit, unchecked);
        return;
    }
    back_to_the_form(c);
    console_status(c, "editing", TONE_ACCENT, "the form is back: check it, then F2 creates");
}

static void app_action(Console *c, Action a)
{
    switch (a) {
    case ACT_HELP: show_help(c); break;
    case ACT_SUBMIT: submit_seen_form(c, false); break;
    case ACT_SUBMIT_UNCHECKED: submit_seen_form(c, true); break;
    case ACT_TOGGLE_DEBUG: log_pane_toggle_debug(c->log); break;
    case ACT_NEXT_PANE: cycle_pane(c, 1); break;
    case ACT_PREV_PANE: cycle_pane(c, -1); break;
    case ACT_NEW_DRAFT: draft_keeper_put_aside(c->drafts), console_show_record(c, false); break;
    case ACT_DRAFT_BACK: draft_keeper_bring_back(c->drafts); break;
    case ACT_SAVE_TOKEN: token_flow_ask(c->tokens); break;
    case ACT_BACK: go_back(c); break;
    case ACT_QUIT: ask_quit(c); break;
    case ACT_OPEN: open_pick(c); break;
    case ACT_CHECK: case ACT_RESEND: case ACT_DRAFT_LIKE: on_entry(c, a); break;
    case ACT_CHECK_LATEST: history_list_check_latest(c->history); break;
    case ACT_EDITOR: console_edit_externally(c); break;
    case ACT_COPY_CURL: console_copy_curl(c); break;
    case ACT_PALETTE: open_palette(c); break;
    case ACT_CUSTOMERS: open_customers(c); break;
    case ACT_LOOKUP_EMAIL: form_lookup_start(c->lookup); break;
    case ACT_BATCH: batch_runner_start(c->batch); break;
    default: break;
    }
}

static int mouse_button(mmask_t b)
{
    return b & BUTTON4_PRESSED ? 4 : b & BUTTON5_PRESSED ? 5 : 1;
}

static void on_mouse(Console *c, const KeyEvent *k)
{
    Pane *all[CONSOLE_MAX_PANES];
    for (size_t i = 0, n = console_all_panes(c, all); i < n; i++) {
        Pane *p = all[i]; /* a hidden pane contains no point */
        if (!pane_contains(p, k->mouse_y, k->mouse_x) || p == status_pane_base(c->status))
            continue;
        if (mouse_button(k->mouse_buttons) == 1 && p != c->focus)
            console_focus(c, p);
        p->ops->mouse(p, k->mouse_y - p->y, k->mouse_x - p->x, mouse_button(k->mouse_buttons));
    }
}

/* The bar shows the focused field's own keys (Space on a boolean, Ctrl-T on a date). */
static void form_keys_shown(Console *c)
{
    if (c->focus == form_pane_base(c->form))
        status_pane_set_keys(c->status, form_pane_key_context(c->form));
}

static void on_key(Console *c, KeyEvent *k)
{
    if (k->is_key && k->code == KEY_RESIZE) {
        console_relayout(c);
        return;
    }
    if (dialog_is_open(c->dialog)) {
        DialogAnswer a = dialog_key(c->dialog, k);
        if (a != DIALOG_PENDING) {
            console_relayout(c);
            dialog_answer(c->dialog, a); /* what follows the question runs now */
        }
        return;
    }
    if (palette_pane_is_open(c->palette)) {
        palette_key(c, k);
        return;
    }
    if (k->is_key && k->code == KEY_MOUSE) {
        on_mouse(c, k);
        form_keys_shown(c);
        return;
    }
    Pane *was = c->focus;
    Action a = c->focus->ops->key(c->focus, k);
    bool on_customers = was == customers_pane_base(c->customers_pane);
    if (on_customers && a != ACT_NONE && a != ACT_HANDLED)
        a = customers_view_act(c->customers, a);
    if (a == ACT_NONE)
        a = keys_action(CTX_GLOBAL, k);
    if (a != ACT_HANDLED)
        app_action(c, a);
    form_keys_shown(c);
    if (c->focus == view_pane_base(c->record))
        console_after_view_key(c);
    if (on_customers)
        customers_view_after_key(c->customers);
}

/* ---- the loop ---------------------------------------------------------------------------- */

static void on_signal(void *ctx, int signo)
{
    Console *c = ctx;
    if (signo == SIGINT) {
        ask_quit(c);
    } else { /* SIGTERM, SIGHUP: save the draft, give the terminal back, leave */
        draft_keeper_save_now(c->drafts);
        if (batch_runner_busy(c->batch)) /* its rows in flight first (the stop's grace; a second signal: now) */
            batch_runner_stop_then_quit(c->batch);
        else
            c->quit = true;
    }
}

/* Runs every controller whose timer is due; returns ms until the next one,
 * or -1: then poll sleeps until something happens. */
static int run_timers(Console *c)
{
    int next = -1;
    for (size_t i = 0; i < c->n_controllers; i++) {
        Controller *k = &c->controllers[i];
        int ms = k->ops->due_ms ? k->ops->due_ms(k->self) : -1;
        if (ms == 0 && k->ops->tick)
            k->ops->tick(k->self), ms = k->ops->due_ms(k->self);
        if (ms >= 0)
            next = next < 0 ? ms : MIN(next, ms);
    }
    return next;
}

static LogLevel level_of(NetLogLevel l)
{
    return l == NET_LOG_DEBUG ? LOG_DEBUG : l == NET_LOG_WARN ? LOG_WARN : LOG_INFO;
}

/* A message to the controller it belongs to; log lines to the log. */
static void on_message(void *ctx, NetMessage *m)
{
    Console *c = ctx;
    if (m->kind == NET_MSG_LOG) {
        log_pane_add(c->log, level_of(m->level), m->text);
        return;
    }
    for (size_t i = 0; i < c->n_controllers; i++) {
        Controller *k = &c->controllers[i];
        if (k->ops->on_net && k->ops->on_net(k->self, m))
            return;
    }
}

static void on_input(void *ctx)
{
    Console *c = ctx;
    KeyEvent k;
    while (!c->quit && keys_read(stdscr, &k)) {
        on_key(c, &k);
        key_event_done(&k);
    }
}

static int before_wait(void *ctx)
{
    Console *c = ctx;
    int timeout = run_timers(c);
    console_draw(c);
    return timeout;
}

/* The descriptors the controllers watch (the keyring's answer); the order
 * is the controllers', which on_extra relies on. */
static size_t extra_fds(void *ctx, int *fds, size_t room)
{
    Console *c = ctx;
    size_t n = 0;
    if (!c->net && !c->net_error) /* the network module's load, first */
        fds[n] = net_module_fd(), c->watching[n++] = NULL;
    for (size_t i = 0; i < c->n_controllers && n < room; i++) {
        Controller *k = &c->controllers[i];
        int fd = k->ops->fd ? k->ops->fd(k->self) : -1;
        if (fd >= 0)
            fds[n] = fd, c->watching[n++] = k;
    }
    return n;
}

static void on_net_loaded(Console *c);

static void on_extra(void *ctx, size_t i)
{
    Console *c = ctx;
    if (!c->watching[i])
        on_net_loaded(c);
    else
        c->watching[i]->ops->on_fd(c->watching[i]->self);
}

static bool quitting(void *ctx)
{
    return ((Console *)ctx)->quit;
}

/* ---- the network module, loaded after the first frame ------------------------------------- */

bool console_net_ready(Console *c, int resume)
{
    if (c->net)
        return true;
    if (c->net_error) {
        console_status(c, "not sent", TONE_BAD, c->net_error);
    } else {
        c->net_resume = resume ? resume : c->net_resume;
        console_status(c, "waiting", TONE_ACCENT,
                       resume ? "for the network module to load; this goes on by itself"
                              : "for the network module to load; press the key again in a moment");
    }
    return false;
}

/* The module is there (or will never be): start the sandbox on the socket the
 * first frame announced, the network thread, and what F2 began meanwhile. */
static void on_net_loaded(Console *c)
{
    if (!net_module_wait(&c->net_error)) {
        log_pane_add(c->log, LOG_ERROR, c->net_error);
        console_status(c, c->net_resume == NET_RESUME_CHECK                                 ? "not checked"
                          : c->net_resume && c->net_resume <= NET_RESUME_SEND_UNCHECKED ? "not sent"
                                                                                       : "offline",
                       TONE_BAD, c->net_error);
        c->net_resume = 0;
        return;
    }
    char *err = NULL;
    if (c->sandbox_opt.listen_fd > 0 && !(c->sandbox = sandbox_start(&c->sandbox_opt, &c->providers, &err))) {
        char *msg = g_strdup_printf("the built-in sandbox did not start: %s", err);
        log_pane_add(c->log, LOG_ERROR, msg);
        g_free(msg), g_free(err);
    }
    c->sandbox_opt.listen_fd = 0; /* the sandbox's now, or closed with it */
    c->net = net_thread_start();
    if (console_profile(c)->sandbox)
        token_flow_use_profile(c->tokens, c->profile); /* the sandbox's demo token */
    int resume = c->net_resume;
    c->net_resume = 0;
    if (resume == NET_RESUME_CHECK)
        history_list_check(c->history, c->net_resume_entry);
    else if (resume == NET_RESUME_CUSTOMERS)
        customers_view_open(c->customers);
    else if (resume == NET_RESUME_LOOKUP)
        form_lookup_start(c->lookup);
    else if (resume == NET_RESUME_BATCH)
        batch_runner_resume(c->batch);
    else if (resume)
        submission_start(c->submit, resume == NET_RESUME_SEND_UNCHECKED);
}

static void run(Console *c)
{
    EventLoop loop = { .ctx = c, .before_wait = before_wait, .on_input = on_input, .net = &c->net,
                       .on_message = on_message, .signal_fd = c->signal_fd, .on_signal = on_signal,
                       .extra_fds = extra_fds, .on_extra = on_extra, .done = quitting };
    event_loop_run(&loop);
}

/* ---- set-up and tear-down -------------------------------------------------------------------- */

/* SIGTERM or SIGHUP waiting (blocked, for the signalfd): a long load gives
 * way, and the loop then reads it and quits. */
static bool quit_signal_pending(void)
{
    sigset_t set;
    return sigpending(&set) == 0 && (sigismember(&set, SIGTERM) == 1 || sigismember(&set, SIGHUP) == 1);
}

static bool load_everything(Console *c, unsigned latency_ms, const char *faults, char **why)
{
    char *errors = NULL, *err = NULL;
    catalog_load(&c->providers, &errors);
    profiles_load(&c->profiles, &c->providers, &errors);
    /* The sandbox starts once the network module is loaded; its socket now,
     * so that the first frame can say where it is. */
    SandboxOptions so = { .host = "127.0.0.1", .latency_ms = latency_ms, .create_faults = faults };
    so.listen_fd = sandbox_listen(so.host, 0, &so.port, &err);
    c->sandbox_opt = so;
    if (errors)
        cli_print_lines(stderr, errors);
    if (so.listen_fd < 0)
        fprintf(stderr, "custty: the built-in sandbox did not start: %s\n", err);
    g_free(err);
    if (!c->profiles.count)
        *why = g_strdup("no profile to open: check the provider descriptors and config.ini");
    return c->profiles.count > 0 && (g_free(errors), true);
}

static void make_panes(Console *c)
{
    c->list = list_pane_new(&c->theme);
    c->form = form_pane_new(&c->theme);
    c->log = log_pane_new(&c->theme);
    c->record = view_pane_new(&c->theme);
    c->help = text_pane_new(&c->theme);
    c->status = status_pane_new(&c->theme);
    c->dialog = dialog_new(&c->theme);
    c->palette = palette_pane_new(&c->theme);
    c->customers_pane = customers_pane_new(&c->theme);
    fill_list(c);
}

/* The flows the console composes: a new view adds its controller here. */
static void make_controllers(Console *c)
{
    c->tokens = token_flow_new(c);
    c->history = history_list_new(c, quit_signal_pending);
    c->drafts = draft_keeper_new(c);
    c->submit = submission_new(c);
    c->customers = customers_view_new(c);
    c->lookup = form_lookup_new(c);
    c->batch = batch_runner_new(c);
    Controller all[] = { token_flow_controller(c->tokens), submission_controller(c->submit),
                         history_list_controller(c->history), draft_keeper_controller(c->drafts),
                         customers_view_controller(c->customers), form_lookup_controller(c->lookup),
                         batch_runner_controller(c->batch) };
    G_STATIC_ASSERT(G_N_ELEMENTS(all) <= CONSOLE_MAX_CONTROLLERS);
    memcpy(c->controllers, all, sizeof all);
    c->n_controllers = G_N_ELEMENTS(all);
}

static void tear_down(Console *c)
{
    Pane *all[CONSOLE_MAX_PANES];
    size_t n = c->dialog ? console_all_panes(c, all) : 0;
    for (size_t i = 0; i < n; i++)
        pane_free(all[i]);
    for (size_t i = c->n_controllers; i-- > 0;) /* while the network thread can still be told to cancel */
        c->controllers[i].ops->free(c->controllers[i].self);
    net_thread_stop(c->net);
    sandbox_stop(c->sandbox);
    if (c->sandbox_opt.listen_fd > 0)
        close(c->sandbox_opt.listen_fd);
    g_free(c->net_error);
    g_free(c->last_profile);
    g_free(c->quotas);
    profiles_done(&c->profiles);
    provider_set_done(&c->providers);
    close(c->signal_fd);
}

static int parse_console_options(int argc, char **argv, const char **profile, unsigned *latency,
                                 const char **faults)
{
    static const struct option opts[] = {
        { "profile", required_argument, NULL, 'p' }, { "sandbox-latency", required_argument, NULL, 'l' },
        { "sandbox-fault", required_argument, NULL, 'f' }, { "help", no_argument, NULL, 'h' }, { 0 },
    };
    int ch;
    double ms = 0;
    while ((ch = getopt_long(argc, argv, "p:l:f:h", opts, NULL)) != -1) {
        if (ch == 'p')
            *profile = optarg;
        else if (ch == 'f')
            *faults = optarg;
        else if (ch == 'l' &&
                 cli_number("--sandbox-latency", optarg, "milliseconds", 0, SANDBOX_MAX_LATENCY_MS, true, &ms))
            *latency = (unsigned)ms;
        else if (ch == 'l')
            return EXIT_INVALID;
        else
            return cmd_console_help(ch == 'h' ? stdout : stderr), ch == 'h' ? EXIT_OK : EXIT_INVALID;
    }
    return -1;
}

static void welcome(Console *c)
{
    char *msg = c->sandbox_opt.listen_fd > 0
                    ? g_strdup_printf("custty %s · sandbox on 127.0.0.1:%u · F1 lists every key", CUSTTY_VERSION,
                                      c->sandbox_opt.port)
                    : g_strdup_printf("custty %s · F1 lists every key", CUSTTY_VERSION);
    log_pane_add(c->log, LOG_INFO, msg);
    g_free(msg);
}

static size_t first_profile(const Console *c, const char *name)
{
    for (size_t i = 0; name && i < c->profiles.count; i++)
        if (strcmp(c->profiles.items[i].name, name) == 0)
            return i;
    return 0;
}

/* Whom CUSTTY_TOKEN is for: the profile named with --profile, or the only
 * one that could take it; else nobody ("") rather than whichever profile
 * happens to come first (a key for one provider must not go to another). */
static const char *env_token_owner(const Console *c, const char *want)
{
    const char *only = NULL;
    size_t takers = 0;
    for (size_t i = 0; i < c->profiles.count; i++) {
        if (want && strcmp(c->profiles.items[i].name, want) == 0)
            return want;
        if (!c->profiles.items[i].sandbox)
            takers++, only = c->profiles.items[i].name;
    }
    return !want && takers == 1 ? only : "";
}

/* The profile to open: --profile's, else the one used last, else the first. */
static size_t opening_profile(Console *c, const char *want)
{
    if (want)
        return first_profile(c, want);
    char *why = NULL, *last = last_profile_read(history_list_dir(c->history), &why);
    if (why)
        log_pane_add(c->log, LOG_WARN, why);
    c->last_profile = g_strdup(last);
    size_t i = first_profile(c, last);
    if (last && strcmp(c->profiles.items[i].name, last) != 0) {
        char *msg = g_strdup_printf("the profile used last, %s, is no longer configured", last);
        log_pane_add(c->log, LOG_INFO, msg);
        g_free(msg);
    }
    g_free(why), g_free(last);
    return i;
}

/* Said at start, once the history is read: what earlier runs left waiting. */
static void say_waiting(Console *c)
{
    char *drafts = draft_keeper_waiting(c->drafts), *unknowns = history_list_waiting(c->history);
    if (drafts) {
        char *msg = g_strdup_printf("waiting: a draft on %s (Enter on the profile in the list opens it)", drafts);
        log_pane_add(c->log, LOG_INFO, msg);
        g_free(msg);
    }
    if (unknowns) {
        char *msg = g_strdup_printf("waiting: %s; select one in the list and press c to ask the provider", unknowns);
        log_pane_add(c->log, LOG_WARN, msg);
        g_free(msg);
    }
    g_free(drafts), g_free(unknowns);
}

int cmd_console(int argc, char **argv)
{
    const char *want = NULL, *faults = NULL;
    unsigned latency = 0;
    int status = parse_console_options(argc, argv, &want, &latency, &faults);
    if (status >= 0)
        return status;
    Console c = { .record_entry = -1 };
    char *why = NULL;
    c.signal_fd = cli_stop_signals_fd(); /* before any thread, so all inherit it */
    if (!load_everything(&c, latency, faults, &why) || !screen_start(&c.theme, &why)) {
        cli_error("%s", why);
        g_free(why);
        tear_down(&c);
        return EXIT_INVALID;
    }
    if (want && first_profile(&c, want) == 0 && strcmp(c.profiles.items[0].name, want) != 0)
        cli_error("no profile \"%s\"; opening %s", want, c.profiles.items[0].name);
    make_panes(&c);
    make_controllers(&c);
    console_focus(&c, form_pane_base(c.form));
    welcome(&c);
    size_t first = opening_profile(&c, want);
    tokens_bind_env(env_token_owner(&c, want));
    open_profile(&c, first);
    if (want && strcmp(c.profiles.items[first].name, want) != 0) {
        char *msg = g_strdup_printf("no profile \"%s\"; opened %s", want, c.profiles.items[first].name);
        log_pane_add(c.log, LOG_WARN, msg); /* stderr is under the screen by now */
        g_free(msg);
    }
    console_draw(&c); /* the first frame waits neither for the history nor for the network */
    c.drawn = true;
    net_module_start();
    remember_profile(&c);
    history_list_load(c.history);
    say_waiting(&c);
    run(&c);
    draft_keeper_save_now(c.drafts); /* quitting keeps what was typed */
    screen_stop();
    tear_down(&c);
    return EXIT_OK;
}
