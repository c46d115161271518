/* `custty view FILE|-`: the viewer on any JSON file or standard input. */
#include "app/cli.h"
#include "app/document_file.h"
#include "app/event_loop.h"
#include "app/state_file.h"
#include "model/jsonpath.h"
#include "model/safe_text.h"
#include "model/text.h"
#include "model/tree_text.h"
#include "ui/keys.h"
#include "ui/line_edit.h"
#include "ui/screen.h"
#include "ui/status_pane.h"
#include "ui/text_pane.h"
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
          "value and Y the document (OSC 52), v shows a value whole, s saves it (0600),\n"
          "F1 lists every key, q quits. A body\n"
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

/* The one-line question at the bottom while saving: the file name, then
 * whether to replace a file that is there. */
typedef enum { ASK_NOTHING, ASK_NAME, ASK_REPLACE } Asking;

typedef struct {
    ViewPane *v;
    StatusPane *s;
    TextPane *help;          /* F1: the viewer's keys, from the table */
    bool show_help, quit;
    Asking asking;
    LineEdit answer;
    WINDOW *prompt;          /* over the key bar while asking */
} Viewer;

static void draw_prompt(Viewer *w)
{
    if (!w->prompt || getmaxx(w->prompt) != COLS || getbegy(w->prompt) != LINES - 1) {
        if (w->prompt)
            delwin(w->prompt);
        w->prompt = newwin(1, COLS, LINES - 1, 0);
    }
    werase(w->prompt);
    char *shown = safe_text(w->answer.text->str, w->answer.text->len);
    char *line = w->asking == ASK_NAME ? g_strdup_printf("Save as: %s", shown)
                                       : g_strdup_printf("%s exists. Replace it? (y/n)", shown);
    int x = pane_put(w->prompt, 0, 0, line, COLS, A_BOLD);
    wmove(w->prompt, 0, MIN(x, COLS - 1));
    wnoutrefresh(w->prompt);
    curs_set(w->asking == ASK_NAME ? 1 : 0);
    g_free(line), g_free(shown);
}

static int draw(void *ctx)
{
    Viewer *w = ctx;
    Pane *vp = view_pane_base(w->v), *sp = status_pane_base(w->s), *hp = text_pane_base(w->help);
    pane_place(vp, 0, 0, w->show_help ? 0 : LINES - 2, COLS);
    pane_place(hp, 0, 0, w->show_help ? LINES - 2 : 0, COLS);
    pane_place(sp, LINES - 2, 0, 2, COLS);
    char *path = view_pane_status(w->v);
    status_pane_set(w->s, "view", TONE_NORMAL, w->show_help ? "Esc, q or F1 closes the help" : path);
    status_pane_set_keys(w->s, w->show_help ? CTX_VIEW : view_pane_keys(w->v));
    g_free(path);
    pane_refresh(vp), pane_refresh(hp), pane_refresh(sp);
    curs_set(0);
    if (w->asking)
        draw_prompt(w);
    doupdate();
    return -1;
}

static void copy_text(ViewPane *v, const char *text)
{
    pane_refresh(view_pane_base(v)), doupdate();
    screen_copy(text, strlen(text));
    char *note = g_strdup_printf("copied %zu bytes%s to the clipboard", strlen(text),
                                 view_pane_copy_escaped(v) ? " (control characters escaped as shown)" : "");
    view_pane_note(v, note);
    g_free(note);
}

static void save_document(Viewer *w, const char *path)
{
    char *what = NULL;
    bool ok = document_file_save(view_pane_document(w->v), path, &what);
    char *note = g_strdup_printf("%s %s", ok ? "saved" : "not saved:", what);
    view_pane_note(w->v, note);
    g_free(note), g_free(what);
}
static void stop_asking(Viewer *w)
{
    w->asking = ASK_NOTHING;
    status_pane_base(w->s)->dirty = true; /* its key bar, under the prompt */
}

static void ask_key(Viewer *w, const KeyEvent *k)
{
    if (w->asking == ASK_REPLACE) {
        if (!k->is_key && (k->code == 'y' || k->code == 'Y'))
            save_document(w, w->answer.text->str);
        else
            view_pane_note(w->v, "not saved: the file is there and was kept");
        stop_asking(w);
        return;
    }
    EntryKey r = keys_edit_entry(&w->answer, k);
    char *path = r == ENTRY_ENTER ? g_strstrip(g_strdup(w->answer.text->str)) : NULL;
    if (r == ENTRY_ESCAPE || (path && !*path)) {
        view_pane_note(w->v, "not saved");
        stop_asking(w);
    } else if (path && g_file_test(path, G_FILE_TEST_EXISTS)) {
        line_edit_set(&w->answer, path);
        w->asking = ASK_REPLACE; /* never replaced without asking */
    } else if (path) {
        save_document(w, path);
        stop_asking(w);
    }
    g_free(path);
}

