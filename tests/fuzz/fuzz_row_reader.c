/* libFuzzer: any file given to `custty create --from` is read row by row
 * without crashing, and every row is bounded. The first byte picks CSV or
 * JSON Lines. */
#include "model/row_reader.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    FILE *in = fmemopen((void *)(data + 1), size - 1, "r");
    if (!in)
        return 0;
    RowReader *r = row_reader_new(in, data[0] & 1 ? ROWS_JSONL : ROWS_CSV, "fuzz.csv");
    Row row;
    char *why = NULL;
    RowStatus s;
    long last = 0;
    while ((s = row_reader_next(r, &row, &why)) != ROW_END) {
        if (s == ROW_OK && (row.line < last || (row.cells && row.cells->len > ROW_MAX_CELLS)))
            abort();
        last = row.line;
        row_done(&row);
        g_free(why);
    }
    g_free(row_reader_digest(r));
    row_reader_free(r);
    fclose(in);
    return 0;
}
