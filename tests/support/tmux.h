/* Drives the real build/custty in a pseudo-terminal through a private tmux
 * server, and reads the screen back as a person would see it. */
#ifndef CUSTTY_TESTS_TMUX_H
#define CUSTTY_TESTS_TMUX_H

#include <stdbool.h>

typedef struct {
    char socket[64];
    char *home;        /* an empty config/state home for the run */
} Tmux;

/* Starts `build/custty ARGS` at W×H with LANG=C.UTF-8, TZ=UTC, TERM and EXTRA_ENV
 * (space-separated K=V, may be NULL); the pane stays after custty exits. */
void tmux_start(Tmux *t, int w, int h, const char *extra_env, const char *args);
/* The same with CONFIG written to the run's config.ini first. */
void tmux_start_config(Tmux *t, int w, int h, const char *extra_env, const char *args, const char *config);
/* The same with providers of the person's own in config/custty/providers/:
 * PROVIDERS is NAME, JSON, NAME, JSON…, NULL. */
void tmux_start_providers(Tmux *t, int w, int h, const char *extra_env, const char *args, const char *config,
                          const char *const *providers);
void tmux_stop(Tmux *t);
/* Starts custty again in the same home (its state survives), in a new pane. */
void tmux_relaunch(Tmux *t, int w, int h, const char *extra_env, const char *args);
/* Key names as tmux knows them: "Tab", "F2", "Enter", "C-u", "BTab". */
void tmux_key(Tmux *t, const char *name);
/* Literal text. */
void tmux_type(Tmux *t, const char *text);
/* Pastes TEXT as a terminal would, in bracketed-paste marks. */
void tmux_paste(Tmux *t, const char *text);
/* The screen as text (g_free). */
char *tmux_screen(Tmux *t);
/* The same with the SGR sequences of colours and attributes (italic: 3) in it. */
char *tmux_screen_styled(Tmux *t);
/* How long a screen may take to show what a test waits for before the test
 * calls it a hang: a watchdog, not a measure. No screen test asserts how fast
 * anything appears (that is `make bench`'s job), so it is generous enough for
 * a loaded two-core machine. */
#define TMUX_WATCHDOG_MS 60000
/* Waits for NEEDLE on screen (up to the watchdog); returns the screen that
 * shows it (g_free), or NULL if it never came (and prints the screen it saw). */
char *tmux_wait_for(Tmux *t, const char *needle);
/* Waits for the first line holding LABEL to hold WANT too (up to the
 * watchdog); returns that line (g_free), or NULL (and prints the screen). */
char *tmux_wait_line(Tmux *t, const char *label, const char *want);
/* A tmux format of the pane, like "#{alternate_on}" (g_free). */
char *tmux_format(Tmux *t, const char *format);
/* Waits until FORMAT reads WANT (up to the watchdog); returns what it last
 * read (g_free), WANT or not. */
char *tmux_wait_format(Tmux *t, const char *format, const char *want);
/* Waits until custty no longer runs in the pane (up to the watchdog);
 * whether it ended. */
bool tmux_wait_custty_gone(Tmux *t);
void tmux_resize(Tmux *t, int w, int h);
/* The newest tmux paste buffer: where an OSC 52 copy lands (g_free). */
char *tmux_buffer(Tmux *t);

/* The first line of SCREEN holding NEEDLE (g_free), or NULL. */
char *tmux_line_with(const char *screen, const char *needle);
/* Writes LINES as the run's history.jsonl (as an earlier run would have left
 * it: 0700 folder), before a tmux_relaunch reads it. */
void tmux_write_history(Tmux *t, const char *lines);
/* The run's history.jsonl as it is now ("" if none; g_free). */
char *tmux_read_history(Tmux *t);

/* Fails the test unless NEEDLE shows on T's screen (before the watchdog). */
#define TMUX_SEE(t, needle)                                                       \
    do {                                                                          \
        char *s_ = tmux_wait_for((t), (needle));                            \
        cr_assert_not_null(s_, "\"%s\" appears on screen", (needle));            \
        g_free(s_);                                                               \
    } while (0)

/* Fails the test unless the line of T's screen holding LABEL comes to hold WANT. */
#define TMUX_SEE_ON_LINE(t, label, want)                                          \
    do {                                                                          \
        char *l_ = tmux_wait_line((t), (label), (want));                          \
        cr_expect_not_null(l_, "the %s line shows %s", (label), (want));          \
        g_free(l_);                                                               \
    } while (0)

#endif
