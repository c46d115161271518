/* The batch's file: read once to check every row (and take its digest),
 * then walked again to print or send, one row in memory at a time. */
#include "app/batch_internal.h"

#include "app/batch_run.h"
#include "app/cli.h"
#include "app/create_output.h"
#include "app/history_store.h"
#include "app/state_file.h"
#include "model/request.h"
#include "model/text.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

/* The most of stdin kept: past it, a file given by its path is the way. */
#define BATCH_STDIN_MAX ((gint64)1 << 30)

/* Why N more bytes (BUF) cannot be kept, given what came before, or NULL:
 * stdin has no end to wait for (a pipe from /dev/zero fills the disk), so
 * a line no row can be, or too much, stops the copy where it is. */
static const char *spool_refusal(const char *buf, ssize_t n, gint64 *total, gint64 *since_newline)
{
    *total += n;
    ssize_t last = n - 1;
    while (last >= 0 && buf[last] != '\n')
        last--;
    *since_newline = last >= 0 ? (gint64)(n - last - 1) : *since_newline + n;
    if (*since_newline > ROW_MAX_BYTES)
        return "a line of stdin is longer than a row may be (1 MiB), so it is neither CSV nor JSON Lines";
    if (*total > BATCH_STDIN_MAX)
        return "stdin holds more than 1 GiB: save it to a file and give its path to --from";
    return NULL;
}

/* Stdin can be read once: keep a copy to walk it again (removed at the end). */
static char *spool_stdin(char **why)
{
    char *path = NULL;
    GError *err = NULL;
    int fd = g_file_open_tmp("custty-batch-XXXXXX", &path, &err);
    if (fd < 0) {
        *why = g_strdup_printf("cannot keep a copy of stdin: %s", err->message);
        g_error_free(err);
        return NULL;
    }
    char buf[65536];
    ssize_t n;
    bool ok = true;
    const char *refused = NULL;
    gint64 total = 0, since_newline = 0;
    while (ok && !refused && (n = read(STDIN_FILENO, buf, sizeof buf)) != 0) {
        ok = n > 0 ? write(fd, buf, (size_t)n) == n : errno == EINTR;
        refused = ok && n > 0 ? spool_refusal(buf, n, &total, &since_newline) : NULL;
    }
    close(fd);
    if (!ok || refused) {
        *why = refused ? g_strdup(refused)
                       : g_strdup_printf("cannot keep a copy of stdin in %s: %s", path, g_strerror(errno));
        unlink(path), g_free(path);
        return NULL;
    }
    return path;
}

static bool batch_open_source(Batch *b, const BatchOptions *o, char **why)
{
    b->name = g_strdup(strcmp(o->from, "-") == 0 ? "stdin" : o->from);
    b->spooled = strcmp(o->from, "-") == 0;
    b->path = b->spooled ? spool_stdin(why) : g_strdup(o->from);
    if (o->format && strcmp(o->format, "csv") && strcmp(o->format, "jsonl")) {
        g_free(*why);
        *why = g_strdup_printf("--format takes csv or jsonl (got \"%s\")", o->format);
        return false;
    }
    b->format = o->format ? (strcmp(o->format, "csv") == 0 ? ROWS_CSV : ROWS_JSONL) : row_format_guess(b->name);
    return b->path != NULL;
}

/* The file is read twice, to check every row and then to send them: only a
 * regular file gives the same rows twice. A FIFO would block the second
 * open (with Ctrl-C held for the batch) and then give rows nobody checked;
 * a device never ends. O_NONBLOCK: opening a FIFO must not wait for a writer. */
