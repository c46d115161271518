#include "app/batch_runner.h"

#include "app/batch_run.h"
#include "app/console_internal.h"
#include "app/outcome.h"
#include "model/request.h"
#include "model/safe_text.h"
#include "model/text.h"

#include <errno.h>
#include <string.h>

/* Rows checked between two looks at the keyboard: a few milliseconds. */
#define BATCH_CHECK_STEP 500
/* Bad rows written to the log; past them, how many more. */
#define BATCH_PROBLEMS_LOGGED 200
/* How often the progress note is redrawn while rows settle. */
#define BATCH_NOTE_MS 250

typedef enum { BATCH_IDLE, BATCH_CHECKING, BATCH_ASKING, BATCH_SENDING } BatchState;

struct BatchRunner {
    Console *c;
    BatchState state;
    size_t profile;          /* the profile the batch is for, whichever is open later */
    char *path;              /* as typed: offered again by the next Ctrl-B */
    char *name;              /* the file, escaped, for messages */
    BatchCheck *check;
    long problems;           /* bad rows said so far */
    char *first_problem;
    char *verdict;           /* what the check said of the whole, when it refused */
    Batch *batch;
    BatchTarget target;
    char *base_url, *token;
    BatchRun *run;
    long to_create;          /* rows the question counts: the file's less those created before */
    bool quit_after;
    bool closing;            /* the console is being torn down */
    gint64 note_at;          /* when the progress note is redrawn next */
};

/* Outside text, one line, escaped (g_free). */
static char *shown(const char *text)
{
    return safe_text(text ? text : "", text ? strlen(text) : 0);
}

static const Profile *batch_profile(const BatchRunner *b)
{
    return &b->c->profiles.items[b->profile];
}

static const Descriptor *batch_descriptor(const BatchRunner *b)
{
    return provider_set_find(&b->c->providers, batch_profile(b)->provider);
}

static const char *plural(long n)
{
    return n == 1 ? "" : "s";
}

/* ---- the end of a batch, whichever way ------------------------------------------ */

/* Lets go of everything the batch holds; the console is not touched (it may be going away). */
static void release(BatchRunner *b)
{
    if (b->check) {
        int status;
        batch_free(batch_check_finish(b->check, &status));
    }
    batch_run_free(b->run);
    batch_free(b->batch);
    text_free_secret(b->token);
    g_free(b->base_url), g_free(b->name), g_free(b->first_problem), g_free(b->verdict);
    b->check = NULL, b->run = NULL, b->batch = NULL, b->token = NULL, b->base_url = NULL, b->name = NULL;
    b->first_problem = NULL, b->verdict = NULL, b->problems = 0;
    b->target = (BatchTarget){ 0 };
    b->state = BATCH_IDLE;
}

static void batch_clear(BatchRunner *b)
{
    release(b);
    console_show_note(b->c);
}

static void not_sent(BatchRunner *b, const char *why)
{
    console_status(b->c, "no batch", TONE_BAD, why);
    log_pane_add(b->c->log, LOG_WARN, why);
    batch_clear(b);
}

/* ---- the check, a step at a time ---------------------------------------------------- */

static void on_say(void *ctx, BatchSayKind kind, const char *text)
{
    BatchRunner *b = ctx;
    if (kind == BATCH_SAY_ERROR) {
        g_free(b->verdict);
        b->verdict = g_strdup(text);
        return;
    }
    if (!b->problems++)
        b->first_problem = g_strdup(text);
    if (b->problems <= BATCH_PROBLEMS_LOGGED)
        log_pane_add(b->c->log, LOG_ERROR, text);
}

/* ~/ as a shell would read it: the entry is a path typed by a person. */
static char *expand_home(const char *typed)
{
    char *t = g_strstrip(g_strdup(typed));
    if (t[0] == '~' && (t[1] == '/' || !t[1])) {
        char *home = g_build_filename(g_get_home_dir(), t + 1, NULL);
        g_free(t);
        return home;
    }
    return t;
}

