#include "app/history_store.h"

#include "model/jsonpath.h"

#include "app/state_file.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#define DEFAULT_MAX_BYTES (16 * 1024 * 1024)
#define TAIL_CHUNK 65536

char *custty_state_dir(void)
{
    return g_build_filename(g_get_user_state_dir(), "custty", NULL);
}

void history_store_init(HistoryStore *s, const char *dir)
{
    s->dir = dir ? g_strdup(dir) : custty_state_dir();
    s->path = g_build_filename(s->dir, "history.jsonl", NULL);
    s->lock_path = g_build_filename(s->dir, "history.lock", NULL);
    const char *max = g_getenv("CUSTTY_HISTORY_MAX_BYTES");
    s->max_bytes = max && *max ? g_ascii_strtoll(max, NULL, 10) : DEFAULT_MAX_BYTES;
    s->keep = 5;
    s->tail_max = HISTORY_TAIL_MAX_BYTES;
    s->tail_read = 0;
    s->stop = NULL;
    s->hold = false;
    s->held_fd = s->held_lock = -1;
}

void history_store_done(HistoryStore *s)
{
    if (s->held_fd >= 0)
        close(s->held_fd);
    if (s->held_lock >= 0)
        close(s->held_lock);
    s->held_fd = s->held_lock = -1;
    g_free(s->dir), g_free(s->path), g_free(s->lock_path);
}

void history_store_hold_open(HistoryStore *s)
{
    s->hold = true;
}

/* Past the cap: history.jsonl → .1 → .2 …, the oldest beyond KEEP dropped. */
static void rotate_if_full(HistoryStore *s, size_t adding)
{
    struct stat st;
    if (lstat(s->path, &st) != 0 || st.st_size + (gint64)adding <= s->max_bytes)
        return;
    for (int i = s->keep; i >= 1; i--) {
        char *from = i == 1 ? g_strdup(s->path) : g_strdup_printf("%s.%d", s->path, i - 1);
        char *to = g_strdup_printf("%s.%d", s->path, i);
        g_rename(from, to);
        g_free(from), g_free(to);
    }
}

