#include "app/keyring.h"

#include "model/text.h"

#include <dlfcn.h>
#include <glib.h>
#include <libsecret/secret.h>
#include <poll.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

static const SecretSchema *token_schema(void)
{
    static const SecretSchema schema = {
        .name = "org.custty.Token",
        .flags = SECRET_SCHEMA_NONE,
        .attributes = {
            { "profile", SECRET_SCHEMA_ATTRIBUTE_STRING },
            { "provider", SECRET_SCHEMA_ATTRIBUTE_STRING },
            { NULL, 0 },
        },
    };
    return &schema;
}

/* libsecret (and the GIO stack under it) is loaded on first use: most runs
 * never touch the keyring, and mapping those libraries is most of custty's
 * start-up time. These are the few entry points we call. */
typedef struct {
    gchar *(*lookup)(const SecretSchema *, GCancellable *, GError **, ...);
    gboolean (*store)(const SecretSchema *, const gchar *, const gchar *, const gchar *, GCancellable *, GError **, ...);
    gboolean (*clear)(const SecretSchema *, GCancellable *, GError **, ...);
    void (*password_free)(gchar *);
    GCancellable *(*cancellable_new)(void);
    void (*cancel)(GCancellable *);
    void (*unref)(gpointer);
    GQuark (*io_error)(void);
    GQuark (*dbus_error)(void);
} Secret;

static char *secret_load_error;

static gpointer load_secret(gpointer unused)
{
    (void)unused;
    void *h = dlopen("libsecret-1.so.0", RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        secret_load_error = g_strdup_printf("libsecret is not installed (%s); install libsecret-1-0", dlerror());
        return NULL;
    }
    Secret *s = g_new0(Secret, 1);
    *(void **)&s->lookup = dlsym(h, "secret_password_lookup_sync");
    *(void **)&s->store = dlsym(h, "secret_password_store_sync");
    *(void **)&s->clear = dlsym(h, "secret_password_clear_sync");
    *(void **)&s->password_free = dlsym(h, "secret_password_free");
    *(void **)&s->cancellable_new = dlsym(h, "g_cancellable_new");
    *(void **)&s->cancel = dlsym(h, "g_cancellable_cancel");
    *(void **)&s->unref = dlsym(h, "g_object_unref");
    *(void **)&s->io_error = dlsym(h, "g_io_error_quark");
    *(void **)&s->dbus_error = dlsym(h, "g_dbus_error_quark");
    return s;
}

static const Secret *secret_lib(void)
{
    static GOnce once = G_ONCE_INIT;
    return g_once(&once, load_secret, NULL);
}

/* Shared by the caller and the worker; the last one to let go frees it. */
struct KeyringCall {
    gint refs;
    KeyringOp op;
    char *profile, *provider, *secret_in;
    GCancellable *cancellable;
    int done_fd;
    gint64 started_us;
    /* written by the worker before it signals done_fd */
    KeyringStatus status;
    char *secret_out;
    char *why;
};

static void call_unref(KeyringCall *c)
{
    if (!g_atomic_int_dec_and_test(&c->refs))
        return;
    g_free(c->profile);
    g_free(c->provider);
    text_free_secret(c->secret_in);
    text_free_secret(c->secret_out);
    g_free(c->why);
    if (c->cancellable)
        secret_lib()->unref(c->cancellable);
    close(c->done_fd);
    g_free(c);
}

/* Says what went wrong in words a support agent can act on. */
static char *explain(const GError *err)
{
    const Secret *s = secret_lib();
    if (g_error_matches(err, s->io_error(), G_IO_ERROR_CANCELLED))
        return g_strdup("the keyring did not answer within 3 s (is it waiting to be unlocked?)");
    if (err->domain == s->dbus_error() || err->domain == s->io_error() || err->domain == G_SPAWN_ERROR)
        return g_strdup_printf("no Secret Service answers on this session's D-Bus (%s); start a keyring "
                               "(gnome-keyring-daemon) or use CUSTTY_TOKEN for this shell", err->message);
    return g_strdup_printf("the keyring refused: %s (is it locked?)", err->message);
}

static void run_lookup(KeyringCall *c, GError **err)
{
    gchar *s = secret_lib()->lookup(token_schema(), c->cancellable, err, "profile", c->profile, "provider",
                                    c->provider, NULL);
    if (s) {
        c->secret_out = g_strdup(s);
        secret_lib()->password_free(s); /* wipes it */
    }
    c->status = s ? KEYRING_OK : KEYRING_NOT_FOUND;
}

