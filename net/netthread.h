/* The network thread: one curl multi handle on one thread. Jobs go in through
 * a locked queue (waking it with curl_multi_wakeup); progress, log lines and
 * results come back on a second queue, signalled on an eventfd the main loop
 * polls beside stdin. Nothing here touches curses. */
#ifndef CUSTTY_NET_NETTHREAD_H
#define CUSTTY_NET_NETTHREAD_H

#include "model/descriptor.h"
#include "model/quota.h"
#include "model/request.h"
#include "model/response.h"
#include "net/url.h"

#include <glib.h>
#include <stdbool.h>

typedef struct NetThread NetThread;

typedef struct {
    long connect_timeout_ms;     /* default 10 s */
    long total_timeout_ms;       /* default 60 s */
    long stall_seconds;          /* abort when under 1 byte/s this long; default 30 */
    size_t max_response;         /* default 16 MiB */
} NetLimits;

typedef struct {
    const Descriptor *d;         /* must outlive the job */
    Request request;             /* built without the token */
    char *token;                 /* attached at the last moment, then wiped; may be NULL */
    NetLimits limits;
    bool quiet;                  /* DONE only: no stages, no log lines (a batch's rows, thousands of them) */
    /* A lane (0: none) runs at most LANE_MAX of its jobs at once; the rest
     * wait on the network thread, in order, and each starts the moment one
     * of its lane ends: a batch keeps N in flight with no trip through the
     * main thread between an answer and the next row. */
    guint lane;
    guint lane_max;
} NetJob;

typedef enum {
    STAGE_QUEUED,
    STAGE_CONNECTING,
    STAGE_SENDING,
    STAGE_WAITING,
    STAGE_RECEIVING,
} NetStage;

typedef enum { NET_LOG_INFO, NET_LOG_WARN, NET_LOG_DEBUG } NetLogLevel;

typedef struct {
    Outcome outcome;
    int status;                  /* HTTP status, 0 when none came */
    Response response;           /* the model's reading, when a status came */
    char *error;                 /* what went wrong in transport, or NULL */
    long retry_after_s;
    Quota quota;                 /* what the descriptor's rate_limit headers said */
    char *location;              /* of a refused redirect */
    char *request_id;            /* the provider's request id header */
    char *request_text;          /* the request as sent: token and secret fields masked */
    char *raw_headers;           /* response headers as received */
    char *raw_body;              /* response body as received (capped) */
    size_t raw_len;
    gint64 elapsed_us;
    bool body_sent;              /* bytes of the request body left this machine */
    bool replayed;               /* Idempotent-Replayed: true */
    bool unstarted;              /* taken back from its lane's queue (net_unqueue): never began */
} NetResult;

typedef enum { NET_MSG_PROGRESS, NET_MSG_LOG, NET_MSG_DONE } NetMessageKind;

typedef struct {
    NetMessageKind kind;
    guint64 job_id;
    NetStage stage;              /* PROGRESS */
    gint64 bytes;                /* PROGRESS: received so far */
    gint64 elapsed_us;
    NetLogLevel level;           /* LOG */
    char *text;                  /* LOG: token always masked */
    NetResult *result;           /* DONE */
} NetMessage;

/* Once, before any thread starts. */
void net_global_init(void);

NetThread *net_thread_start(void);
/* Cancels what is in flight, joins the thread, frees it; NULL is fine. */
void net_thread_stop(NetThread *nt);
/* Readable when messages wait; net_thread_drain_fd clears it. */
int net_thread_fd(const NetThread *nt);
void net_thread_drain_fd(NetThread *nt);

/* Takes JOB (and its token); returns the job's id. */
guint64 net_submit(NetThread *nt, NetJob *job);
/* Ends the job within 100 ms; its DONE says not sent, or unknown once sent. */
void net_cancel(NetThread *nt, guint64 job_id);
/* Takes the job back if it still waits in its lane: its DONE says not sent,
 * with `unstarted`. A job already started goes on as if nothing was asked. */
void net_unqueue(NetThread *nt, guint64 job_id);
/* The next message, or NULL; free with net_message_free. */
NetMessage *net_next_message(NetThread *nt);
void net_message_free(NetMessage *m);

void net_job_free(NetJob *job);
void net_result_free(NetResult *r);
NetLimits net_limits_default(void);
const char *net_stage_name(NetStage s);

#endif
