/* A document written to a file as a person asked (the viewer's `s`, in the
 * console and in `custty view`). */
#ifndef CUSTTY_APP_DOCUMENT_FILE_H
#define CUSTTY_APP_DOCUMENT_FILE_H

#include <cjson/cJSON.h>
#include <stdbool.h>

/* Writes DOC (NULL: empty) to PATH as pretty JSON, whole or not at all, and
 * private (0600: a record holds a customer's personal data). *SAID (g_free)
 * is "PATH (N bytes)" when it worked, else why not. */
bool document_file_save(const cJSON *doc, const char *path, char **said);

#endif
