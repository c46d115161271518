/* Reading a provider's customer list one page at a time, as its
 * descriptor's lookup says: the URL of the next page and whether a page
 * ends the list. What a lookup scan (model/lookup.c) and the customer list
 * (model/customer_list.c) share, so both stop at the same place. */
#ifndef CUSTTY_MODEL_LIST_PAGE_H
#define CUSTTY_MODEL_LIST_PAGE_H

#include "model/descriptor.h"
#include "model/request.h"

typedef struct {
    long position;       /* PAGE: the next page; OFFSET: the next offset */
    long pages_read, items_read, largest_page;
    char *last_ids;      /* the last page's ids, to notice a provider that ignores paging */
} ListPager;

typedef enum {
    LIST_PAGE_MORE,      /* ask for the next one */
    LIST_PAGE_LAST,      /* an empty or short page, a false "more" flag, or no paging */
    LIST_PAGE_REPEATED,  /* the same page as before: the provider ignores paging */
} ListPageEnd;

void list_pager_init(ListPager *p, const LookupSpec *l);
void list_pager_done(ListPager *p);
/* The next page's URL: BASE_URL + lookup.path, then PARAMS (name, value,
 * …, NULL; values escaped here), then the paging parameters. g_free. */
char *list_pager_url(const ListPager *p, const LookupSpec *l, const char *base_url, const char *const *params);
/* Counts ITEMS (the page's list; DOC the whole page) and moves to the next
 * page unless this one ends the list. */
ListPageEnd list_pager_advance(ListPager *p, const LookupSpec *l, const cJSON *doc, const cJSON *items);

/* A METHOD request to URL (taken) with D's Accept and auth headers; the
 * token is attached as it is sent. */
void list_request(const Descriptor *d, const char *method, char *url, Request *out);
/* "1,400": a count a person reads at a glance (g_free). */
char *list_grouped(long n);

#endif
