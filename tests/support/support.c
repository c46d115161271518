#include "tests/support/support.h"

#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <glib.h>
#include <netinet/in.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

Descriptor *support_provider(const char *name)
{
    char *path = g_strdup_printf("assets/providers/%s.json", name);
    char *err = NULL;
    Descriptor *d = descriptor_load(path, &err);
    cr_assert_not_null(d, "loading %s: %s", path, err ? err : "");
    g_free(path);
    return d;
}

Descriptor *support_provider_edited(const char *name, const char *from, const char *to)
{
    char *path = g_strdup_printf("assets/providers/%s.json", name), *text = NULL, *err = NULL;
    cr_assert(g_file_get_contents(path, &text, NULL, NULL), "reading %s", path);
    char *at = strstr(text, from);
    cr_assert_not_null(at, "%s has %s", path, from);
    char *edited = g_strdup_printf("%.*s%s%s", (int)(at - text), text, to, at + strlen(from));
    Descriptor *d = descriptor_parse(edited, strlen(edited), name, path, &err);
    cr_assert_not_null(d, "%s edited: %s", path, err ? err : "");
    g_free(path), g_free(text), g_free(edited);
    return d;
}

char *support_fixture(const char *name, size_t *len)
{
    char *path = g_build_filename("tests", "fixtures", name, NULL);
    char *text = NULL;
    gsize n = 0;
    cr_assert(g_file_get_contents(path, &text, &n, NULL), "cannot read %s", path);
    g_free(path);
    if (len)
        *len = n;
    return text;
}

char *support_config_home_with(const char *name, const char *fixture)
{
    char *home = g_dir_make_tmp("custty-home-XXXXXX", NULL);
    char *dir = g_build_filename(home, "custty", "providers", NULL), *base = g_strdup_printf("%s.json", name);
    g_mkdir_with_parents(dir, 0700);
    char *file = g_build_filename(dir, base, NULL), *text = support_fixture(fixture, NULL);
    cr_assert(g_file_set_contents_full(file, text, -1, G_FILE_SET_CONTENTS_NONE, 0600, NULL), "%s written", file);
    g_free(text), g_free(file), g_free(base), g_free(dir);
    return home;
}

void support_config_home_remove(char *home)
{
    char *argv[] = { "rm", "-rf", home, NULL };
    g_spawn_sync(NULL, argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
    g_free(home);
}

char *support_provider_text_with_auth(const char *name, const char *auth)
{
    char *file = g_strdup_printf("../../assets/providers/%s.json", name);
    char *text = support_fixture(file, NULL);
    const char *from = strstr(text, "\"auth\": {");
    const char *to = from ? strstr(from, "\"fields\"") : NULL;
    cr_assert(to, "%s has \"auth\" before \"fields\"", file);
    char *edited = g_strdup_printf("%.*s\"auth\": %s,\n  %s", (int)(from - text), text, auth, to);
    g_free(text), g_free(file);
    return edited;
}

Descriptor *support_provider_with_auth(const char *name, const char *auth)
{
    char *text = support_provider_text_with_auth(name, auth), *err = NULL;
    char *source = g_strdup_printf("providers/%s.json", name);
    Descriptor *d = descriptor_parse(text, strlen(text), name, source, &err);
    cr_assert_not_null(d, "%s with auth %s: %s", name, auth, err ? err : "");
    g_free(text), g_free(source);
    return d;
}

char *support_request_query(const char *raw, const char *param)
{
    char *line = g_strndup(raw, strcspn(raw, "\r\n"));
    char *key = g_strdup_printf("%s=", param);
    const char *at = strstr(line, key);
    char *value = NULL;
    if (at && at > line && (at[-1] == '?' || at[-1] == '&')) {
        char *enc = g_strndup(at + strlen(key), strcspn(at + strlen(key), "& "));
        value = g_uri_unescape_string(enc, NULL);
        g_free(enc);
    }
    g_free(line), g_free(key);
    return value;
}

bool support_json_equal(const char *a, const char *b)
{
    cJSON *ja = cJSON_Parse(a), *jb = cJSON_Parse(b);
    bool same = ja && jb && cJSON_Compare(ja, jb, true);
    cJSON_Delete(ja);
    cJSON_Delete(jb);
    return same;
}

/* The binary under test gets a home of its own, so that tests never read the
 * developer's config.ini nor write into their history and drafts. */
static char **private_home(char **env)
{
    char *cwd = g_get_current_dir();
    char *state = g_build_filename(cwd, "build", "test-home", "state", NULL);
    char *config = g_build_filename(cwd, "build", "test-home", "config", NULL);
    env = g_environ_setenv(env, "XDG_STATE_HOME", state, TRUE);
    env = g_environ_setenv(env, "XDG_CONFIG_HOME", config, TRUE);
    g_free(cwd), g_free(state), g_free(config);
    return env;
}

static char **child_env(const char *const *extra)
{
    char **env = private_home(g_get_environ());
    for (size_t i = 0; extra && extra[i]; i++) {
        char **kv = g_strsplit(extra[i], "=", 2);
        env = g_environ_setenv(env, kv[0], kv[1] ? kv[1] : "", TRUE);
        g_strfreev(kv);
    }
    return env;
}

RunResult support_run_custty(const char *const *argv, const char *const *env, const char *input)
{
    GPtrArray *args = g_ptr_array_new();
    g_ptr_array_add(args, (gpointer) "build/custty");
    for (size_t i = 0; argv[i]; i++)
        g_ptr_array_add(args, (gpointer)argv[i]);
    g_ptr_array_add(args, NULL);
    char **envp = child_env(env);
    RunResult r = { 0 };
    GError *gerr = NULL;
    int in_fd = -1, out_fd = -1, err_fd = -1;
    GPid pid;
    bool ok = g_spawn_async_with_pipes(NULL, (char **)args->pdata, envp, G_SPAWN_DO_NOT_REAP_CHILD,
                                       NULL, NULL, &pid, &in_fd, &out_fd, &err_fd, &gerr);
    cr_assert(ok, "spawning build/custty: %s", gerr ? gerr->message : "");
    if (input)
        (void)!write(in_fd, input, strlen(input));
    close(in_fd);
    GIOChannel *oc = g_io_channel_unix_new(out_fd), *ec = g_io_channel_unix_new(err_fd);
    g_io_channel_set_encoding(oc, NULL, NULL); /* bytes as written: tests look at every one */
    g_io_channel_set_encoding(ec, NULL, NULL);
    gsize n;
    g_io_channel_read_to_end(oc, &r.out, &n, NULL);
    g_io_channel_read_to_end(ec, &r.err, &n, NULL);
    g_io_channel_shutdown(oc, FALSE, NULL);
    g_io_channel_shutdown(ec, FALSE, NULL);
    g_io_channel_unref(oc);
    g_io_channel_unref(ec);
    int wstatus = 0;
    waitpid(pid, &wstatus, 0);
    r.status = WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : 128 + WTERMSIG(wstatus);
    g_spawn_close_pid(pid);
    g_strfreev(envp);
    g_ptr_array_free(args, TRUE);
    return r;
}

void support_run_done(RunResult *r)
{
    g_free(r->out);
    g_free(r->err);
}

int support_listen_loopback(unsigned *port)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    socklen_t len = sizeof a;
    cr_assert_eq(bind(fd, (struct sockaddr *)&a, sizeof a), 0);
    cr_assert_eq(listen(fd, 4), 0);
    getsockname(fd, (struct sockaddr *)&a, &len);
    *port = ntohs(a.sin_port);
    return fd;
}

