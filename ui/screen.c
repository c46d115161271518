#include "ui/screen.h"

#include "ui/keys.h"

#include <curses.h>
#include <glib.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <term.h>
#include <termios.h>
#include <unistd.h>

static struct termios saved_termios;
static bool have_termios;
static char restore_seq[256]; /* written from a signal handler: no allocation there */
static size_t restore_len;

/* The escape sequences that undo what we set up, gathered while it is safe. */
static void remember_restore_sequence(void)
{
    const char *caps[] = { "sgr0", "cnorm", "rmcup" };
    GString *s = g_string_new("\033[?2004l\033[?1000l\033[?1002l\033[?1006l");
    for (size_t i = 0; i < G_N_ELEMENTS(caps); i++) {
        const char *v = tigetstr((char *)caps[i]);
        if (v && v != (char *)-1)
            g_string_append(s, v);
    }
    restore_len = MIN(s->len, sizeof restore_seq);
    memcpy(restore_seq, s->str, restore_len);
    g_string_free(s, TRUE);
}

static void on_crash(int sig)
{
    if (restore_len)
        (void)!write(STDOUT_FILENO, restore_seq, restore_len);
    if (have_termios)
        tcsetattr(STDIN_FILENO, TCSANOW, &saved_termios);
    signal(sig, SIG_DFL);
    raise(sig);
}

static void catch_crashes(void)
{
    static const int sigs[] = { SIGSEGV, SIGBUS, SIGABRT, SIGFPE, SIGILL };
    for (size_t i = 0; i < G_N_ELEMENTS(sigs); i++)
        signal(sigs[i], on_crash);
}

static bool terminal_usable(char **why)
{
    const char *term = getenv("TERM");
    int err = 0;
    if (!term || !*term) {
        *why = g_strdup("TERM is not set; custty needs a terminal type, e.g. TERM=xterm-256color");
        return false;
    }
    if (setupterm(term, STDOUT_FILENO, &err) != OK) {
        *why = g_strdup_printf("the terminal type \"%s\" is %s here; try TERM=xterm-256color (or linux on a "
                               "console)", term, err == 0 ? "unknown" : "not usable");
        return false;
    }
    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
        *why = g_strdup("the console needs a terminal; for scripts use `custty create`");
        return false;
    }
    return true;
}

bool screen_start(Theme *theme, char **why)
{
    if (!terminal_usable(why))
        return false;
    have_termios = tcgetattr(STDIN_FILENO, &saved_termios) == 0;
    initscr();
    raw();
    noecho();
    keypad(stdscr, TRUE);
    nodelay(stdscr, TRUE);
    set_escdelay(25); /* Esc answers at once */
    curs_set(0);
    theme_init(theme);
    keys_init();
    remember_restore_sequence();
    catch_crashes();
    return true;
}

void screen_stop(void)
{
    keys_done();
    curs_set(1);
    endwin();
}

void screen_suspend(void)
{
    def_prog_mode();
    keys_done();
    endwin();
}

void screen_resume(void)
{
    reset_prog_mode();
    keys_init();
    clearok(curscr, TRUE);
    refresh();
}

void screen_copy(const char *text, size_t len)
{
    char *b64 = g_base64_encode((const guchar *)text, len);
    printf("\033]52;c;%s\a", b64);
    fflush(stdout);
    g_free(b64);
}