static FILE *open_regular(const Batch *b, struct stat *st, char **why)
{
    int fd = open(b->path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
        *why = g_strdup_printf("cannot read %s: %s", b->name, g_strerror(errno));
        return NULL;
    }
    FILE *in = NULL;
    if (fstat(fd, st) != 0)
        *why = g_strdup_printf("cannot read %s: %s", b->name, g_strerror(errno));
    else if (S_ISDIR(st->st_mode))
        *why = g_strdup_printf("%s is a directory: give a CSV or JSON Lines file", b->name);
    else if (!S_ISREG(st->st_mode))
        *why = g_strdup_printf("%s is not a regular file (a FIFO, a device or a socket), and custty reads the "
                               "file twice, to check every row and then to send them: save it to a file, or "
                               "pipe it into --from -", b->name);
    else if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) != 0 || !(in = fdopen(fd, "rb")))
        *why = g_strdup_printf("cannot read %s: %s", b->name, g_strerror(errno));
    if (!in)
        close(fd);
    return in;
}

/* Whether A and B are the same file with the same content, as far as the
 * file system says: a write, a truncation or a file renamed over it changes one. */
static bool same_file(const struct stat *a, const struct stat *b)
{
    return a->st_dev == b->st_dev && a->st_ino == b->st_ino && a->st_size == b->st_size &&
           a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec == b->st_mtim.tv_nsec &&
           a->st_ctim.tv_sec == b->st_ctim.tv_sec && a->st_ctim.tv_nsec == b->st_ctim.tv_nsec;
}

/* What the command line and the console both say, each adding how to go on. */
static char *changed_text(const Batch *b, long row)
{
    if (row > 1)
        return g_strdup_printf("%s changed after its check: rows from row %ld on were left out", b->name, row);
    return g_strdup_printf("%s changed after its check, so its rows are not the ones checked", b->name);
}

/* After the check: whether the open file is still the one checked. */
static bool still_checked(const BatchCursor *c, const Batch *b)
{
    struct stat now;
    return !b->digest || (fstat(fileno(c->in), &now) == 0 && same_file(&now, &b->checked));
}

bool batch_cursor_open(BatchCursor *c, const Batch *b, char **why)
{
    *c = (BatchCursor){ 0 };
    *why = NULL;
    struct stat st;
    c->in = open_regular(b, &st, why);
    if (!c->in)
        return false;
    if (b->digest && !same_file(&st, &b->checked)) {
        *why = changed_text(b, 0);
        return false;
    }
    c->reader = row_reader_new(c->in, b->format, b->name);
    if (b->format == ROWS_JSONL) {
        row_values_init_jsonl(&c->rv, b->d);
        return c->mapped = true;
    }
    Row header;
    RowStatus s = row_reader_next(c->reader, &header, why);
    if (s == ROW_END)
        *why = g_strdup_printf("%s is empty: a CSV file starts with a header naming the fields", b->name);
    if (s == ROW_OK) {
        char *bad = NULL;
        c->mapped = row_values_init(&c->rv, b->d, &header, b->maps, b->n_maps, !b->no_maps, &bad);
        if (bad)
            *why = g_strdup_printf("%s:%ld: %s", b->name, header.line, bad);
        g_free(bad);
    }
    row_done(&header);
    return c->mapped;
}

/* A row read after the check from a file that is no longer the one checked
 * (or one past its rows): not to be sent. */
static RowStatus refuse_changed(BatchCursor *c, Batch *b, Row *row, char **why)
{
    row_done(row);
    g_free(*why);
    *why = changed_text(b, c->row + 1);
    if (!b->changed)
        b->changed = g_strdup(*why);
    return ROW_BAD;
}

RowStatus batch_cursor_next(BatchCursor *c, Batch *b, Values *v, long *line, char **why)
{
    Row row;
    values_init(v);
    RowStatus s = row_reader_next(c->reader, &row, why);
    /* Looked at after the read: bytes read before a change are the ones checked. */
    if (!still_checked(c, b) || (b->digest && s != ROW_END && c->row >= b->rows))
        return refuse_changed(c, b, &row, why);
    if (s == ROW_END)
        return s;
    c->row++;
    *line = row.line;
    char *bad = NULL;
    if (s == ROW_OK && !row_values_get(&c->rv, &row, v, &bad)) {
        *why = g_strdup_printf("%s:%ld: %s", b->name, row.line, bad);
        s = ROW_BAD;
    }
    g_free(bad);
    row_done(&row);
    return s;
}

