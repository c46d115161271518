/* The provider's own customers, as its descriptor says to read them: the
 * list page by page, one customer, its deletion. Pure model, no I/O: the
 * caller sends each Request (the token attached as it goes) and feeds the
 * answer back. What `custty list/get/delete` and the console's Customers
 * view share.
 *
 *   CustomerSearch s;                      // optional: --search, the view's '/'
 *   customer_search_init(&s, d, "ann@x.io", &err);
 *   CustomerList *l = customer_list_new(d, base_url, &s, &err);
 *   Request req;
 *   while (customer_list_next(l, &req)) {  // false once the last page is read
 *       ... send req, get status/body ...
 *       CustomerPage page;
 *       customer_list_feed(l, status, body, len, error, &page);
 *       // page.items[0..n): {name, email, id, created, status, item}; page.error: it failed
 *       //  (the next customer_list_next asks for the same page again: a retry)
 *       customer_page_done(&page);
 *       request_done(&req);
 *   }
 *   customer_list_free(l); customer_search_done(&s);
 *
 *   customer_get_request(d, base_url, id, &req, &err) / customer_delete_request(...)
 *   customer_answer_read(d, CUSTOMER_GET or CUSTOMER_DELETE, status, body, len, error, &answer)
 *
 * Items come newest first where the descriptor names a sort that does it
 * (customer_list_newest_first). */
#ifndef CUSTTY_MODEL_CUSTOMER_LIST_H
#define CUSTTY_MODEL_CUSTOMER_LIST_H

#include "model/descriptor.h"
#include "model/request.h"

#include <cjson/cJSON.h>

/* One customer as a list shows it. Texts are NULL when the item has none. */
typedef struct {
    char *name, *email, *id, *created, *status;
    cJSON *item;         /* the provider's item (or record) as it came */
} CustomerItem;

/* Reads ITEM (copied) with D's lookup paths (name, match, id, created, status). */
void customer_item_read(const Descriptor *d, const cJSON *item, CustomerItem *out);
void customer_item_done(CustomerItem *c);
/* {"id", "email", "name", "created", "status", "item"}: one line of `list --json` (caller deletes). */
cJSON *customer_item_json(const CustomerItem *c);

/* What to look for. Server-side where the descriptor names a filter the
 * provider documents (lookup.filter for an email, lookup.search for the
 * rest), and matched here all the same; else matched here only, over the
 * pages read (then the caller should say so). */
typedef struct {
    char *param, *value;   /* server-side: ?PARAM=VALUE; NULL otherwise */
    char *path;            /* an exact search: the item path that must equal VALUE (case-insensitive) */
    bool exact_case;       /* an id: equal byte for byte ("cus_A" is not "cus_a") */
    char *folded;          /* else: text a name, email or id contains (case-folded) */
    char *said;            /* "email ann@x.io", "name, email or id containing ann" */
} CustomerSearch;

/* TEXT is "KEY=VALUE" (KEY "email", "id" or a lookup.search path or
 * parameter), an email, or any text. False and *ERR for an unknown KEY or
 * an empty text. */
bool customer_search_init(CustomerSearch *s, const Descriptor *d, const char *text, char **err);
void customer_search_done(CustomerSearch *s);
bool customer_search_server_side(const CustomerSearch *s);
bool customer_search_matches(const CustomerSearch *s, const CustomerItem *c);

typedef struct CustomerList CustomerList;

/* The most customers one page may hold: an answer may have 16 MiB, room for
 * millions of tiny items, gigabytes once read. More is refused as a page. */
#define CUSTOMER_PAGE_MAX 100000

typedef struct {
    CustomerItem *items;   /* those the search matches (all without one) */
    size_t n;
    long read;             /* items on the page, matched or not */
    bool last;             /* no page after this one */
    char *error;           /* the page failed or makes no sense: a sentence; NULL when read */
    int status;            /* the HTTP status, 0 when no answer came */
} CustomerPage;

/* The list of D's customers at BASE_URL, SEARCH (copied; NULL: all). NULL
 * and *ERR when D has no list (no endpoints.list or lookup). */
CustomerList *customer_list_new(const Descriptor *d, const char *base_url, const CustomerSearch *search, char **err);
void customer_list_free(CustomerList *l);
/* The next page's GET, or false once the list is read. After a failed
 * page it is that page again. */
bool customer_list_next(CustomerList *l, Request *out);
/* The answer to it, read into *PAGE (customer_page_done it). False when the
 * page failed (PAGE->error says why; nothing moves on). */
bool customer_list_feed(CustomerList *l, int status, const char *body, size_t len, const char *error,
                        CustomerPage *page);
void customer_page_done(CustomerPage *page);
bool customer_list_done(const CustomerList *l);
/* Pages and items read so far (matched or not). */
long customer_list_pages_read(const CustomerList *l);
long customer_list_items_read(const CustomerList *l);
/* Whether the pages come newest first (a documented sort is asked for). */
bool customer_list_newest_first(const Descriptor *d);
/* Whether D can list, get or delete one customer by id. */
bool customer_list_can_list(const Descriptor *d);
bool customer_list_can_get(const Descriptor *d);
bool customer_list_can_delete(const Descriptor *d);

/* The GET or DELETE of the customer ID (endpoints.get/delete). False and
 * *ERR when D has no such endpoint or ID is empty. */
bool customer_get_request(const Descriptor *d, const char *base_url, const char *id, Request *out, char **err);
bool customer_delete_request(const Descriptor *d, const char *base_url, const char *id, Request *out, char **err);

typedef enum {
    CUSTOMER_DONE,      /* got it / deleted it */
    CUSTOMER_ABSENT,    /* 404: no such customer */
    CUSTOMER_REFUSED,   /* another 4xx, or an envelope's failure: nothing changed */
    CUSTOMER_UNKNOWN,   /* 5xx, no answer, or a DELETE redirected: it may or may not have happened */
} CustomerVerdict;

typedef enum { CUSTOMER_GET, CUSTOMER_DELETE } CustomerAction;

typedef struct {
    CustomerVerdict verdict;
    int status;
    bool archived;      /* DELETE done: the provider keeps it, archived (lookup.archived); else removed */
    cJSON *record;      /* the record at success.record when the answer holds one, else NULL */
    CustomerItem item;  /* read from RECORD (all NULL without one) */
    char *message;      /* a sentence: the provider's message, or what happened */
} CustomerAnswer;

void customer_answer_read(const Descriptor *d, CustomerAction action, int status, const char *body, size_t len,
                          const char *error, CustomerAnswer *out);
void customer_answer_done(CustomerAnswer *a);
const char *customer_verdict_name(CustomerVerdict v);

#endif
