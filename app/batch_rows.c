/* The batch's file: read once to check every row (and take its digest),
 * then walked again to print or send, one row in memory at a time. */
#include "app/batch_internal.h"

#include "app/cli.h"
#include "app/create_output.h"
#include "model/request.h"
#include "model/text.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

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
    while (ok && (n = read(STDIN_FILENO, buf, sizeof buf)) != 0)
        ok = n > 0 ? write(fd, buf, (size_t)n) == n : errno == EINTR;
    close(fd);
    if (!ok) {
        *why = g_strdup_printf("cannot keep a copy of stdin in %s: %s", path, g_strerror(errno));
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

bool batch_cursor_open(BatchCursor *c, const Batch *b, char **why)
{
    *c = (BatchCursor){ 0 };
    *why = NULL;
    c->in = fopen(b->path, "rb");
    if (!c->in) {
        *why = g_strdup_printf("cannot read %s: %s", b->name, g_strerror(errno));
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
        c->mapped = row_values_init(&c->rv, b->d, &header, b->maps, b->n_maps, &bad);
        if (bad)
            *why = g_strdup_printf("%s:%ld: %s", b->name, header.line, bad);
        g_free(bad);
    }
    row_done(&header);
    return c->mapped;
}

RowStatus batch_cursor_next(BatchCursor *c, const Batch *b, Values *v, long *line, char **why)
{
    Row row;
    values_init(v);
    RowStatus s = row_reader_next(c->reader, &row, why);
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

static void print_row_problems(const Batch *b, long line, const Problems *p)
{
    for (size_t i = 0; i < p->count; i++)
        cli_print_line(stderr, "%s:%ld: %s (%s): %s", b->name, line, p->items[i].label ? p->items[i].label : "",
                       p->items[i].field, p->items[i].message);
}

/* Checks one row; prints what is wrong with it. */
static bool check_row(const Batch *b, RowStatus s, const Values *v, long line, const char *why)
{
    if (s == ROW_BAD) {
        cli_print_line(stderr, "%s", why);
        return false;
    }
    Problems problems;
    bool ok = values_check(b->d, v, &problems);
    if (!ok)
        print_row_problems(b, line, &problems);
    problems_done(&problems);
    return ok;
}

/* Walks every row; returns how many are bad (-1: the file cannot be read). */
static long check_rows(Batch *b)
{
    BatchCursor c;
    char *why = NULL;
    if (!batch_cursor_open(&c, b, &why)) {
        cli_error("%s; nothing was sent", why);
        g_free(why);
        batch_cursor_close(&c);
        return -1;
    }
    long bad = 0, line = 0;
    Values v;
    RowStatus s;
    while ((s = batch_cursor_next(&c, b, &v, &line, &why)) != ROW_END) {
        bad += !check_row(b, s, &v, line, why);
        values_done(&v);
        g_free(why);
        why = NULL;
    }
    values_done(&v);
    b->rows = c.row;
    b->digest = row_reader_digest(c.reader);
    batch_cursor_close(&c);
    return bad;
}

Batch *batch_check(const BatchOptions *o, const Descriptor *d, int *status)
{
    Batch *b = g_new0(Batch, 1);
    b->d = d;
    b->concurrency = o->concurrency ? o->concurrency : BATCH_DEFAULT_CONCURRENCY;
    b->report = o->report;
    b->n_maps = o->maps ? o->maps->len : 0;
    b->maps = o->maps ? (char **)o->maps->pdata : NULL;
    char *why = NULL;
    *status = EXIT_INVALID;
    if (!batch_open_source(b, o, &why)) {
        cli_error("%s; nothing was sent", why);
        g_free(why);
        batch_free(b);
        return NULL;
    }
    long bad = check_rows(b);
    if (bad > 0)
        cli_error("%ld of %ld rows in %s are invalid; nothing was sent. Fix them and run the command again",
                  bad, b->rows, b->name);
    else if (bad == 0 && b->rows == 0)
        cli_error("%s holds no rows; nothing was sent", b->name);
    if (bad != 0 || b->rows == 0) {
        batch_free(b);
        return NULL;
    }
    return b;
}

void batch_free(Batch *b)
{
    if (!b)
        return;
    if (b->spooled && b->path)
        unlink(b->path);
    g_free(b->path), g_free(b->name), g_free(b->digest);
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
    return EXIT_OK;
}

bool batch_confirmed(const Batch *b, const BatchTarget *t)
{
    if (!t->profile->confirm || t->yes)
        return true;
    if (b->spooled || !isatty(STDIN_FILENO)) {
        cli_error("profile %s is LIVE and asks before creating; add --yes to confirm all %ld rows",
                  t->profile->name, b->rows);
        return false;
    }
    cli_print_line(stderr, "This creates %ld real customers on LIVE %s (profile %s) from %s.", b->rows,
                   t->d->title, t->profile->name, b->name);
    return cli_typed_yes();
}