static void path_answered(void *ctx, bool yes, const char *text)
{
    BatchRunner *b = ctx;
    Console *c = b->c;
    if (!yes)
        return;
    char *path = expand_home(text ? text : "");
    g_free(b->path);
    b->path = g_strdup(text);
    if (!*path || strcmp(path, "-") == 0) {
        console_status(c, "no batch", TONE_BAD, *path ? "the console cannot read stdin: type a file's path "
                                                        "(custty create --from - reads stdin)"
                                                      : "no file: Ctrl-B again and type a CSV or JSON Lines file's path");
        g_free(path);
        return;
    }
    b->profile = c->profile;
    b->name = shown(path);
    BatchOptions o = { .from = path, .no_maps = true };
    b->state = BATCH_CHECKING;
    b->check = batch_check_start(&o, batch_descriptor(b), on_say, b);
    g_free(path);
    char *base = g_path_get_basename(b->name);
    char *msg = g_strdup_printf("checking every row of %s before anything is sent · Esc stops", base);
    g_free(base);
    console_status(c, "checking", TONE_ACCENT, msg);
    g_free(msg);
}

void batch_runner_start(BatchRunner *b)
{
    Console *c = b->c;
    if (b->state == BATCH_ASKING && !dialog_is_open(c->dialog))
        batch_clear(b); /* its question (or the token's) was put away without an answer */
    if (b->state != BATCH_IDLE) {
        console_status(c, "batch", TONE_WARN, "a batch is under way (its progress is at the right): Esc stops it");
        return;
    }
    char *title = shown(console_profile(c)->name);
    char *heading = g_strdup_printf("Batch create · %s", title);
    dialog_ask_text(c->dialog, heading,
                    "Create a customer for each row of a file: CSV with a header\n"
                    "naming the fields (email, address.country …) or JSON Lines.\n"
                    "Every row is checked first; nothing is sent if one is bad.\n"
                    "The file's path, then Enter; Esc stops.",
                    b->path ? b->path : "", DIALOG_THEN(path_answered, b));
    dialog_place(c->dialog, LINES, COLS);
    g_free(title), g_free(heading);
}

static void ask_go(BatchRunner *b);

/* The check refused the file as a whole (unreadable, a header naming no
 * field …): said calling it NAME; for the status line (BRIEF) only what is
 * wrong, the log holding how to fix it. */
static char *file_refused(const BatchRunner *b, const char *name, bool brief)
{
    const char *why = b->verdict ? b->verdict : "the file cannot be used; nothing was sent";
    char **parts = g_strsplit(why, b->name, -1); /* the path as NAME: room for what is wrong */
    char *text = g_strjoinv(name, parts);
    g_strfreev(parts);
    char *advice = brief ? strstr(text, "; ") : NULL;
    if (!advice)
        return text;
    *advice = '\0';
    char *shorter = g_strdup_printf("%s; nothing was sent (the log says how to fix it)", text);
    g_free(text);
    return shorter;
}

/* Bad rows, for the log: what the check said ("2 of 3 rows in … are
 * invalid …") and where each is; past those the log holds, the command
 * that lists every one. */
static char *rows_refused(const BatchRunner *b)
{
    const char *verdict = b->verdict ? b->verdict : "nothing was sent";
    if (b->problems <= BATCH_PROBLEMS_LOGGED)
        return g_strdup_printf("%s; each bad row is above, and Ctrl-B offers the file again", verdict);
    char *profile = g_shell_quote(batch_profile(b)->name), *file = g_shell_quote(b->name);
    char *text = g_strdup_printf("%s; the first %d are above; `custty create --profile %s --from %s --dry-run` "
                                 "lists every one", verdict, BATCH_PROBLEMS_LOGGED, profile, file);
    g_free(profile), g_free(file);
    return text;
}

/* Bad rows, for the status line: the count and the file's name. */
static char *rows_refused_brief(const BatchRunner *b, const char *name)
{
    return g_strdup_printf("%ld bad row%s in %s, nothing was sent: %s", b->problems, plural(b->problems), name,
                           b->problems <= BATCH_PROBLEMS_LOGGED ? "each is in the log (F6)"
                                                                : "the first 200 are in the log (F6), with how to "
                                                                  "list all");
}

