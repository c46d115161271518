/* The console's life: set-up, the one event loop, keys, layout, profiles. */
#include "app/console.h"

#include "app/catalog.h"
#include "app/cli.h"
#include "app/config.h"
#include "app/console_internal.h"
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
          "Opens the console on the first profile (with no configuration, a sandbox\n"
          "profile on a sandbox started in-process), or on NAME.\n\n"
          "  --profile NAME        open on this profile (see `custty profiles`)\n"
          "  --sandbox-latency MS  make the built-in sandbox answer slowly (demos, QA)\n"
          "  --sandbox-fault LIST  faults for every create on the built-in sandbox, to\n"
          "                        rehearse trouble: reset (created, no answer), drop,\n"
          "                        status=503, latency=MS, garbage, huge, trickle\n\n"
          "F1 in the console lists every key.\n", out);
}

/* ---- small helpers the other console files use ------------------------------- */

const Profile *console_profile(const Console *c) { return &c->profiles.items[c->profile]; }

const Descriptor *console_descriptor(const Console *c)
{
    return provider_set_find(&c->providers, console_profile(c)->provider);
}

void console_status(Console *c, const char *state, Tone tone, const char *message)
{
    status_pane_set(c->status, state, tone, message);
}

static Pane *centre(Console *c)
{
    return c->show_help ? text_pane_base(c->help)
           : c->show_record ? view_pane_base(c->record) : form_pane_base(c->form);
}

static KeyContext context_of(Console *c, Pane *p)
{
    return p == list_pane_base(c->list) ? CTX_LIST : p == form_pane_base(c->form) ? CTX_FORM : CTX_VIEW;
}

void console_focus(Console *c, Pane *p)
{
    if (c->focus)
        c->focus->focused = false, c->focus->dirty = true;
    c->focus = p;
    p->focused = true;
    p->dirty = true;
    status_pane_set_keys(c->status, context_of(c, p));
}


void console_show_record(Console *c, bool show)
{
    c->show_record = show && !view_pane_empty(c->record);
    c->show_help = false;
    console_relayout(c);
    console_focus(c, centre(c));
}

/* ---- layout ------------------------------------------------------------------------ */

static void place(Pane *p, Rect r, bool shown)
{
    pane_place(p, r.y, r.x, shown ? r.h : 0, shown ? r.w : 0);
}

void console_relayout(Console *c)
{
    c->layout = layout_compute(LINES, COLS);
    const Layout *l = &c->layout;
    bool split = l->mode == LAYOUT_SPLIT, tabs = l->mode == LAYOUT_TABS;
    Pane *mid = centre(c);
    Pane *panes[] = { form_pane_base(c->form), view_pane_base(c->record), text_pane_base(c->help) };
    for (size_t i = 0; i < G_N_ELEMENTS(panes); i++)
        place(panes[i], l->centre, panes[i] == mid && (split || (tabs && c->focus == mid)));
    place(list_pane_base(c->list), l->list, split || (tabs && c->focus == list_pane_base(c->list)));
    place(log_pane_base(c->log), l->log, split || (tabs && c->focus == log_pane_base(c->log)));
    place(status_pane_base(c->status), l->status, l->mode != LAYOUT_TOO_SMALL);
    if (dialog_is_open(c->dialog))
        dialog_place(c->dialog, LINES, COLS);
    /* stdscr is wiped below, so every pane must copy itself over it again. */
    Pane *all[] = { list_pane_base(c->list), form_pane_base(c->form), view_pane_base(c->record),
                    text_pane_base(c->help), log_pane_base(c->log), status_pane_base(c->status) };
    for (size_t i = 0; i < G_N_ELEMENTS(all); i++)
        all[i]->dirty = true;
    erase();
    wnoutrefresh(stdscr);
}

