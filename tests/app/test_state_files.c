/* The files custty keeps and reads are what they claim to be: a full disk
 * leaves no cut line, a history without line ends is read in bounded bytes,
 * a FIFO or a link is refused, not followed, and a folder of someone else's
 * is named, not used. */
#include "app/drafts.h"
#include "app/history_store.h"
#include "app/last_profile.h"
#include "tests/support/support.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static char *DIR_;   /* a throwaway $XDG_STATE_HOME */
static char *STATE;  /* DIR_/custty: the state folder */
static void start(void)
{
    DIR_ = g_dir_make_tmp("custty-state-XXXXXX", NULL);
    STATE = g_build_filename(DIR_, "custty", NULL);
}
static void stop(void)
{
    char *cmd = g_strdup_printf("rm -rf %s", DIR_);
    g_spawn_command_line_sync(cmd, NULL, NULL, NULL, NULL);
    g_free(cmd), g_free(DIR_), g_free(STATE);
}

TestSuite(state_files, .init = start, .fini = stop);

static void fill(HistoryEntry *e, int n)
{
    history_entry_init(e);
    e->profile = g_strdup("billing-sandbox");
    e->provider = g_strdup("billing-v1");
    e->outcome = OUTCOME_CREATED;
    e->id = g_strdup_printf("cus_%026d", n);
    e->email = g_strdup_printf("c%d@example.com", n);
}

static bool append(HistoryStore *s, int n, char **why)
{
    HistoryEntry e;
    fill(&e, n);
    bool ok = history_append(s, &e, why);
    history_entry_done(&e);
    return ok;
}

static size_t file_size(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? (size_t)st.st_size : 0;
}

static unsigned mode_of(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? st.st_mode & 0777 : 0;
}

/* The ids read back from S, in order, joined by spaces (g_free); NOTES filled. */
static char *ids_read_back(HistoryStore *s, GString *notes)
{
    GPtrArray *got = history_read_tail(s, 100, notes);
    GString *ids = g_string_new(NULL);
    for (guint i = 0; i < got->len; i++)
        g_string_append_printf(ids, "%s%s", i ? " " : "", ((HistoryEntry *)got->pdata[i])->id + 4 + 23);
    history_entries_free(got);
    return g_string_free(ids, FALSE);
}

/* ---- 9: a full disk ------------------------------------------------------------ */

/* In a child whose files may not grow past LIMIT bytes (a disk that fills
 * mid-write), appends entry N; returns why it failed ("" if it did not). */
static char *append_with_file_limit(HistoryStore *s, int n, rlim_t limit)
{
    int fds[2];
    cr_assert_eq(pipe(fds), 0);
    pid_t pid = fork();
    if (pid == 0) {
        signal(SIGXFSZ, SIG_IGN); /* then write() fails with EFBIG instead */
        struct rlimit rl = { limit, limit };
        setrlimit(RLIMIT_FSIZE, &rl);
        char *why = NULL;
        bool ok = append(s, n, &why);
        const char *text = ok ? "" : why;
        (void)!write(fds[1], text, strlen(text));
        _exit(0);
    }
    close(fds[1]);
    char buf[4096] = { 0 };
    ssize_t got = read(fds[0], buf, sizeof buf - 1);
    close(fds[0]);
    waitpid(pid, NULL, 0);
    buf[got > 0 ? got : 0] = 0;
    return g_strdup(buf);
}

Test(state_files, a_write_cut_by_a_full_disk_leaves_the_file_as_it_was)
{
    HistoryStore s;
    history_store_init(&s, STATE);
    char *why = NULL;
    cr_assert(append(&s, 1, &why), "%s", why);
    size_t before = file_size(s.path);
    why = append_with_file_limit(&s, 2, before + 40); /* 40 bytes of the line fit, not the rest */
    cr_expect(strstr(why, g_strerror(EFBIG)), "the message names the cause: %s", why);
    cr_expect(strstr(why, s.path), "and the file: %s", why);
    cr_expect_null(strstr(why, g_strerror(EEXIST)), "not a stale errno: %s", why);
    g_free(why);
    cr_expect_eq(file_size(s.path), before, "what went in of the failed entry came out again");
    why = NULL;
    cr_assert(append(&s, 3, &why), "%s", why);
    GString *notes = g_string_new(NULL);
    char *ids = ids_read_back(&s, notes);
    cr_expect_str_eq(ids, "001 003", "the entry after the failure is read back");
    cr_expect_str_eq(notes->str, "", "and nothing is damaged");
    g_free(ids);
    g_string_free(notes, TRUE);
    history_store_done(&s);
}

