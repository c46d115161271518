#include "app/draft_keeper.h"

#include "app/console_internal.h"
#include "app/drafts.h"

#define DRAFT_DELAY_MS 1000

struct DraftKeeper {
    Console *c;
    unsigned saved_edits, saved_moves, seen_edits;
    gint64 due;              /* 0: nothing to save */
    bool trouble_said;       /* the disk refused once: said, not repeated */
};

void draft_keeper_mark_saved(DraftKeeper *k)
{
    k->saved_edits = k->seen_edits = form_pane_edits(k->c->form);
    k->saved_moves = form_pane_moves(k->c->form);
    k->due = 0;
}

static void save(DraftKeeper *k)
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
    save(self);
}

void draft_keeper_save_now(DraftKeeper *k)
{
    if (form_pane_descriptor(k->c->form) && draft_keeper_due_ms(k) >= 0)
        save(k);
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

void draft_keeper_clear(DraftKeeper *k)
{
    draft_clear(history_list_dir(k->c->history), console_profile(k->c)->name);
    draft_keeper_mark_saved(k);
}

static void draft_keeper_free(void *self)
{
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