void support_sandbox_start(SandboxRun *s, const char *const *args, const char *const *env, const char *last)
{
    GPtrArray *argv = g_ptr_array_new();
    const char *head[] = { "build/custty", "sandbox", "--port", "0" };
    for (size_t i = 0; i < G_N_ELEMENTS(head); i++)
        g_ptr_array_add(argv, (gpointer)head[i]);
    for (size_t i = 0; args && args[i]; i++)
        g_ptr_array_add(argv, (gpointer)args[i]);
    g_ptr_array_add(argv, NULL);
    char **envp = child_env(env);
    GPid pid;
    *s = (SandboxRun){ .out_fd = -1 };
    cr_assert(g_spawn_async_with_pipes(NULL, (char **)argv->pdata, envp, G_SPAWN_DO_NOT_REAP_CHILD |
                                       G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &pid, NULL, &s->out_fd, NULL, NULL));
    s->pid = pid;
    GString *out = g_string_new(NULL);
    char c;
    /* Byte by byte: the request log that follows is read only at the end. */
    while (!(strstr(out->str, last) && out->str[out->len - 1] == '\n') && read(s->out_fd, &c, 1) == 1)
        g_string_append_c(out, c);
    s->out = g_string_free(out, FALSE);
    g_strfreev(envp);
    g_ptr_array_free(argv, TRUE);
}

char *support_sandbox_url(const SandboxRun *s, const char *provider)
{
    char *start = g_strdup_printf("\n  %s ", provider);
    const char *at = strstr(s->out, start);
    g_free(start);
    char *line = at ? g_strndup(at + 1, strcspn(at + 1, "\n")) : NULL;
    const char *url = line ? strstr(line, "http://") : NULL;
    char *found = url ? g_strndup(url, strcspn(url, " ")) : NULL;
    g_free(line);
    return found;
}

int support_sandbox_stop(SandboxRun *s)
{
    kill(s->pid, SIGTERM);
    GString *out = g_string_new(s->out);
    char buf[4096];
    ssize_t n;
    while ((n = read(s->out_fd, buf, sizeof buf)) > 0)
        g_string_append_len(out, buf, n);
    close(s->out_fd);
    s->out_fd = -1;
    g_free(s->out);
    s->out = g_string_free(out, FALSE);
    int wstatus = 0;
    waitpid(s->pid, &wstatus, 0);
    g_spawn_close_pid(s->pid);
    return WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : 128 + WTERMSIG(wstatus);
}

void support_sandbox_done(SandboxRun *s)
{
    if (s->out_fd >= 0)
        support_sandbox_stop(s);
    g_free(s->out);
    s->out = NULL;
}
