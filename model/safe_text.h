/* Text from a provider made safe for a terminal: no byte of it can move the
 * cursor, set a title or reach the clipboard. */
#ifndef CUSTTY_MODEL_SAFE_TEXT_H
#define CUSTTY_MODEL_SAFE_TEXT_H

#include <stddef.h>

/* LEN bytes of S with C0 and C1 controls, DEL and bidi overrides written as
 * \u001b-style escapes and invalid UTF-8 bytes as \x9b. g_free the result. */
char *safe_text(const char *s, size_t len);

#endif
