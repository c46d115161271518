#include "ui/status_pane.h"

#include "model/safe_text.h"
#include "ui/line_edit.h"

#include <glib.h>
#include <string.h>

struct StatusPane {
    Pane pane;
    char *profile, *state, *message;
    bool live;
    Tone tone;
    KeyContext keys, host;
};

static StatusPane *of(Pane *p) { return (StatusPane *)p; }

static void draw_status(StatusPane *s)
{
    const Theme *t = s->pane.theme;
    WINDOW *w = s->pane.win;
    int x = 0;
    if (s->live)
        x += pane_put(w, 0, x, t->utf8 ? " ● LIVE " : " LIVE ", s->pane.w, theme_attr(t, TONE_LIVE)) + 1;
    x += pane_put(w, 0, x, s->profile ? s->profile : "", s->pane.w - x, A_BOLD) + 1;
    if (s->state) {
        x += pane_put(w, 0, x, t->utf8 ? "· " : "| ", s->pane.w - x, 0);
        x += pane_put(w, 0, x, s->state, s->pane.w - x, theme_attr(t, s->tone) | A_BOLD) + 1;
    }
    if (s->message && x < s->pane.w)
        pane_put(w, 0, x, s->message, s->pane.w - x, theme_attr(t, s->tone == TONE_GOOD ? TONE_NORMAL : s->tone));
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
    s->profile = g_strdup(profile);
    s->live = live;
    s->pane.dirty = true;
}

void status_pane_set(StatusPane *s, const char *state, Tone tone, const char *message)
{
    g_free(s->state), g_free(s->message);
    s->state = g_strdup(state);
    s->message = message ? safe_text(message, strlen(message)) : NULL;
    s->tone = tone;
    s->pane.dirty = true;
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
