/* Rows of a file to create customers from, read one at a time so a file of
 * any length takes the memory of one row: CSV (RFC 4180: quoted fields with
 * commas, quotes and line breaks, a UTF-8 BOM, CRLF; empty lines skipped)
 * or JSON Lines (one object per line). Each row knows the line it starts on,
 * so a problem can be shown as FILE:LINE. */
#ifndef CUSTTY_MODEL_ROW_READER_H
#define CUSTTY_MODEL_ROW_READER_H

#include <cjson/cJSON.h>
#include <glib.h>
#include <stdbool.h>
#include <stdio.h>

typedef enum { ROWS_CSV, ROWS_JSONL } RowFormat;

/* One row: CSV cells (the header is the first row) or a JSON object. */
typedef struct {
    long line;           /* the line the row starts on, from 1 */
    GPtrArray *cells;    /* CSV: char *, g_free'd with the row */
    cJSON *json;         /* JSONL: the object */
} Row;

typedef enum { ROW_OK, ROW_BAD, ROW_END } RowStatus;

/* A row longer than this, or with more cells, is refused (and skipped). */
#define ROW_MAX_BYTES (1024 * 1024)
#define ROW_MAX_CELLS 1024

typedef struct RowReader RowReader;

/* Reads IN (not closed here); NAME starts every message ("customers.csv"). */
RowReader *row_reader_new(FILE *in, RowFormat format, const char *name);
void row_reader_free(RowReader *r);
/* The next row into ROW (row_done it): ROW_OK; ROW_BAD with *WHY
 * "NAME:LINE: what is wrong" (g_free), the reader then goes on with the next
 * row; ROW_END at the end of the file. */
RowStatus row_reader_next(RowReader *r, Row *row, char **why);
void row_done(Row *row);
/* SHA-256 of every byte read so far, in hex (g_free): at the end, the
 * file's content, what a row's idempotency key derives from. */
char *row_reader_digest(const RowReader *r);
/* The format a file name suggests: .jsonl/.ndjson JSON Lines, else CSV. */
RowFormat row_format_guess(const char *name);

#endif
