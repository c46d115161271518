#include "net/netthread.h"

#include "model/text.h"
#include "net/transfer.h"

#include <curl/curl.h>
#include <signal.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

typedef enum { CMD_SUBMIT, CMD_CANCEL, CMD_QUIT } CommandKind;

typedef struct {
    CommandKind kind;
    guint64 id;
    NetJob *job;
} Command;

struct NetThread {
    GThread *thread;
    CURLM *multi;
    GAsyncQueue *commands;     /* Command*, main → network */
    GAsyncQueue *messages;     /* NetMessage*, network → main */
    int event_fd;
    /* Set when a wake-up is on its way, cleared by the side woken before it
     * reads its queue: a burst of messages (or jobs) costs one wake-up. */
    gint messages_signalled;
    gint commands_signalled;
    guint64 next_id;           /* main thread only */
    GHashTable *active;        /* id → Transfer*, network thread only */
};

void net_global_init(void)
{
    /* Before any thread: curl_global_init is not thread-safe everywhere. */
    curl_global_init(CURL_GLOBAL_DEFAULT);
    signal(SIGPIPE, SIG_IGN);
}

NetLimits net_limits_default(void)
{
    return (NetLimits){ .connect_timeout_ms = 10000, .total_timeout_ms = 60000, .stall_seconds = 30,
                        .max_response = 16 * 1024 * 1024 };
}

const char *net_stage_name(NetStage s)
{
    static const char *const names[] = { "queued", "connecting", "sending", "waiting", "receiving" };
    return names[s];
}

/* ---- queues ----------------------------------------------------------------- */

void net_post(NetThread *nt, NetMessage *m)
{
    g_async_queue_push(nt->messages, m);
    if (!g_atomic_int_compare_and_exchange(&nt->messages_signalled, 0, 1))
        return; /* the main thread has not read the last one yet: it will see this too */
    uint64_t one = 1;
    (void)!write(nt->event_fd, &one, sizeof one);
}

static void send_command(NetThread *nt, CommandKind kind, guint64 id, NetJob *job)
{
    Command *c = g_new0(Command, 1);
    c->kind = kind;
    c->id = id;
    c->job = job;
    g_async_queue_push(nt->commands, c);
    if (g_atomic_int_compare_and_exchange(&nt->commands_signalled, 0, 1))
        curl_multi_wakeup(nt->multi);
}

guint64 net_submit(NetThread *nt, NetJob *job)
{
    guint64 id = ++nt->next_id;
    send_command(nt, CMD_SUBMIT, id, job);
    return id;
}

void net_cancel(NetThread *nt, guint64 job_id)
{
    send_command(nt, CMD_CANCEL, job_id, NULL);
}

NetMessage *net_next_message(NetThread *nt)
{
    return g_async_queue_try_pop(nt->messages);
}

int net_thread_fd(const NetThread *nt)
{
    return nt->event_fd;
}

void net_thread_drain_fd(NetThread *nt)
{
    uint64_t n;
    (void)!read(nt->event_fd, &n, sizeof n);
    g_atomic_int_set(&nt->messages_signalled, 0); /* before the queue is read: what comes after wakes again */
}

/* ---- the thread ---------------------------------------------------------------- */

static void start_job(NetThread *nt, guint64 id, NetJob *job)
{
    Transfer *t = transfer_new(nt, id, job);
    if (!t)
        return;
    g_hash_table_insert(nt->active, GSIZE_TO_POINTER(id), t);
    curl_multi_add_handle(nt->multi, t->easy);
}

static void end_transfer(NetThread *nt, Transfer *t, CURLcode code, bool cancelled)
{
    g_hash_table_remove(nt->active, GSIZE_TO_POINTER(t->id));
    curl_multi_remove_handle(nt->multi, t->easy);
    transfer_finish(t, code, cancelled);
}

static void cancel_job(NetThread *nt, guint64 id)
{
    Transfer *t = g_hash_table_lookup(nt->active, GSIZE_TO_POINTER(id));
    if (t)
        end_transfer(nt, t, CURLE_ABORTED_BY_CALLBACK, true);
}

/* Returns false on CMD_QUIT. */
static bool run_commands(NetThread *nt)
{
    Command *c;
    bool go_on = true;
    g_atomic_int_set(&nt->commands_signalled, 0); /* before the queue is read: what comes after wakes again */
    while ((c = g_async_queue_try_pop(nt->commands))) {
        if (c->kind == CMD_SUBMIT)
            start_job(nt, c->id, c->job);
        else if (c->kind == CMD_CANCEL)
            cancel_job(nt, c->id);
        else
            go_on = false;
        g_free(c);
    }
    return go_on;
}

static void collect_finished(NetThread *nt)
{
    CURLMsg *msg;
    int left = 0;
    while ((msg = curl_multi_info_read(nt->multi, &left))) {
        if (msg->msg != CURLMSG_DONE)
            continue;
        Transfer *t = NULL;
        curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&t);
        end_transfer(nt, t, msg->data.result, false);
    }
}

static void cancel_all(NetThread *nt)
{
    GList *all = g_hash_table_get_values(nt->active);
    for (GList *l = all; l; l = l->next)
        end_transfer(nt, l->data, CURLE_ABORTED_BY_CALLBACK, true);
    g_list_free(all);
}

static gpointer thread_main(gpointer data)
{
    NetThread *nt = data;
    int running = 0;
    while (run_commands(nt)) {
        curl_multi_perform(nt->multi, &running);
        collect_finished(nt);
        curl_multi_poll(nt->multi, NULL, 0, 1000, NULL);
    }
    cancel_all(nt);
    return NULL;
}

NetThread *net_thread_start(void)
{
    NetThread *nt = g_new0(NetThread, 1);
    nt->multi = curl_multi_init();
    nt->commands = g_async_queue_new();
    nt->messages = g_async_queue_new();
    nt->event_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    nt->active = g_hash_table_new(g_direct_hash, g_direct_equal);
    nt->thread = g_thread_new("custty-net", thread_main, nt);
    return nt;
}

void net_thread_stop(NetThread *nt)
{
    if (!nt)
        return;
    send_command(nt, CMD_QUIT, 0, NULL);
    g_thread_join(nt->thread);
    NetMessage *m;
    while ((m = net_next_message(nt)))
        net_message_free(m);
    Command *c;
    while ((c = g_async_queue_try_pop(nt->commands))) {
        net_job_free(c->job);
        g_free(c);
    }
    g_async_queue_unref(nt->commands);
    g_async_queue_unref(nt->messages);
    g_hash_table_destroy(nt->active);
    curl_multi_cleanup(nt->multi);
    close(nt->event_fd);
    g_free(nt);
}

/* ---- freeing ---------------------------------------------------------------------- */

void net_job_free(NetJob *job)
{
    if (!job)
        return;
    request_done(&job->request);
    text_free_secret(job->token);
    g_free(job);
}

void net_result_free(NetResult *r)
{
    if (!r)
        return;
    response_done(&r->response);
    g_free(r->error);
    g_free(r->location);
    g_free(r->request_id);
    g_free(r->request_text);
    g_free(r->raw_headers);
    g_free(r->raw_body);
    g_free(r);
}

void net_message_free(NetMessage *m)
{
    if (!m)
        return;
    g_free(m->text);
    net_result_free(m->result);
    g_free(m);
}
