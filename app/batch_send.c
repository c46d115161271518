/* `custty create --from FILE` sending: the batch engine (batch_run.c) on a
 * network thread of its own, told on a terminal as a progress bar and
 * elsewhere as a line per row, Ctrl-C or SIGTERM stopping it, and a summary
 * that says how to resume. */
#include "app/batch_internal.h"

#include "app/batch_run.h"
#include "app/cli.h"
#include "app/event_loop.h"
#include "app/history_store.h"
#include "model/request.h"
#include "net/netthread.h"

#include <string.h>
#include <unistd.h>

typedef struct {
    Batch *b;
    const BatchTarget *t;
    BatchRun *run;
    NetThread *nt;
    gint64 drawn;
    bool tty;
    bool unrecorded;         /* a row's outcome could not be written to the history */
} Cli;

static void clear_bar(const Cli *c)
{
    if (c->tty)
        fputs("\r\033[K", stderr);
}

static const char *plural(long n)
{
    return n == 1 ? "" : "s";
}

static void progress_bar(const Cli *c)
{
    BatchProgress p = batch_run_progress(c->run);
    int width = 24, filled = p.to_send ? (int)((double)width * (double)p.done / (double)p.to_send) : width;
    char bar[32];
    memset(bar, '#', (size_t)filled);
    memset(bar + filled, '.', (size_t)(width - filled));
    bar[width] = '\0';
    fprintf(stderr, "\r\033[K[%s] %ld/%ld  created %ld  refused %ld  unknown %ld  %.1f/s  ETA ", bar, p.done,
            p.to_send, p.created, p.refused, p.unknown + p.unsent, p.rate);
    if (p.eta_s >= 0)
        fprintf(stderr, "%lds", p.eta_s);
    else
        fputs("-", stderr);
    fflush(stderr);
}

/* S's line; DONE counts the rows settled up to it (the engine has counted
 * the whole group written with it already). */
static void progress_line(const Cli *c, const BatchSettled *s, long done)
{
    const NetResult *res = s->result;
    BatchProgress p = batch_run_progress(c->run);
    const char *msg = res->response.message ? res->response.message : res->error;
    bool say = msg && res->outcome != OUTCOME_CREATED;
    cli_print_line(stderr, "custty: %s:%ld: row %ld %s%s%s%s%s (%ld/%ld)", c->b->name, s->line, s->row,
                   batch_outcome_word(res->outcome), res->response.id ? " " : "",
                   res->response.id ? res->response.id : "", say ? ": " : "", say ? msg : "", done, p.to_send);
}

/* The rows sent, in one write of the history (one fsync). */
static void record(Cli *c, const BatchSettled *rows, size_t n)
{
    HistoryEntry *entries = g_new(HistoryEntry, n);
    const HistoryEntry **all = g_new(const HistoryEntry *, n);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (rows[i].held)
            continue;
        cJSON *masked = request_masked_body(c->b->d, rows[i].body);
        history_entry_taking_result(&entries[k], c->t->profile->name, c->b->d, c->t->base_url, masked, rows[i].key,
                                    rows[i].result);
        all[k] = &entries[k];
        k++;
    }
    char *why = NULL;
    c->unrecorded |= !history_append_all(batch_run_store(c->run), all, k, &why);
    if (why && !batch_run_stopping(c->run)) {
        /* Sending more would make customers no history knows of: a re-run would send them again. */
        clear_bar(c);
        cli_error("%s: rows %ld to %ld are not in the history, and the batch stops. Before running it again, "
                  "see on the provider (custty list) which of them were made", why, rows[0].row, rows[n - 1].row);
        batch_run_stop(c->run);
    } else if (why) {
        cli_error("%s: rows %ld to %ld are not in the history either", why, rows[0].row, rows[n - 1].row);
    }
    g_free(why);
    for (size_t i = 0; i < k; i++)
        history_entry_done(&entries[i]);
    g_free(entries), g_free(all);
}

static void on_settled(void *ctx, const BatchSettled *rows, size_t n)
{
    Cli *c = ctx;
    record(c, rows, n);
    for (size_t i = 0; !c->tty && i < n; i++)
        progress_line(c, &rows[i], batch_run_progress(c->run).done - (long)(n - 1 - i));
}

static void on_paused(void *ctx, long seconds)
{
    Cli *c = ctx;
    clear_bar(c);
    cli_print_line(stderr, "custty: %s is rate limiting: the batch pauses for %ld s, then goes on", c->b->d->title,
                   seconds);
}

/* ---- the loop ----------------------------------------------------------------------- */