void batch_cursor_close(BatchCursor *c)
{
    if (c->mapped || c->rv.columns)
        row_values_done(&c->rv);
    row_reader_free(c->reader);
    if (c->in)
        fclose(c->in);
    *c = (BatchCursor){ 0 };
}

/* ---- the check ------------------------------------------------------------------ */

struct BatchCheck {
    Batch *b;
    BatchCursor cursor;
    bool open, ended, failed;
    long bad;
    const Field *unique;     /* the field no two rows may share */
    GHashTable *seen;        /* a key of each of its values so far → the line it is on */
    BatchSay say;
    void *ctx;
};

static void say(const BatchCheck *k, BatchSayKind kind, const char *fmt, ...) G_GNUC_PRINTF(3, 4);
static void say(const BatchCheck *k, BatchSayKind kind, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *text = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    k->say(k->ctx, kind, text);
    g_free(text);
}

static void say_row_problems(const BatchCheck *k, long line, const Problems *p)
{
    for (size_t i = 0; i < p->count; i++)
        say(k, BATCH_SAY_ROW, "%s:%ld: %s (%s): %s", k->b->name, line, p->items[i].label ? p->items[i].label : "",
            p->items[i].field, p->items[i].message);
}

/* The field customers are told apart by: the one the provider keeps unique,
 * else the email (as a re-run matches the rows an earlier one created). */
static const Field *unique_field(const Descriptor *d)
{
    for (size_t i = 0; i < d->n_fields; i++)
        if (d->fields[i].unique)
            return &d->fields[i];
    const char *email = descriptor_email_field(d);
    return email ? descriptor_field(d, email) : NULL;
}

/* 64-bit FNV-1a of VALUE (an email case-folded): 8 bytes a row, not the
 * value, so a file of any length is checked in little memory. */
static gsize value_key(const Field *f, const char *value)
{
    char *v = f->type == FIELD_EMAIL ? g_ascii_strdown(value, -1) : g_strdup(value);
    guint64 h = 14695981039346656037ULL;
    for (const unsigned char *p = (const unsigned char *)v; *p; p++)
        h = (h ^ *p) * 1099511628211ULL;
    g_free(v);
    return (gsize)h;
}

/* Two rows with one email would make the customer twice, or the second is
 * refused and a re-run then skips it as made: each is named before sending. */
static bool unique_in_file(BatchCheck *k, const Values *v, long line)
{
    const char *value = k->unique ? values_get(v, k->unique->name, NULL) : NULL;
    if (!value || !*value)
        return true;
    gpointer key = GSIZE_TO_POINTER(value_key(k->unique, value)), first;
    if (g_hash_table_lookup_extended(k->seen, key, NULL, &first)) {
        say(k, BATCH_SAY_ROW, "%s:%ld: %s (%s): the same as on line %ld; each row makes a customer of its own, "
            "so no two rows may share it: remove one", k->b->name, line,
            k->unique->label ? k->unique->label : "", k->unique->name, (long)GPOINTER_TO_SIZE(first));
        return false;
    }
    g_hash_table_insert(k->seen, key, GSIZE_TO_POINTER((gsize)line));
    return true;
}

/* Checks one row; says what is wrong with it. */
static bool check_row(BatchCheck *k, RowStatus s, const Values *v, long line, const char *why)
{
    if (s == ROW_BAD) {
        say(k, BATCH_SAY_ROW, "%s", why);
        return false;
    }
    Problems problems;
    bool ok = values_check(k->b->d, v, &problems);
    if (!ok)
        say_row_problems(k, line, &problems);
    problems_done(&problems);
    return ok && unique_in_file(k, v, line);
}

