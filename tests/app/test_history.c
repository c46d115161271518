/* The history file under stress: two writers, damaged files, a disk that
 * refuses, rotation; and drafts that are always whole. */
#include "app/drafts.h"
#include "app/history_store.h"
#include "tests/support/support.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static char *DIR_;
static void start(void) { DIR_ = g_dir_make_tmp("custty-hist-XXXXXX", NULL); }
static void stop(void)
{
    char *cmd = g_strdup_printf("rm -rf %s", DIR_);
    g_spawn_command_line_sync(cmd, NULL, NULL, NULL, NULL);
    g_free(cmd), g_free(DIR_);
}

TestSuite(history, .init = start, .fini = stop);

static void fill(HistoryEntry *e, int n)
{
    history_entry_init(e);
    e->profile = g_strdup("billing-sandbox");
    e->provider = g_strdup("billing-v1");
    e->outcome = OUTCOME_CREATED;
    e->id = g_strdup_printf("cus_%026d", n);
    e->email = g_strdup_printf("c%d@example.com", n);
    e->request = cJSON_Parse("{\"name\":\"Zoë\",\"email\":\"x@example.com\"}");
}

static HistoryStore store_in(const char *dir)
{
    HistoryStore s;
    history_store_init(&s, dir);
    return s;
}

Test(history, append_and_read_back_private_files)
{
    HistoryStore s = store_in(DIR_);
    HistoryEntry e;
    fill(&e, 1);
    char *why = NULL;
    cr_assert(history_append(&s, &e, &why), "%s", why);
    struct stat st;
    stat(s.path, &st);
    cr_expect_eq(st.st_mode & 0777, 0600);
    stat(s.dir, &st);
    cr_expect_eq(st.st_mode & 0777, 0700);
    GString *notes = g_string_new(NULL);
    GPtrArray *got = history_read_tail(&s, 10, notes);
    cr_assert_eq(got->len, 1);
    HistoryEntry *back = got->pdata[0];
    cr_expect_str_eq(back->id, e.id);
    cr_expect_str_eq(back->entry, e.entry);
    cr_expect_eq(back->outcome, OUTCOME_CREATED);
    cr_expect_str_eq(notes->str, "");
    history_entries_free(got);
    g_string_free(notes, TRUE);
    history_entry_done(&e);
    history_store_done(&s);
}

Test(history, two_writers_500_each_make_1000_whole_lines)
{
    pid_t kids[2];
    for (int k = 0; k < 2; k++) {
        kids[k] = fork();
        if (kids[k] == 0) {
            HistoryStore s = store_in(DIR_);
            for (int i = 0; i < 500; i++) {
                HistoryEntry e;
                fill(&e, k * 1000 + i);
                char *why = NULL;
                if (!history_append(&s, &e, &why))
                    _exit(1);
                history_entry_done(&e);
            }
            _exit(0);
        }
    }
    for (int k = 0; k < 2; k++) {
        int st = 0;
        waitpid(kids[k], &st, 0);
        cr_expect(WIFEXITED(st) && WEXITSTATUS(st) == 0);
    }
    HistoryStore s = store_in(DIR_);
    GString *notes = g_string_new(NULL);
    GPtrArray *got = history_read_tail(&s, 5000, notes);
    cr_expect_eq(got->len, 1000, "every line whole");
    cr_expect_str_eq(notes->str, "", "no damaged line");
    history_entries_free(got);
    g_string_free(notes, TRUE);
    history_store_done(&s);
}

static GPtrArray *read_file_with(const char *text, GString *notes)
{
    HistoryStore s = store_in(DIR_);
    g_mkdir_with_parents(DIR_, 0700);
    g_file_set_contents(s.path, text, -1, NULL);
    GPtrArray *got = history_read_tail(&s, 100, notes);
    history_store_done(&s);
    return got;
}