Test(state_files, an_append_after_a_cut_line_starts_a_line_of_its_own)
{
    HistoryStore s;
    history_store_init(&s, STATE);
    g_mkdir_with_parents(STATE, 0700);
    HistoryEntry e;
    fill(&e, 1);
    char *line = history_entry_to_line(&e);
    char *cut = g_strdup_printf("%s%.*s", line, (int)strlen(line) / 2, line); /* a crash mid-write */
    g_file_set_contents(s.path, cut, -1, NULL);
    char *why = NULL;
    cr_assert(append(&s, 2, &why), "%s", why);
    GString *notes = g_string_new(NULL);
    char *ids = ids_read_back(&s, notes);
    cr_expect_str_eq(ids, "001 002", "the new entry is not glued to the cut one");
    cr_expect(strstr(notes->str, "1 damaged line skipped"), "the cut one is named: %s", notes->str);
    g_free(ids), g_free(line), g_free(cut);
    g_string_free(notes, TRUE);
    history_entry_done(&e);
    history_store_done(&s);
}

/* ---- 10: a history without line ends ----------------------------------------------- */

/* A 1 GiB history of NUL bytes (sparse: it costs no disk). */
static char *history_without_line_ends(void)
{
    g_mkdir_with_parents(STATE, 0700);
    char *path = g_build_filename(STATE, "history.jsonl", NULL);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    cr_assert(fd >= 0 && ftruncate(fd, (off_t)1 << 30) == 0);
    close(fd);
    return path;
}

Test(state_files, a_history_without_line_ends_is_read_in_bounded_bytes, .timeout = 120)
{
    g_free(history_without_line_ends());
    HistoryStore s;
    history_store_init(&s, STATE);
    GString *notes = g_string_new(NULL);
    GPtrArray *got = history_read_tail(&s, 500, notes);
    cr_expect_eq(got->len, 0);
    cr_expect_leq(s.tail_read, HISTORY_TAIL_MAX_BYTES, "read %lld bytes", (long long)s.tail_read);
    cr_expect(strstr(notes->str, "no line end in its last 64 MiB") && strstr(notes->str, s.path), "%s",
              notes->str);
    history_entries_free(got);
    g_string_free(notes, TRUE);
    history_store_done(&s);
}

static bool stop_now(void) { return true; }

Test(state_files, a_read_gives_way_when_asked_to_stop, .timeout = 120)
{
    g_free(history_without_line_ends());
    HistoryStore s;
    history_store_init(&s, STATE);
    s.stop = stop_now; /* what the console does when a SIGTERM waits */
    GString *notes = g_string_new(NULL);
    GPtrArray *got = history_read_tail(&s, 500, notes);
    cr_expect_eq(s.tail_read, 0, "nothing more is read");
    history_entries_free(got);
    g_string_free(notes, TRUE);
    history_store_done(&s);
}

Test(state_files, custty_history_without_line_ends_finishes_and_says_why, .timeout = 120)
{
    g_free(history_without_line_ends());
    char *env0 = g_strdup_printf("XDG_STATE_HOME=%s", DIR_);
    const char *argv[] = { "history", NULL }, *env[] = { env0, NULL };
    RunResult r = support_run_custty(argv, env, NULL);
    cr_expect_eq(r.status, 0, "%s", r.err);
    cr_expect(strstr(r.err, "has no line end in its last 64 MiB"), "%s", r.err);
    support_run_done(&r);
    g_free(env0);
}

/* ---- 12: unbounded reads ---------------------------------------------------------------- */

Test(state_files, custty_view_of_dev_zero_stops_at_the_cap, .timeout = 120)
{
    /* Under a memory limit, so that a regression fails here instead of filling the machine. */
    char *out = NULL, *err = NULL;
    int status = 0;
    const char *argv[] = { "sh", "-c", "ulimit -v 4000000; exec build/custty view /dev/zero", NULL };
    cr_assert(g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, NULL));
    cr_expect(WIFEXITED(status) && WEXITSTATUS(status) == 2, "exits with a message: status %d, %s", status, err);
    cr_expect(strstr(err, "/dev/zero is too large") && strstr(err, "256 MiB"), "%s", err);
    g_free(out), g_free(err);
}

