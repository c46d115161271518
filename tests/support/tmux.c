#include "tests/support/tmux.h"

#include <criterion/criterion.h>
#include <glib.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static char *run_tmux(Tmux *t, const char *const *args)
{
    GPtrArray *argv = g_ptr_array_new();
    g_ptr_array_add(argv, (gpointer) "tmux");
    g_ptr_array_add(argv, (gpointer) "-L");
    g_ptr_array_add(argv, t->socket);
    for (size_t i = 0; args[i]; i++)
        g_ptr_array_add(argv, (gpointer)args[i]);
    g_ptr_array_add(argv, NULL);
    char *out = NULL;
    g_spawn_sync(NULL, (char **)argv->pdata, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                 &out, NULL, NULL, NULL);
    g_ptr_array_free(argv, TRUE);
    return out;
}

static void start(Tmux *t, int w, int h, const char *extra_env, const char *args)
{
    char *cwd = g_get_current_dir();
    /* Run in the throwaway home, so files custty saves land there. */
    char *cmd = g_strdup_printf("cd %s && env LANG=C.UTF-8 LC_ALL=C.UTF-8 TZ=UTC TERM=screen-256color "
                                "XDG_CONFIG_HOME=%s/config XDG_STATE_HOME=%s/state %s %s/build/custty %s; sleep 60",
                                t->home, t->home, t->home, extra_env ? extra_env : "", cwd, args ? args : "");
    char *ws = g_strdup_printf("%d", w), *hs = g_strdup_printf("%d", h);
    const char *argv[] = { "new-session", "-d", "-x", ws, "-y", hs, cmd, NULL };
    g_free(run_tmux(t, argv));
    const char *clip[] = { "set-option", "-s", "set-clipboard", "on", NULL };
    g_free(run_tmux(t, clip)); /* OSC 52 from custty lands in a tmux buffer */
    g_free(cmd), g_free(ws), g_free(hs), g_free(cwd);
}

static void make_home(Tmux *t)
{
    static int counter;
    snprintf(t->socket, sizeof t->socket, "custty-test-%d-%d", (int)getpid(), ++counter);
    t->home = g_dir_make_tmp("custty-screen-XXXXXX", NULL);
}

void tmux_start(Tmux *t, int w, int h, const char *extra_env, const char *args)
{
    make_home(t);
    start(t, w, h, extra_env, args);
}

/* Writes TEXT to the run's config folder as NAME (below custty/), private. */
static void write_config_file(Tmux *t, const char *name, const char *text)
{
    char *file = g_build_filename(t->home, "config", "custty", name, NULL), *dir = g_path_get_dirname(file);
    g_mkdir_with_parents(dir, 0700);
    cr_assert(g_file_set_contents_full(file, text, -1, G_FILE_SET_CONTENTS_NONE, 0600, NULL), "%s written", file);
    g_free(dir), g_free(file);
}

void tmux_start_config(Tmux *t, int w, int h, const char *extra_env, const char *args, const char *config)
{
    tmux_start_providers(t, w, h, extra_env, args, config, NULL);
}

void tmux_start_providers(Tmux *t, int w, int h, const char *extra_env, const char *args, const char *config,
                          const char *const *providers)
{
    make_home(t);
    write_config_file(t, "config.ini", config);
    for (size_t i = 0; providers && providers[i] && providers[i + 1]; i += 2) {
        char *name = g_strdup_printf("providers/%s.json", providers[i]);
        write_config_file(t, name, providers[i + 1]);
        g_free(name);
    }
    start(t, w, h, extra_env, args);
}

/* Whether T's tmux server still answers. */
static bool server_up(Tmux *t)
{
    char *argv[] = { "tmux", "-L", t->socket, "list-sessions", NULL };
    int status = 1;
    g_spawn_sync(NULL, argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                 NULL, NULL, NULL, NULL, &status, NULL);
    return status == 0;
}

void tmux_relaunch(Tmux *t, int w, int h, const char *extra_env, const char *args)
{
    const char *kill[] = { "kill-server", NULL };
    g_free(run_tmux(t, kill));
    gint64 deadline = g_get_monotonic_time() + (gint64)TMUX_WATCHDOG_MS * 1000;
    while (server_up(t) && g_get_monotonic_time() < deadline) /* the old server gone, then the new one */
        g_usleep(30 * 1000);
    start(t, w, h, extra_env, args);
}

/* custty's pid in T's pane, or 0. */
static pid_t custty_pid(Tmux *t)
{
    char *pane = tmux_format(t, "#{pane_pid}");
    char *argv[] = { "pgrep", "-P", pane ? pane : "0", "-x", "custty", NULL }, *out = NULL;
    g_spawn_sync(NULL, argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out, NULL, NULL,
                 NULL);
    pid_t pid = out ? (pid_t)atoi(out) : 0;
    g_free(pane), g_free(out);
    return pid;
}

/* Whether PID still runs (a zombie has finished: only its reaping waits). */
static bool still_runs(pid_t pid)
{
    char *path = g_strdup_printf("/proc/%d/stat", (int)pid), *text = NULL;
    bool runs = g_file_get_contents(path, &text, NULL, NULL) && strrchr(text, ')') && strrchr(text, ')')[2] != 'Z';
    g_free(path), g_free(text);
    return runs;
}