Test(history, a_cut_last_line_an_empty_file_and_garbage_are_not_fatal)
{
    HistoryEntry e;
    fill(&e, 7);
    char *line = history_entry_to_line(&e);
    char *cut = g_strdup_printf("%s%.*s", line, (int)strlen(line) / 2, line);
    GString *notes = g_string_new(NULL);
    GPtrArray *got = read_file_with(cut, notes);
    cr_expect_eq(got->len, 1, "the whole line is read");
    cr_expect(strstr(notes->str, "cut short"), "%s", notes->str);
    history_entries_free(got);
    g_string_truncate(notes, 0);
    got = read_file_with("", notes);
    cr_expect_eq(got->len, 0);
    cr_expect_str_eq(notes->str, "");
    history_entries_free(got);
    got = read_file_with("\x01\x02garbage\n{\"not\":\"an entry\"}\n\xff\xfe\n", notes);
    cr_expect_eq(got->len, 0);
    cr_expect(strstr(notes->str, "damaged"), "%s", notes->str);
    history_entries_free(got);
    g_string_free(notes, TRUE);
    g_free(line), g_free(cut);
    history_entry_done(&e);
}

Test(history, a_state_dir_that_cannot_be_written_is_named)
{
    char *blocker = g_build_filename(DIR_, "custty", NULL);
    g_file_set_contents(blocker, "a file where the directory should be", -1, NULL);
    HistoryStore s = store_in(blocker);
    HistoryEntry e;
    fill(&e, 1);
    char *why = NULL;
    cr_expect_not(history_append(&s, &e, &why));
    cr_expect(why && strstr(why, blocker), "names the path: %s", why);
    g_free(why);
    why = NULL;
    Values v;
    values_init(&v);
    Descriptor *d = support_provider("billing-v1");
    cr_expect_not(draft_save(blocker, "p", d, &v, NULL, &why));
    cr_expect(why && strstr(why, "cannot save the draft"), "%s", why);
    descriptor_free(d);
    values_done(&v);
    g_free(why), g_free(blocker);
    history_entry_done(&e);
    history_store_done(&s);
}

Test(history, a_full_filesystem_is_reported)
{
    char *mnt = g_build_filename(DIR_, "small", NULL);
    g_mkdir_with_parents(mnt, 0700);
    if (mount("tmpfs", mnt, "tmpfs", 0, "size=16k") != 0)
        cr_skip_test("cannot mount a small tmpfs here (%s); needs root with CAP_SYS_ADMIN", g_strerror(errno));
    HistoryStore s = store_in(mnt);
    char *why = NULL;
    bool failed = false;
    for (int i = 0; i < 200 && !failed; i++) {
        HistoryEntry e;
        fill(&e, i);
        e.response = cJSON_CreateString("padding padding padding padding padding padding padding padding");
        failed = !history_append(&s, &e, &why);
        history_entry_done(&e);
    }
    cr_expect(failed, "the disk fills");
    cr_expect(why && strstr(why, mnt), "and says where: %s", why);
    cr_expect(why && strstr(why, g_strerror(ENOSPC)), "and why: %s", why);
    GString *notes = g_string_new(NULL);
    GPtrArray *got = history_read_tail(&s, 1000, notes);
    cr_expect_gt(got->len, 0, "what was written is still read");
    cr_expect_str_eq(notes->str, "", "and the failed entry left no cut line behind");
    history_entries_free(got);
    g_string_free(notes, TRUE);
    g_free(why);
    history_store_done(&s);
    umount(mnt);
    g_free(mnt);
}

Test(history, rotates_past_the_cap_and_keeps_five)
{
    g_setenv("CUSTTY_HISTORY_MAX_BYTES", "2000", TRUE);
    HistoryStore s = store_in(DIR_);
    g_unsetenv("CUSTTY_HISTORY_MAX_BYTES");
    for (int i = 0; i < 100; i++) {
        HistoryEntry e;
        fill(&e, i);
        char *why = NULL;
        cr_assert(history_append(&s, &e, &why), "%s", why);
        history_entry_done(&e);
    }
    struct stat st;
    stat(s.path, &st);
    cr_expect_leq(st.st_size, 2000);
    for (int i = 1; i <= 5; i++) {
        char *old = g_strdup_printf("%s.%d", s.path, i);
        cr_expect(g_file_test(old, G_FILE_TEST_EXISTS), "%s kept", old);
        g_free(old);
    }
    char *sixth = g_strdup_printf("%s.6", s.path);
    cr_expect_not(g_file_test(sixth, G_FILE_TEST_EXISTS), "older ones dropped");
    g_free(sixth);
    history_store_done(&s);
}