static Descriptor *D;
static Draft back;

static char *draft_file(void)
{
    char *dir = g_build_filename(STATE, "drafts", NULL);
    g_mkdir_with_parents(dir, 0700);
    char *path = g_build_filename(dir, "billing-sandbox.json", NULL);
    g_free(dir);
    return path;
}

/* draft_load's *WHY for the draft of billing-sandbox, or NULL if it loaded or was none. */
static char *load_refusal(void)
{
    D = support_provider("billing-v1");
    char *why = NULL;
    bool ok = draft_load(STATE, "billing-sandbox", D, &back, &why);
    cr_expect_not(ok, "not restored");
    draft_done(&back);
    descriptor_free(D);
    return why;
}

Test(state_files, a_draft_that_is_a_fifo_is_refused_not_waited_for, .timeout = 30)
{
    char *path = draft_file();
    cr_assert_eq(mkfifo(path, 0600), 0);
    char *why = load_refusal();
    cr_expect(why && strstr(why, path) && strstr(why, "not a regular file"), "%s", why);
    g_free(why), g_free(path);
}

Test(state_files, a_draft_larger_than_a_draft_is_refused_unread)
{
    char *path = draft_file();
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    cr_assert(fd >= 0 && ftruncate(fd, (off_t)1 << 30) == 0);
    close(fd);
    char *why = load_refusal();
    cr_expect(why && strstr(why, path) && strstr(why, "too large"), "%s", why);
    g_free(why), g_free(path);
}

/* ---- 13: the state folder is ours ---------------------------------------------------------- */

Test(state_files, a_symlinked_history_is_refused_not_followed)
{
    g_mkdir_with_parents(STATE, 0700);
    char *elsewhere = g_build_filename(DIR_, "elsewhere", NULL), *path = g_build_filename(STATE, "history.jsonl", NULL);
    g_file_set_contents(elsewhere, "", 0, NULL);
    chmod(elsewhere, 0644);
    cr_assert_eq(symlink(elsewhere, path), 0);
    HistoryStore s;
    history_store_init(&s, STATE);
    char *why = NULL;
    cr_expect_not(append(&s, 1, &why));
    cr_expect(why && strstr(why, path) && strstr(why, "symbolic link"), "%s", why);
    cr_expect_eq(file_size(elsewhere), 0, "nothing written through the link");
    cr_expect_eq(mode_of(elsewhere), 0644, "nor its mode changed");
    GString *notes = g_string_new(NULL);
    g_free(ids_read_back(&s, notes));
    cr_expect(strstr(notes->str, path) && strstr(notes->str, "symbolic link"), "%s", notes->str);
    g_string_free(notes, TRUE);
    g_free(why), g_free(elsewhere), g_free(path);
    history_store_done(&s);
}

Test(state_files, a_symlinked_drafts_folder_is_refused_not_followed)
{
    g_mkdir_with_parents(STATE, 0700);
    char *elsewhere = g_build_filename(DIR_, "elsewhere", NULL), *link = g_build_filename(STATE, "drafts", NULL);
    char *victim = g_build_filename(elsewhere, "billing-sandbox.json", NULL);
    g_mkdir_with_parents(elsewhere, 0755);
    g_file_set_contents(victim, "{\"values\":{\"name\":\"not a draft of ours\"}}", -1, NULL);
    cr_assert_eq(symlink(elsewhere, link), 0);
    D = support_provider("billing-v1");
    Values v;
    values_init(&v);
    values_set(&v, "name", "Ann", 3);
    char *why = NULL;
    cr_expect_not(draft_save(STATE, "other", D, &v, NULL, &why));
    cr_expect(why && strstr(why, link) && strstr(why, "symbolic link"), "%s", why);
    g_free(why);
    why = NULL;
    cr_expect_not(draft_load(STATE, "billing-sandbox", D, &back, &why), "a file behind the link is not read");
    cr_expect(why && strstr(why, link), "%s", why);
    draft_done(&back);
    draft_clear(STATE, "billing-sandbox");
    cr_expect(g_file_test(victim, G_FILE_TEST_EXISTS), "nor removed");
    char *other = g_build_filename(elsewhere, "other.json", NULL);
    cr_expect_not(g_file_test(other, G_FILE_TEST_EXISTS), "nor written");
    cr_expect_eq(mode_of(elsewhere), 0755);
    values_done(&v);
    descriptor_free(D);
    g_free(why), g_free(elsewhere), g_free(link), g_free(victim), g_free(other);
}

