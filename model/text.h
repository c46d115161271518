/* Small text helpers shared by the model. */
#ifndef CUSTTY_MODEL_TEXT_H
#define CUSTTY_MODEL_TEXT_H

#include <stdbool.h>
#include <stddef.h>

/* Edit distance between two ASCII-ish strings, capped at 99. */
int text_edit_distance(const char *a, const char *b);

/* The candidate closest to WORD if it is close enough to be a likely typo. */
const char *text_closest(const char *word, const char *const *candidates);

/* Masks a secret for display: a few leading characters and "…". */
char *text_mask_secret(const char *secret);

/* Overwrites and frees a secret string (NULL is fine). */
void text_free_secret(char *secret);

/* A file name made of STEM, safe to offer as a default: only [A-Za-z0-9_-]
 * (anything else becomes '_'), at most TEXT_FILE_STEM_MAX bytes, "record"
 * if nothing is left, then EXT (".json"). No '/', no leading dot, no "..". */
#define TEXT_FILE_STEM_MAX 80
char *text_file_name(const char *stem, const char *ext);

/* Reads PATH whole if it is a regular file of at most MAX bytes, ours (or
 * root's) and not writable by any user: a FIFO or a device is refused
 * without waiting on it, a larger file or one someone else controls without
 * reading it (config.ini and descriptors say where tokens go). NUL-terminated
 * (g_free), *LEN its length; else NULL, *ERR (g_free, starting with PATH) and
 * errno (ENOENT for a missing file). */
char *text_read_file(const char *path, size_t max, size_t *len, char **err);

/* Where the first line of S ends when S wraps in WIDTH columns, in bytes:
 * all of S where it fits. Else after the line's last space when AT_SPACES;
 * else after its last space, '-' or '/' (a UUID, a path) where that leaves
 * the line at least half full; else where the line fills, less what keeps
 * a tail of TEXT_WRAP_TAIL columns or fewer from standing alone (a UUID's
 * closing quote on a line of its own). At least one character. */
#define TEXT_WRAP_TAIL 3
size_t text_wrap_take(const char *s, int width, bool at_spaces);

/* Whether S (LEN bytes) holds a NUL before LEN. */
bool text_has_nul(const char *s, size_t len);

#endif