/* The whole file is read: refused (each bad row is in the log), or asked about. */
static void checked(BatchRunner *b)
{
    int status;
    b->batch = batch_check_finish(b->check, &status);
    b->check = NULL;
    if (b->batch) {
        b->state = BATCH_ASKING;
        ask_go(b);
        return;
    }
    char *base = g_path_get_basename(b->name);
    char *whole = b->problems ? rows_refused(b) : file_refused(b, b->name, false);
    char *brief = b->problems ? rows_refused_brief(b, base) : file_refused(b, base, true);
    console_status(b->c, "no batch", TONE_BAD, brief);
    log_pane_add(b->c->log, LOG_WARN, whole);
    g_free(whole), g_free(base), g_free(brief);
    batch_clear(b);
}

static void check_step(BatchRunner *b)
{
    if (!batch_check_step(b->check, BATCH_CHECK_STEP))
        return; /* more at the next tick: keys in between */
    checked(b);
}

/* ---- the question ---------------------------------------------------------------------- */

static void start_sending(BatchRunner *b);

static void go_answered(void *ctx, bool yes, const char *text)
{
    BatchRunner *b = ctx;
    const Profile *p = batch_profile(b);
    if (!yes) {
        not_sent(b, "the batch was not started: nothing was sent (Ctrl-B asks again, the path kept)");
        return;
    }
    if (p->live) {
        char *count = g_strdup_printf("%ld", b->to_create);
        char *typed = g_strstrip(g_strdup(text ? text : ""));
        bool ok = strcmp(typed, count) == 0;
        g_free(count), g_free(typed);
        if (!ok) {
            not_sent(b, "the LIVE batch was not confirmed (the number of rows was not typed): nothing was sent");
            return;
        }
    }
    start_sending(b);
}

/* How many rows of the file the history says were made on the batch's
 * profile and URL, or -1 when that cannot be told yet (the sandbox not up). */
static long created_before(BatchRunner *b)
{
    Console *c = b->c;
    const Profile *p = batch_profile(b);
    const Descriptor *d = batch_descriptor(b);
    char *err = NULL, *sb_url = c->sandbox && p->sandbox ? sandbox_base_url(c->sandbox, d->name) : NULL;
    char *base = p->sandbox && !sb_url ? NULL : profile_base_url(p, d, sb_url, &err);
    BatchTarget t = { .profile = p, .d = d, .base_url = base };
    long n = base ? batch_run_count_created(b->batch, &t, &err) : -1;
    g_free(err), g_free(sb_url), g_free(base);
    return n;
}

/* Every row was made by an earlier run: nothing to ask, nothing to send. */
static void nothing_to_send(BatchRunner *b)
{
    char *base = g_path_get_basename(b->name);
    char *msg = g_strdup_printf("nothing to send: every row of %s was created before", base);
    console_status(b->c, "batch done", TONE_GOOD, msg);
    log_pane_add(b->c->log, LOG_INFO, msg);
    g_free(msg), g_free(base);
    batch_clear(b);
}

static void ask_go(BatchRunner *b)
{
    Console *c = b->c;
    const Profile *p = batch_profile(b);
    const Descriptor *d = batch_descriptor(b);
    long before = created_before(b), rows = batch_rows(b->batch);
    long n = b->to_create = before > 0 ? rows - before : rows;
    if (n == 0) {
        nothing_to_send(b);
        return;
    }
    char *skipped = before > 0 ? g_strdup_printf("%ld row%s created by an earlier run %s skipped.", before,
                                                 plural(before), before == 1 ? "is" : "are")
                               : g_strdup("Rows created by an earlier run are skipped.");
    char *profile = shown(p->name), *title = shown(d->title);
    if (p->live) {
        char *q = g_strdup_printf("This creates %ld REAL customer%s on LIVE %s\n(profile %s) from %s.\n%s\n"
                                  "Type %ld (the number to create) and Enter to go on; Esc stops.",
                                  n, plural(n), title, profile, b->name, skipped, n);
        char *heading = g_strdup_printf("LIVE batch · %s", profile);
        dialog_ask_text(c->dialog, heading, q, "", DIALOG_THEN(go_answered, b));
        g_free(q), g_free(heading);
    } else {
        char *q = g_strdup_printf("All %ld row%s of %s are valid.\nCreate %ld customer%s on %s (profile %s)?\n"
                                  "%s The batch\nruns in the background; Esc stops it.",
                                  rows, plural(rows), b->name, n, plural(n), title, profile, skipped);
        dialog_ask(c->dialog, "Batch create?", q, DIALOG_THEN(go_answered, b));
        g_free(q);
    }
    dialog_place(c->dialog, LINES, COLS);
    g_free(profile), g_free(title), g_free(skipped);
}

