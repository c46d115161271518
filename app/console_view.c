/* The console's hands outside the terminal: copying to the clipboard, saving
 * a document, and editing a JSON field in $VISUAL or $EDITOR. */
#include "app/console_internal.h"

#include "app/create_output.h"
#include "app/document_file.h"
#include "model/jsonpath.h"
#include "model/safe_text.h"
#include "model/text.h"
#include "ui/screen.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* ---- the viewer's requests: copy and save ------------------------------------------ */

static void copy_text(Console *c, const char *text)
{
    console_draw(c); /* the clipboard sequence goes after the frame, not inside it */
    screen_copy(text, strlen(text));
    char *path = view_pane_selection(c->record); /* not the status: that holds the last note */
    char *note = g_strdup_printf("copied %s (%zu bytes%s) to the clipboard", path ? path : "the text", strlen(text),
                                 view_pane_copy_escaped(c->record) ? ", control characters escaped as shown" : "");
    view_pane_note(c->record, note);
    g_free(note), g_free(path);
}

static void save_to(Console *c, const char *path, bool replace);

static void path_answered(void *ctx, bool yes, const char *text)
{
    if (yes && text) {
        char *path = g_strstrip(g_strdup(text));
        save_to(ctx, path, false);
        g_free(path);
    }
}

static void ask_save_path(Console *c, const char *name)
{
    dialog_ask_text(c->dialog, "Save the document", "File name (pretty JSON, written whole or not at all):", name,
                    DIALOG_THEN(path_answered, c));
    console_relayout(c);
}

/* What "replace it?" carries: where to write. */
typedef struct {
    Console *c;
    char *path;
} Replace;

static void replace_free(void *ctx)
{
    Replace *r = ctx;
    g_free(r->path);
    g_free(r);
}

static void replace_answered(void *ctx, bool yes, const char *text)
{
    Replace *r = ctx;
    (void)text;
    if (yes)
        save_to(r->c, r->path, true);
}

void console_after_view_key(Console *c)
{
    const char *text = NULL;
    ViewRequest r = view_pane_take_request(c->record, &text);
    if (r == VIEW_COPY)
        copy_text(c, text);
    else if (r == VIEW_SAVE)
        ask_save_path(c, text);
    char *status = view_pane_status(c->record);
    /* About the record: it goes when the record does (console_focus). */
    status_pane_set_scoped(c->status, view_pane_base(c->record), "viewing", TONE_NORMAL, status);
    status_pane_set_keys(c->status, view_pane_keys(c->record)); /* a tree, or a text opened from it */
    g_free(status);
}

static void save_to(Console *c, const char *path, bool replace)
{
    const cJSON *doc = view_pane_document(c->record);
    if (!replace && g_file_test(path, G_FILE_TEST_EXISTS)) {
        Replace *r = g_new0(Replace, 1);
        *r = (Replace){ c, g_strdup(path) };
        char *shown = safe_text(path, strlen(path));
        char *q = g_strdup_printf("%s exists. Replace it?", shown);
        dialog_ask(c->dialog, "Replace the file?", q, (DialogThen){ replace_answered, r, replace_free });
        console_relayout(c);
        g_free(q), g_free(shown);
        return;
    }
    char *what = NULL;
    bool ok = document_file_save(doc, path, &what);
    char *note = g_strdup_printf("%s %s", ok ? "saved" : "not saved:", what);
    view_pane_note(c->record, note);
    status_pane_set_scoped(c->status, view_pane_base(c->record), ok ? "saved" : "not saved", ok ? TONE_GOOD : TONE_BAD,
                           what);
    g_free(note), g_free(what);
}

/* ---- the request as curl (Ctrl-Y) ----------------------------------------------------- */

/* The request of the entry the record shows, as the history keeps it: the
 * body sent (secret fields masked: curl reads them from variables), at the
 * URL it went to, with its key. */
