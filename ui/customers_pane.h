/* The provider's customers of one profile, a line each (name, email, id,
 * created, status), as their pages arrive. The last row says what comes
 * next: a page on its way (a spinner), the error of a page that failed
 * (r or Enter there tries it again), or the end of the list. It draws what
 * it is given; app/customers_view.c loads the pages. */
#ifndef CUSTTY_UI_CUSTOMERS_PANE_H
#define CUSTTY_UI_CUSTOMERS_PANE_H

#include "ui/pane.h"

#include <stddef.h>

typedef struct CustomersPane CustomersPane;

/* One customer as the provider lists it; any field may be NULL. */
typedef struct {
    const char *name, *email, *id, *created, *status;
} CustomerRow;

typedef enum {
    CUSTOMERS_TAIL_END,      /* the whole list is here: nothing after the last row */
    CUSTOMERS_TAIL_MORE,     /* pages not read yet */
    CUSTOMERS_TAIL_LOADING,  /* a page on its way */
    CUSTOMERS_TAIL_FAILED,   /* the last page failed */
} CustomersTail;

/* The columns, in the order drawn. */
enum { CUSTOMERS_COL_NAME, CUSTOMERS_COL_EMAIL, CUSTOMERS_COL_ID, CUSTOMERS_COL_CREATED, CUSTOMERS_COL_STATUS,
       CUSTOMERS_COLS };

CustomersPane *customers_pane_new(const Theme *theme);
Pane *customers_pane_base(CustomersPane *p);
/* Empties it for a new list, titled TITLE; the cursor goes to the top. */
void customers_pane_reset(CustomersPane *p, const char *title);
/* Appends ROW (copied, made terminal-safe). */
void customers_pane_add(CustomersPane *p, const CustomerRow *row);
/* Row INDEX's status now says STATUS (deleted, archived). */
void customers_pane_set_status(CustomersPane *p, size_t index, const char *status);
/* Rows held, whether shown or not. */
size_t customers_pane_count(const CustomersPane *p);
/* What the last row says: TEXT (a spinner and "loading page 3", a page's
 * error) for LOADING and FAILED; ignored for the others. */
void customers_pane_set_tail(CustomersPane *p, CustomersTail tail, const char *text);
CustomersTail customers_pane_tail(const CustomersPane *p);
/* A line under the rows ("searched 300 of ~1,400; End loads the rest"), or NULL. */
void customers_pane_set_note(CustomersPane *p, const char *note);
/* Shows only the rows KEEP(CTX, index as added) says yes to, now and as
 * rows are added (a search over the pages loaded); KEEP NULL shows all. */
typedef bool (*CustomersKeep)(void *ctx, size_t index);
void customers_pane_filter(CustomersPane *p, CustomersKeep keep, void *ctx);
/* Rows shown (those the filter lets through). */
size_t customers_pane_shown(const CustomersPane *p);
/* The row under the cursor (an index as added), or -1 on the last row. */
gssize customers_pane_selected(const CustomersPane *p);
/* The cursor to the last row (End, as the pages it asked for come). */
void customers_pane_to_end(CustomersPane *p);
/* Rows shown below the cursor: few left, the next page is due. */
size_t customers_pane_left_below(const CustomersPane *p);
/* After ACT_SEARCH: what was typed after / (borrowed). */
const char *customers_pane_search_text(const CustomersPane *p);
/* Whether / is being typed (its entry takes every key). */
bool customers_pane_searching(const CustomersPane *p);

/* How wide each column is in WIDTH columns of rows: 0 for one left out
 * (created first, then status, id and name; the email always shows). */
void customers_pane_columns(int width, int widths[CUSTOMERS_COLS]);

#endif
