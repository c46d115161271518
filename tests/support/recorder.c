#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* unshare */
#endif
#include "tests/support/recorder.h"

#include <arpa/inet.h>
#include <errno.h>
#include <sched.h>
#include <stdlib.h>
#include <sys/mount.h>
#include <criterion/criterion.h>
#include <glib.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

struct Recorder {
    int fd;
    int stop[2];         /* a pipe: written to stop the thread */
    unsigned port;
    char *answer;
    GThread *thread;
    GMutex lock;
    GString *received;
    unsigned connections;
};

/* Whether BUF holds a whole request: headers, then Content-Length bytes. */
static bool request_complete(const GString *buf)
{
    const char *end = g_strstr_len(buf->str, (gssize)buf->len, "\r\n\r\n");
    if (!end)
        return false;
    const char *cl = g_strstr_len(buf->str, end - buf->str, "\nContent-Length:");
    size_t body = cl ? strtoul(cl + 16, NULL, 10) : 0;
    return buf->len >= (size_t)(end + 4 - buf->str) + body;
}

static void serve_one(Recorder *r, int c)
{
    GString *buf = g_string_new(NULL);
    char chunk[4096];
    ssize_t n = 1;
    struct pollfd p = { .fd = c, .events = POLLIN };
    /* A client that says nothing is given up on, so stopping never hangs. */
    while (!request_complete(buf) && poll(&p, 1, 5000) > 0 && (n = read(c, chunk, sizeof chunk)) > 0)
        g_string_append_len(buf, chunk, n);
    (void)!write(c, r->answer, strlen(r->answer));
    close(c);
    g_mutex_lock(&r->lock);
    g_string_append_len(r->received, buf->str, (gssize)buf->len);
    g_mutex_unlock(&r->lock);
    g_string_free(buf, TRUE);
}

static gpointer recorder_main(gpointer data)
{
    Recorder *r = data;
    for (;;) {
        struct pollfd p[2] = { { r->fd, POLLIN, 0 }, { r->stop[0], POLLIN, 0 } };
        /* A connection already waiting is still served and counted. */
        if (poll(p, 2, -1) < 0 || (p[1].revents && !p[0].revents))
            break;
        int c = accept(r->fd, NULL, NULL);
        if (c < 0)
            continue;
        g_mutex_lock(&r->lock);
        r->connections++;
        g_mutex_unlock(&r->lock);
        serve_one(r, c);
    }
    return NULL;
}

Recorder *recorder_start(const char *address, const char *answer)
{
    Recorder *r = g_new0(Recorder, 1);
    struct sockaddr_in a = { .sin_family = AF_INET };
    socklen_t len = sizeof a;
    cr_assert_eq(inet_pton(AF_INET, address, &a.sin_addr), 1, "%s is an IPv4 address", address);
    r->fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    cr_assert_eq(bind(r->fd, (struct sockaddr *)&a, sizeof a), 0, "binding %s: %s", address, strerror(errno));
    cr_assert_eq(listen(r->fd, 8), 0);
    getsockname(r->fd, (struct sockaddr *)&a, &len);
    r->port = ntohs(a.sin_port);
    cr_assert_eq(pipe(r->stop), 0);
    r->answer = g_strdup(answer ? answer
                                : "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    r->received = g_string_new(NULL);
    g_mutex_init(&r->lock);
    r->thread = g_thread_new("recorder", recorder_main, r);
    return r;
}

unsigned recorder_port(const Recorder *r)
{
    return r->port;
}

char *recorder_stop(Recorder *r, unsigned *connections)
{
    (void)!write(r->stop[1], "x", 1);
    g_thread_join(r->thread);
    close(r->fd), close(r->stop[0]), close(r->stop[1]);
    if (connections)
        *connections = r->connections;
    char *received = g_string_free(r->received, FALSE);
    g_mutex_clear(&r->lock);
    g_free(r->answer);
    g_free(r);
    return received;
}

bool recorder_private_network(const char *address, char **why)
{
    if (unshare(CLONE_NEWNET | CLONE_NEWNS) != 0) {
        *why = g_strdup_printf("unshare(CLONE_NEWNET) is not permitted here (%s)", strerror(errno));
        return false;
    }
    char *cmd = g_strdup_printf("ip link set lo up && ip addr add %s/32 dev lo", address);
    int status = system(cmd);
    g_free(cmd);
    if (status != 0)
        *why = g_strdup_printf("cannot add %s to the namespace's loopback with ip(8)", address);
    return status == 0;
}

bool recorder_private_hosts(const char *hosts, char **why)
{
    char *path = NULL;
    int fd = g_file_open_tmp("custty-hosts-XXXXXX", &path, NULL);
    bool ok = fd >= 0 && write(fd, hosts, strlen(hosts)) == (ssize_t)strlen(hosts) &&
              mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) == 0 &&
              mount(path, "/etc/hosts", NULL, MS_BIND, NULL) == 0;
    if (!ok)
        *why = g_strdup_printf("cannot bind-mount a hosts file over /etc/hosts (%s)", strerror(errno));
    if (fd >= 0)
        close(fd);
    if (path)
        unlink(path); /* the mount keeps it */
    g_free(path);
    return ok;
}
