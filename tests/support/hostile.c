#include "tests/support/hostile.h"

#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <errno.h>
#include <glib.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

struct HostileServer {
    int listen_fd;
    int stop_pipe[2];
    unsigned port;
    char *answer;
    pthread_t thread;
    bool held;
    int release_pipe[2];
    GMutex lock;
    GCond arrived;
    GPtrArray *requests; /* what each client sent, in order */
};

/* The whole request: headers, then as many bytes as Content-Length says. */
static bool request_complete(const GString *in)
{
    const char *end = g_strstr_len(in->str, (gssize)in->len, "\r\n\r\n");
    if (!end)
        return false;
    const char *cl = g_strstr_len(in->str, end - in->str, "\nContent-Length:");
    if (!cl)
        cl = g_strstr_len(in->str, end - in->str, "\ncontent-length:");
    size_t want = cl ? (size_t)g_ascii_strtoull(cl + 16, NULL, 10) : 0;
    return in->len - (size_t)(end + 4 - in->str) >= want;
}

/* Until the test releases the answers (true), or the client goes (false). */
static bool wait_release(HostileServer *h, int fd)
{
    struct pollfd fds[2] = { { h->release_pipe[0], POLLIN, 0 }, { fd, POLLIN, 0 } };
    while (poll(fds, 2, -1) > 0 || errno == EINTR) {
        if (fds[0].revents)
            return true;
        char probe;
        if (fds[1].revents && recv(fd, &probe, 1, MSG_PEEK) <= 0)
            return false;
    }
    return false;
}

static void serve_one(HostileServer *h, int fd)
{
    GString *in = g_string_new(NULL);
    char buf[4096];
    ssize_t n;
    while (!request_complete(in) && (n = read(fd, buf, sizeof buf)) > 0)
        g_string_append_len(in, buf, n);
    g_mutex_lock(&h->lock);
    g_ptr_array_add(h->requests, g_strndup(in->str, in->len));
    g_cond_broadcast(&h->arrived);
    g_mutex_unlock(&h->lock);
    bool answer = !h->held || wait_release(h, fd);
    size_t len = h->answer && answer ? strlen(h->answer) : 0;
    for (size_t off = 0; off < len && (n = write(fd, h->answer + off, len - off)) > 0;)
        off += (size_t)n;
    if (h->answer)
        shutdown(fd, SHUT_WR);
    while (read(fd, buf, sizeof buf) > 0) /* until the client closes: nothing is cut off */
        ;
    close(fd);
    g_string_free(in, TRUE);
}

static void *serve(void *user)
{
    HostileServer *h = user;
    for (;;) {
        struct pollfd fds[2] = { { h->listen_fd, POLLIN, 0 }, { h->stop_pipe[0], POLLIN, 0 } };
        if (poll(fds, 2, -1) < 0 || fds[1].revents)
            return NULL;
        int fd = accept(h->listen_fd, NULL, NULL);
        if (fd >= 0)
            serve_one(h, fd);
    }
}

static HostileServer *start(const char *answer, bool held)
{
    HostileServer *h = g_new0(HostileServer, 1);
    h->answer = g_strdup(answer);
    h->held = held;
    cr_assert_eq(pipe(h->release_pipe), 0);
    g_mutex_init(&h->lock);
    g_cond_init(&h->arrived);
    h->requests = g_ptr_array_new_with_free_func(g_free);
    h->listen_fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    socklen_t alen = sizeof a;
    cr_assert_eq(bind(h->listen_fd, (struct sockaddr *)&a, sizeof a), 0);
    cr_assert_eq(listen(h->listen_fd, 8), 0);
    getsockname(h->listen_fd, (struct sockaddr *)&a, &alen);
    h->port = ntohs(a.sin_port);
    cr_assert_eq(pipe(h->stop_pipe), 0);
    pthread_create(&h->thread, NULL, serve, h);
    return h;
}

HostileServer *hostile_start(const char *answer)
{
    return start(answer, false);
}

HostileServer *hostile_start_held(const char *answer)
{
    return start(answer, true);
}

void hostile_release(HostileServer *h)
{
    (void)!write(h->release_pipe[1], "x", 1);
}

const char *hostile_wait_request(HostileServer *h, int n)
{
    gint64 watchdog = g_get_monotonic_time() + 60 * G_USEC_PER_SEC;
    g_mutex_lock(&h->lock);
    while ((int)h->requests->len < n && g_cond_wait_until(&h->arrived, &h->lock, watchdog))
        ;
    const char *got = (int)h->requests->len >= n ? h->requests->pdata[n - 1] : NULL;
    g_mutex_unlock(&h->lock);
    cr_assert_not_null(got, "request %d reached the provider (hung past the watchdog)", n);
    return got;
}

char *hostile_base_url(const HostileServer *h)
{
    return g_strdup_printf("http://127.0.0.1:%u", h->port);
}

void hostile_stop(HostileServer *h)
{
    (void)!write(h->stop_pipe[1], "x", 1);
    hostile_release(h); /* a held answer goes, or its client has gone */
    pthread_join(h->thread, NULL);
    close(h->listen_fd);
    close(h->stop_pipe[0]);
    close(h->stop_pipe[1]);
    close(h->release_pipe[0]);
    close(h->release_pipe[1]);
    g_ptr_array_free(h->requests, TRUE);
    g_mutex_clear(&h->lock);
    g_cond_clear(&h->arrived);
    g_free(h->answer);
    g_free(h);
}

char *hostile_answer(const char *status, const char *headers, const char *body)
{
    return g_strdup_printf("HTTP/1.1 %s\r\nContent-Type: application/json\r\nContent-Length: %zu\r\n"
                           "Connection: close\r\n%s\r\n%s",
                           status, strlen(body), headers, body);
}

static bool harmful(gunichar c)
{
    return (c < 0x20 && c != '\n' && c != '\t') || c == 0x7f || (c >= 0x80 && c <= 0x9f) ||
           (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
}

bool hostile_terminal_safe(const char *s, size_t len, const char **why)
{
    if (memchr(s, 0x1b, len) || memchr(s, 0x07, len))
        return *why = "an ESC or BEL byte", false;
    if (!g_utf8_validate_len(s, len, NULL))
        return *why = "invalid UTF-8 (a raw 0x9b is a C1 CSI to some terminals)", false;
    for (const char *p = s; p < s + len; p = g_utf8_next_char(p))
        if (harmful(g_utf8_get_char(p)))
            return *why = "a control character, C1 control or bidi override", false;
    return true;
}