/* What the pane asked for: a copy, or a name to save under. */
static void carry_out(Viewer *w)
{
    const char *text = NULL;
    ViewRequest r = view_pane_take_request(w->v, &text);
    if (r == VIEW_COPY) {
        copy_text(w->v, text);
    } else if (r == VIEW_SAVE) {
        line_edit_set(&w->answer, text);
        line_edit_end(&w->answer);
        w->asking = ASK_NAME;
    }
}

static void show_help(Viewer *w, bool show)
{
    if (show) {
        char *text = keys_help_text(CTX_VIEWER);
        text_pane_show_text(w->help, "Help · custty view · Esc closes", NULL, text, strlen(text));
        g_free(text);
    }
    w->show_help = show;
    view_pane_base(w->v)->dirty = text_pane_base(w->help)->dirty = true;
}

static void help_key(Viewer *w, const KeyEvent *k)
{
    Pane *hp = text_pane_base(w->help);
    if (hp->ops->key(hp, k) != ACT_NONE)
        return;
    Action a = keys_action(CTX_VIEWER, k);
    bool closes = a == ACT_HELP || (a == ACT_QUIT && !k->is_key && (k->code == 'q' || k->code == 27));
    if (closes)
        show_help(w, false);
    else if (a == ACT_QUIT)
        w->quit = true;
}

static void on_key(Viewer *w, const KeyEvent *k)
{
    Pane *vp = view_pane_base(w->v);
    if (k->is_key && k->code == KEY_RESIZE) {
        vp->dirty = status_pane_base(w->s)->dirty = text_pane_base(w->help)->dirty = true;
    } else if (w->asking) {
        ask_key(w, k);
    } else if (w->show_help) {
        help_key(w, k);
    } else if (vp->ops->key(vp, k) == ACT_NONE) {
        Action a = keys_action(CTX_VIEWER, k);
        w->quit = a == ACT_QUIT;
        if (a == ACT_HELP)
            show_help(w, true);
    }
    carry_out(w);
}

static void keys(void *ctx)
{
    Viewer *w = ctx;
    KeyEvent k;
    while (!w->quit && keys_read(stdscr, &k)) {
        on_key(w, &k);
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

static void loop(ViewPane *v, StatusPane *s, TextPane *help, int sig_fd)
{
    Viewer w = { .v = v, .s = s, .help = help };
    line_edit_init(&w.answer, NULL);
    EventLoop l = { .ctx = &w, .before_wait = draw, .on_input = keys, .signal_fd = sig_fd, .on_signal = stop,
                    .done = viewed };
    event_loop_run(&l);
    if (w.prompt)
        delwin(w.prompt);
    line_edit_done(&w.answer);
}

/* What `s` offers: the file's own name in the working directory ("stdin"
 * for -), made safe; a file that is there is never replaced without asking. */
static char *default_name(const char *name)
{
    char *base = strcmp(name, "-") == 0 ? g_strdup("stdin") : g_path_get_basename(name);
    char *dot = strrchr(base, '.');
    if (dot && dot != base)
        *dot = '\0';
    char *file = text_file_name(base, ".json");
    g_free(base);
    return file;
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
    TextPane *help = text_pane_new(&theme);
    status_pane_set_key_host(s, CTX_VIEWER);
    char *base = g_path_get_basename(name); /* the status line keeps room for what happened */
    status_pane_set_profile(s, base, false);
    g_free(base);
    int line = 0, col = 0;
    cJSON *doc = json_parse_located(text, len, &line, &col);
    char *err = doc ? NULL : g_strdup_printf("the body is not JSON: line %d, column %d", line, col);
    char *save_as = default_name(name);
    view_pane_show(v, name, doc, text, len, err, NULL, save_as);
    g_free(save_as);
    view_pane_base(v)->focused = true;
    text_pane_base(help)->focused = true;
    int sig_fd = cli_stop_signals_fd();
    loop(v, s, help, sig_fd);
    if (sig_fd >= 0)
        close(sig_fd);
    screen_stop();
    pane_free(view_pane_base(v));
    pane_free(status_pane_base(s));
    pane_free(text_pane_base(help));
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