static bool entry_request(Console *c, const Customer *cu, const Descriptor **d, Request *out, char **err)
{
    *d = provider_set_find(&c->providers, c->profiles.items[cu->profile].provider);
    if (!cu->request || !cu->base_url) {
        *err = g_strdup("this entry keeps no request to copy");
        return false;
    }
    Values none;
    values_init(&none);
    RequestOptions opt = { .base_url = cu->base_url, .idempotency_key = cu->idempotency_key, .body = cu->request };
    bool ok = request_build(*d, &none, &opt, out, err);
    values_done(&none);
    return ok;
}

/* "copied … as curl (N bytes); it reads $CUSTTY_TOKEN and …" (g_free). */
static char *curl_note(const char *what, size_t bytes, bool token, GPtrArray *vars)
{
    GString *reads = g_string_new(token ? "$CUSTTY_TOKEN" : "");
    for (guint i = 0; i < vars->len; i++)
        g_string_append_printf(reads, "%s$%s", reads->len ? " and " : "", (char *)vars->pdata[i]);
    char *note = g_strdup_printf("copied %s as curl (%zu bytes)%s%s", what, bytes, reads->len ? "; it reads " : "",
                                 reads->str);
    g_string_free(reads, TRUE);
    return note;
}

void console_copy_curl(Console *c)
{
    bool record = c->show_record && c->record_entry >= 0;
    const Descriptor *d = console_descriptor(c);
    Request req;
    char *err = NULL;
    bool ok = record ? entry_request(c, history_list_get(c->history, (size_t)c->record_entry), &d, &req, &err)
                     : submission_form_request(c->submit, &req, &err);
    if (!ok) {
        console_status(c, "not copied", TONE_WARN, err);
        g_free(err);
        return;
    }
    GPtrArray *vars = g_ptr_array_new_with_free_func(g_free);
    bool token = d->auth != AUTH_NONE;
    char *command = curl_command(d, &req, token, false, vars); /* no token, no secret in it */
    request_done(&req);
    console_draw(c); /* the clipboard sequence goes after the frame, not inside it */
    screen_copy(command, strlen(command));
    char *note = curl_note(record ? "the record's request" : "the form's request", strlen(command), token, vars);
    console_status(c, "copied", TONE_GOOD, note);
    if (record)
        view_pane_note(c->record, note); /* what the record's status line shows next */
    g_free(note);
    text_free_secret(command);
    g_ptr_array_free(vars, TRUE);
}

/* ---- the editor for JSON fields -------------------------------------------------------- */

static char *run_editor(const char *text, char **why)
{
    const char *editor = g_getenv("VISUAL") ? g_getenv("VISUAL") : g_getenv("EDITOR");
    char *path = NULL;
    int fd = g_file_open_tmp("custty-XXXXXX.json", &path, NULL); /* created 0600 */
    if (fd < 0 || !editor || !*editor) {
        *why = g_strdup(fd < 0 ? "cannot make a temporary file" : "set $VISUAL or $EDITOR to edit JSON in an editor");
        if (fd >= 0)
            close(fd), g_unlink(path);
        g_free(path);
        return NULL;
    }
    (void)!write(fd, text, strlen(text));
    close(fd);
    screen_suspend();
    pid_t pid = fork();
    if (pid == 0) {
        execl("/bin/sh", "sh", "-c", "exec $0 \"$1\"", editor, path, (char *)NULL);
        _exit(127);
    }
    int status = 0;
    while (pid > 0 && waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    screen_resume();
    char *out = NULL;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || !g_file_get_contents(path, &out, NULL, NULL))
        *why = g_strdup_printf("the editor (%s) did not finish cleanly; the field is unchanged", editor);
    g_unlink(path);
    g_free(path);
    return *why ? (g_free(out), NULL) : out;
}

void console_edit_externally(Console *c)
{
    bool json = false;
    const char *text = form_pane_focused_text(c->form, &json);
    char *why = NULL, *edited = run_editor(text, &why);
    if (edited)
        form_pane_set_focused_text(c->form, edited);
    else
        log_pane_add(c->log, LOG_WARN, why);
    g_free(edited), g_free(why);
    console_relayout(c);
}