/* ---- sending ---------------------------------------------------------------------------- */

static void say_row(BatchRunner *b, const BatchSettled *s)
{
    const NetResult *r = s->result;
    const char *msg = r->response.message ? r->response.message : r->error;
    if (r->outcome == OUTCOME_CREATED && !s->held)
        return; /* the list says it */
    char *line = g_strdup_printf("%s:%ld: row %ld %s%s%s", b->name, s->line, s->row, batch_outcome_word(r->outcome),
                                 msg ? ": " : "", msg ? msg : "");
    log_pane_add(b->c->log, r->outcome == OUTCOME_REJECTED || r->outcome == OUTCOME_NOT_CREATED ? LOG_WARN : LOG_ERROR,
                 line);
    g_free(line);
}

static void on_settled_row(BatchRunner *b, const BatchSettled *s)
{
    say_row(b, s);
    if (s->held)
        return;
    cJSON *masked = request_masked_body(b->target.d, s->body);
    Submitted done = { s->result, masked, b->base_url, s->key, outcome_exchange_text(s->result) };
    history_list_record_on(b->c->history, b->profile, &done); /* on disk, then in the list */
    cJSON_Delete(masked);
    console_note_quota(b->c, b->profile, s->result);
    if (history_list_unwritten(b->c->history) && !batch_run_stopping(b->run)) {
        /* Sending more would make customers no history knows of: a re-run would send them again. */
        batch_run_stop(b->run);
        log_pane_add(b->c->log, LOG_ERROR, "the history cannot be written: the batch stops; what was sent stays "
                                           "listed and is written once the disk takes it");
    }
}

/* The console is going away (its panes are gone): the rows still to be
 * written go straight to the history file. */
static void record_closing(BatchRunner *b, const BatchSettled *s)
{
    if (s->held)
        return;
    HistoryEntry e;
    cJSON *masked = request_masked_body(b->target.d, s->body);
    history_entry_from_result(&e, batch_profile(b)->name, b->target.d, b->base_url, masked, s->key, s->result);
    cJSON_Delete(masked);
    char *why = NULL;
    history_append(batch_run_store(b->run), &e, &why); /* nobody is left to tell if it fails */
    g_free(why);
    history_entry_done(&e);
}

static void on_settled(void *ctx, const BatchSettled *rows, size_t n)
{
    BatchRunner *b = ctx;
    for (size_t i = 0; i < n; i++) {
        if (b->closing)
            record_closing(b, &rows[i]);
        else
            on_settled_row(b, &rows[i]);
    }
}

static void on_paused(void *ctx, long seconds)
{
    BatchRunner *b = ctx;
    char *msg = g_strdup_printf("%s is rate limiting: the batch pauses for %ld s, then goes on",
                                batch_descriptor(b)->title, seconds);
    log_pane_add(b->c->log, LOG_WARN, msg);
    g_free(msg);
}

/* The summary of the file NAME. Rows skipped come first: "0 created"
 * alone, after a re-run, reads as a batch that did nothing. */
static char *summary_of(const BatchRunner *b, const char *name)
{
    BatchProgress p = batch_run_progress(b->run);
    long next = batch_run_resume_row(b->run), unknown = p.unknown + p.unsent;
    GString *s = g_string_new(NULL);
    g_string_printf(s, "%s: ", name);
    if (p.skipped)
        g_string_append_printf(s, "%ld skipped (created before), ", p.skipped);
    g_string_append_printf(s, "%ld created, %ld refused, %ld unknown", p.created, p.refused, unknown);
    const char *changed = batch_run_changed(b->run);
    if (changed)
        g_string_append_printf(s, "; %s: Ctrl-B checks it again", changed);
    else if (next)
        g_string_append_printf(s, "; stopped before row %ld: Ctrl-B with the same file resumes", next);
    else if (unknown)
        g_string_append(s, "; Ctrl-B with the same file retries the rows not created");
    if (p.refused && !next)
        g_string_append(s, " (refused rows: in the log)");
    return g_string_free(s, FALSE);
}

/* The summary: in the log with the path, in the status line with the
 * file's name alone, so that a long path leaves room for the counts. */
