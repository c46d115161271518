/* The provider's customers of the open profile (p in the list): read page
 * by page on the network thread as the person scrolls, searched (by the
 * provider where it filters, else over the pages loaded), opened fresh with
 * the get endpoint, deleted or archived after asking. */
#ifndef CUSTTY_APP_CUSTOMERS_VIEW_H
#define CUSTTY_APP_CUSTOMERS_VIEW_H

#include "app/controller.h"
#include "ui/keys.h"

typedef struct Console Console;
typedef struct CustomersView CustomersView;

CustomersView *customers_view_new(Console *c);
Controller customers_view_controller(CustomersView *v);
/* Opens the view on the open profile's customers: the first page loads
 * (again, when it was another profile's list). */
void customers_view_open(CustomersView *v);
/* Whether it is open in the middle of the screen. */
bool customers_view_shown(const CustomersView *v);
/* A delete is in flight (quitting now leaves its outcome unknown). */
bool customers_view_deleting(const CustomersView *v);
/* Closes it; what it loaded stays for the next open of the same profile. */
void customers_view_close(CustomersView *v);
/* What its pane handed to the app (Enter, x, R, r, End, a search):
 * ACT_HANDLED when it took it, else A. */
Action customers_view_act(CustomersView *v, Action a);
/* After each key in its pane: the next page, when the cursor nears the end. */
void customers_view_after_key(CustomersView *v);

#endif
