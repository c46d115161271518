#include "app/token_flow.h"

#include "app/bound_token.h"
#include "app/console_internal.h"
#include "app/keyring.h"
#include "app/tokens.h"
#include "model/auth.h"
#include "model/safe_text.h"
#include "model/text.h"
#include "model/validate.h"

#include <string.h>

struct TokenFlow {
    Console *c;
    BoundToken token;        /* handed out only for the profile it belongs to */
    KeyringCall *keyring;    /* a lookup or store under way */
    KeyringOp op;
    size_t keyring_profile;  /* whose token the call is about */
    bool no_keyring;         /* the keyring last answered "unavailable": saving there is not offered */
};

/* Whether P's provider takes a token at all: one without auth has nothing
 * in the keyring to look for, and nothing to warn about. */
static bool wants_token(const Console *c, const Profile *p)
{
    const Descriptor *d = provider_set_find(&c->providers, p->provider);
    return !p->sandbox && d && d->auth != AUTH_NONE;
}

static void start_lookup(TokenFlow *t)
{
    const Profile *p = console_profile(t->c);
    if (t->keyring)
        return; /* when it ends, a lookup for the profile then open follows */
    t->keyring = keyring_call_start(KEYRING_LOOKUP, p->name, p->provider, NULL);
    t->op = KEYRING_LOOKUP;
    t->keyring_profile = t->c->profile;
}

void token_flow_use_profile(TokenFlow *t, size_t index)
{
    const Profile *p = &t->c->profiles.items[index];
    const char *demo = t->c->sandbox ? sandbox_token_for(t->c->sandbox, p->provider) : NULL;
    TokenOrigin origin = TOKEN_NONE;
    char *secret = tokens_lookup_local(p, demo, &origin);
    bound_token_set(&t->token, p, secret, origin);
    if (!secret && wants_token(t->c, p))
        start_lookup(t);
}

const char *token_flow_peek(const TokenFlow *t, const Profile *p)
{
    return bound_token_peek(&t->token, p);
}

char *token_flow_copy(const TokenFlow *t, const Profile *p)
{
    return bound_token_copy(&t->token, p);
}

/* ---- the keyring's answers ------------------------------------------------------ */

static void looked_up(TokenFlow *t, KeyringStatus s, char *secret, const char *why)
{
    Console *c = t->c;
    const Profile *asked = &c->profiles.items[t->keyring_profile], *p = console_profile(c);
    t->no_keyring = s == KEYRING_UNAVAILABLE;
    if (asked != p) {
        /* The person moved on while the keyring answered: that token stays
         * where it belongs, and the profile now open gets its own lookup. */
        text_free_secret(secret);
        if (!bound_token_is_for(&t->token, p) && wants_token(c, p))
            start_lookup(t);
        return;
    }
    if (s == KEYRING_OK && !bound_token_is_for(&t->token, p)) {
        bound_token_set(&t->token, p, secret, TOKEN_KEYRING);
        log_pane_add(c->log, LOG_INFO, "token: from the keyring");
        return;
    }
    text_free_secret(secret);
    if (s == KEYRING_OK)
        return; /* one was typed meanwhile: it wins */
    char *msg = s == KEYRING_NOT_FOUND
                    ? g_strdup_printf("no token for %s in the keyring: F7 enters one (or F2 asks for it)", p->name)
                    : g_strdup_printf("keyring: %s. A token you enter is kept for this run only.", why);
    log_pane_add(c->log, LOG_WARN, msg);
    g_free(msg);
}

static void stored(TokenFlow *t, KeyringStatus s, const char *why)
{
    const Profile *p = &t->c->profiles.items[t->keyring_profile];
    t->no_keyring = s == KEYRING_UNAVAILABLE;
    char *msg = s == KEYRING_OK ? g_strdup_printf("token saved in the keyring for %s", p->name)
                                : g_strdup_printf("the token was not saved (%s); it is kept for this run only", why);
    log_pane_add(t->c->log, s == KEYRING_OK ? LOG_INFO : LOG_WARN, msg);
    g_free(msg);
}

static void token_flow_on_fd(void *self)
{
    TokenFlow *t = self;
    char *secret = NULL, *why = NULL;
    KeyringOp op = t->op;
    KeyringStatus s = keyring_call_finish(t->keyring, KEYRING_TIMEOUT_MS, &secret, &why);
    t->keyring = NULL;
    if (op == KEYRING_LOOKUP) {
        looked_up(t, s, secret, why);
    } else {
        stored(t, s, why);
        text_free_secret(secret);
    }
    g_free(why);
}

/* ---- asking --------------------------------------------------------------------- */

/* What a typed token carries to the "keep it?" question and beyond. */
typedef struct {
    TokenFlow *t;
    char *token;             /* wiped when done */
    size_t profile;
    void (*then)(void *ctx); /* the submission to carry on with, or NULL */
    void *ctx;
} Typed;

static void typed_free(void *p)
{
    Typed *ty = p;
    text_free_secret(ty->token);
    g_free(ty);
}

static void keep_answered(void *ctx, bool yes, const char *text)
{
    Typed *ty = ctx;
    TokenFlow *t = ty->t;
    const Profile *p = &t->c->profiles.items[ty->profile];
    (void)text;
    if (yes && !t->keyring) {
        t->keyring = keyring_call_start(KEYRING_STORE, p->name, p->provider, ty->token);
        t->op = KEYRING_STORE;
        t->keyring_profile = ty->profile;
    }
    console_status(t->c, "editing", TONE_NORMAL, "token ready: F2 creates");
    if (ty->then)
        ty->then(ty->ctx);
}