/* Says what is needed, on as many lines as the width allows. */
static void draw_too_small(void)
{
    char *lines[] = { g_strdup("terminal too small"), g_strdup_printf("(need %d×%d,", LAYOUT_MIN_COLS, LAYOUT_MIN_LINES),
                      g_strdup_printf("now %d×%d)", COLS, LINES) };
    erase();
    for (int i = 0; i < 3; i++) {
        int cols = (int)g_utf8_strlen(lines[i], -1);
        mvaddnstr(MAX(0, LINES / 2 - 1 + i), MAX(0, (COLS - cols) / 2), lines[i], -1);
        g_free(lines[i]);
    }
    wnoutrefresh(stdscr);
}

void console_draw(Console *c)
{
    if (c->layout.mode == LAYOUT_TOO_SMALL) {
        draw_too_small();
        doupdate();
        return;
    }
    if (c->layout.mode == LAYOUT_SPLIT)
        pane_line(stdscr, &c->theme, c->layout.centre.y, c->layout.centre.x - 1, c->layout.centre.h, true),
            wnoutrefresh(stdscr);
    Pane *all[] = { list_pane_base(c->list), form_pane_base(c->form), view_pane_base(c->record),
                    text_pane_base(c->help), log_pane_base(c->log), status_pane_base(c->status) };
    for (size_t i = 0; i < G_N_ELEMENTS(all); i++)
        pane_refresh(all[i]);
    if (dialog_is_open(c->dialog)) {
        dialog_base(c->dialog)->dirty = true;
        pane_refresh(dialog_base(c->dialog));
        dialog_place_cursor(c->dialog);
    } else if (c->focus == form_pane_base(c->form)) {
        form_pane_place_cursor(c->form);
    } else {
        curs_set(0);
    }
    doupdate();
}

/* ---- profiles ------------------------------------------------------------------------ */

/* The token of the current profile: from memory, the environment or the
 * sandbox at once, from the keyring when its answer comes. */
static void resolve_token(Console *c)
{
    const Profile *p = console_profile(c);
    const char *demo = c->sandbox ? sandbox_token_for(c->sandbox, p->provider) : NULL;
    TokenOrigin origin = TOKEN_NONE;
    char *secret = tokens_lookup_local(p, demo, &origin);
    bound_token_set(&c->token, p, secret, origin);
    if (!secret && !p->sandbox)
        console_start_keyring_lookup(c);
}

void console_use_profile(Console *c, size_t index)
{
    c->profile = index;
    const Profile *p = console_profile(c);
    list_pane_set_current(c->list, index);
    status_pane_set_profile(c->status, p->name, p->live);
    bound_token_clear(&c->token);
    resolve_token(c);
    console_new_draft_key(c);
}

