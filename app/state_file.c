#define _GNU_SOURCE /* renameat2 */
#include "app/state_file.h"

#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <poll.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#define READ_BLOCK 65536

static char *refusal(const char *path, const char *what, const char *todo)
{
    return g_strdup_printf("refusing %s: %s; %s", path, what, todo);
}

static char *cannot(const char *what, const char *path, int err)
{
    return g_strdup_printf("cannot %s %s: %s", what, path, g_strerror(err));
}

/* Ours, or refused; looser than MODE, tightened (others could read it until now). */
static bool owned_and_private(int fd, const char *path, mode_t mode, char **why)
{
    struct stat st;
    if (fstat(fd, &st) != 0)
        return *why = cannot("read", path, errno), false;
    if (st.st_uid != geteuid()) {
        *why = g_strdup_printf("refusing %s: it belongs to uid %u, not to you (uid %u), so someone else can change "
                               "what custty reads and writes there; remove it, or set XDG_STATE_HOME to a "
                               "directory of yours", path, (unsigned)st.st_uid, (unsigned)geteuid());
        return false;
    }
    if ((st.st_mode & 0777 & ~mode) && fchmod(fd, st.st_mode & mode) != 0)
        return *why = cannot("make private", path, errno), false;
    return true;
}

/* Why opening PATH with O_NOFOLLOW gave ELOOP or ENOTDIR, said for a person. */
static char *not_what_it_should_be(const char *path, const char *kind)
{
    struct stat st;
    if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode))
        return refusal(path, "it is a symbolic link, and custty follows none among its own files",
                       "remove the link (custty makes a new one in its place)");
    char *what = g_strdup_printf("it is not a %s", kind);
    char *why = refusal(path, what, "move it away (custty makes a new one in its place)");
    g_free(what);
    return why;
}

static bool make_dir(const char *dir, char **why)
{
    char *parent = g_path_get_dirname(dir);
    bool ok = g_mkdir_with_parents(parent, 0700) == 0;
    if (!ok)
        *why = cannot("create", parent, errno);
    g_free(parent);
    if (ok && mkdir(dir, 0700) != 0 && errno != EEXIST)
        return *why = cannot("create", dir, errno), false;
    return ok;
}

bool state_dir_check(const char *dir, bool create, char **why)
{
    *why = NULL;
    if (create && !make_dir(dir, why))
        return false;
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0 && errno == ENOENT && !create)
        return false;
    if (fd < 0 && (errno == ELOOP || errno == ENOTDIR))
        return *why = not_what_it_should_be(dir, "directory"), false;
    if (fd < 0)
        return *why = cannot("open", dir, errno), false;
    bool ok = owned_and_private(fd, dir, 0700, why);
    close(fd);
    return ok;
}

int state_file_open(const char *path, int flags, char **why)
{
    *why = NULL;
    /* O_NONBLOCK: opening a FIFO must not wait for a writer before fstat can refuse it. */
    int fd = open(path, flags | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC, 0600);
    if (fd < 0) {
        int err = errno;
        if (err == ENOENT && !(flags & O_CREAT))
            return errno = ENOENT, -1;
        *why = err == ELOOP ? not_what_it_should_be(path, "regular file")
             : err == ENXIO ? refusal(path, "it is not a regular file", "move it away")
                            : cannot("open", path, err);
        return -1;
    }
    struct stat st;
    bool ok = fstat(fd, &st) == 0;
    if (!ok)
        *why = cannot("read", path, errno);
    else if (!S_ISREG(st.st_mode))
        ok = false, *why = refusal(path, "it is not a regular file (a FIFO, a device or a directory)",
                                   "move it away (custty makes a new one in its place)");
    ok = ok && owned_and_private(fd, path, 0600, why) &&
         fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) == 0;
    if (!ok && !*why)
        *why = cannot("open", path, errno);
    if (!ok)
        close(fd);
    return ok ? fd : -1;
}

static char *too_large(const char *name, size_t max)
{
    return g_strdup_printf("%s is too large: custty reads at most %zu MiB of it", name, max >> 20);
}

/* One read into BUF's end: its count, 0 at the end, -1 with errno on failure. */
static ssize_t read_block(int fd, GString *buf, size_t room)
{
    size_t had = buf->len;
    g_string_set_size(buf, had + room);
    ssize_t n;
    for (;;) {
        n = read(fd, buf->str + had, room);
        if (n >= 0 || (errno != EINTR && errno != EAGAIN))
            break;
        if (errno == EAGAIN) /* a non-blocking stdin: wait for it */
            poll(&(struct pollfd){ fd, POLLIN, 0 }, 1, -1);
    }
    int err = errno;
    g_string_set_size(buf, had + (n > 0 ? (size_t)n : 0));
    errno = err;
    return n;
}

char *read_bounded(int fd, size_t max, const char *name, size_t *len, char **why)
{
    *why = NULL;
    struct stat st;
    bool regular = fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
    if (regular && (guint64)st.st_size > max) /* said at once, nothing read */
        return *why = too_large(name, max), NULL;
    GString *buf = g_string_sized_new(regular ? (gsize)st.st_size + 1 : READ_BLOCK);
    ssize_t n = 0;
    /* One byte past MAX tells "too large" from "exactly MAX" without reading on. */
    while (buf->len <= max && (n = read_block(fd, buf, MIN((size_t)READ_BLOCK, max + 1 - buf->len))) > 0)
        ;
    if (buf->len > max || n < 0) {
        *why = buf->len > max ? too_large(name, max) : cannot("read", name, errno);
        g_string_free(buf, TRUE);
        return NULL;
    }
    *len = buf->len;
    return g_string_free(buf, FALSE);
}

/* A temporary file beside PATH, renamed over it: a reader sees the old file
 * or the new one, never half of one; RENAME_NOREPLACE keeps an existing file
 * unless REPLACE, with no window between the check and the write. */
bool state_file_write_atomic(const char *path, const char *data, size_t len, bool replace, char **why)
{
    *why = NULL;
    char *tmp = g_strdup_printf("%s.tmp-XXXXXX", path);
    int fd = g_mkstemp_full(tmp, O_WRONLY | O_CLOEXEC, 0600);
    bool ok = fd >= 0;
    for (size_t done = 0; ok && done < len;) {
        ssize_t n = write(fd, data + done, len - done);
        ok = n > 0 || (n < 0 && errno == EINTR);
        done += n > 0 ? (size_t)n : 0;
    }
    ok = ok && fsync(fd) == 0;
    if (fd >= 0 && close(fd) != 0)
        ok = false;
    if (!ok)
        *why = cannot("write", fd >= 0 ? tmp : path, errno);
    else if (renameat2(AT_FDCWD, tmp, AT_FDCWD, path, replace ? 0 : RENAME_NOREPLACE) != 0)
        *why = errno == EEXIST ? refusal(path, "already exists", "use --force to replace it")
                               : cannot("write", path, errno);
    if (*why && fd >= 0)
        unlink(tmp);
    g_free(tmp);
    return !*why;
}
