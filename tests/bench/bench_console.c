/* Benchmarks of the console through a real pseudo-terminal, each beside a
 * baseline measured in the same run, the two sides interleaved (A B A B …):
 *  - time to the first full frame, against a minimal ncurses program;
 *  - keystroke-to-echo latency (p50, p99) with a request in flight, against
 *    the same console idle, key by key;
 *  - bytes written to the terminal per typed character (absolute);
 *  - CPU used while idle and resident memory after start (absolute, with the
 *    minimal ncurses program's beside them).
 * Everything runs in a home of its own (HOME, XDG_*): the create the
 * benchmark sends never reaches the person's history or drafts. */
#include <arpa/inet.h>
#include <fcntl.h>
#include <glib.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#define QUIET_MS 150
#define KEYS 120

/* Where a reader of the terminal output stands: escape sequences (their
 * final letters included) are not echoes of a typed key. */
typedef enum { SCAN_TEXT, SCAN_ESC, SCAN_CSI, SCAN_STRING, SCAN_STRING_ESC, SCAN_CHARSET } ScanState;

typedef struct {
    pid_t pid;
    int fd;
    ScanState scan; /* carried across reads: a sequence may be split */
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

/* Whether BUF holds KEY as text, outside any escape sequence (CSI, OSC, DCS
 * and the like, charset selection, two-byte ESC sequences). */
static bool text_holds(Child *c, const char *buf, size_t n, char key)
{
    bool seen = false;
    for (size_t i = 0; i < n; i++) {
        unsigned char b = (unsigned char)buf[i];
        switch (c->scan) {
        case SCAN_TEXT:
            if (b == 0x1b)
                c->scan = SCAN_ESC;
            else if (b == (unsigned char)key)
                seen = true;
            break;
        case SCAN_ESC:
            c->scan = b == '[' ? SCAN_CSI : strchr("]P_^X", b) ? SCAN_STRING : strchr("()*+-./", b) ? SCAN_CHARSET
                                                                                                 : SCAN_TEXT;
            break;
        case SCAN_CSI:
            if (b >= 0x40 && b <= 0x7e)
                c->scan = SCAN_TEXT;
            break;
        case SCAN_STRING:
            c->scan = b == 0x07 ? SCAN_TEXT : b == 0x1b ? SCAN_STRING_ESC : SCAN_STRING;
            break;
        case SCAN_STRING_ESC:
            c->scan = b == '\\' ? SCAN_TEXT : SCAN_STRING;
            break;
        case SCAN_CHARSET:
            c->scan = SCAN_TEXT;
            break;
        }
    }
    return seen;
}

/* One key, and the time until its echo (the key itself, as text) comes back;
 * the spinner may write meanwhile, so output without the key does not count. */
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
        if (text_holds(c, buf, (size_t)n, key) && ms < 0)
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

/* Typed keys: capitals that neither the status line nor the spinner write
 * as text while a request is in flight. */
static const char KEYS_TYPED[] = "QXZJVWYK";

/* Types the same keys into A (the baseline) and B, one key to each in turn,
 * so that both sides see the same machine load; clears the field every 40
 * keys (unmeasured), so the text never scrolls: what is measured is ordinary
 * typing. */
static void latency(Child *a, Child *b)
{
    double va[KEYS], vb[KEYS];
    gint64 bytes_a = 0, bytes_b = 0;
    for (int i = 0; i < KEYS; i++) {
        if (i % 40 == 0) {
            (void)!write(a->fd, "\025", 1), (void)!write(b->fd, "\025", 1);
            drain(a->fd, 20), drain(b->fd, 20);
        }
        char key = KEYS_TYPED[i % (sizeof KEYS_TYPED - 1)];
        va[i] = echo_ms(a, key, &bytes_a);
        vb[i] = echo_ms(b, key, &bytes_b);
    }
    qsort(va, KEYS, sizeof *va, cmp_double);
    qsort(vb, KEYS, sizeof *vb, cmp_double);
    printf("  keystroke to echo, %d keys each, interleaved:\n", KEYS);
    printf("    idle (baseline):           p50 %.2f ms, p99 %.2f ms\n", va[KEYS / 2], va[KEYS * 99 / 100]);
    printf("    with a request in flight:  p50 %.2f ms, p99 %.2f ms  (ratio to idle: p50 %.2f, p99 %.2f; "
           "target p99 < 5 ms absolute)\n",
           vb[KEYS / 2], vb[KEYS * 99 / 100], vb[KEYS / 2] / va[KEYS / 2], vb[KEYS * 99 / 100] / va[KEYS * 99 / 100]);
    printf("    bytes written per key (absolute): idle %.1f, in flight %.1f\n", (double)bytes_a / KEYS,
           (double)bytes_b / KEYS);
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

/* A home of its own for every program the benchmark starts (g_free; remove
 * with remove_home): HOME and the XDG folders, and a profile whose provider
 * is LISTENER's port, where nobody ever answers. */
static char *make_home(unsigned port)
{
    char *home = g_dir_make_tmp("custty-bench-XXXXXX", NULL);
    char *config = g_build_filename(home, "config", NULL), *state = g_build_filename(home, "state", NULL);
    char *data = g_build_filename(home, "data", NULL), *cache = g_build_filename(home, "cache", NULL);
    char *dir = g_build_filename(config, "custty", NULL), *ini = g_build_filename(dir, "config.ini", NULL);
    char *text = g_strdup_printf("[held]\nprovider = prolifi\nbase_url = http://127.0.0.1:%u\ntimeout = 3600\n", port);
    g_mkdir_with_parents(dir, 0700);
    g_file_set_contents(ini, text, -1, NULL);
    setenv("HOME", home, 1), setenv("XDG_CONFIG_HOME", config, 1), setenv("XDG_STATE_HOME", state, 1);
    setenv("XDG_DATA_HOME", data, 1), setenv("XDG_CACHE_HOME", cache, 1);
    setenv("CUSTTY_TOKEN", "sk_test_bench0000", 1);
    g_free(config), g_free(state), g_free(data), g_free(cache), g_free(dir), g_free(ini), g_free(text);
    return home;
}

static void remove_home(char *home)
{
    char *argv[] = { "rm", "-rf", home, NULL };
    g_spawn_sync(NULL, argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
    g_free(home);
}

/* A loopback port that takes connections (the kernel's backlog does) and
 * never answers: a request sent there stays in flight. */
static int listen_silent(unsigned *port)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    socklen_t len = sizeof a;
    if (bind(fd, (struct sockaddr *)&a, sizeof a) != 0 || listen(fd, 16) != 0) {
        perror("bench_console: listen");
        exit(1);
    }
    getsockname(fd, (struct sockaddr *)&a, &len);
    *port = ntohs(a.sin_port);
    return fd;
}

int main(void)
{
    unsigned port = 0;
    int silent = listen_silent(&port);
    char *home = make_home(port);
    char *base[] = { "build/bench/minimal_curses", NULL };
    char *custty[] = { "build/custty", "--profile", "prolifi-sandbox", NULL };
    char *held[] = { "build/custty", "--profile", "held", NULL };
    double b[7], c[7];
    for (int i = 0; i < 7; i++)
        b[i] = first_frame_ms(base), c[i] = first_frame_ms(custty);
    double mb = median_of(b, 7), mc = median_of(c, 7);
    printf("console in a 100×30 pty:\n");
    printf("  first frame, 7 runs each, interleaved: minimal ncurses (baseline) %.1f ms, custty %.1f ms "
           "(ratio %.2f; target <= 2)\n", mb, mc, mc / mb);

    gint64 bytes = 0;
    Child idle = spawn(held), busy = spawn(held);
    read_until_quiet(idle.fd, &bytes), read_until_quiet(busy.fd, &bytes);
    printf("  resident memory after start (absolute): %.1f MB (target < 15)\n",
           proc_value(idle.pid, "status", "VmRSS:") / 1024.0);
    (void)!write(busy.fd, "\025bench@example.com", 18); /* Ctrl-U, then an email */
    (void)!write(busy.fd, "\033OQ\t", 4);               /* F2: create, never answered; Tab */
    drain(busy.fd, 300);
    long i0 = cpu_ticks(idle.pid), b0 = cpu_ticks(busy.pid);
    drain(busy.fd, 2000); /* the spinner writes: read it, or the pty fills */
    printf("  CPU over the same 2 s (absolute, %ld ticks a second): idle %ld ticks (target 0: poll sleeps), "
           "with a request in flight %ld ticks\n", sysconf(_SC_CLK_TCK), cpu_ticks(idle.pid) - i0,
           cpu_ticks(busy.pid) - b0);
    latency(&idle, &busy);
    stop(&idle), stop(&busy);
    close(silent);
    remove_home(home);
    return 0;
}
