/* Benchmarks of the history: the console's start-up with 100,000 entries
 * beside start-up with none (it reads the tail, not the file), reading the
 * tail of a history without line ends at growing sizes (linear, then capped),
 * and one append with fsync beside one plain write of the same line. */
#include "app/history_store.h"

#include <fcntl.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static double first_frame_ms(const char *state_home)
{
    struct winsize ws = { .ws_row = 30, .ws_col = 100 };
    int fd;
    gint64 t0 = g_get_monotonic_time(), last = t0;
    pid_t pid = forkpty(&fd, NULL, NULL, &ws);
    if (pid == 0) {
        setenv("TERM", "xterm-256color", 1);
        setenv("LANG", "C.UTF-8", 1);
        setenv("XDG_STATE_HOME", state_home, 1);
        setenv("XDG_CONFIG_HOME", state_home, 1); /* no config of the person's either */
        execl("build/custty", "build/custty", (char *)NULL);
        _exit(127);
    }
    char buf[65536];
    struct pollfd p = { fd, POLLIN, 0 };
    while (poll(&p, 1, 150) > 0 && read(fd, buf, sizeof buf) > 0)
        last = g_get_monotonic_time();
    kill(pid, SIGTERM);
    while (poll(&p, 1, 150) > 0 && read(fd, buf, sizeof buf) > 0)
        ;
    waitpid(pid, NULL, 0);
    close(fd);
    return (double)(last - t0) / 1000.0;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* The median first frame over homes A (the baseline) and B, started in turn
 * (A B A B …) so that both see the same machine load. */
static void median_frames(const char *a, const char *b, double *ma, double *mb)
{
    double va[7], vb[7];
    for (int i = 0; i < 7; i++)
        va[i] = first_frame_ms(a), vb[i] = first_frame_ms(b);
    qsort(va, 7, sizeof *va, cmp), qsort(vb, 7, sizeof *vb, cmp);
    *ma = va[3], *mb = vb[3];
}

/* 100,000 entries written in one go (appending each with fsync would take minutes). */
static void make_big_history(const char *dir)
{
    HistoryStore s;
    history_store_init(&s, dir);
    g_mkdir_with_parents(dir, 0700);
    GString *all = g_string_new(NULL);
    for (int i = 0; i < 100000; i++) {
        HistoryEntry e;
        history_entry_init(&e);
        e.profile = g_strdup("billing-sandbox");
        e.provider = g_strdup("billing-v1");
        e.outcome = OUTCOME_CREATED;
        e.id = g_strdup_printf("cus_%026d", i);
        e.email = g_strdup_printf("customer%d@example.com", i);
        e.request = cJSON_Parse("{\"name\":\"Brighton Mboya\",\"email\":\"b@example.com\"}");
        char *line = history_entry_to_line(&e);
        g_string_append(all, line);
        g_free(line);
        history_entry_done(&e);
    }
    g_file_set_contents(s.path, all->str, (gssize)all->len, NULL);
    printf("  (a history of 100,000 entries: %.1f MB)\n", all->len / 1e6);
    g_string_free(all, TRUE);
    history_store_done(&s);
}

static void append_cost(const char *dir)
{
    HistoryStore s;
    history_store_init(&s, dir);
    HistoryEntry e;
    history_entry_init(&e);
    e.profile = g_strdup("billing-sandbox");
    e.outcome = OUTCOME_CREATED;
    char *line = history_entry_to_line(&e), *plain = g_build_filename(dir, "plain", NULL);
    int fd = open(plain, O_WRONLY | O_APPEND | O_CREAT, 0600);
    const int n = 50;
    gint64 write_total = 0, append_total = 0;
    for (int i = 0; i < n; i++) { /* in turn: a plain write, then an append */
        gint64 t0 = g_get_monotonic_time();
        (void)!write(fd, line, strlen(line));
        gint64 t1 = g_get_monotonic_time();
        char *why = NULL;
        history_append(&s, &e, &why);
        g_free(why);
        write_total += t1 - t0, append_total += g_get_monotonic_time() - t1;
    }
    close(fd);
    double write_us = (double)write_total / n, append_us = (double)append_total / n;
    printf("  one append (lock, one write, fsync) beside a plain write of the line (baseline), %d each in turn: "
           "%.0f us vs %.0f us (ratio %.0f; the fsync is the cost)\n", n, append_us, write_us, append_us / write_us);
    g_free(line), g_free(plain);
    history_entry_done(&e);
    history_store_done(&s);
}

/* A history of SIZE bytes and no line end (sparse: it costs no disk). */
static void make_endless_line(const char *dir, off_t size)
{
    HistoryStore s;
    history_store_init(&s, dir);
    g_mkdir_with_parents(dir, 0700);
    int fd = open(s.path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0 || ftruncate(fd, size) != 0)
        perror(s.path);
    close(fd);
    history_store_done(&s);
}

/* The median time of reading the tail of DIR's history; *READ the bytes it read. */
static double tail_ms(const char *dir, gint64 *read)
{
    double v[5];
    for (int i = 0; i < 5; i++) {
        HistoryStore s;
        history_store_init(&s, dir);
        GString *notes = g_string_new(NULL);
        gint64 t0 = g_get_monotonic_time();
        history_entries_free(history_read_tail(&s, 500, notes));
        v[i] = (double)(g_get_monotonic_time() - t0) / 1000.0;
        *read = s.tail_read;
        g_string_free(notes, TRUE);
        history_store_done(&s);
    }
    qsort(v, 5, sizeof *v, cmp);
    return v[2];
}

static void endless_line_cost(const char *home)
{
    char *dir = g_build_filename(home, "custty", NULL);
    const off_t mib = 1024 * 1024, sizes[] = { 8 * mib, 32 * mib, 128 * mib, 1024 * mib };
    double ms[4];
    gint64 read[4];
    for (int i = 0; i < 4; i++) {
        make_endless_line(dir, sizes[i]);
        ms[i] = tail_ms(dir, &read[i]);
    }
    printf("  a history without line ends: 8 MiB %.1f ms, 32 MiB %.1f ms (ratio %.1f; linear 4, quadratic 16)\n",
           ms[0], ms[1], ms[1] / ms[0]);
    printf("  128 MiB %.1f ms, 1 GiB %.1f ms, each reading %lld MiB of it (ratio %.2f; bounded: about 1)\n", ms[2], ms[3],
           (long long)(read[3] / mib), ms[3] / ms[2]);
    make_endless_line(dir, 0);
    char *other = g_dir_make_tmp("custty-bench-XXXXXX", NULL), *other_dir = g_build_filename(other, "custty", NULL);
    make_endless_line(other_dir, sizes[3]);
    double empty = 0, endless = 0;
    median_frames(home, other, &empty, &endless);
    printf("  console start-up, interleaved: empty history (baseline) %.1f ms, 1 GiB without line ends %.1f ms "
           "(ratio %.2f)\n", empty, endless, endless / empty);
    char *cmd = g_strdup_printf("rm -rf %s", other);
    g_spawn_command_line_sync(cmd, NULL, NULL, NULL, NULL);
    g_free(cmd), g_free(other), g_free(other_dir), g_free(dir);
}

int main(void)
{
    char *empty = g_dir_make_tmp("custty-bench-XXXXXX", NULL), *full = g_dir_make_tmp("custty-bench-XXXXXX", NULL);
    char *full_dir = g_build_filename(full, "custty", NULL);
    printf("history:\n");
    make_big_history(full_dir);
    double none = 0, big = 0;
    median_frames(empty, full, &none, &big);
    printf("  console start-up, interleaved: no history (baseline) %.1f ms, 100,000 entries %.1f ms (ratio %.2f; "
           "target < 1.5)\n", none, big, big / none);
    endless_line_cost(empty);
    append_cost(empty);
    char *cmd = g_strdup_printf("rm -rf %s %s", empty, full);
    g_spawn_command_line_sync(cmd, NULL, NULL, NULL, NULL);
    g_free(cmd), g_free(empty), g_free(full), g_free(full_dir);
    return 0;
}