/* All of TEXT at the end of FD; false with errno of the call that failed. */
static bool write_all(int fd, const char *text, size_t len)
{
    while (len) {
        ssize_t n = write(fd, text, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return errno = n ? errno : EIO, false;
        text += n, len -= (size_t)n;
    }
    return true;
}

/* A file that does not end a line (a crash cut the last one) gets a line
 * end first, so that this entry starts a line of its own and is read back. */
static bool line_is_open(int fd, off_t size)
{
    char last = '\n';
    return size > 0 && pread(fd, &last, 1, size - 1) == 1 && last != '\n';
}

/* LINES at the end of FD, fsync'ed; on failure the file is cut back to what it was. */
static bool write_lines(HistoryStore *s, int fd, const char *lines, char **why)
{
    struct stat st;
    if (fstat(fd, &st) != 0) {
        *why = g_strdup_printf("cannot write %s: %s", s->path, g_strerror(errno));
        return false;
    }
    char *text = g_strconcat(line_is_open(fd, st.st_size) ? "\n" : "", lines, NULL);
    /* One write: O_APPEND keeps it whole even beside another writer. */
    bool ok = write_all(fd, text, strlen(text)) && fsync(fd) == 0;
    if (!ok) {
        int err = errno;
        /* What went in of a failed entry comes out again: the file stays as it was. */
        if (ftruncate(fd, st.st_size) == 0)
            fsync(fd);
        *why = g_strdup_printf("cannot write %s: %s", s->path, g_strerror(err));
    }
    g_free(text);
    return ok;
}

/* Whether FD, held from an earlier append, is still the file at the path:
 * a rotation (ours or another custty's) or a file put in its place means
 * opening it again. */
static bool still_the_file(const HistoryStore *s, int fd)
{
    struct stat held, now;
    return fstat(fd, &held) == 0 && lstat(s->path, &now) == 0 && S_ISREG(now.st_mode) && held.st_dev == now.st_dev &&
           held.st_ino == now.st_ino;
}

static int open_lock(HistoryStore *s, char **why)
{
    if (s->held_lock >= 0)
        return s->held_lock;
    if (!state_dir_check(s->dir, true, why))
        return -1;
    int lock = state_file_open(s->lock_path, O_RDWR | O_CREAT, why);
    if (s->hold)
        s->held_lock = lock;
    return lock;
}

/* The history file to append to, under the lock. */
static int open_history(HistoryStore *s, char **why)
{
    if (s->held_fd >= 0 && still_the_file(s, s->held_fd))
        return s->held_fd;
    if (s->held_fd >= 0)
        close(s->held_fd), s->held_fd = -1;
    if (s->hold && !state_dir_check(s->dir, true, why))
        return -1; /* checked again: whatever was put in place of the file, the folder is ours */
    int fd = state_file_open(s->path, O_RDWR | O_APPEND | O_CREAT, why);
    if (s->hold)
        s->held_fd = fd;
    return fd;
}

bool history_append(HistoryStore *s, const HistoryEntry *e, char **why)
{
    return history_append_all(s, &e, 1, why);
}

bool history_append_all(HistoryStore *s, const HistoryEntry *const *entries, size_t n, char **why)
{
    if (!n)
        return true;
    int lock = open_lock(s, why);
    if (lock < 0)
        return false;
    GString *lines = g_string_new(NULL);
    for (size_t i = 0; i < n; i++) {
        char *line = history_entry_to_line(entries[i]);
        g_string_append(lines, line);
        g_free(line);
    }
    flock(lock, LOCK_EX); /* two consoles at once interleave no lines */
    rotate_if_full(s, lines->len);
    int fd = open_history(s, why);
    bool ok = fd >= 0 && write_lines(s, fd, lines->str, why);
    flock(lock, LOCK_UN);
    if (!s->hold) {
        if (fd >= 0)
            close(fd);
        close(lock);
    }
    g_string_free(lines, TRUE);
    return ok;
}

/* ---- reading the tail ------------------------------------------------------- */

/* Bytes gathered backwards: they fill BUF from its end, and BUF doubles when
 * full, so that reading N bytes a block at a time costs O(N), not O(N²). */
typedef struct {
    char *buf;
    size_t cap, len;
} Backwards;

static char *backwards_room(Backwards *b, size_t n)
{
    if (b->cap - b->len < n) {
        size_t cap = MAX(b->cap * 2, b->len + n);
        char *bigger = g_malloc(cap);
        if (b->len)
            memcpy(bigger + cap - b->len, b->buf + b->cap - b->len, b->len);
        g_free(b->buf);
        b->buf = bigger, b->cap = cap;
    }
    b->len += n;
    return b->buf + b->cap - b->len;
}

static size_t count_newlines(const char *p, size_t n)
{
    size_t count = 0;
    for (const char *end = p + n; (p = memchr(p, '\n', (size_t)(end - p))) != NULL; p++)
        count++;
    return count;
}

static void note_unread(HistoryStore *s, size_t newlines, GString *notes)
{
    long long mib = (long long)(s->tail_max >> 20);
    if (newlines)
        g_string_append_printf(notes, "history: only the last %lld MiB of %s were read\n", mib, s->path);
    else
        g_string_append_printf(notes, "history: %s has no line end in its last %lld MiB, so no entry could be "
                                      "read (a damaged file? move it away and custty starts a new one)\n",
                               s->path, mib);
}

/* The last bytes of FD holding at least MAX+1 newlines (or all of it), read
 * backwards a block at a time, never more than s->tail_max bytes; a stop
 * asked for (a SIGTERM) ends it between blocks. */
static GString *read_tail_bytes(HistoryStore *s, int fd, size_t max, GString *notes)
{
    struct stat st;
    off_t at = fstat(fd, &st) == 0 ? st.st_size : 0;
    Backwards b = { 0 };
    size_t newlines = 0;
    bool failed = false;
    while (at > 0 && newlines <= max && s->tail_read < s->tail_max && !(s->stop && s->stop())) {
        size_t n = (size_t)MIN(MIN((off_t)TAIL_CHUNK, at), (off_t)(s->tail_max - s->tail_read));
        char *into = backwards_room(&b, n);
        ssize_t got = pread(fd, into, n, at - (off_t)n);
        if ((failed = got != (ssize_t)n)) {
            errno = got < 0 ? errno : EIO; /* short: the file shrank meanwhile */
            b.len -= n;
            break;
        }
        at -= (off_t)n, s->tail_read += (gint64)n;
        newlines += count_newlines(into, n);
    }
    if (failed)
        g_string_append_printf(notes, "history: cannot read %s: %s\n", s->path, g_strerror(errno));
    else if (at > 0 && newlines <= max && s->tail_read >= s->tail_max)
        note_unread(s, newlines, notes);
    const char *p = b.len ? b.buf + b.cap - b.len : "";
    size_t skip = 0;
    if (at > 0) { /* started mid-line: the partial first line is dropped */
        const char *nl = memchr(p, '\n', b.len);
        skip = nl ? (size_t)(nl - p) + 1 : b.len;
    }
    GString *tail = g_string_new_len(p + skip, (gssize)(b.len - skip));
    g_free(b.buf);
    return tail;
}

static void parse_lines(GString *tail, GPtrArray *out, GString *notes)
{
    size_t damaged = 0;
    const char *p = tail->str, *end = tail->str + tail->len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
        HistoryEntry *e = g_new0(HistoryEntry, 1);
        char *why = NULL;
        if (n && history_entry_from_line(p, n, e, &why)) {
            g_ptr_array_add(out, e);
        } else {
            g_free(e);
            if (n && !nl)
                g_string_append(notes, "history: the last entry was cut short (a crash while writing?) "
                                       "and is skipped\n");
            else if (n)
                damaged++;
        }
        g_free(why);
        p += n + (nl ? 1 : 0);
    }
    if (damaged)
        g_string_append_printf(notes, "history: %zu damaged line%s skipped\n", damaged, damaged == 1 ? "" : "s");
}