Test(state_files, what_is_ours_but_loose_is_tightened)
{
    g_mkdir_with_parents(STATE, 0700);
    chmod(STATE, 0755);
    HistoryStore s;
    history_store_init(&s, STATE);
    HistoryEntry e;
    fill(&e, 1);
    char *line = history_entry_to_line(&e);
    g_file_set_contents(s.path, line, -1, NULL);
    chmod(s.path, 0644);
    GString *notes = g_string_new(NULL);
    char *ids = ids_read_back(&s, notes);
    cr_expect_str_eq(ids, "001");
    cr_expect_eq(mode_of(s.path), 0600, "the history: %o", mode_of(s.path));
    cr_expect_eq(mode_of(STATE), 0700, "its folder: %o", mode_of(STATE));
    char *why = NULL;
    cr_expect(append(&s, 2, &why), "%s", why);
    g_free(ids), g_free(line), g_free(why);
    g_string_free(notes, TRUE);
    history_entry_done(&e);
    history_store_done(&s);
}

static void give_away(const char *path, mode_t mode)
{
    if (geteuid() != 0)
        cr_skip_test("giving a file to another user needs root");
    cr_assert_eq(chown(path, 65534, 65534), 0);
    chmod(path, mode);
}

Test(state_files, a_world_writable_folder_of_someone_else_is_refused)
{
    g_mkdir_with_parents(STATE, 0700);
    give_away(STATE, 0777);
    HistoryStore s;
    history_store_init(&s, STATE);
    char *why = NULL;
    cr_expect_not(append(&s, 1, &why));
    cr_expect(why && strstr(why, STATE) && strstr(why, "belongs to uid 65534"), "%s", why);
    cr_expect(why && strstr(why, "XDG_STATE_HOME"), "says what to do: %s", why);
    cr_expect_not(g_file_test(s.path, G_FILE_TEST_EXISTS), "nothing written there");
    GString *notes = g_string_new(NULL);
    g_free(ids_read_back(&s, notes));
    cr_expect(strstr(notes->str, "belongs to uid 65534"), "%s", notes->str);
    cr_expect_eq(mode_of(STATE), 0777, "someone else's folder is left as it is");
    g_string_free(notes, TRUE);
    g_free(why);
    history_store_done(&s);
}

Test(state_files, a_history_or_drafts_folder_of_someone_else_is_refused)
{
    HistoryStore s;
    history_store_init(&s, STATE);
    char *why = NULL;
    cr_assert(append(&s, 1, &why), "%s", why);
    give_away(s.path, 0600);
    cr_expect_not(append(&s, 2, &why));
    cr_expect(why && strstr(why, s.path) && strstr(why, "belongs to uid 65534"), "%s", why);
    g_free(why);
    char *drafts = g_build_filename(STATE, "drafts", NULL);
    g_mkdir_with_parents(drafts, 0700);
    give_away(drafts, 0700);
    D = support_provider("billing-v1");
    Values v;
    values_init(&v);
    why = NULL;
    cr_expect_not(draft_save(STATE, "p", D, &v, NULL, &why));
    cr_expect(why && strstr(why, drafts) && strstr(why, "belongs to uid 65534"), "%s", why);
    values_done(&v);
    descriptor_free(D);
    g_free(why), g_free(drafts);
    history_store_done(&s);
}

/* The profile used last: written whole and private, read back; a link in its
 * place is refused and named, never followed. */
Test(state_files, the_profile_used_last_is_kept_privately_and_a_link_is_not_followed)
{
    char *why = NULL;
    cr_assert(last_profile_write(STATE, "prolifi-live", &why), "%s", why);
    char *name = last_profile_read(STATE, &why), *path = g_build_filename(STATE, "last-profile", NULL);
    cr_expect_str_eq(name, "prolifi-live");
    struct stat st;
    cr_expect(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600, "private");
    g_free(name);
    g_unlink(path);
    cr_assert_eq(symlink("/etc/hostname", path), 0);
    name = last_profile_read(STATE, &why);
    cr_expect_null(name);
    cr_expect(why && strstr(why, "symbolic link"), "%s", why);
    g_free(why), g_free(path);
}
