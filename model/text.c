#include "model/text.h"

#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <wchar.h>

/* Optimal string alignment distance: a swapped pair ("emial") counts once. */
int text_edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 64 || lb > 64)
        return 99;
    int d[65][65];
    for (size_t i = 0; i <= la; i++)
        d[i][0] = (int)i;
    for (size_t j = 0; j <= lb; j++)
        d[0][j] = (int)j;
    for (size_t i = 1; i <= la; i++) {
        for (size_t j = 1; j <= lb; j++) {
            int cost = g_ascii_tolower(a[i - 1]) == g_ascii_tolower(b[j - 1]) ? 0 : 1;
            d[i][j] = MIN(MIN(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                d[i][j] = MIN(d[i][j], d[i - 2][j - 2] + 1);
        }
    }
    return MIN(d[la][lb], 99);
}

const char *text_closest(const char *word, const char *const *candidates)
{
    const char *best = NULL;
    int best_d = 99;
    for (size_t i = 0; candidates && candidates[i]; i++) {
        int d = text_edit_distance(word, candidates[i]);
        if (d < best_d) {
            best_d = d;
            best = candidates[i];
        }
    }
    /* A third of the word's length is about where typos end and guesses start. */
    int allowed = MAX(1, (int)strlen(word) / 3);
    return best_d <= allowed ? best : NULL;
}

char *text_mask_secret(const char *secret)
{
    if (!secret || !*secret)
        return g_strdup("(none)");
    size_t n = strlen(secret);
    /* One form everywhere, "sk_t…": at most a quarter of it shows, and
     * nothing of a short one, so a short token gives nothing away. */
    size_t shown = n < 12 ? 0 : MIN((size_t)8, n / 4);
    return g_strdup_printf("%.*s…", (int)shown, secret);
}

void text_free_secret(char *secret)
{
    if (!secret)
        return;
    explicit_bzero(secret, strlen(secret));
    g_free(secret);
}

bool text_has_nul(const char *s, size_t len)
{
    return memchr(s, '\0', len) != NULL;
}

char *text_file_name(const char *stem, const char *ext)
{
    /* Dots are left out of the stem too: the extension's is the only one, so
     * the name can neither hide (".x") nor climb ("..") however STEM reads. */
    GString *name = g_string_new(NULL);
    for (const char *p = stem ? stem : ""; *p && name->len < TEXT_FILE_STEM_MAX; p++)
        g_string_append_c(name, g_ascii_isalnum(*p) || *p == '-' || *p == '_' ? *p : '_');
    if (!name->len)
        g_string_append(name, "record");
    g_string_append(name, ext);
    return g_string_free(name, FALSE);
}

/* Reads FD (a regular file) into OUT, stopping one byte past MAX. */
static bool read_capped(int fd, size_t max, GString *out)
{
    char block[65536];
    ssize_t n;
    while (out->len <= max && (n = read(fd, block, MIN(sizeof block, max + 1 - out->len))) != 0) {
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return false;
        g_string_append_len(out, block, n);
    }
    return true;
}

char *text_read_file(const char *path, size_t max, size_t *len, char **err)
{
    /* O_NONBLOCK: opening a FIFO must not wait for a writer. */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC), e = errno;
    struct stat st;
    if (fd < 0) {
        *err = g_strdup_printf("%s: cannot read: %s", path, g_strerror(e));
        errno = e;
        return NULL;
    }
    GString *text = NULL;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
        *err = g_strdup_printf("%s: not a regular file (a FIFO, a device or a folder); only a file is read there", path);
    else if (st.st_uid != geteuid() && st.st_uid != 0)
        *err = g_strdup_printf("%s: belongs to uid %u, not to you: whoever owns it decides where your tokens go; "
                               "it is not read", path, (unsigned)st.st_uid);
    else if (st.st_mode & S_IWOTH)
        *err = g_strdup_printf("%s: any user may change it (mode %04o), and so decide where your tokens go; "
                               "it is not read until you run chmod o-w on it", path, (unsigned)(st.st_mode & 07777));
    else if ((guint64)st.st_size > max || !read_capped(fd, max, text = g_string_new(NULL)) || text->len > max)
        *err = text && text->len <= max
                   ? g_strdup_printf("%s: cannot read: %s", path, g_strerror(errno))
                   : g_strdup_printf("%s: too large (more than %zu KiB); it is not read", path, max / 1024);
    else
        *err = NULL;
    close(fd);
    if (*err) {
        if (text)
            g_string_free(text, TRUE);
        errno = EINVAL;
        return NULL;
    }
    *len = text->len;
    return g_string_free(text, FALSE);
}

static int char_columns(const char *p)
{
    return MAX(0, wcwidth((wchar_t)g_utf8_get_char(p)));
}

/* The columns of S, counted no further than past LIMIT (a long value's
 * rest is not walked for each of its lines). */
static int columns_upto(const char *s, int limit)
{
    int cols = 0;
    for (const char *p = s; *p && cols <= limit; p = g_utf8_next_char(p))
        cols += char_columns(p);
    return cols;
}

size_t text_wrap_take(const char *s, int width, bool at_spaces)
{
    const char *p = s, *space = NULL, *soft = NULL;
    int cols = 0;
    while (*p) {
        int w = char_columns(p);
        if (cols + w > width && p > s)
            break;
        cols += w;
        if (*p == ' ')
            space = p;
        if (strchr(" -/", *p) && cols * 2 >= width)
            soft = p;
        p = g_utf8_next_char(p);
    }
    if (!*p)
        return (size_t)(p - s);
    if (at_spaces && space && space > s)
        return (size_t)(space + 1 - s);
    if (soft)
        return (size_t)(soft + 1 - s);
    /* A hard break: the tail takes a few characters along, so "…e22b2" and
     * not a lone '"' ends it. */
    for (int tail = columns_upto(p, TEXT_WRAP_TAIL); tail <= TEXT_WRAP_TAIL && cols * 2 > width;) {
        p = g_utf8_prev_char(p);
        tail += char_columns(p), cols -= char_columns(p);
    }
    return (size_t)(p - s);
}
