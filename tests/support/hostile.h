/* A hostile provider on loopback: a raw socket that answers every request
 * with the same bytes, escape sequences included, exactly as given. */
#ifndef CUSTTY_TESTS_HOSTILE_H
#define CUSTTY_TESTS_HOSTILE_H

#include <stdbool.h>
#include <stddef.h>

/* What a terminal must never receive raw: sets the title (OSC 0), writes the
 * clipboard (OSC 52), clears the screen (CSI 2J), reverses the line (U+202E),
 * a C1 CSI (U+009B), and invalid UTF-8 (a lone 0x9b, 0xff). No '"', '\\', CR
 * or LF, so it fits in a JSON string and in a header as it is. */
#define HOSTILE_BYTES "\x1b]0;pwned\x07" "\x1b]52;c;cHduZWQ=\x07" "\x1b[2J" "\xe2\x80\xae" "\xc2\x9b" "\x9b\xff"

typedef struct HostileServer HostileServer;

/* Answers each request (read whole: headers and Content-Length bytes) with
 * ANSWER, a complete HTTP response, then closes. The test fails if it cannot
 * listen. With ANSWER NULL it never answers: it reads the request and holds
 * the connection until the client lets go (a provider slower than anything a
 * test waits for, with no clock in the test). */
HostileServer *hostile_start(const char *answer);
/* The same, but each answer waits until hostile_release (or until the client
 * lets go, then none is sent): the test decides when the provider answers. */
HostileServer *hostile_start_held(const char *answer);
/* Lets every held answer, and every later one, go. */
void hostile_release(HostileServer *h);
/* Waits until the server has read N whole requests, and returns the Nth
 * (headers and body, valid until hostile_stop). A watchdog of a minute turns
 * a hang into a failure; it is no measure of speed. */
const char *hostile_wait_request(HostileServer *h, int n);
/* "http://127.0.0.1:PORT" (g_free). */
char *hostile_base_url(const HostileServer *h);
void hostile_stop(HostileServer *h);

/* A complete HTTP/1.1 answer: STATUS line, extra HEADERS ("Name: value\r\n"
 * each, may be ""), and BODY with its Content-Length. g_free. */
char *hostile_answer(const char *status, const char *headers, const char *body);

/* Whether LEN bytes of S could reach a terminal harmlessly: no ESC, BEL or
 * other C0 control but line breaks and tabs, valid UTF-8, no C1 control and
 * no bidi override. Sets *WHY (static text) when not. */
bool hostile_terminal_safe(const char *s, size_t len, const char **why);

#endif
