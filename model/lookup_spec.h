/* A descriptor's "lookup": how to ask a provider whether a customer exists,
 * from what the provider documents, so that "not created" is said only after
 * an exact 404 or a list read to its end. */
#ifndef CUSTTY_MODEL_LOOKUP_SPEC_H
#define CUSTTY_MODEL_LOOKUP_SPEC_H

#include <stdbool.h>
#include <stddef.h>

struct cJSON;

typedef enum {
    PAGING_NONE,    /* one answer holds the whole list */
    PAGING_PAGE,    /* ?page=N from first_page; ends at an empty or short page */
    PAGING_OFFSET,  /* ?limit=L&offset=N; ends when "more" is false or a page is short */
} LookupPaging;

typedef struct {
    char *field;    /* a body field that names one customer (Prolifi's external_id) */
    char *path;     /* the GET that finds it, "{value}" replaced; 404 means none */
    char *record;   /* where the record sits in its answer ("" the body) */
} LookupExact;

/* A search the provider does by itself: ?PARAM=VALUE lists only the items
 * whose PATH is VALUE (lookup.search). */
typedef struct {
    char *path;
    char *param;
} LookupSearch;

typedef struct {
    LookupExact *exact;
    size_t n_exact;
    char *path;          /* the list GET; NULL when the provider has no lookup */
    char *items;         /* where the list sits in a page ("" the body) */
    char *match;         /* the email's path in an item */
    char *id;            /* the id's path in an item */
    char *created;       /* the creation time's path in an item, or NULL */
    char *filter;        /* a query parameter the provider documents as filtering by email */
    LookupPaging paging;
    char *page_param;    /* "page" or "offset" */
    long first_page;
    char *limit_param;
    long limit;          /* items a page asks for (OFFSET), or the known page size (PAGE; 0 unknown) */
    char *more;          /* OFFSET: path of the "has more" flag in a page */
    long max_pages;      /* past this the answer is "cannot tell" */
    /* What the customer list (custty list, the Customers view) reads too. */
    char *name;          /* the name's path in an item (default: success.summary's first) */
    char *status;        /* the status's path in an item, or NULL */
    LookupSearch *search; /* other documented filters than FILTER */
    size_t n_search;
    char *newest_param, *newest_value; /* a documented sort that lists newest first, or NULL */
    char *archived_path, *archived_value; /* DELETE archives: the item's PATH is then VALUE; NULL: it removes */
} LookupSpec;

/* What a lookup takes from the descriptor's endpoints where it says nothing
 * itself: LIST, the list GET (lookup.path), and GET, the GET of one customer
 * with "{id}" in it (lookup.exact[].path, the field's value as the id).
 * Either may be NULL. */
typedef struct {
    const char *list;
    const char *get;
    const char *name;    /* success.summary's first path, for lookup.name */
} LookupDefaults;

/* Reads OBJ, a descriptor's "lookup" object, into SPEC. On a problem returns
 * false with *WHERE ("lookup.paging.style") and *WHAT (a sentence), g_free. */
bool lookup_spec_read(const struct cJSON *obj, const LookupDefaults *defaults, LookupSpec *spec, char **where,
                      char **what);
void lookup_spec_done(LookupSpec *spec);

#endif
