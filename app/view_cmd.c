/* `custty view FILE|-`: the viewer on any JSON file or standard input. */
#include "app/cli.h"
#include "app/event_loop.h"
#include "app/state_file.h"
#include "model/jsonpath.h"
#include "model/tree_text.h"
#include "ui/keys.h"
#include "ui/screen.h"
#include "ui/status_pane.h"
#include "ui/view_pane.h"

#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define VIEW_MAX_BYTES (256u * 1024 * 1024)

void cmd_view_help(FILE *out)
{
    fputs("Usage: custty view FILE|-\n\n"
          "Opens the viewer on a JSON file (or standard input), for reading saved\n"
          "responses: fold with Left/Right/Enter, * folds all, / n N search, y copies a\n"
          "value and Y the document (OSC 52), v shows a value whole, q quits. A body\n"
          "that is not JSON is shown as text with where it stops being JSON. When the\n"
          "output is not a terminal, the document is printed as an indented tree.\n", out);
}

/* FILE or stdin, whatever it is (a FIFO, a device): capped while reading, so
 * that /dev/zero or an endless pipe ends with a message, not in swap. */
static char *read_all(const char *path, size_t *len, char **err)
{
    bool std_in = strcmp(path, "-") == 0;
    int fd = std_in ? STDIN_FILENO : open(path, O_RDONLY | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
        *err = g_strdup_printf("cannot read %s: %s", path, g_strerror(errno));
        return NULL;
    }
    char *text = read_bounded(fd, VIEW_MAX_BYTES, std_in ? "standard input" : path, len, err);
    if (!std_in)
        close(fd);
    return text;
}

static int print_tree(const char *text, size_t len)
{
    int line = 0, col = 0;
    cJSON *doc = json_parse_located(text, len, &line, &col);
    if (!doc) {
        cli_error("not JSON: line %d, column %d", line, col);
        return EXIT_INVALID;
    }
    char *tree = tree_text(doc);
    fputs(tree, stdout);
    g_free(tree);
    cJSON_Delete(doc);
    return EXIT_OK;
}

/* Keys come from the terminal even when the document came on stdin. */
static bool take_terminal(void)
{
    if (isatty(STDIN_FILENO))
        return true;
    return freopen("/dev/tty", "r", stdin) != NULL;
}

typedef struct {
    ViewPane *v;
    StatusPane *s;
    bool quit;
} Viewer;

static int draw(void *ctx)
{
    Viewer *w = ctx;
    Pane *vp = view_pane_base(w->v), *sp = status_pane_base(w->s);
    pane_place(vp, 0, 0, LINES - 2, COLS);
    pane_place(sp, LINES - 2, 0, 2, COLS);
    char *path = view_pane_status(w->v);
    status_pane_set(w->s, "view", TONE_NORMAL, path);
    status_pane_set_keys(w->s, view_pane_keys(w->v));
    g_free(path);
    pane_refresh(vp), pane_refresh(sp);
    curs_set(0);
    doupdate();
    return -1;
}

static void copy_requested(ViewPane *v)
{
    const char *text = NULL;
    if (view_pane_take_request(v, &text) != VIEW_COPY)
        return;
    pane_refresh(view_pane_base(v)), doupdate();
    screen_copy(text, strlen(text));
    char *note = g_strdup_printf("copied %zu bytes%s to the clipboard", strlen(text),
                                 view_pane_copy_escaped(v) ? " (control characters escaped as shown)" : "");
    view_pane_note(v, note);
    g_free(note);
}

static void keys(void *ctx)
{
    Viewer *w = ctx;
    Pane *vp = view_pane_base(w->v), *sp = status_pane_base(w->s);
    KeyEvent k;
    while (!w->quit && keys_read(stdscr, &k)) {
        if (k.is_key && k.code == KEY_RESIZE)
            vp->dirty = sp->dirty = true;
        else if (vp->ops->key(vp, &k) == ACT_NONE)
            w->quit = keys_action(CTX_VIEWER, &k) == ACT_QUIT;
        copy_requested(w->v);
        key_event_done(&k);
    }
}

static void stop(void *ctx, int signo)
{
    (void)signo;
    ((Viewer *)ctx)->quit = true; /* the terminal is given back on the way out */
}

static bool viewed(void *ctx)
{
    return ((Viewer *)ctx)->quit;
}

static void loop(ViewPane *v, StatusPane *s, int sig_fd)
{
    Viewer w = { v, s, false };
    EventLoop l = { .ctx = &w, .before_wait = draw, .on_input = keys, .signal_fd = sig_fd, .on_signal = stop,
                    .done = viewed };
    event_loop_run(&l);
}

static int view_interactively(const char *name, char *text, size_t len)
{
    Theme theme;
    char *why = NULL;
    if (!take_terminal() || !screen_start(&theme, &why)) {
        cli_error("%s", why ? why : "no terminal to show the viewer on");
        g_free(why);
        return EXIT_INVALID;
    }
    ViewPane *v = view_pane_new(&theme);
    StatusPane *s = status_pane_new(&theme);
    status_pane_set_key_host(s, CTX_VIEWER);
    status_pane_set_profile(s, name, false);
    int line = 0, col = 0;
    cJSON *doc = json_parse_located(text, len, &line, &col);
    char *err = doc ? NULL : g_strdup_printf("the body is not JSON: line %d, column %d", line, col);
    view_pane_show(v, name, doc, text, len, err, NULL, NULL);
    view_pane_base(v)->focused = true;
    int sig_fd = cli_stop_signals_fd();
    loop(v, s, sig_fd);
    if (sig_fd >= 0)
        close(sig_fd);
    screen_stop();
    pane_free(view_pane_base(v));
    pane_free(status_pane_base(s));
    g_free(err);
    return EXIT_OK;
}

int cmd_view(int argc, char **argv)
{
    if (argc == 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0))
        return cmd_view_help(stdout), EXIT_OK;
    if (argc == 2 && strcmp(argv[1], "--version") == 0)
        return cli_version(stdout), EXIT_OK;
    if (argc != 2) {
        cmd_view_help(stderr);
        return EXIT_INVALID;
    }
    size_t len = 0;
    char *err = NULL, *text = read_all(argv[1], &len, &err);
    if (!text) {
        cli_error("%s", err);
        g_free(err);
        return EXIT_INVALID;
    }
    int status = isatty(STDOUT_FILENO) ? view_interactively(argv[1], text, len) : print_tree(text, len);
    g_free(text);
    return status;
}