static void open_profile(Console *c, size_t index)
{
    if (form_pane_descriptor(c->form))
        console_draft_tick(c, true); /* the draft we leave is kept */
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
    c->saved_edits = c->seen_edits = form_pane_edits(c->form);
    c->saved_moves = form_pane_moves(c->form);
    char *msg = g_strdup_printf("%s · %s%s", console_descriptor(c)->title, p->live ? "LIVE: creates real customers · " : "",
                                "fill the fields, F2 creates");
    console_status(c, "editing", TONE_NORMAL, msg);
    g_free(msg);
    console_draft_restore(c);
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

static Pane *pane_after(Console *c, int step)
{
    Pane *order[] = { list_pane_base(c->list), centre(c), log_pane_base(c->log) };
    int at = 0;
    for (int i = 0; i < 3; i++)
        if (order[i] == c->focus)
            at = i;
    return order[(at + step + 3) % 3];
}

static void cycle_pane(Console *c, int step)
{
    console_focus(c, pane_after(c, step));
    console_relayout(c);
}

static void ask_quit(Console *c)
{
    if (!c->sending) {
        c->quit = true;
        return;
    }
    dialog_ask(c->dialog, ASK_QUIT, "Quit while sending?",
               "A create is in flight. If you quit now, nobody can tell\nwhether the customer was created. Quit anyway?");
    console_relayout(c);
}

static void go_back(Console *c)
{
    if (c->sending) {
        net_cancel(c->net, c->job);
        console_status(c, "cancelling", TONE_WARN, "asking the network thread to stop");
    } else if (c->check) {
        console_check_cancel(c);
    } else if (c->look) {
        console_look_cancel(c);
    } else if (c->show_help || c->show_record || c->focus != form_pane_base(c->form)) {
        console_show_record(c, false);
        console_focus(c, form_pane_base(c->form));
        console_relayout(c);
    }
}

static void open_pick(Console *c)
{
    ListPick pick = list_pane_selected(c->list);
    if (pick.kind == PICK_PROFILE) {
        open_profile(c, pick.index);
        console_focus(c, form_pane_base(c->form));
        console_relayout(c);
    } else if (pick.kind == PICK_CUSTOMER) {
        console_show_customer(c, pick.index);
    }
}

/* F8: the newest unknown outcome of this profile, checked with the provider. */
static void check_latest(Console *c)
{
    for (guint i = c->customers->len; i-- > 0;) {
        const Customer *cu = &g_array_index(c->customers, Customer, i);
        if (cu->profile == c->profile && (cu->outcome == OUTCOME_UNKNOWN || cu->outcome == OUTCOME_SERVER_ERROR)) {
            console_check(c, i);
            return;
        }
    }
    console_status(c, "editing", TONE_NORMAL, "no unknown outcome to check on this profile");
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
        console_check(c, pick.index);
    else if (a == ACT_RESEND)
        console_resend(c, pick.index, false);
    else {
        console_draft_like(c, pick.index);
        console_focus(c, form_pane_base(c->form));
        console_relayout(c);
    }
}

static void show_help(Console *c)
{
    char *text = keys_help_text();
    text_pane_show_text(c->help, "Help · Esc closes", NULL, text, strlen(text));
    g_free(text);
    c->show_help = true;
    console_relayout(c);
    console_focus(c, text_pane_base(c->help));
}

static void app_action(Console *c, Action a)
{
    switch (a) {
    case ACT_HELP: show_help(c); break;
    case ACT_SUBMIT: console_submit(c, false); break;
    case ACT_SUBMIT_UNCHECKED: console_submit(c, true); break;
    case ACT_TOGGLE_DEBUG: log_pane_toggle_debug(c->log); break;
    case ACT_NEXT_PANE: cycle_pane(c, 1); break;
    case ACT_PREV_PANE: cycle_pane(c, -1); break;
    case ACT_NEW_DRAFT: form_pane_clear(c->form), console_new_draft_key(c), console_show_record(c, false); break;
    case ACT_SAVE_TOKEN:
        dialog_ask_secret(c->dialog, ASK_TOKEN_ONLY, "Token", "Paste or type the token for this profile.\nIt is not shown.");
        console_relayout(c);
        break;
    case ACT_BACK: go_back(c); break;
    case ACT_QUIT: ask_quit(c); break;
    case ACT_OPEN: open_pick(c); break;
    case ACT_CHECK: case ACT_RESEND: case ACT_DRAFT_LIKE: on_entry(c, a); break;
    case ACT_CHECK_LATEST: check_latest(c); break;
    case ACT_EDITOR: console_edit_externally(c); break;
    default: break;
    }
}

static void dialog_answered(Console *c, DialogAnswer answer)
{
    int tag = dialog_tag(c->dialog);
    char *text = g_strdup(dialog_text(c->dialog));
    dialog_close(c->dialog);
    console_relayout(c);
    if (tag == ASK_QUIT && answer == DIALOG_YES)
        c->quit = true;
    else if (tag == ASK_LIVE_CREATE && answer == DIALOG_YES)
        console_send(c);
    else if (tag == ASK_LIVE_CREATE)
        console_status(c, "editing", TONE_NORMAL, "not sent: the LIVE create was not confirmed");
    else if ((tag == ASK_TOKEN || tag == ASK_TOKEN_ONLY) && answer == DIALOG_YES)
        console_token_entered(c, text, tag == ASK_TOKEN);
    else if (tag == ASK_SAVE_TOKEN)
        console_token_entered(c, NULL, answer == DIALOG_YES);
    else if (tag == ASK_DUPLICATE && answer == DIALOG_YES)
        c->duplicate_ok = true, console_submit(c, c->unchecked);
    else if (tag == ASK_DUPLICATE)
        console_status(c, "editing", TONE_NORMAL, "not sent: no second customer with that email");
    else if (tag == ASK_EXISTS || tag == ASK_LOOK_UNSURE)
        console_look_answered(c, tag, answer == DIALOG_YES);
    else if (tag == ASK_AFTER_UNKNOWN && answer == DIALOG_YES)
        c->prior_ok = true, console_submit(c, c->unchecked);
    else if (tag == ASK_AFTER_UNKNOWN)
        console_status(c, "editing", TONE_NORMAL, "not sent: F8 asks the provider whether the last attempt created it");
    else if (tag == ASK_RESEND_RISK && answer == DIALOG_YES && c->resending >= 0)
        console_resend(c, (size_t)c->resending, true);
    else if (tag == ASK_SAVE_PATH && answer == DIALOG_YES)
        console_save_to(c, g_strstrip(text), false);
    else if (tag == ASK_OVERWRITE && answer == DIALOG_YES && c->save_path)
        console_save_to(c, c->save_path, true);
    text_free_secret(text);
}

static int mouse_button(mmask_t b)
{
    return b & BUTTON4_PRESSED ? 4 : b & BUTTON5_PRESSED ? 5 : 1;
}

static void on_mouse(Console *c, const KeyEvent *k)
{
    Pane *all[] = { list_pane_base(c->list), centre(c), log_pane_base(c->log) };
    for (size_t i = 0; i < G_N_ELEMENTS(all); i++) {
        Pane *p = all[i];
        if (!pane_contains(p, k->mouse_y, k->mouse_x))
            continue;
        if (mouse_button(k->mouse_buttons) == 1 && p != c->focus)
            console_focus(c, p);
        p->ops->mouse(p, k->mouse_y - p->y, k->mouse_x - p->x, mouse_button(k->mouse_buttons));
    }
}

static void on_key(Console *c, KeyEvent *k)
{
    if (k->is_key && k->code == KEY_RESIZE) {
        console_relayout(c);
        return;
    }
    if (dialog_is_open(c->dialog)) {
        DialogAnswer a = dialog_key(c->dialog, k);
        if (a != DIALOG_PENDING)
            dialog_answered(c, a);
        return;
    }
    if (k->is_key && k->code == KEY_MOUSE) {
        on_mouse(c, k);
        return;
    }
    Action a = c->focus->ops->key(c->focus, k);
    if (a == ACT_NONE)
        a = keys_action(CTX_GLOBAL, k);
    if (a != ACT_HANDLED)
        app_action(c, a);
    if (c->focus == view_pane_base(c->record))
        console_after_view_key(c);
}

/* ---- the loop ---------------------------------------------------------------------------- */

static void on_signal(Console *c)
{
    struct signalfd_siginfo si;
    while (read(c->signal_fd, &si, sizeof si) == sizeof si) {
        if (si.ssi_signo == SIGINT) {
            ask_quit(c);
        } else { /* SIGTERM, SIGHUP: save the draft, give the terminal back, leave */
            console_draft_tick(c, true);
            c->quit = true;
        }
    }
}

/* The spinner, the draft due, or nothing: then poll sleeps until something happens. */
static int poll_timeout(Console *c)
{
    int draft = console_draft_tick(c, false);
    int spin = c->sending || c->check || c->look ? 100 : -1;
    return draft < 0 ? spin : spin < 0 ? draft : MIN(draft, spin);
}

static void run(Console *c)
{
    while (!c->quit) {
        int timeout = poll_timeout(c);
        console_draw(c);
        struct pollfd fds[4] = {
            { STDIN_FILENO, POLLIN, 0 }, { net_thread_fd(c->net), POLLIN, 0 }, { c->signal_fd, POLLIN, 0 },
            { c->keyring ? keyring_call_fd(c->keyring) : -1, POLLIN, 0 },
        };
        poll(fds, 4, timeout);
        KeyEvent k;
        while (!c->quit && keys_read(stdscr, &k)) {
            on_key(c, &k);
            key_event_done(&k);
        }
        if (fds[1].revents)
            console_on_net(c);
        if (fds[2].revents)
            on_signal(c);
        if (fds[3].revents)
            console_on_keyring(c);
        if (c->sending)
            console_on_net(c); /* redraws the elapsed time */
    }
}

/* ---- set-up and tear-down -------------------------------------------------------------------- */

static int block_signals(void)
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &set, NULL); /* before any thread, so all inherit it */
    return signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
}

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
    SandboxOptions so = { .latency_ms = latency_ms, .create_faults = faults };
    c->sandbox = sandbox_start(&so, &c->providers, &err);
    if (errors)
        cli_print_lines(stderr, errors);
    if (!c->sandbox)
        fprintf(stderr, "custty: the built-in sandbox did not start: %s\n", err);
    g_free(err);
    c->customers = g_array_new(FALSE, TRUE, sizeof(Customer));
    c->unwritten = g_ptr_array_new();
    c->checking = c->resending = -1;
    history_store_init(&c->history, NULL);
    c->history.stop = quit_signal_pending;
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
    fill_list(c);
}

