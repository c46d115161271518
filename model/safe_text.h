/* Text from a provider made safe for a terminal: no byte of it can move the
 * cursor, set a title or reach the clipboard. */
#ifndef CUSTTY_MODEL_SAFE_TEXT_H
#define CUSTTY_MODEL_SAFE_TEXT_H

#include <stdbool.h>
#include <stddef.h>

/* Whether safe_text writes the character C as an escape: a C0 or C1
 * control, DEL, or a bidi override or mark. */
bool safe_text_escapes(unsigned int c);
/* LEN bytes of S with C0 and C1 controls, DEL and bidi overrides written as
 * \u001b-style escapes and invalid UTF-8 bytes as \x9b. g_free the result. */
char *safe_text(const char *s, size_t len);
/* The same, line by line: line breaks stay (CRLF becomes one "\n"), every
 * other byte as safe_text writes it. For logs and multi-line messages. g_free. */
char *safe_text_lines(const char *s, size_t len);
/* JSON text as cJSON prints it, with C1 controls, DEL and bidi overrides
 * written as \u escapes and invalid UTF-8 as \ufffd: the same document (but
 * for invalid bytes), still valid JSON, safe to show on a terminal. g_free. */
char *safe_json(const char *json, size_t len);

#endif
