/* The files custty keeps for itself (history, drafts) are opened only as
 * what they claim to be: a directory or regular file of ours, never through a
 * symbolic link, private; and every read is bounded while reading, so that a
 * FIFO, a device or a huge file cannot hang custty or fill its memory. */
#ifndef CUSTTY_APP_STATE_FILE_H
#define CUSTTY_APP_STATE_FILE_H

#include <stdbool.h>
#include <stddef.h>

/* Makes sure DIR is a state directory custty may use: a real directory (not
 * a symbolic link) owned by us, tightened to 0700 if it was looser. With
 * CREATE a missing one is made (parents too); without, a missing one is false
 * with *WHY NULL. Otherwise false and *WHY (g_free): the path, what is wrong
 * and what to do. */
bool state_dir_check(const char *dir, bool create, char **why);

/* Opens PATH (FLAGS as for open(2); O_CREAT makes it 0600): never through a
 * symbolic link, only a regular file owned by us (tightened to 0600), and
 * without blocking on a FIFO. -1 and *WHY on refusal; a missing file without
 * O_CREAT is -1 with errno ENOENT and *WHY NULL. */
int state_file_open(const char *path, int flags, char **why);

/* Reads FD to its end, at most MAX bytes: one byte more and it stops with
 * *WHY naming NAME and the limit. The text is NUL-terminated (g_free); *LEN
 * its length. NULL and *WHY on failure. */
char *read_bounded(int fd, size_t max, const char *name, size_t *len, char **why);

/* Writes LEN bytes of DATA to PATH atomically (a private temporary file
 * renamed over it), never replacing an existing file unless REPLACE. False
 * and *WHY (g_free) otherwise. */
bool state_file_write_atomic(const char *path, const char *data, size_t len, bool replace, char **why);

#endif