static void finished(BatchRunner *b)
{
    BatchProgress p = batch_run_progress(b->run);
    long next = batch_run_resume_row(b->run), unknown = p.unknown + p.unsent;
    Tone tone = unknown || next ? TONE_WARN : p.refused ? TONE_BAD : TONE_GOOD;
    char *whole = summary_of(b, b->name), *base = g_path_get_basename(b->name), *brief = summary_of(b, base);
    console_status(b->c, next ? "batch stopped" : "batch done", tone, brief);
    log_pane_add(b->c->log, tone == TONE_GOOD ? LOG_INFO : LOG_WARN, whole);
    g_free(whole), g_free(base), g_free(brief);
    bool quit = b->quit_after;
    batch_clear(b);
    if (quit)
        b->c->quit = true;
}

static void with_token(void *ctx)
{
    BatchRunner *b = ctx;
    Console *c = b->c;
    const Profile *p = batch_profile(b);
    const Descriptor *d = batch_descriptor(b);
    char *err = NULL, *sb_url = c->sandbox && p->sandbox ? sandbox_base_url(c->sandbox, d->name) : NULL;
    b->base_url = profile_base_url(p, d, sb_url, &err);
    b->token = token_flow_copy(c->tokens, p);
    g_free(sb_url);
    if (!b->base_url) {
        not_sent(b, err ? err : "this profile has no URL: nothing was sent");
        g_free(err);
        return;
    }
    /* quiet: a row made is in the list; the log keeps what needs a look (refused, unknown) */
    b->target = (BatchTarget){ .profile = p, .d = d, .base_url = b->base_url, .token = b->token, .yes = true,
                               .quiet = true };
    BatchObserver obs = { b, on_settled, on_paused };
    if (batch_lock(b->batch, &b->target, &err))
        b->run = batch_run_new(b->batch, &b->target, c->net, &obs, &err);
    if (!b->run) {
        not_sent(b, err);
        g_free(err);
        return;
    }
    GHashTable *held = batch_run_unknowns_held(b->run);
    if (g_hash_table_size(held)) {
        char *msg = g_strdup_printf("%u row%s sent before with an unknown outcome %s held, not sent: check %s in the "
                                    "list (c) first, then Ctrl-B again", g_hash_table_size(held),
                                    plural(g_hash_table_size(held)), g_hash_table_size(held) == 1 ? "is" : "are",
                                    g_hash_table_size(held) == 1 ? "it" : "them");
        log_pane_add(c->log, LOG_WARN, msg);
        g_free(msg);
    }
    batch_run_hold(b->run, held);
    b->state = BATCH_SENDING;
    char *base = g_path_get_basename(b->name); /* short: the progress stands beside it at 80 columns */
    char *msg = g_strdup_printf("sending %s · Esc stops it", base);
    g_free(base);
    console_status(c, "batch", TONE_ACCENT, msg);
    g_free(msg);
}

static void start_sending(BatchRunner *b)
{
    Console *c = b->c;
    if (!console_net_ready(c, NET_RESUME_BATCH))
        return; /* batch_runner_resume goes on */
    if (b->profile == c->profile) {
        token_flow_need(c->tokens, with_token, b);
    } else if (token_flow_peek(c->tokens, batch_profile(b))) {
        with_token(b);
    } else {
        not_sent(b, "the profile changed while the file was checked and the batch's has no token yet: open it and "
                    "Ctrl-B again");
    }
}

void batch_runner_resume(BatchRunner *b)
{
    if (b->state == BATCH_ASKING && b->batch)
        start_sending(b);
}

/* ---- what the console asks ---------------------------------------------------------- */

bool batch_runner_busy(const BatchRunner *b)
{
    return b->state == BATCH_SENDING || b->state == BATCH_CHECKING;
}

void batch_runner_stop_then_quit(BatchRunner *b)
{
    if (b->state != BATCH_SENDING || b->quit_after) { /* asked twice: at once */
        batch_clear(b);
        b->c->quit = true;
        return;
    }
    b->quit_after = true;
    batch_run_stop(b->run);
    console_status(b->c, "quitting", TONE_WARN, "the batch stops first: the rows in flight settle and are kept");
}

