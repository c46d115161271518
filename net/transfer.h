/* One create on the network thread: its curl handle, what it has received, and
 * how its end becomes an outcome. Network-thread only. */
#ifndef CUSTTY_NET_TRANSFER_H
#define CUSTTY_NET_TRANSFER_H

#include "net/netthread.h"

#include <curl/curl.h>

/* Posts a message to the main thread (netthread.c). */
void net_post(NetThread *nt, NetMessage *m);

typedef struct {
    NetThread *nt;
    guint64 id;
    NetJob *job;
    CURL *easy;
    struct curl_slist *headers;  /* wiped before they are freed: one holds the token */
    GString *body;
    GString *raw_headers;
    char *request_text;          /* masked, for the log and the raw view */
    bool too_big;
    NetStage stage;
    gint64 started_us;
    curl_off_t uploaded;
    NetGuard guard;              /* proxy use and the connect-time loopback check */
    char error[CURL_ERROR_SIZE];
    char *echoes[3];             /* the token raw, as encoded in a query, in base64: masked in what comes back */
    char *echo_pair, *pair_mask; /* the query scheme's "api_key=KEY" as sent, and "api_key=…": masked however short KEY */
    bool unstarted;              /* taken back from its lane before it began */
    guint lane;                  /* the lane it holds a place in, or 0 (netthread.c) */
} Transfer;

/* A token shorter than this is not looked for in answers: it would mask
 * words that merely look like it. */
#define TRANSFER_ECHO_MIN 8

/* Sets up the handle; NULL with a DONE message posted when the job is refused. */
Transfer *transfer_new(NetThread *nt, guint64 id, NetJob *job);
/* What an answer tells the lane its job ran in (netthread.c). */
typedef struct {
    bool rate_limited;           /* a 429: nothing more of the lane starts until what runs has ended */
    bool quota_said, quota_low;  /* the provider's quota, when its headers said it */
} TransferHint;

/* Posts DONE for a transfer that ended with CODE (or was cancelled) and frees it. */
TransferHint transfer_finish(Transfer *t, CURLcode code, bool cancelled);

#endif
