#include "app/draft_keeper.h"

#include "app/console_internal.h"
#include "app/drafts.h"

#include <string.h>

#define DRAFT_DELAY_MS 1000

struct DraftKeeper {
    Console *c;
    unsigned saved_edits, saved_moves, seen_edits;
    gint64 due;              /* 0: nothing to save */
    bool trouble_said;       /* the disk refused once: said, not repeated */
    /* the draft Ctrl-N put aside, with its key and profile */
    bool has_aside;
    Values aside;
    char *aside_key;
    size_t aside_profile;
};

void draft_keeper_mark_saved(DraftKeeper *k)
{
    k->saved_edits = k->seen_edits = form_pane_edits(k->c->form);
    k->saved_moves = form_pane_moves(k->c->form);
    k->due = 0;
}

void draft_keeper_save(DraftKeeper *k)
{
    Console *c = k->c;
    Values v;
    values_init(&v);
    form_pane_values(c->form, &v);
    char *why = NULL;
    if (!draft_save(history_list_dir(c->history), console_profile(c)->name, console_descriptor(c), &v,
                    submission_key(c->submit), &why) && !k->trouble_said) {
        log_pane_add(c->log, LOG_ERROR, why);
        k->trouble_said = true;
    }
    g_free(why);
    values_done(&v);
    draft_keeper_mark_saved(k);
}

/* Ms until a save is due (0: now), or -1 when nothing changed. */
static int draft_keeper_due_ms(void *self)
{
    DraftKeeper *k = self;
    unsigned edits = form_pane_edits(k->c->form), moves = form_pane_moves(k->c->form);
    if (edits == k->saved_edits && moves == k->saved_moves)
        return -1;
    if (edits != k->seen_edits) { /* a keystroke: save a second after the last one */
        k->seen_edits = edits;
        k->due = g_get_monotonic_time() + DRAFT_DELAY_MS * 1000;
    }
    if (moves != k->saved_moves || g_get_monotonic_time() >= k->due)
        return 0;
    return (int)((k->due - g_get_monotonic_time()) / 1000) + 1;
}

static void draft_keeper_tick(void *self)
{
    draft_keeper_save(self);
}

void draft_keeper_save_now(DraftKeeper *k)
{
    if (form_pane_descriptor(k->c->form) && draft_keeper_due_ms(k) >= 0)
        draft_keeper_save(k);
}

static char *saved_when(const char *saved_at)
{
    GTimeZone *utc = g_time_zone_new_utc();
    GDateTime *at = saved_at ? g_date_time_new_from_iso8601(saved_at, utc) : NULL;
    GDateTime *local = at ? g_date_time_to_local(at) : NULL;
    char *when = local ? g_date_time_format(local, "%d %b %H:%M:%S") : g_strdup("earlier");
    if (local)
        g_date_time_unref(local);
    if (at)
        g_date_time_unref(at);
    g_time_zone_unref(utc);
    return when;
}

void draft_keeper_restore(DraftKeeper *k)
{
    Console *c = k->c;
    Draft draft;
    char *why = NULL;
    if (!draft_load(history_list_dir(c->history), console_profile(c)->name, console_descriptor(c), &draft, &why)) {
        if (why)
            log_pane_add(c->log, LOG_WARN, why);
        g_free(why);
        draft_done(&draft);
        return;
    }
    form_pane_load(c->form, console_descriptor(c), &draft.values);
    if (draft.idempotency_key)
        submission_restore_key(c->submit, draft.idempotency_key); /* the history says how it went */
    char *when = saved_when(draft.saved_at);
    char *what = g_strdup_printf("saved %s%s%s", when, draft.omitted ? "; secret fields are never saved: re-enter " : "",
                                 draft.omitted ? draft.omitted : "");
    char *msg = g_strdup_printf("restored the draft %s", what);
    log_pane_add(c->log, LOG_WARN, msg);
    console_status(c, "draft restored", TONE_WARN, what); /* the state says "restored" already */
    g_free(msg), g_free(what), g_free(when);
    draft_keeper_mark_saved(k);
    draft_done(&draft);
}

/* Whether PROFILE has a draft that holds something typed. */
static bool has_draft(DraftKeeper *k, const Profile *p)
{
    const Descriptor *d = provider_set_find(&k->c->providers, p->provider);
    Draft draft = { 0 };
    char *why = NULL; /* a refused draft is named when its profile opens */
    bool found = d && draft_load(history_list_dir(k->c->history), p->name, d, &draft, &why);
    bool typed = found && draft.values.count > 0;
    draft_done(&draft);
    g_free(why);
    return typed;
}

