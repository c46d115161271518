/* The command line: `custty COMMAND [OPTIONS]`. */
#ifndef CUSTTY_APP_CLI_H
#define CUSTTY_APP_CLI_H

#include <stdbool.h>
#include <stdio.h>

/* Exit statuses every command shares. */
enum {
    EXIT_OK = 0,
    EXIT_REJECTED = 1,   /* the provider refused, or a server error */
    EXIT_INVALID = 2,    /* bad usage or invalid values: nothing was sent */
    EXIT_UNSENT = 3,     /* not sent, or the outcome is unknown */
};

typedef struct {
    const char *name;
    const char *summary;
    int (*run)(int argc, char **argv);
    void (*help)(FILE *out);
} Command;

int cmd_providers(int argc, char **argv);
void cmd_providers_help(FILE *out);
/* `custty providers import SPEC`: app/import_cmd.c. */
int cmd_providers_import(int argc, char **argv);
void cmd_providers_import_help(FILE *out);
int cmd_sandbox(int argc, char **argv);
void cmd_sandbox_help(FILE *out);
int cmd_profiles(int argc, char **argv);
void cmd_profiles_help(FILE *out);
int cmd_token(int argc, char **argv);
void cmd_token_help(FILE *out);
int cmd_view(int argc, char **argv);
void cmd_view_help(FILE *out);
int cmd_history(int argc, char **argv);
void cmd_history_help(FILE *out);
int cmd_check(int argc, char **argv);
void cmd_check_help(FILE *out);
int cmd_create(int argc, char **argv);
void cmd_create_help(FILE *out);
/* The provider's own customers: app/list_cmd.c, app/get_cmd.c. */
int cmd_list(int argc, char **argv);
void cmd_list_help(FILE *out);
int cmd_get(int argc, char **argv);
void cmd_get_help(FILE *out);
int cmd_delete(int argc, char **argv);
void cmd_delete_help(FILE *out);

/* Prints "custty: " and the message to stderr, escaped by safe_text. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Everything that came from outside (a provider, a file, the config, the
 * environment) reaches a terminal through one of these, escaped by
 * model/safe_text. One line, every byte of it escaped, and a newline: */
void cli_print_line(FILE *out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Lines (a log, collected messages) as they are, each one escaped; NULL prints nothing. */
void cli_print_lines(FILE *out, const char *text);
/* JSON text, and a newline: still valid JSON, with nothing a terminal acts on. */
void cli_print_json(FILE *out, const char *json);
void cli_version(FILE *out);
/* Blocks SIGINT, SIGTERM and SIGHUP in every thread (call it before any
 * thread starts) and returns a signalfd for them: a command polls it beside
 * its work and stops cleanly (-1 on failure). The one signal set-up. */
int cli_stop_signals_fd(void);

/* Asks "Type yes to go on: " on stderr and reads a line from stdin: whether
 * it says yes; if not, says that nothing was sent. The one LIVE question. */
bool cli_typed_yes(void);

/* ARG as a number from LO to HI; whole numbers only when WHOLE. When it is
 * not, says that FLAG takes WHAT ("whole seconds") in that range, and fails. */
bool cli_number(const char *flag, const char *arg, const char *what, double lo, double hi, bool whole,
                double *out);

#endif