void tmux_stop(Tmux *t)
{
    const char *argv[] = { "kill-server", NULL };
    pid_t custty = custty_pid(t);
    g_free(run_tmux(t, argv));
    /* custty saves its draft on the hang-up: let it finish before the home goes. */
    gint64 deadline = g_get_monotonic_time() + (gint64)TMUX_WATCHDOG_MS * 1000;
    while (custty > 0 && still_runs(custty) && g_get_monotonic_time() < deadline)
        g_usleep(20 * 1000);
    char *rm = g_strdup_printf("rm -rf %s", t->home);
    g_spawn_command_line_sync(rm, NULL, NULL, NULL, NULL);
    g_free(rm);
    g_free(t->home);
}

void tmux_key(Tmux *t, const char *name)
{
    const char *argv[] = { "send-keys", name, NULL };
    g_free(run_tmux(t, argv));
}

void tmux_type(Tmux *t, const char *text)
{
    const char *argv[] = { "send-keys", "-l", text, NULL };
    g_free(run_tmux(t, argv));
}

void tmux_paste(Tmux *t, const char *text)
{
    const char *set[] = { "set-buffer", text, NULL };
    const char *paste[] = { "paste-buffer", "-p", NULL };
    g_free(run_tmux(t, set));
    g_free(run_tmux(t, paste));
}

char *tmux_screen(Tmux *t)
{
    const char *argv[] = { "capture-pane", "-p", NULL };
    return run_tmux(t, argv);
}

char *tmux_screen_styled(Tmux *t)
{
    const char *argv[] = { "capture-pane", "-p", "-e", NULL };
    return run_tmux(t, argv);
}

char *tmux_wait_for(Tmux *t, const char *needle)
{
    gint64 deadline = g_get_monotonic_time() + (gint64)TMUX_WATCHDOG_MS * 1000;
    for (;;) {
        char *screen = tmux_screen(t);
        if (screen && strstr(screen, needle))
            return screen;
        if (g_get_monotonic_time() > deadline) {
            cr_log_error("\"%s\" never came (watchdog); the screen:\n%s", needle, screen ? screen : "(none)");
            g_free(screen);
            return NULL;
        }
        g_free(screen);
        g_usleep(30 * 1000);
    }
}

char *tmux_format(Tmux *t, const char *format)
{
    const char *argv[] = { "display", "-p", format, NULL };
    char *out = run_tmux(t, argv);
    return out ? g_strstrip(out) : NULL;
}

char *tmux_wait_line(Tmux *t, const char *label, const char *want)
{
    gint64 deadline = g_get_monotonic_time() + (gint64)TMUX_WATCHDOG_MS * 1000;
    for (;;) {
        char *screen = tmux_screen(t);
        char *line = screen ? tmux_line_with(screen, label) : NULL;
        if (line && strstr(line, want))
            return g_free(screen), line;
        if (g_get_monotonic_time() > deadline) {
            cr_log_error("no line with \"%s\" showed \"%s\" (watchdog); the screen:\n%s", label, want,
                         screen ? screen : "(none)");
            g_free(screen), g_free(line);
            return NULL;
        }
        g_free(screen), g_free(line);
        g_usleep(30 * 1000);
    }
}

char *tmux_wait_format(Tmux *t, const char *format, const char *want)
{
    gint64 deadline = g_get_monotonic_time() + (gint64)TMUX_WATCHDOG_MS * 1000;
    char *got = tmux_format(t, format);
    while ((!got || strcmp(got, want) != 0) && g_get_monotonic_time() < deadline) {
        g_usleep(30 * 1000);
        g_free(got);
        got = tmux_format(t, format);
    }
    return got;
}

bool tmux_wait_custty_gone(Tmux *t)
{
    char *pid = tmux_format(t, "#{pane_pid}");
    char *argv[] = { "pgrep", "-P", pid, "-x", "custty", NULL };
    gint64 deadline = g_get_monotonic_time() + (gint64)TMUX_WATCHDOG_MS * 1000;
    int status = 0;
    for (;;) {
        g_spawn_sync(NULL, argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, NULL, NULL, &status, NULL);
        if (status != 0 || g_get_monotonic_time() > deadline)
            break;
        g_usleep(30 * 1000);
    }
    g_free(pid);
    return status != 0;
}

void tmux_resize(Tmux *t, int w, int h)
{
    char *ws = g_strdup_printf("%d", w), *hs = g_strdup_printf("%d", h);
    const char *argv[] = { "resize-window", "-x", ws, "-y", hs, NULL };
    g_free(run_tmux(t, argv));
    g_free(ws), g_free(hs);
}

char *tmux_buffer(Tmux *t)
{
    const char *argv[] = { "show-buffer", NULL };
    return run_tmux(t, argv);
}

char *tmux_line_with(const char *screen, const char *needle)
{
    gchar **lines = g_strsplit(screen, "\n", -1);
    char *found = NULL;
    for (gchar **l = lines; *l && !found; l++)
        if (strstr(*l, needle))
            found = g_strdup(*l);
    g_strfreev(lines);
    return found;
}

void tmux_write_history(Tmux *t, const char *lines)
{
    char *dir = g_build_filename(t->home, "state", "custty", NULL), *file = g_build_filename(dir, "history.jsonl", NULL);
    g_mkdir_with_parents(dir, 0700);
    cr_assert(g_file_set_contents(file, lines, -1, NULL), "writing %s", file);
    g_free(dir), g_free(file);
}

char *tmux_read_history(Tmux *t)
{
    char *path = g_build_filename(t->home, "state", "custty", "history.jsonl", NULL), *text = NULL;
    if (!g_file_get_contents(path, &text, NULL, NULL))
        text = g_strdup("");
    g_free(path);
    return text;
}