static void ask_again(TokenFlow *t, const char *why, void (*then)(void *ctx), void *ctx);

/* A token typed in the dialog: checked, kept for the run, offered to the keyring. */
static void typed(TokenFlow *t, const char *token, void (*then)(void *ctx), void *ctx)
{
    Console *c = t->c;
    const Profile *p = console_profile(c);
    FieldCheck check;
    char *clean = g_strstrip(g_strdup(token));
    validate_token(console_descriptor(c), clean, true, &check);
    if (!check.ok) {
        console_status(c, "token refused", TONE_BAD, check.message);
        text_free_secret(clean);
        ask_again(t, check.message, then, ctx);
        return;
    }
    bound_token_set(&t->token, p, g_strdup(clean), TOKEN_MEMORY);
    tokens_remember(p, clean);
    if (t->no_keyring) { /* asking to save where nothing can be saved only misleads */
        text_free_secret(clean);
        log_pane_add(c->log, LOG_INFO, "token: kept for this run only (there is no keyring to save it in)");
        console_status(c, "editing", TONE_NORMAL, "token ready for this run: F2 creates");
        if (then)
            then(ctx);
        return;
    }
    Typed *ty = g_new0(Typed, 1);
    *ty = (Typed){ t, clean, c->profile, then, ctx };
    char *q = g_strdup_printf("Save this token in the system keyring for %s?\n(n keeps it for this run only)", p->name);
    dialog_ask(c->dialog, "Save the token?", q, (DialogThen){ keep_answered, ty, typed_free });
    dialog_place(c->dialog, LINES, COLS);
    g_free(q);
}

/* What "Token needed" carries: the submission waiting for it. */
typedef struct {
    TokenFlow *t;
    void (*then)(void *ctx);
    void *ctx;
} Waiting;

static void needed_answered(void *ctx, bool yes, const char *text)
{
    Waiting *w = ctx;
    if (yes && text)
        typed(w->t, text, w->then, w->ctx);
}

/* The token question, naming the profile and its provider (a LIVE one
 * says so), and saying how what is typed shows. */
static void ask_secret(TokenFlow *t, const char *title, const char *state, DialogThen then)
{
    Console *c = t->c;
    const Profile *p = console_profile(c);
    char *name = safe_text(p->name, strlen(p->name));
    char *full_title = g_strdup_printf("%s · %s%s", title, p->live ? "LIVE " : "", name);
    char *how = auth_describe(console_descriptor(c)); /* a descriptor's header or parameter name */
    char *shown_how = how ? safe_text(how, strlen(how)) : NULL;
    char *sent = how ? g_strdup_printf("\nIt is sent %s.", shown_how) : g_strdup("");
    char *q = g_strdup_printf("Profile %s (%s%s) %s.%s\nPaste or type it: it is masked, one %s per character.\n"
                              "Enter uses it, Esc stops.", name, p->live ? "LIVE " : "", console_descriptor(c)->title,
                              state, sent, c->theme.bullet);
    dialog_ask_secret(c->dialog, full_title, q, then);
    dialog_place(c->dialog, LINES, COLS);
    g_free(q), g_free(full_title), g_free(name), g_free(how), g_free(shown_how), g_free(sent);
}

/* A refused token: the question again, saying why whole (the status line
 * cuts it at 80 columns), and what waited for the token still waits. */
static void ask_again(TokenFlow *t, const char *why, void (*then)(void *ctx), void *ctx)
{
    Waiting *w = g_new0(Waiting, 1);
    *w = (Waiting){ t, then, ctx };
    char *shown = safe_text(why, strlen(why));
    char *state = g_strdup_printf("still needs a token: the one given was refused (%s)", shown);
    ask_secret(t, "Token refused", state, (DialogThen){ needed_answered, w, g_free });
    g_free(shown), g_free(state);
}

void token_flow_need(TokenFlow *t, void (*then)(void *ctx), void *ctx)
{
    Console *c = t->c;
    FieldCheck check;
    validate_token(console_descriptor(c), token_flow_peek(t, console_profile(c)), true, &check);
    if (check.ok) {
        then(ctx);
        return;
    }
    if (!check.empty) {
        console_status(c, "token refused", TONE_BAD, check.message);
        return;
    }
    Waiting *w = g_new0(Waiting, 1);
    *w = (Waiting){ t, then, ctx };
    ask_secret(t, "Token needed", "has no token yet", (DialogThen){ needed_answered, w, g_free });
}

static void asked_answered(void *ctx, bool yes, const char *text)
{
    if (yes && text)
        typed(ctx, text, NULL, NULL);
}

void token_flow_ask(TokenFlow *t)
{
    ask_secret(t, "Token", "gets a new token", DIALOG_THEN(asked_answered, t));
    console_relayout(t->c);
}

/* ---- the controller --------------------------------------------------------------- */

static int token_flow_fd(const void *self)
{
    const TokenFlow *t = self;
    return t->keyring ? keyring_call_fd(t->keyring) : -1;
}

static void token_flow_free(void *self)
{
    TokenFlow *t = self;
    if (t->keyring)
        keyring_call_finish(t->keyring, 0, NULL, NULL);
    bound_token_clear(&t->token);
    g_free(t);
}

static const ControllerOps TOKEN_FLOW_OPS = {
    .name = "token", .fd = token_flow_fd, .on_fd = token_flow_on_fd, .free = token_flow_free,
};

TokenFlow *token_flow_new(Console *c)
{
    TokenFlow *t = g_new0(TokenFlow, 1);
    t->c = c;
    return t;
}

Controller token_flow_controller(TokenFlow *t)
{
    return (Controller){ &TOKEN_FLOW_OPS, t };
}