BatchCheck *batch_check_start(const BatchOptions *o, const Descriptor *d, BatchSay sayer, void *ctx)
{
    BatchCheck *k = g_new0(BatchCheck, 1);
    k->say = sayer, k->ctx = ctx;
    k->unique = unique_field(d);
    k->seen = g_hash_table_new(g_direct_hash, g_direct_equal);
    Batch *b = k->b = g_new0(Batch, 1);
    b->d = d;
    b->concurrency = o->concurrency ? o->concurrency : BATCH_DEFAULT_CONCURRENCY;
    b->report = o->report;
    b->n_maps = o->maps ? o->maps->len : 0;
    b->maps = o->maps ? (char **)o->maps->pdata : NULL;
    b->no_maps = o->no_maps;
    char *why = NULL;
    if (batch_open_source(b, o, &why))
        k->open = batch_cursor_open(&k->cursor, b, &why);
    if (k->open && fstat(fileno(k->cursor.in), &b->checked) != 0) {
        why = g_strdup_printf("cannot read %s: %s", b->name, g_strerror(errno));
        k->open = false;
    }
    if (!k->open) {
        say(k, BATCH_SAY_ERROR, "%s; nothing was sent", why);
        k->failed = k->ended = true;
    }
    g_free(why);
    return k;
}

bool batch_check_step(BatchCheck *k, long rows)
{
    Values v;
    long line = 0;
    RowStatus s = ROW_END;
    char *why = NULL;
    for (long i = 0; !k->ended && i < rows; i++) {
        if ((s = batch_cursor_next(&k->cursor, k->b, &v, &line, &why)) == ROW_END)
            k->ended = true;
        else
            k->bad += !check_row(k, s, &v, line, why);
        values_done(&v);
        g_free(why);
        why = NULL;
    }
    return k->ended;
}

long batch_check_rows(const BatchCheck *k)
{
    return k->cursor.row;
}

long batch_check_bad(const BatchCheck *k)
{
    return k->bad;
}

const char *batch_check_name(const BatchCheck *k)
{
    return k->b->name;
}

Batch *batch_check_finish(BatchCheck *k, int *status)
{
    Batch *b = k->b;
    *status = EXIT_INVALID;
    struct stat now;
    if (k->open) {
        b->rows = k->cursor.row;
        b->digest = row_reader_digest(k->cursor.reader);
        /* Written to while it was read: the digest and the rows are of no one file. */
        if (k->ended && (fstat(fileno(k->cursor.in), &now) != 0 || !same_file(&now, &b->checked)))
            k->failed = true;
    }
    batch_cursor_close(&k->cursor);
    if (k->failed && k->open)
        say(k, BATCH_SAY_ERROR, "%s changed while it was checked; nothing was sent: run it again once it is "
            "written whole", b->name);
    else if (!k->failed && !k->ended)
        say(k, BATCH_SAY_ERROR, "the check of %s was stopped at row %ld; nothing was sent", b->name, b->rows);
    else if (k->bad > 0)
        say(k, BATCH_SAY_ERROR, "%ld of %ld rows in %s %s invalid; nothing was sent. Fix %s and try again", k->bad,
            b->rows, b->name, k->bad == 1 ? "is" : "are", k->bad == 1 ? "it" : "them");
    else if (!k->failed && b->rows == 0)
        say(k, BATCH_SAY_ERROR, "%s holds no rows; nothing was sent", b->name);
    bool usable = !k->failed && k->ended && k->bad == 0 && b->rows > 0;
    g_hash_table_destroy(k->seen);
    g_free(k);
    if (!usable) {
        batch_free(b);
        return NULL;
    }
    *status = EXIT_OK;
    return b;
}

/* The command line's check: every problem on stderr. */
static void say_on_stderr(void *ctx, BatchSayKind kind, const char *text)
{
    (void)ctx;
    if (kind == BATCH_SAY_ROW)
        cli_print_line(stderr, "%s", text);
    else
        cli_error("%s", text);
}

Batch *batch_check(const BatchOptions *o, const Descriptor *d, int *status)
{
    BatchCheck *k = batch_check_start(o, d, say_on_stderr, NULL);
    while (!batch_check_step(k, G_MAXLONG))
        ;
    return batch_check_finish(k, status);
}

void batch_free(Batch *b)
{
    if (!b)
        return;
    if (b->spooled && b->path)
        unlink(b->path);
    if (b->lock_fd > 0)
        close(b->lock_fd); /* lets the lock go */
    g_free(b->path), g_free(b->name), g_free(b->digest), g_free(b->changed);
    g_free(b);
}