GPtrArray *history_read_tail(HistoryStore *s, size_t max, GString *notes)
{
    GPtrArray *out = g_ptr_array_new();
    char *why = NULL;
    int fd = -1;
    s->tail_read = 0;
    if (state_dir_check(s->dir, false, &why))
        fd = state_file_open(s->path, O_RDONLY, &why);
    if (fd < 0) {
        if (why)
            g_string_append_printf(notes, "history: %s\n", why);
        g_free(why);
        return out;
    }
    GString *tail = read_tail_bytes(s, fd, max, notes);
    close(fd);
    parse_lines(tail, out, notes);
    g_string_free(tail, TRUE);
    if (out->len > max) {
        for (guint i = 0; i < out->len - max; i++)
            history_entry_done(out->pdata[i]), g_free(out->pdata[i]);
        g_ptr_array_remove_range(out, 0, out->len - (guint)max);
    }
    return out;
}

/* Every entry of one file, oldest first, to FN; a missing file has none. */
static bool scan_file(HistoryStore *s, const char *path, HistoryScanFn fn, void *ctx, char **why)
{
    int fd = state_file_open(path, O_RDONLY, why);
    if (fd < 0)
        return errno == ENOENT && !*why;
    size_t len = 0;
    char *text = read_bounded(fd, (size_t)s->tail_max, path, &len, why);
    close(fd);
    if (!text)
        return false;
    for (const char *p = text, *end = text + len; p < end;) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
        HistoryEntry e;
        char *bad = NULL;
        if (n && history_entry_from_line(p, n, &e, &bad)) { /* a damaged line is no entry, as on a read */
            fn(&e, ctx);
            history_entry_done(&e);
        }
        g_free(bad);
        p += n + (nl ? 1 : 0);
    }
    g_free(text);
    return true;
}