char *batch_runner_note(const BatchRunner *b, char **short_note)
{
    *short_note = NULL;
    if (b->state == BATCH_CHECKING) {
        *short_note = g_strdup_printf("checking %ld", batch_check_rows(b->check));
        return g_strdup_printf("batch: checking row %ld", batch_check_rows(b->check));
    }
    if (b->state != BATCH_SENDING)
        return NULL;
    BatchProgress p = batch_run_progress(b->run);
    /* On another profile's form, whose customers these are. */
    char *whose = b->profile == b->c->profile ? g_strdup("") : g_strdup_printf(" (%s)", batch_profile(b)->name);
    char *shown_whose = shown(whose);
    *short_note = g_strdup_printf("batch %ld/%ld%s", p.done, p.to_send, shown_whose);
    GString *s = g_string_new(NULL);
    g_string_printf(s, "batch %ld/%ld%s · %ld created", p.done, p.to_send, shown_whose, p.created);
    g_free(whose), g_free(shown_whose);
    if (p.refused)
        g_string_append_printf(s, " · %ld refused", p.refused);
    if (p.unknown + p.unsent)
        g_string_append_printf(s, " · %ld unknown", p.unknown + p.unsent);
    if (batch_run_stopping(b->run))
        g_string_append(s, " · stopping");
    else if (p.eta_s >= 0)
        g_string_append_printf(s, " · %.0f/s · ETA %ld s", p.rate, p.eta_s);
    return g_string_free(s, FALSE);
}

/* ---- the controller ---------------------------------------------------------------------- */

static bool runner_on_net(void *self, NetMessage *m)
{
    BatchRunner *b = self;
    if (b->state != BATCH_SENDING || !batch_run_on_net(b->run, m))
        return false;
    if (batch_run_finished(b->run))
        finished(b);
    return true;
}

/* Esc: a batch under way stops, but only once nothing else is open over the
 * form: Esc that closes a record or the help must not stop a long batch. */
static bool runner_cancel(void *self)
{
    BatchRunner *b = self;
    Console *c = b->c;
    if (!batch_runner_busy(b) || c->show_record || c->show_help || c->show_customers)
        return false;
    if (b->state == BATCH_CHECKING) {
        not_sent(b, "the check was stopped: nothing was sent");
        return true;
    }
    if (batch_run_stopping(b->run))
        return false;
    batch_run_stop(b->run);
    char *msg = g_strdup_printf("stopping the batch: no new rows; %ld in flight may still answer",
                                batch_run_progress(b->run).in_flight);
    console_status(c, "stopping", TONE_WARN, msg);
    log_pane_add(c->log, LOG_WARN, msg);
    g_free(msg);
    console_show_note(c);
    return true;
}

/* Asked before every wait, which is when the free places are filled: the
 * pump runs here. Due at once when the check goes on or the rows are all
 * settled, else when the progress note is next redrawn. */
static int runner_due_ms(void *self)
{
    BatchRunner *b = self;
    if (b->state == BATCH_CHECKING)
        return 0;
    if (b->state != BATCH_SENDING)
        return -1;
    int ms = batch_run_pump(b->run);
    int note_ms = (int)MAX(0, (b->note_at - g_get_monotonic_time()) / 1000);
    return ms < 0 ? note_ms : MIN(ms, note_ms);
}

static void runner_tick(void *self)
{
    BatchRunner *b = self;
    if (b->state == BATCH_CHECKING)
        check_step(b);
    else if (b->state == BATCH_SENDING && batch_run_finished(b->run))
        finished(b);
    b->note_at = g_get_monotonic_time() + BATCH_NOTE_MS * G_TIME_SPAN_MILLISECOND;
    console_show_note(b->c);
}

static void runner_free(void *self)
{
    BatchRunner *b = self;
    b->closing = true;
    release(b);
    g_free(b->path);
    g_free(b);
}

static const ControllerOps RUNNER_OPS = {
    .name = "batch", .on_net = runner_on_net, .cancel = runner_cancel, .due_ms = runner_due_ms,
    .tick = runner_tick, .free = runner_free,
};

BatchRunner *batch_runner_new(Console *c)
{
    BatchRunner *b = g_new0(BatchRunner, 1);
    b->c = c;
    return b;
}

Controller batch_runner_controller(BatchRunner *b)
{
    return (Controller){ &RUNNER_OPS, b };
}
