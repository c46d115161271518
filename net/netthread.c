#include "net/netthread.h"

#include "model/text.h"
#include "net/transfer.h"

#include <curl/curl.h>
#include <signal.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

typedef enum { CMD_SUBMIT, CMD_CANCEL, CMD_UNQUEUE, CMD_QUIT } CommandKind;

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
    GHashTable *lanes;         /* lane → Lane*, network thread only */
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

void net_unqueue(NetThread *nt, guint64 job_id)
{
    send_command(nt, CMD_UNQUEUE, job_id, NULL);
}

/* ---- lanes ------------------------------------------------------------------------ */

/* A lane's jobs: how many run, and those waiting their turn (Command*, in order). */
typedef struct {
    guint running;
    GQueue waiting;
    bool held;               /* a 429 came: what waits stays (for the main thread to take back) */
    bool low;                /* the last answer said the quota runs low: one at a time */
} Lane;

static void lane_free(gpointer p)
{
    Lane *l = p;
    Command *c;
    while ((c = g_queue_pop_head(&l->waiting))) {
        net_job_free(c->job);
        g_free(c);
    }
    g_free(l);
}

static Lane *lane_of(NetThread *nt, guint lane)
{
    Lane *l = g_hash_table_lookup(nt->lanes, GUINT_TO_POINTER(lane));
    if (!l) {
        l = g_new0(Lane, 1);
        g_queue_init(&l->waiting);
        g_hash_table_insert(nt->lanes, GUINT_TO_POINTER(lane), l);
    }
    return l;
}

/* ---- the thread ---------------------------------------------------------------- */

/* Remembered by its transfer: which lane to free a place in when it ends. */
static void begin(NetThread *nt, guint64 id, NetJob *job)
{
    guint lane = job->lane;
    Transfer *t = transfer_new(nt, id, job);
    if (!t)
        return; /* refused: its DONE is posted, it took no place */
    if (lane)
        lane_of(nt, lane)->running++;
    t->lane = lane;
    g_hash_table_insert(nt->active, GSIZE_TO_POINTER(id), t);
    curl_multi_add_handle(nt->multi, t->easy);
}

/* How many of L's jobs may run at once, JOB's limit being the last asked. */
static guint lane_room(const Lane *l, const NetJob *job)
{
    return l->held ? 0 : l->low ? 1 : MAX(job->lane_max, 1u);
}

static void start_job(NetThread *nt, guint64 id, NetJob *job)
{
    Lane *l = job->lane ? lane_of(nt, job->lane) : NULL;
    if (l && g_queue_is_empty(&l->waiting))
        l->held = false; /* what the 429 held was taken back: this comes after the pause */
    if (l && (l->running >= lane_room(l, job) || !g_queue_is_empty(&l->waiting))) {
        Command *c = g_new0(Command, 1);
        c->kind = CMD_SUBMIT, c->id = id, c->job = job;
        g_queue_push_tail(&l->waiting, c); /* its turn comes when one of its lane ends */
        return;
    }
    begin(nt, id, job);
}

/* A job of LANE ended, its answer saying HINT: the next waiting jobs begin
 * as the lane has room (none after a 429 until what runs has ended, one at
 * a time while the quota runs low), here, with no trip through the main
 * thread; the main thread takes back what waits when it pauses. */
static void lane_next(NetThread *nt, guint lane, TransferHint hint)
{
    Lane *l = lane ? g_hash_table_lookup(nt->lanes, GUINT_TO_POINTER(lane)) : NULL;
    if (!l)
        return;
    l->running--;
    l->held = (l->held || hint.rate_limited) && !g_queue_is_empty(&l->waiting);
    if (hint.quota_said)
        l->low = hint.quota_low;
    Command *c;
    while ((c = g_queue_peek_head(&l->waiting)) && l->running < lane_room(l, c->job)) {
        g_queue_pop_head(&l->waiting);
        begin(nt, c->id, c->job);
        g_free(c);
    }
    if (!l->running && g_queue_is_empty(&l->waiting))
        g_hash_table_remove(nt->lanes, GUINT_TO_POINTER(lane));
}

static void end_transfer(NetThread *nt, Transfer *t, CURLcode code, bool cancelled)
{
    guint lane = t->lane;
    g_hash_table_remove(nt->active, GSIZE_TO_POINTER(t->id));
    curl_multi_remove_handle(nt->multi, t->easy);
    lane_next(nt, lane, transfer_finish(t, code, cancelled));
}

/* A job still waiting in its lane, taken out (NULL if none has id ID). */
static Command *take_waiting(NetThread *nt, guint64 id)
{
    GHashTableIter it;
    gpointer value;
    g_hash_table_iter_init(&it, nt->lanes);
    while (g_hash_table_iter_next(&it, NULL, &value)) {
        Lane *l = value;
        for (GList *e = l->waiting.head; e; e = e->next) {
            Command *c = e->data;
            if (c->id == id) {
                g_queue_delete_link(&l->waiting, e);
                l->held = l->held && !g_queue_is_empty(&l->waiting);
                return c;
            }
        }
    }
    return NULL;
}

/* A waiting job ends where it stands: not sent, never begun. */
static void end_waiting(NetThread *nt, Command *c)
{
    Transfer *t = transfer_new(nt, c->id, c->job);
    if (t) {
        t->unstarted = true;
        transfer_finish(t, CURLE_ABORTED_BY_CALLBACK, true);
    }
    g_free(c);
}

static void cancel_job(NetThread *nt, guint64 id, bool only_waiting)
{
    Command *waiting = take_waiting(nt, id);
    if (waiting) {
        end_waiting(nt, waiting);
        return;
    }
    Transfer *t = only_waiting ? NULL : g_hash_table_lookup(nt->active, GSIZE_TO_POINTER(id));
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
        else if (c->kind == CMD_CANCEL || c->kind == CMD_UNQUEUE)
            cancel_job(nt, c->id, c->kind == CMD_UNQUEUE);
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
    g_hash_table_remove_all(nt->lanes); /* what waits is dropped first: no place freed below starts it */
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
    nt->lanes = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, lane_free);
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
    g_hash_table_destroy(nt->lanes);
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