Test(history, drafts_are_whole_private_and_keep_no_secret)
{
    Descriptor *d = support_provider("botpenguin");
    Values v;
    values_init(&v);
    values_set(&v, "username", "ann@example.com", 15);
    values_set(&v, "password", "Sup3rSecret!", 12);
    char *why = NULL;
    cr_assert(draft_save(DIR_, "botpenguin-sandbox", d, &v, "key-1", &why), "%s", why);
    char *path = g_build_filename(DIR_, "drafts", "botpenguin-sandbox.json", NULL), *text = NULL;
    g_file_get_contents(path, &text, NULL, NULL);
    cr_expect_null(strstr(text, "Sup3rSecret"), "no password on disk");
    struct stat st;
    stat(path, &st);
    cr_expect_eq(st.st_mode & 0777, 0600);
    Draft back;
    cr_assert(draft_load(DIR_, "botpenguin-sandbox", d, &back, &why));
    cr_expect_str_eq(values_get(&back.values, "username", NULL), "ann@example.com");
    cr_expect_null(values_get(&back.values, "password", NULL));
    cr_expect_str_eq(back.omitted, "Password", "says which to re-enter");
    cr_expect_str_eq(back.idempotency_key, "key-1");
    draft_done(&back);
    draft_clear(DIR_, "botpenguin-sandbox");
    cr_expect_not(g_file_test(path, G_FILE_TEST_EXISTS));
    g_free(path), g_free(text);
    values_done(&v);
    descriptor_free(d);
}

/* A nullable field set to null is kept as null, not as the text "null". */
Test(history, drafts_keep_a_null)
{
    size_t len = 0;
    char *json = support_fixture("field_types.json", &len), *why = NULL;
    Descriptor *d = descriptor_parse(json, len, "field-types", "field_types.json", &why);
    cr_assert_not_null(d, "%s", why);
    Values v;
    values_init(&v);
    values_set(&v, "email", "ann@example.com", 15);
    values_set_null(&v, "referrer");
    values_set(&v, "tags", "a, b", 4);
    cr_assert(draft_save(DIR_, "types", d, &v, NULL, &why), "%s", why);
    char *path = g_build_filename(DIR_, "drafts", "types.json", NULL), *text = NULL;
    g_file_get_contents(path, &text, NULL, NULL);
    cr_expect(strstr(text, "\"referrer\":\tnull") || strstr(text, "\"referrer\": null"), "%s", text);
    Draft back;
    cr_assert(draft_load(DIR_, "types", d, &back, &why));
    cr_expect(values_is_null(&back.values, "referrer"), "back as null");
    cr_expect_str_eq(values_get(&back.values, "tags", NULL), "a, b");
    draft_done(&back);
    g_free(path), g_free(text), g_free(json);
    values_done(&v);
    descriptor_free(d);
}

/* Two profiles whose names differ only where a file name cannot hold them
 * keep two drafts, and neither is restored into the other. */
Test(history, profiles_with_look_alike_names_keep_their_own_drafts)
{
    Descriptor *d = support_provider("billing-v1");
    Values a, b;
    values_init(&a), values_init(&b);
    values_set(&a, "name", "Space", 5);
    values_set(&b, "name", "Underscore", 10);
    char *why = NULL;
    cr_assert(draft_save(DIR_, "shop a", d, &a, "key-a", &why), "%s", why);
    cr_assert(draft_save(DIR_, "shop_a", d, &b, "key-b", &why), "%s", why);
    Draft back;
    cr_assert(draft_load(DIR_, "shop a", d, &back, &why));
    cr_expect_str_eq(values_get(&back.values, "name", NULL), "Space");
    cr_expect_str_eq(back.idempotency_key, "key-a", "its own key, never the other's");
    draft_done(&back);
    cr_assert(draft_load(DIR_, "shop_a", d, &back, &why));
    cr_expect_str_eq(values_get(&back.values, "name", NULL), "Underscore");
    draft_done(&back);
    draft_clear(DIR_, "shop a"), draft_clear(DIR_, "shop_a");
    values_done(&a), values_done(&b);
    descriptor_free(d);
}

