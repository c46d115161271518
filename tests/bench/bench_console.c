/* Benchmarks of the console through a real pseudo-terminal, each beside a
 * baseline measured in the same run:
 *  - time to the first full frame, against a minimal ncurses program;
 *  - keystroke-to-echo latency (p50, p99), idle and with a 3 s request in flight;
 *  - bytes written to the terminal per typed character;
 *  - CPU used while idle, and resident memory after start. */
#include <fcntl.h>
#include <glib.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define QUIET_MS 150
#define KEYS 120

typedef struct {
    pid_t pid;
    int fd;
} Child;

static Child spawn(char *const argv[])
{
    Child c = { 0 };
    struct winsize ws = { .ws_row = 30, .ws_col = 100 };
    c.pid = forkpty(&c.fd, NULL, NULL, &ws);
    if (c.pid == 0) {
        setenv("TERM", "xterm-256color", 1);
        setenv("LANG", "C.UTF-8", 1);
        setenv("TZ", "UTC", 1);
        execv(argv[0], argv);
        _exit(127);
    }
    return c;
}

/* Reads until output has been quiet for QUIET_MS; returns the time of the
 * last byte, and adds the bytes read to *BYTES. */
static gint64 read_until_quiet(int fd, gint64 *bytes)
{
    gint64 last = g_get_monotonic_time();
    char buf[65536];
    struct pollfd p = { fd, POLLIN, 0 };
    while (poll(&p, 1, QUIET_MS) > 0) {
        ssize_t n = read(fd, buf, sizeof buf);
        if (n <= 0)
            break;
        *bytes += n;
        last = g_get_monotonic_time();
    }
    return last;
}

static void stop(Child *c)
{
    kill(c->pid, SIGTERM);
    gint64 ignored = 0;
    read_until_quiet(c->fd, &ignored);
    waitpid(c->pid, NULL, 0);
    close(c->fd);
}

static double first_frame_ms(char *const argv[])
{
    gint64 bytes = 0, t0 = g_get_monotonic_time();
    Child c = spawn(argv);
    gint64 last = read_until_quiet(c.fd, &bytes);
    stop(&c);
    return (double)(last - t0) / 1000.0;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double median_of(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return v[n / 2];
}

/* One key, and the time until its echo (the key itself) comes back; the
 * spinner may write meanwhile, so output without the key does not count. */
static double echo_ms(Child *c, char key, gint64 *bytes)
{
    char buf[65536];
    gint64 t0 = g_get_monotonic_time();
    (void)!write(c->fd, &key, 1);
    struct pollfd p = { c->fd, POLLIN, 0 };
    double ms = -1;
    while (poll(&p, 1, ms < 0 ? 1000 : 5) > 0) {
        ssize_t n = read(c->fd, buf, sizeof buf);
        if (n <= 0)
            break;
        if (ms < 0 && memchr(buf, key, (size_t)n))
            ms = (double)(g_get_monotonic_time() - t0) / 1000.0;
        *bytes += n;
    }
    return ms;
}

/* Reads whatever comes within MS (a spinner is never quiet). */
static void drain(int fd, int ms)
{
    char buf[65536];
    gint64 until = g_get_monotonic_time() + ms * 1000;
    struct pollfd p = { fd, POLLIN, 0 };
    while (g_get_monotonic_time() < until && poll(&p, 1, 5) >= 0)
        if (p.revents && read(fd, buf, sizeof buf) <= 0)
            break;
}

/* Clears the field every 40 keys (unmeasured), so the text never scrolls:
 * what is measured is ordinary typing. */
static void latency(Child *c, const char *label)
{
    double v[KEYS];
    gint64 bytes = 0;
    for (int i = 0; i < KEYS; i++) {
        if (i % 40 == 0) {
            (void)!write(c->fd, "\025", 1);
            drain(c->fd, 20);
        }
        v[i] = echo_ms(c, "bcdfghjklm"[i % 10], &bytes);
    }
    qsort(v, KEYS, sizeof *v, cmp_double);
    printf("  keystroke to echo, %-28s p50 %.2f ms, p99 %.2f ms (target p99 < 5)   %.1f bytes per key\n", label,
           v[KEYS / 2], v[KEYS * 99 / 100], (double)bytes / KEYS);
}

static long proc_value(pid_t pid, const char *file, const char *key)
{
    char *path = g_strdup_printf("/proc/%d/%s", (int)pid, file), *text = NULL;
    long v = -1;
    if (g_file_get_contents(path, &text, NULL, NULL)) {
        const char *at = strstr(text, key);
        v = at ? strtol(at + strlen(key), NULL, 10) : -1;
    }
    g_free(path), g_free(text);
    return v;
}

static long cpu_ticks(pid_t pid)
{
    char *path = g_strdup_printf("/proc/%d/stat", (int)pid), *text = NULL;
    long ticks = -1;
    if (g_file_get_contents(path, &text, NULL, NULL)) {
        gchar **f = g_strsplit(strrchr(text, ')') + 2, " ", -1);
        ticks = strtol(f[11], NULL, 10) + strtol(f[12], NULL, 10); /* utime + stime */
        g_strfreev(f);
    }
    g_free(path), g_free(text);
    return ticks;
}

int main(void)
{
    char *base[] = { "build/bench/minimal_curses", NULL };
    char *custty[] = { "build/custty", "--profile", "prolifi-sandbox", "--sandbox-latency", "3000", NULL };
    double b[7], c[7];
    for (int i = 0; i < 7; i++)
        b[i] = first_frame_ms(base), c[i] = first_frame_ms(custty);
    double mb = median_of(b, 7), mc = median_of(c, 7);
    printf("console in a 100×30 pty:\n");
    printf("  first frame: minimal ncurses %.1f ms, custty %.1f ms (ratio %.2f; target <= 2, under 20 ms)\n",
           mb, mc, mc / mb);

    gint64 bytes = 0;
    Child ch = spawn(custty);
    read_until_quiet(ch.fd, &bytes);
    printf("  resident memory after start: %.1f MB (target < 15)\n", proc_value(ch.pid, "status", "VmRSS:") / 1024.0);
    long t0 = cpu_ticks(ch.pid);
    g_usleep(2 * G_USEC_PER_SEC);
    printf("  CPU while idle for 2 s: %ld ticks (target 0: poll sleeps)\n", cpu_ticks(ch.pid) - t0);
    latency(&ch, "idle:");
    (void)!write(ch.fd, "\025bench@example.com", 18); /* Ctrl-U, then an email */
    (void)!write(ch.fd, "\033OQ\t", 4);               /* F2: create, answered in 3 s; Tab */
    g_usleep(200 * 1000);
    latency(&ch, "with a request in flight:");
    stop(&ch);
    return 0;
}