static int before_wait(void *ctx)
{
    Cli *c = ctx;
    int ms = batch_run_pump(c->run);
    if (ms == 0 || !c->tty)
        return ms;
    /* A bar redrawn for every answer would cost more than the answers. */
    gint64 now = g_get_monotonic_time();
    if (now - c->drawn >= 100 * G_TIME_SPAN_MILLISECOND) {
        progress_bar(c);
        c->drawn = now;
    }
    return ms < 0 ? 200 : MIN(ms, 200);
}

static void on_message(void *ctx, NetMessage *m)
{
    Cli *c = ctx;
    if (batch_run_on_net(c->run, m))
        return;
    if (m->kind == NET_MSG_LOG && c->t->verbose && m->level != NET_LOG_DEBUG) {
        cli_print_lines(stderr, m->text);
        fputc('\n', stderr);
    }
}

static void on_signal(void *ctx, int signo)
{
    Cli *c = ctx;
    (void)signo;
    if (batch_run_stopping(c->run))
        return;
    batch_run_stop(c->run);
    clear_bar(c);
    cli_print_line(stderr, "custty: stopping: no new rows; %ld in flight may still answer",
                   batch_run_progress(c->run).in_flight);
}

static bool finished(void *ctx)
{
    return batch_run_finished(((Cli *)ctx)->run);
}

static int summary(const Cli *c)
{
    BatchProgress p = batch_run_progress(c->run);
    clear_bar(c);
    if (p.skipped)
        cli_print_line(stderr, "custty: skipped %ld row%s created by an earlier run", p.skipped, plural(p.skipped));
    cli_print_line(stderr, "custty: %s: %ld row%s: %ld created, %ld refused, %ld unknown%s; %ld skipped (created "
                   "before)", c->b->name, p.rows, plural(p.rows), p.created, p.refused, p.unknown + p.unsent,
                   p.unsent ? " or not sent" : "", p.skipped);
    if (p.paused)
        cli_print_line(stderr, "custty: paused %ld time%s for %s's rate limit", p.paused, plural(p.paused),
                       c->b->d->title);
    long next = batch_run_resume_row(c->run);
    const char *changed = batch_run_changed(c->run);
    if (changed)
        cli_print_line(stderr, "custty: %s; run the same command again to check it anew (rows already created are "
                       "skipped)", changed);
    else if (next)
        cli_print_line(stderr, "custty: stopped before row %ld (about %ld row%s not sent); run the same command "
                       "again to resume: rows already created are skipped", next, p.to_send - p.done,
                       plural(p.to_send - p.done));
    else if (p.unknown + p.unsent)
        cli_print_line(stderr, "custty: run the same command again to retry the rows not created: "
                       "rows already created are skipped%s", c->b->d->idempotency ? " (and resent with the "
                       "same idempotency keys)" : "");
    if (p.unknown + p.unsent || next || c->unrecorded) /* a row not in the history is not known to the next run */
        return EXIT_UNSENT;
    return p.refused ? EXIT_REJECTED : EXIT_OK;
}

int batch_send(Batch *b, const BatchTarget *t)
{
    Cli c = { .b = b, .t = t, .tty = isatty(STDERR_FILENO) };
    char *why = NULL;
    int sig_fd = cli_stop_signals_fd(); /* blocks the signals first: the network thread inherits the mask */
    c.nt = net_thread_start();
    BatchObserver obs = { &c, on_settled, on_paused };
    c.run = batch_run_new(b, t, c.nt, &obs, &why);
    if (!c.run) {
        cli_error("%s; nothing was sent", why);
        g_free(why);
        net_thread_stop(c.nt);
        if (sig_fd >= 0)
            close(sig_fd);
        return EXIT_INVALID;
    }
    bool interrupted;
    batch_run_hold(c.run, batch_settle_unknowns(b, t, c.nt, sig_fd, batch_run_store(c.run),
                                                batch_run_created(c.run), batch_run_unique_field(c.run),
                                                &interrupted));
    if (interrupted) /* Ctrl-C while asking: nothing more goes out */
        batch_run_stop(c.run);
    EventLoop loop = { .ctx = &c, .before_wait = before_wait, .net = &c.nt, .on_message = on_message,
                       .signal_fd = sig_fd, .on_signal = on_signal, .done = finished };
    if (batch_run_pump(c.run) != 0)
        event_loop_run(&loop);
    int status = summary(&c);
    batch_run_free(c.run);
    net_thread_stop(c.nt);
    if (sig_fd >= 0)
        close(sig_fd);
    return status;
}
