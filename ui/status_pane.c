#include "ui/status_pane.h"

#include "model/safe_text.h"
#include "ui/line_edit.h"

#include <glib.h>
#include <string.h>

struct StatusPane {
    Pane pane;
    char *profile, *state, *message;
    char *note, *short_note;   /* at the right end while set, escaped */
    bool live;
    bool colon;            /* the message began "STATE: …": drawn "state: …" */
    Tone tone;
    KeyContext keys, host;
    const void *scope;     /* what the message is about, or NULL: it stays */
};

static StatusPane *of(Pane *p) { return (StatusPane *)p; }

static int columns(const char *s)
{
    return s ? text_columns(s, strlen(s)) : 0;
}

/* How much a word of a message matters: 0 a plain word; 1 an email, a URL
 * or a path; 2 an id ("cus_01h…", a UUID). The last two mean nothing cut.
 * Digits and marks alone ("18:53:26).") are a time or a count, not an id:
 * kept before the words around them, they made "… 18:53:26). …". */
static int word_rank(const char *word)
{
    bool digit = false, mark = false, letter = false;
    for (const char *p = word; *p; p++)
        digit |= g_ascii_isdigit(*p), mark |= strchr("_-.:", *p) != NULL, letter |= g_ascii_isalpha(*p);
    if (strlen(word) < 6)
        return 0;
    if (strchr(word, '@') || strchr(word, '/'))
        return 1;
    return digit && mark && letter ? 2 : 0;
}

/* MESSAGE in WIDTH columns: plain words go first, from its end, then emails
 * and paths, ids last, each whole; an ellipsis stands where words went.
 * *KEPT (if not NULL) is how many emails, paths and ids stayed. g_free it. */
static char *fit_message(const char *message, int width, int *kept)
{
    int dummy;
    kept = kept ? kept : &dummy;
    *kept = 0;
    if (columns(message) <= width)
        return g_strdup(message);
    char **words = g_strsplit(message, " ", -1);
    guint n = g_strv_length(words);
    bool *keep = g_new(bool, n);
    for (guint i = 0; i < n; i++)
        keep[i] = true;
    GString *out = g_string_new(NULL);
    for (int pass = 0; pass < 3; pass++)
        for (guint i = n; i-- > 0;) {
            g_string_truncate(out, 0);
            for (guint j = 0; j < n; j++)
                if (keep[j] || j == 0 || keep[j - 1]) /* one ellipsis for a run of words gone */
                    g_string_append_printf(out, "%s%s", out->len ? " " : "", keep[j] ? words[j] : "…");
            if (columns(out->str) <= width)
                goto done;
            if (word_rank(words[i]) <= pass)
                keep[i] = false;
        }
    g_string_assign(out, width >= 1 ? "…" : "");
    for (guint i = 0; i < n; i++)
        keep[i] = false;
done:
    for (guint i = 0; i < n; i++)
        *kept += keep[i] && word_rank(words[i]) > 0;
    g_free(keep);
    g_strfreev(words);
    return g_string_free(out, FALSE);
}

/* At most WIDTH columns of TEXT, with an ellipsis where it is cut. g_free it. */
static char *fit_name(const char *text, int width)
{
    if (columns(text) <= width)
        return g_strdup(text);
    GString *out = g_string_new(NULL);
    for (const char *p = text; *p && columns(out->str) + 1 < width; p = g_utf8_next_char(p))
        g_string_append_len(out, p, g_utf8_next_char(p) - p);
    if (columns(out->str) + 1 > width && out->len)
        g_string_truncate(out, (gsize)(g_utf8_prev_char(out->str + out->len) - out->str));
    g_string_append(out, width > 0 ? "…" : "");
    return g_string_free(out, FALSE);
}

/* Whether NOTE fits in ROOM columns beside MESSAGE whole, a gap between. */
static bool fits_beside(const char *note, const char *message, int room)
{
    return note && columns(message) + (*message ? 2 : 0) + columns(note) <= room;
}

/* The note and the message in ROOM columns. The message, the result of the
 * last action, wins the room: the long note where both fit whole, else the
 * short one, else none where that keeps more of the message's emails and
 * ids ("1 of 10 requests left" hid the id just created). *MESSAGE is set
 * (g_free); returns the note or NULL. */
static const char *fit_note_and_message(const StatusPane *s, int room, char **message)
{
    const char *text = s->message ? s->message : "";
    const char *note = fits_beside(s->note, text, room)         ? s->note
                       : fits_beside(s->short_note, text, room) ? s->short_note
                                                                : NULL;
    if (note || columns(text) <= room) {
        *message = fit_message(text, MAX(0, room - (note ? columns(note) + 2 : 0)), NULL);
        return note;
    }
    int alone = 0, beside = -1;
    char *whole = fit_message(text, MAX(0, room), &alone);
    char *cut = s->short_note && columns(s->short_note) + 2 < room
                    ? fit_message(text, room - columns(s->short_note) - 2, &beside)
                    : NULL;
    bool keep_note = cut && beside >= alone;
    *message = keep_note ? cut : whole;
    g_free(keep_note ? whole : cut);
    return keep_note ? s->short_note : NULL;
}

/* Which profile is never in doubt (a LIVE one least of all): the note and
 * then the message's words give way, never an id, and the name only where
 * it alone is too long. */