static void customers_free(GArray *a)
{
    for (guint i = 0; a && i < a->len; i++)
        customer_clear(&g_array_index(a, Customer, i));
    if (a)
        g_array_free(a, TRUE);
}

static void tear_down(Console *c)
{
    Pane *all[] = { list_pane_base(c->list), form_pane_base(c->form), log_pane_base(c->log),
                    view_pane_base(c->record), text_pane_base(c->help), status_pane_base(c->status),
                    dialog_base(c->dialog) };
    for (size_t i = 0; i < G_N_ELEMENTS(all); i++)
        pane_free(all[i]);
    lookup_run_free(c->check);
    lookup_run_free(c->look);
    net_thread_stop(c->net);
    sandbox_stop(c->sandbox);
    if (c->keyring)
        keyring_call_finish(c->keyring, 0, NULL, NULL);
    bound_token_clear(&c->token);
    text_free_secret(c->pending_token);
    draft_key_done(&c->key);
    g_free(c->save_path);
    customers_free(c->customers);
    history_entries_free(c->unwritten);
    history_store_done(&c->history);
    cJSON_Delete(c->last_body);
    g_free(c->last_base_url);
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
    char *msg = c->sandbox ? g_strdup_printf("custty %s · sandbox on 127.0.0.1:%u · F1 lists every key", CUSTTY_VERSION,
                                             sandbox_port(c->sandbox))
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

int cmd_console(int argc, char **argv)
{
    const char *want = NULL, *faults = NULL;
    unsigned latency = 0;
    int status = parse_console_options(argc, argv, &want, &latency, &faults);
    if (status >= 0)
        return status;
    Console c = { 0 };
    char *why = NULL;
    c.signal_fd = block_signals();
    if (!load_everything(&c, latency, faults, &why) || !screen_start(&c.theme, &why)) {
        cli_error("%s", why);
        g_free(why);
        tear_down(&c);
        return EXIT_INVALID;
    }
    if (want && first_profile(&c, want) == 0 && strcmp(c.profiles.items[0].name, want) != 0)
        cli_error("no profile \"%s\"; opening %s", want, c.profiles.items[0].name);
    c.net = net_thread_start();
    make_panes(&c);
    console_focus(&c, form_pane_base(c.form));
    welcome(&c);
    size_t first = first_profile(&c, want);
    tokens_bind_env(c.profiles.items[first].name);
    open_profile(&c, first);
    console_draw(&c); /* the first frame does not wait for the history */
    console_history_load(&c);
    run(&c);
    console_draft_tick(&c, true); /* quitting keeps what was typed */
    screen_stop();
    tear_down(&c);
    return EXIT_OK;
}
