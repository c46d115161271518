/* A small streamed CSV and JSON Lines reader. Debian's libcsv would parse the
 * CSV, but its callbacks do not say where a record starts, and every problem
 * here must name its line: the state machine below is short, and fuzzed
 * (tests/fuzz/fuzz_row_reader.c). */
#include "model/row_reader.h"

#include <string.h>

struct RowReader {
    FILE *in;
    RowFormat format;
    char *name;
    GChecksum *sum;
    unsigned char buf[65536];
    size_t len, pos;
    long line;           /* the line the next byte is on */
    bool started;        /* the BOM check is done */
    bool stopped;        /* a row past ROW_MAX_BYTES: nothing more is read */
};

RowFormat row_format_guess(const char *name)
{
    return g_str_has_suffix(name, ".jsonl") || g_str_has_suffix(name, ".ndjson") ? ROWS_JSONL : ROWS_CSV;
}

RowReader *row_reader_new(FILE *in, RowFormat format, const char *name)
{
    RowReader *r = g_new0(RowReader, 1);
    r->in = in;
    r->format = format;
    r->name = g_strdup(name);
    r->sum = g_checksum_new(G_CHECKSUM_SHA256);
    r->line = 1;
    return r;
}

void row_reader_free(RowReader *r)
{
    if (!r)
        return;
    g_checksum_free(r->sum);
    g_free(r->name);
    g_free(r);
}

char *row_reader_digest(const RowReader *r)
{
    GChecksum *copy = g_checksum_copy(r->sum);
    char *hex = g_strdup(g_checksum_get_string(copy));
    g_checksum_free(copy);
    return hex;
}

void row_done(Row *row)
{
    if (row->cells)
        g_ptr_array_free(row->cells, TRUE);
    cJSON_Delete(row->json);
    *row = (Row){ 0 };
}

/* ---- bytes ----------------------------------------------------------------- */

static bool fill(RowReader *r)
{
    r->len = fread(r->buf, 1, sizeof r->buf, r->in);
    r->pos = 0;
    if (r->len)
        g_checksum_update(r->sum, r->buf, (gssize)r->len);
    return r->len > 0;
}

static int peek_byte(RowReader *r)
{
    if (r->pos >= r->len && !fill(r))
        return EOF;
    return r->buf[r->pos];
}

static int next_byte(RowReader *r)
{
    int c = peek_byte(r);
    if (c != EOF) {
        r->pos++;
        r->line += c == '\n';
    }
    return c;
}

/* A UTF-8 byte order mark at the very start is not part of the first cell. */
static void skip_bom(RowReader *r)
{
    if (r->started)
        return;
    r->started = true;
    if (peek_byte(r) != 0xEF)
        return;
    /* the buffer holds the file's first bytes: a BOM is in it whole if at all */
    if (r->len >= 3 && r->buf[1] == 0xBB && r->buf[2] == 0xBF)
        r->pos = 3;
}

/* Skips to the end of the line (after a problem), outside any quotes. */
static void skip_line(RowReader *r)
{
    int c;
    while ((c = next_byte(r)) != EOF && c != '\n')
        ;
}

static char *problem(const RowReader *r, long line, const char *what)
{
    return g_strdup_printf("%s:%ld: %s", r->name, line, what);
}

/* ---- CSV --------------------------------------------------------------------- */

/* Where a row never ends (a stray quote, /dev/zero piped in, a binary
 * file) the rest is not read: reading on to find its end could take the
 * whole of a huge file, or never end, in one call the console makes between keys. */
#define TOO_LONG "the row is longer than 1 MiB; the rest of the file was not read (is it CSV or JSON Lines?)"

typedef struct {
    GString *cell;
    size_t bytes;
    bool quoted;         /* the current cell was quoted */
    const char *bad;     /* the first problem in the row */
    bool over;           /* past ROW_MAX_BYTES: the row ends here, and the reading */
} CsvRow;

static void csv_end_cell(Row *row, CsvRow *cr)
{
    if (row->cells->len >= ROW_MAX_CELLS)
        cr->bad = cr->bad ? cr->bad : "more than 1024 columns";
    else
        g_ptr_array_add(row->cells, g_strndup(cr->cell->str, cr->cell->len));
    g_string_truncate(cr->cell, 0);
    cr->quoted = false;
}

static void csv_add(CsvRow *cr, int c)
{
    if (++cr->bytes > ROW_MAX_BYTES) {
        cr->bad = TOO_LONG;
        cr->over = true;
        return;
    }
    g_string_append_c(cr->cell, (char)c);
}