bool history_scan(HistoryStore *s, HistoryScanFn fn, void *ctx, char **why)
{
    *why = NULL;
    if (!state_dir_check(s->dir, false, why))
        return !*why; /* no folder yet: no history */
    bool ok = true;
    for (int i = s->keep; ok && i >= 0; i--) {
        char *path = i ? g_strdup_printf("%s.%d", s->path, i) : g_strdup(s->path);
        ok = scan_file(s, path, fn, ctx, why);
        g_free(path);
    }
    return ok;
}

void history_entries_free(GPtrArray *entries)
{
    for (guint i = 0; entries && i < entries->len; i++) {
        history_entry_done(entries->pdata[i]);
        g_free(entries->pdata[i]);
    }
    if (entries)
        g_ptr_array_free(entries, TRUE);
}

/* The builder both share: REQUEST and RESPONSE are taken. */
static void entry_from_result(HistoryEntry *e, const char *profile, const Descriptor *d, const char *base_url,
                              cJSON *request, const char *key, const NetResult *r, cJSON *response)
{
    history_entry_init(e);
    e->profile = g_strdup(profile);
    e->provider = g_strdup(d->name);
    e->base_url = g_strdup(base_url);
    e->request = request;
    const char *email_field = descriptor_email_field(d);
    const char *email = email_field && e->request ? jsonpath_string(e->request, email_field) : NULL;
    e->email = email ? g_strdup(email) : NULL;
    e->idempotency_key = d->idempotency && key ? g_strdup(key) : NULL;
    e->outcome = r->outcome;
    e->status = r->status;
    e->id = r->response.id ? g_strdup(r->response.id) : NULL;
    e->message = g_strdup(r->error ? r->error : r->response.message);
    e->response = response ? response : r->raw_len && !r->response.document ? cJSON_CreateString(r->raw_body) : NULL;
}

void history_entry_from_result(HistoryEntry *e, const char *profile, const Descriptor *d, const char *base_url,
                               const cJSON *body, const char *key, const NetResult *r)
{
    entry_from_result(e, profile, d, base_url, body ? cJSON_Duplicate(body, true) : NULL, key, r,
                      r->response.document ? cJSON_Duplicate(r->response.document, true) : NULL);
}

void history_entry_taking_result(HistoryEntry *e, const char *profile, const Descriptor *d, const char *base_url,
                                 cJSON *body, const char *key, NetResult *r)
{
    cJSON *document = r->response.document;
    r->response.document = NULL;
    r->response.record = NULL; /* it lay in the document */
    entry_from_result(e, profile, d, base_url, body, key, r, document);
}

static Outcome delete_outcome(const CustomerAnswer *a, const NetResult *r)
{
    switch (a->verdict) {
    case CUSTOMER_DONE: return OUTCOME_CREATED;
    case CUSTOMER_ABSENT: return OUTCOME_REJECTED;
    case CUSTOMER_REFUSED: return a->status == 429 ? OUTCOME_RATE_LIMITED : OUTCOME_REJECTED;
    case CUSTOMER_UNKNOWN: break;
    }
    return a->status ? OUTCOME_SERVER_ERROR : r->outcome == OUTCOME_NOT_SENT ? OUTCOME_NOT_SENT : OUTCOME_UNKNOWN;
}

void history_entry_from_delete(HistoryEntry *e, const char *profile, const Descriptor *d, const char *base_url,
                               const char *id, const char *email, const CustomerAnswer *a, const NetResult *r)
{
    history_entry_init(e);
    e->action = g_strdup("delete");
    e->profile = g_strdup(profile);
    e->provider = g_strdup(d->name);
    e->base_url = g_strdup(base_url);
    e->id = g_strdup(id);
    e->email = g_strdup(email ? email : a->item.email);
    e->outcome = delete_outcome(a, r);
    e->archived = a->archived;
    e->status = a->status;
    e->message = g_strdup(a->message);
    cJSON *doc = r->raw_len ? cJSON_ParseWithLength(r->raw_body, r->raw_len) : NULL;
    e->response = doc ? doc : r->raw_len ? cJSON_CreateString(r->raw_body) : NULL;
}
