/* What `custty create` prints: the request (dry run, curl) and the outcome. */
#ifndef CUSTTY_APP_CREATE_OUTPUT_H
#define CUSTTY_APP_CREATE_OUTPUT_H

#include "model/request.h"
#include "model/values.h"
#include "net/netthread.h"

#include <stdbool.h>
#include <stdio.h>

void print_problems(FILE *out, const Descriptor *d, const Problems *p);
void print_request(FILE *out, const Request *r, bool json);
/* An equivalent curl command, the token written as $CUSTTY_TOKEN. */
void print_curl(FILE *out, const Request *r, bool has_token);
/* Prints the outcome (record on OUT, trouble on ERR) and returns the exit status. */
int print_result(FILE *out, FILE *err, const Descriptor *d, const NetResult *r, bool json);

#endif