/* A quoted cell, from after its opening quote through its closing one. */
static void csv_quoted(RowReader *r, CsvRow *cr)
{
    int c;
    cr->quoted = true;
    while (!cr->over && (c = next_byte(r)) != EOF) {
        if (c == '"' && peek_byte(r) != '"')
            return;
        if (c == '"')
            next_byte(r);
        csv_add(cr, c);
    }
    if (!cr->over)
        cr->bad = cr->bad ? cr->bad : "a quoted field is never closed (a \" is missing)";
}

/* Reads one record's cells up to and through its line break. Returns whether
 * the record ended at a line break or the end of the file with anything read. */
static bool csv_record(RowReader *r, Row *row, CsvRow *cr)
{
    bool any = false;
    int c;
    for (;;) {
        if (cr->over)
            return true;
        c = next_byte(r);
        if (c == EOF && !any && !row->cells->len && !cr->cell->len)
            return false;
        if (c == EOF || c == '\n' || (c == '\r' && peek_byte(r) == '\n')) {
            if (c == '\r')
                next_byte(r);
            csv_end_cell(row, cr);
            return true;
        }
        any = true;
        if (c == ',') {
            csv_end_cell(row, cr);
        } else if (c == '"' && cr->cell->len == 0 && !cr->quoted) {
            csv_quoted(r, cr);
            int after = peek_byte(r);
            if (after != ',' && after != '\n' && after != '\r' && after != EOF && !cr->bad) {
                cr->bad = "text after a closing quote; a quote inside a quoted field is written \"\"";
                skip_line(r);
                csv_end_cell(row, cr);
                return true;
            }
        } else if (c == '"' || cr->quoted) {
            cr->bad = cr->bad ? cr->bad : "a quote inside an unquoted field; quote the whole field";
        } else {
            csv_add(cr, c);
        }
    }
}

static bool csv_blank(const Row *row, const CsvRow *cr)
{
    return row->cells->len == 1 && !*(char *)row->cells->pdata[0] && !cr->quoted && !cr->bad;
}

static RowStatus csv_next(RowReader *r, Row *row, char **why)
{
    CsvRow cr = { g_string_new(NULL), 0, false, NULL, false };
    RowStatus status = ROW_END;
    for (;;) {
        row->line = r->line;
        row->cells = g_ptr_array_new_with_free_func(g_free);
        cr.quoted = false;
        bool got = csv_record(r, row, &cr);
        if (got && csv_blank(row, &cr)) {
            g_ptr_array_free(row->cells, TRUE);
            continue;
        }
        status = !got ? ROW_END : cr.bad ? ROW_BAD : ROW_OK;
        break;
    }
    r->stopped = cr.over;
    if (status == ROW_BAD)
        *why = problem(r, row->line, cr.bad);
    if (status != ROW_OK)
        row_done(row);
    g_string_free(cr.cell, TRUE);
    return status;
}

/* ---- JSON Lines ---------------------------------------------------------------- */

/* One line into LINE, without its line break; false at the end of the file. */
static bool jsonl_line(RowReader *r, GString *line, bool *too_long)
{
    int c = peek_byte(r);
    if (c == EOF)
        return false;
    while ((c = next_byte(r)) != EOF && c != '\n') {
        g_string_append_c(line, (char)c);
        if (line->len > ROW_MAX_BYTES) {
            *too_long = true; /* the rest is not read: see TOO_LONG */
            return true;
        }
    }
    if (line->len && line->str[line->len - 1] == '\r')
        g_string_truncate(line, line->len - 1);
    return true;
}

static bool blank(const GString *s)
{
    for (size_t i = 0; i < s->len; i++)
        if (!g_ascii_isspace(s->str[i]))
            return false;
    return true;
}

static RowStatus jsonl_next(RowReader *r, Row *row, char **why)
{
    GString *line = g_string_new(NULL);
    bool too_long = false;
    RowStatus status = ROW_END;
    const char *bad = NULL;
    for (;;) {
        g_string_truncate(line, 0);
        row->line = r->line;
        if (!jsonl_line(r, line, &too_long))
            break;
        if (!too_long && blank(line))
            continue;
        row->json = too_long ? NULL : cJSON_ParseWithLength(line->str, line->len);
        r->stopped = too_long;
        bad = too_long               ? TOO_LONG
              : !row->json           ? "not JSON: each line must be one JSON object, like {\"email\": \"a@b.example\"}"
              : !cJSON_IsObject(row->json) ? "not a JSON object: each line must be one {…}"
                                     : NULL;
        status = bad ? ROW_BAD : ROW_OK;
        break;
    }
    if (bad) {
        *why = problem(r, row->line, bad);
        row_done(row);
    }
    g_string_free(line, TRUE);
    return status;
}

RowStatus row_reader_next(RowReader *r, Row *row, char **why)
{
    *row = (Row){ 0 };
    *why = NULL;
    if (r->stopped)
        return ROW_END;
    skip_bom(r);
    return r->format == ROWS_CSV ? csv_next(r, row, why) : jsonl_next(r, row, why);
}