static void draw_status(StatusPane *s)
{
    const Theme *t = s->pane.theme;
    WINDOW *w = s->pane.win;
    const char *live = !t->color ? "[LIVE]" : t->utf8 ? " ● LIVE " : " LIVE ", *dot = t->utf8 ? "· " : "| ";
    int x = 0, fixed = (s->live ? columns(live) + 1 : 0) + (s->state ? columns(dot) + columns(s->state) + 1 : 0);
    fixed += s->state && s->colon;
    int room = s->pane.w - fixed;
    char *profile = fit_name(s->profile ? s->profile : "", MAX(1, room - 1));
    char *message = NULL;
    const char *note = fit_note_and_message(s, room - columns(profile) - 1, &message);
    int note_w = note ? columns(note) : 0;
    if (note)
        pane_put(w, 0, s->pane.w - note_w, note, note_w, theme_attr(t, TONE_WARN));
    if (s->live)
        x += pane_put(w, 0, x, live, s->pane.w, theme_attr(t, TONE_LIVE)) + 1;
    x += pane_put(w, 0, x, profile, s->pane.w - x, A_BOLD) + 1;
    if (s->state) {
        x += pane_put(w, 0, x, dot, s->pane.w - x, 0);
        x += pane_put(w, 0, x, s->state, s->pane.w - x, theme_attr(t, s->tone) | A_BOLD);
        if (s->colon && x < s->pane.w)
            x += pane_put(w, 0, x, ":", s->pane.w - x, theme_attr(t, s->tone) | A_BOLD);
        x++;
    }
    if (*message && x < s->pane.w)
        pane_put(w, 0, x, message, s->pane.w - x, theme_attr(t, s->tone == TONE_GOOD ? TONE_NORMAL : s->tone));
    g_free(profile), g_free(message);
}

static void draw_keys(StatusPane *s)
{
    KeyBarItem bar[32];
    size_t n = keys_bar(s->keys, s->host, s->pane.w, bar, G_N_ELEMENTS(bar));
    int x = 0;
    for (size_t i = 0; i < n && x < s->pane.w; i++) {
        x += pane_put(s->pane.win, 1, x, bar[i].key, s->pane.w - x, theme_attr(s->pane.theme, TONE_KEY));
        x += 1 + pane_put(s->pane.win, 1, x + 1, bar[i].label, s->pane.w - x - 1, 0) + 2;
    }
}

static void status_draw(Pane *p)
{
    draw_status(of(p));
    if (p->h > 1)
        draw_keys(of(p));
}

static Action status_key(Pane *p, const KeyEvent *k)
{
    (void)p, (void)k;
    return ACT_NONE;
}

static void status_mouse(Pane *p, int y, int x, int b)
{
    (void)p, (void)y, (void)x, (void)b;
}

static void status_free(Pane *p)
{
    StatusPane *s = of(p);
    g_free(s->profile), g_free(s->state), g_free(s->message);
    g_free(s->note), g_free(s->short_note);
    g_free(s);
}

static const PaneOps STATUS_OPS = { "status", status_draw, status_key, status_mouse, status_free };

StatusPane *status_pane_new(const Theme *theme)
{
    StatusPane *s = g_new0(StatusPane, 1);
    pane_init(&s->pane, &STATUS_OPS, theme);
    s->keys = CTX_FORM;
    s->host = CTX_GLOBAL;
    return s;
}

Pane *status_pane_base(StatusPane *s) { return &s->pane; }

void status_pane_set_profile(StatusPane *s, const char *profile, bool live)
{
    g_free(s->profile);
    /* From config.ini: valid UTF-8 to be measured and cut (pane_put draws
     * what safe_text would escape as U+FFFD). */
    s->profile = profile ? g_utf8_make_valid(profile, -1) : NULL;
    s->live = live;
    s->pane.dirty = true;
}

void status_pane_set_note(StatusPane *s, const char *note, const char *short_note)
{
    g_free(s->note), g_free(s->short_note);
    s->note = note ? safe_text(note, strlen(note)) : NULL; /* a title from a file */
    s->short_note = short_note ? safe_text(short_note, strlen(short_note)) : NULL;
    s->pane.dirty = true;
}

/* MESSAGE without STATE's words when it starts with them: "saved · saved
 * x.json" says the same thing twice. COLON says whether a colon followed
 * them ("not sent: no second customer"): it is kept after the state, so the
 * line reads as the one sentence it was. */
static const char *after_state(const char *state, const char *message, bool *colon)
{
    *colon = false;
    size_t n = state ? strlen(state) : 0;
    if (!message || !n || g_ascii_strncasecmp(message, state, n) != 0 || !strchr(" :", message[n]))
        return message;
    message += n;
    *colon = *message == ':';
    while (*message == ' ' || *message == ':')
        message++;
    *colon = *colon && *message;
    return *message ? message : NULL;
}

void status_pane_set(StatusPane *s, const char *state, Tone tone, const char *message)
{
    status_pane_set_scoped(s, NULL, state, tone, message);
}

void status_pane_set_scoped(StatusPane *s, const void *scope, const char *state, Tone tone, const char *message)
{
    char *old_state = s->state, *old_message = s->message;
    message = after_state(state, message, &s->colon);
    s->state = g_strdup(state);
    s->message = message ? safe_text(message, strlen(message)) : NULL;
    s->tone = tone;
    s->scope = scope;
    s->pane.dirty = true;
    g_free(old_state), g_free(old_message);
}

void status_pane_end_scope(StatusPane *s, const void *scope, const char *state)
{
    if (!scope || s->scope != scope)
        return;
    status_pane_set(s, state, TONE_NORMAL, NULL);
}

void status_pane_set_keys(StatusPane *s, KeyContext ctx)
{
    if (s->keys != ctx)
        s->pane.dirty = true;
    s->keys = ctx;
}

void status_pane_set_key_host(StatusPane *s, KeyContext host)
{
    s->host = host;
    s->pane.dirty = true;
}
