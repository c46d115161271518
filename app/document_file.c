#include "app/document_file.h"

#include "model/jsonpath.h"

#include <glib.h>
#include <string.h>

bool document_file_save(const cJSON *doc, const char *path, char **said)
{
    GError *err = NULL;
    char *text = doc ? json_print_pretty(doc) : g_strdup("");
    char *with_newline = g_strdup_printf("%s\n", text);
    bool ok = g_file_set_contents_full(path, with_newline, -1,
                                       G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE, 0600, &err);
    *said = ok ? g_strdup_printf("%s (%zu bytes)", path, strlen(with_newline)) : g_strdup(err->message);
    g_free(with_newline), g_free(text);
    if (err)
        g_error_free(err);
    return ok;
}