/* ---- keys, the dry run, the question ----------------------------------------------- */

char *batch_row_key(const Batch *b, long row)
{
    char *seed = g_strdup_printf("custty-batch:%s:%ld", b->digest, row);
    char *hex = g_compute_checksum_for_string(G_CHECKSUM_SHA256, seed, -1);
    g_free(seed);
    if (!b->d->idempotency || b->d->idempotency_max >= 36) {
        char *uuid = g_strdup_printf("%.8s-%.4s-%.4s-%.4s-%.12s", hex, hex + 8, hex + 12, hex + 16, hex + 20);
        g_free(hex);
        return uuid;
    }
    hex[MIN(b->d->idempotency_max, 32)] = '\0';
    return hex;
}

int batch_print_requests(Batch *b, const BatchTarget *t)
{
    BatchCursor c;
    char *why = NULL;
    if (!batch_cursor_open(&c, b, &why)) {
        cli_error("%s", why);
        g_free(why);
        return EXIT_INVALID;
    }
    Values v;
    long line;
    while (batch_cursor_next(&c, b, &v, &line, &why) == ROW_OK) {
        char *key = batch_row_key(b, c.row);
        RequestOptions ropt = { .base_url = t->base_url, .token = t->token, .idempotency_key = key };
        Request req;
        char *err = NULL;
        if (request_build(b->d, &v, &ropt, &req, &err)) {
            print_request(stdout, b->d, &req, true, t->show_secrets);
            request_done(&req);
        }
        g_free(err), g_free(key);
        values_done(&v);
    }
    values_done(&v);
    g_free(why);
    batch_cursor_close(&c);
    if (b->changed)
        cli_error("%s", b->changed);
    return b->changed ? EXIT_INVALID : EXIT_OK;
}

bool batch_confirmed(Batch *b, const BatchTarget *t)
{
    if (!t->profile->confirm || t->yes)
        return true;
    if (b->spooled || !isatty(STDIN_FILENO)) {
        cli_error("profile %s is LIVE and asks before creating; add --yes to confirm all %ld rows",
                  t->profile->name, b->rows);
        return false;
    }
    char *why = NULL;
    long before = batch_run_count_created(b, t, &why), n = b->rows - MAX(before, 0);
    g_free(why); /* an unreadable history is said, and nothing sent, when the batch starts */
    if (n == 0)
        return true; /* every row was made before: the batch skips them all, and says so */
    cli_print_line(stderr, "This creates %ld real customer%s on LIVE %s (profile %s) from %s%s.", n, n == 1 ? "" : "s",
                   t->d->title, t->profile->name, b->name, before > 0 ? " (rows created before are skipped)" : "");
    return cli_typed_yes();
}

bool batch_lock(Batch *b, const BatchTarget *t, char **why)
{
    char *dir = custty_state_dir();
    char *seed = g_strdup_printf("%s\n%s", t->profile->name, t->base_url);
    char *hex = g_compute_checksum_for_string(G_CHECKSUM_SHA256, seed, -1);
    hex[16] = '\0';
    char *name = g_strdup_printf("batch-%s.lock", hex), *path = g_build_filename(dir, name, NULL);
    int fd = state_dir_check(dir, true, why) ? state_file_open(path, O_RDWR | O_CREAT, why) : -1;
    if (fd >= 0 && flock(fd, LOCK_EX | LOCK_NB) != 0) {
        *why = g_strdup_printf("another custty is sending a batch to profile %s (%s) now; two at once would "
                               "each send the rows the other sends: let it end (or stop it), then run this again",
                               t->profile->name, t->base_url);
        close(fd);
        fd = -1;
    }
    if (fd >= 0)
        b->lock_fd = fd;
    g_free(dir), g_free(seed), g_free(hex), g_free(name), g_free(path);
    return fd >= 0;
}

const char *batch_changed(const Batch *b)
{
    return b->changed;
}

long batch_rows(const Batch *b)
{
    return b->rows;
}
