/* What `custty create` prints: the request (dry run, curl) and the outcome. */
#ifndef CUSTTY_APP_CREATE_OUTPUT_H
#define CUSTTY_APP_CREATE_OUTPUT_H

#include "model/request.h"
#include "model/values.h"
#include "net/netthread.h"

#include <glib.h>
#include <stdbool.h>
#include <stdio.h>

void print_problems(FILE *out, const Descriptor *d, const Problems *p);
/* The request, secret fields as "***" unless SHOW_SECRETS. */
void print_request(FILE *out, const Descriptor *d, const Request *r, bool json, bool show_secrets);
/* An equivalent curl command, the token (HAS_TOKEN: D's scheme sends one)
 * written as $CUSTTY_TOKEN where the scheme puts it (a header, -u, the URL)
 * and each secret field as $CUSTTY_SECRET_NAME unless SHOW_SECRETS. */
void print_curl(FILE *out, const Descriptor *d, const Request *r, bool has_token, bool show_secrets);
/* The same command as text, without a final newline (text_free_secret it);
 * the names of the variables it reads ("CUSTTY_SECRET_PASSWORD") are added
 * to VARS (g_free'd strings). */
char *curl_command(const Descriptor *d, const Request *r, bool has_token, bool show_secrets, GPtrArray *vars);
/* Prints the outcome (record on OUT, trouble on ERR) and returns the exit status. */
int print_result(FILE *out, FILE *err, const Descriptor *d, const NetResult *r, bool json);

#endif