Test(history, a_delete_reads_back_as_one_and_an_old_entry_as_a_create)
{
    HistoryStore s = store_in(DIR_);
    const char *old = "{\"entry\":\"h_1\",\"time\":\"2026-01-01T00:00:00Z\",\"profile\":\"p\",\"outcome\":\"created\","
                      "\"status\":201,\"id\":\"cus_1\"}\n";
    cr_assert(g_file_set_contents(s.path, old, -1, NULL));
    HistoryEntry e;
    history_entry_init(&e);
    e.action = g_strdup("delete");
    e.outcome = OUTCOME_CREATED;
    e.archived = true;
    e.id = g_strdup("cus_1");
    char *why = NULL;
    cr_assert(history_append(&s, &e, &why), "%s", why);
    history_entry_done(&e);
    GString *notes = g_string_new(NULL);
    GPtrArray *got = history_read_tail(&s, 10, notes);
    cr_assert_eq(got->len, 2, "%s", notes->str);
    const HistoryEntry *created = got->pdata[0], *deleted = got->pdata[1];
    cr_expect(history_entry_is_create(created), "an entry from before deletes is a create");
    cr_expect_str_eq(history_entry_outcome_label(created), "created");
    cr_expect_not(history_entry_is_create(deleted));
    cr_expect_str_eq(deleted->action, "delete");
    cr_expect_str_eq(history_entry_outcome_label(deleted), "archived");
    history_entries_free(got);
    g_string_free(notes, TRUE);
    history_store_done(&s);
}

/* A batch writes the answers of a round at once, from a store that keeps its
 * files open: every entry lands whole, in order, in the file at the path,
 * even when a rotation (its own, or another custty's) moved the file away
 * or something was put in its place between two writes. */
Test(history, a_held_store_writes_groups_into_the_file_at_the_path_across_rotations)
{
    g_setenv("CUSTTY_HISTORY_MAX_BYTES", "3000", TRUE);
    HistoryStore s = store_in(DIR_), other = store_in(DIR_);
    g_unsetenv("CUSTTY_HISTORY_MAX_BYTES");
    history_store_hold_open(&s);
    int n = 0;
    for (int round = 0; round < 12; round++) {
        HistoryEntry e[3];
        const HistoryEntry *all[3];
        for (int i = 0; i < 3; i++)
            fill(&e[i], n++), all[i] = &e[i];
        char *why = NULL;
        cr_assert(history_append_all(&s, all, 3, &why), "%s", why);
        for (int i = 0; i < 3; i++)
            history_entry_done(&e[i]);
        if (round == 5) { /* another custty rotates under the held file */
            HistoryEntry o;
            fill(&o, 1000);
            other.max_bytes = 1;
            cr_assert(history_append(&other, &o, &why), "%s", why);
            history_entry_done(&o);
        }
    }
    GString *notes = g_string_new(NULL);
    GPtrArray *got = history_read_tail(&s, 100, notes);
    cr_assert_gt(got->len, 0);
    HistoryEntry *last = got->pdata[got->len - 1];
    char *want = g_strdup_printf("cus_%026d", n - 1);
    cr_expect_str_eq(last->id, want, "the newest entry is in the file at the path, not in a rotated one");
    int total = 0;
    for (int i = 0; i <= 5; i++) { /* every entry written once, across the files */
        char *path = i ? g_strdup_printf("%s.%d", s.path, i) : g_strdup(s.path), *text = NULL;
        if (g_file_get_contents(path, &text, NULL, NULL))
            for (const char *p = text; (p = strstr(p, "\"id\":\"cus_")); p++)
                total++;
        g_free(path), g_free(text);
    }
    cr_expect_eq(total, n + 1, "%d entries and the other's one, each once", n);
    g_free(want);
    history_entries_free(got);
    g_string_free(notes, TRUE);
    history_store_done(&s);
    history_store_done(&other);
}