char *draft_keeper_waiting(DraftKeeper *k)
{
    Console *c = k->c;
    GString *names = g_string_new(NULL);
    for (size_t i = 0; i < c->profiles.count; i++)
        if (i != c->profile && has_draft(k, &c->profiles.items[i]))
            g_string_append_printf(names, "%s%s", names->len ? ", " : "", c->profiles.items[i].name);
    return names->len ? g_string_free(names, FALSE) : (g_string_free(names, TRUE), NULL);
}

void draft_keeper_clear(DraftKeeper *k)
{
    draft_clear(history_list_dir(k->c->history), console_profile(k->c)->name);
    draft_keeper_mark_saved(k);
}

/* ---- a draft put aside (Ctrl-N) and brought back (Ctrl-Z) ----------------------- */

static bool form_blank(const FormPane *form)
{
    Values v;
    values_init(&v);
    form_pane_values(form, &v);
    bool blank = true;
    for (size_t i = 0; i < v.count && blank; i++)
        blank = v.items[i].len == 0 && !v.items[i].null;
    values_done(&v);
    return blank;
}

static void drop_aside(DraftKeeper *k)
{
    if (k->has_aside)
        values_done(&k->aside);
    g_free(k->aside_key);
    k->aside_key = NULL;
    k->has_aside = false;
}

/* The form, its key and profile, into the place aside. */
static void take_aside(DraftKeeper *k)
{
    Console *c = k->c;
    drop_aside(k);
    values_init(&k->aside);
    form_pane_values(c->form, &k->aside);
    k->aside_key = g_strdup(submission_key(c->submit));
    k->aside_profile = c->profile;
    k->has_aside = true;
}

static void say(DraftKeeper *k, const char *msg)
{
    log_pane_add(k->c->log, LOG_INFO, msg);
    console_status(k->c, "editing", TONE_NORMAL, msg);
}

void draft_keeper_put_aside(DraftKeeper *k)
{
    Console *c = k->c;
    bool keep = !form_blank(c->form);
    if (keep)
        take_aside(k);
    form_pane_clear(c->form);
    submission_new_draft(c->submit);
    say(k, keep ? "the draft is put aside: Ctrl-Z (or u in the list) brings it back" : "a new draft");
}

/* Whether the form holds exactly V (a field V lacks counts as empty). */
static bool form_holds(const FormPane *form, const Values *v)
{
    Values now;
    values_init(&now);
    form_pane_values(form, &now);
    bool same = true;
    for (size_t i = 0; i < now.count && same; i++) {
        size_t len = 0;
        const char *text = values_get(v, now.items[i].name, &len);
        same = len == now.items[i].len && (!len || memcmp(text, now.items[i].text, len) == 0) &&
               values_is_null(v, now.items[i].name) == now.items[i].null;
    }
    values_done(&now);
    return same;
}

void draft_keeper_set_aside(DraftKeeper *k, const Values *incoming)
{
    if (form_blank(k->c->form) || form_holds(k->c->form, incoming))
        return;
    take_aside(k);
    log_pane_add(k->c->log, LOG_INFO, "the draft in the form is put aside: Ctrl-Z (or u in the list) brings it back");
}

void draft_keeper_bring_back(DraftKeeper *k)
{
    Console *c = k->c;
    if (!k->has_aside) {
        console_status(c, "editing", TONE_NORMAL, "no draft is put aside: Ctrl-N puts one aside");
        return;
    }
    if (k->aside_profile != c->profile && submission_busy(c->submit)) { /* its answer is filed under this one */
        console_status(c, "sending", TONE_WARN, "the draft put aside is another profile's: wait for the answer first");
        return;
    }
    Values back = k->aside;
    char *key = k->aside_key;
    size_t profile = k->aside_profile;
    k->has_aside = false, k->aside_key = NULL;
    bool swapped = !form_blank(c->form);
    if (swapped)
        take_aside(k);
    if (profile == c->profile)
        form_pane_load(c->form, console_descriptor(c), &back);
    else
        console_open_draft(c, profile, &back); /* with that profile's own token */
    submission_restore_key(c->submit, key); /* the history says how it went */
    draft_keeper_save(k);
    console_show_record(c, false);
    console_focus(c, form_pane_base(c->form));
    say(k, swapped ? "the draft put aside is back; the other is put aside (Ctrl-Z swaps them)"
                   : "the draft put aside is back");
    values_done(&back);
    g_free(key);
}

static void draft_keeper_free(void *self)
{
    drop_aside(self);
    g_free(self);
}

static const ControllerOps DRAFT_KEEPER_OPS = {
    .name = "drafts", .due_ms = draft_keeper_due_ms, .tick = draft_keeper_tick, .free = draft_keeper_free,
};

DraftKeeper *draft_keeper_new(Console *c)
{
    DraftKeeper *k = g_new0(DraftKeeper, 1);
    k->c = c;
    return k;
}

Controller draft_keeper_controller(DraftKeeper *k)
{
    return (Controller){ &DRAFT_KEEPER_OPS, k };
}