static void run_store(KeyringCall *c, GError **err)
{
    char *label = g_strdup_printf("custty token for %s", c->profile);
    bool ok = secret_lib()->store(token_schema(), SECRET_COLLECTION_DEFAULT, label, c->secret_in, c->cancellable,
                                  err, "profile", c->profile, "provider", c->provider, NULL);
    c->status = ok ? KEYRING_OK : KEYRING_UNAVAILABLE;
    g_free(label);
}

static void run_clear(KeyringCall *c, GError **err)
{
    bool removed = secret_lib()->clear(token_schema(), c->cancellable, err, "profile", c->profile, "provider",
                                       c->provider, NULL);
    c->status = removed ? KEYRING_OK : KEYRING_NOT_FOUND;
}

static gpointer worker(gpointer data)
{
    KeyringCall *c = data;
    GError *err = NULL;
    if (!secret_lib()) {
        c->status = KEYRING_UNAVAILABLE;
        c->why = g_strdup(secret_load_error);
    } else if (c->op == KEYRING_LOOKUP)
        run_lookup(c, &err);
    else if (c->op == KEYRING_STORE)
        run_store(c, &err);
    else
        run_clear(c, &err);
    if (err) {
        c->status = KEYRING_UNAVAILABLE;
        c->why = explain(err);
        g_error_free(err);
    }
    uint64_t one = 1;
    (void)!write(c->done_fd, &one, sizeof one);
    call_unref(c);
    return NULL;
}

KeyringCall *keyring_call_start(KeyringOp op, const char *profile, const char *provider, const char *secret)
{
    KeyringCall *c = g_new0(KeyringCall, 1);
    c->refs = 2; /* the caller and the worker */
    c->op = op;
    c->profile = g_strdup(profile);
    c->provider = g_strdup(provider);
    c->secret_in = g_strdup(secret);
    c->cancellable = secret_lib() ? secret_lib()->cancellable_new() : NULL;
    c->done_fd = eventfd(0, EFD_CLOEXEC);
    c->started_us = g_get_monotonic_time();
    g_thread_unref(g_thread_new("custty-keyring", worker, c));
    return c;
}

int keyring_call_fd(const KeyringCall *call)
{
    return call->done_fd;
}

static bool wait_done(KeyringCall *c, int timeout_ms)
{
    gint64 deadline = c->started_us + (gint64)timeout_ms * 1000;
    for (;;) {
        gint64 left_ms = (deadline - g_get_monotonic_time()) / 1000;
        struct pollfd p = { c->done_fd, POLLIN, 0 };
        if (poll(&p, 1, (int)MAX(left_ms, 0)) > 0)
            return true;
        if (left_ms <= 0)
            return false;
    }
}

KeyringStatus keyring_call_finish(KeyringCall *c, int timeout_ms, char **secret, char **why)
{
    KeyringStatus status = KEYRING_UNAVAILABLE;
    if (wait_done(c, timeout_ms)) {
        status = c->status;
        if (secret && c->secret_out)
            *secret = g_strdup(c->secret_out);
        if (why && c->why)
            *why = g_strdup(c->why);
    } else {
        /* The worker lets go of the call when libsecret returns. */
        if (c->cancellable)
            secret_lib()->cancel(c->cancellable);
        if (why)
            *why = g_strdup("the keyring did not answer within 3 s (is it waiting to be unlocked?)");
    }
    call_unref(c);
    return status;
}

KeyringStatus keyring_lookup(const char *profile, const char *provider, char **secret, char **why)
{
    KeyringCall *c = keyring_call_start(KEYRING_LOOKUP, profile, provider, NULL);
    return keyring_call_finish(c, KEYRING_TIMEOUT_MS, secret, why);
}

KeyringStatus keyring_store(const char *profile, const char *provider, const char *secret, char **why)
{
    KeyringCall *c = keyring_call_start(KEYRING_STORE, profile, provider, secret);
    return keyring_call_finish(c, KEYRING_TIMEOUT_MS, NULL, why);
}

KeyringStatus keyring_clear(const char *profile, const char *provider, char **why)
{
    KeyringCall *c = keyring_call_start(KEYRING_CLEAR, profile, provider, NULL);
    return keyring_call_finish(c, KEYRING_TIMEOUT_MS, NULL, why);
}
