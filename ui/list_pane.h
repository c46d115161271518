/* The list: profiles grouped by provider (LIVE ones marked), and under each
 * the customers created with it in this run. */
#ifndef CUSTTY_UI_LIST_PANE_H
#define CUSTTY_UI_LIST_PANE_H

#include "ui/pane.h"

#include <stddef.h>

typedef struct ListPane ListPane;

typedef struct {
    const char *name;
    const char *provider;
    bool live;
} ListProfile;

typedef enum { PICK_NONE, PICK_PROFILE, PICK_CUSTOMER } PickKind;

typedef struct {
    PickKind kind;
    size_t index;      /* into the profiles given, or the customers added */
} ListPick;

ListPane *list_pane_new(const Theme *theme);
Pane *list_pane_base(ListPane *l);
/* Copies the profiles; their order is kept within each provider. */
void list_pane_set_profiles(ListPane *l, const ListProfile *profiles, size_t n);
/* Marks profile INDEX as the one the form is for. */
void list_pane_set_current(ListPane *l, size_t index);
/* How an entry's outcome is marked: created (✓), not created (✗), or not
 * known (?): the one a person must not take for either. */
typedef enum { LIST_MARK_GOOD, LIST_MARK_BAD, LIST_MARK_UNSURE } ListMark;

/* Adds a customer under profile PROFILE; returns its index. OUTCOME is a
 * short word (created, unknown…), LABEL the name and email. */
size_t list_pane_add_customer(ListPane *l, size_t profile, const char *label, const char *id,
                              const char *outcome, ListMark mark);
/* The same for an entry of an earlier run, made at ISO_TIME (UTC). */
size_t list_pane_add_customer_at(ListPane *l, size_t profile, const char *label, const char *id,
                                 const char *outcome, ListMark mark, const char *iso_time);
/* Updates a customer's outcome (an unknown one turned out created). */
void list_pane_set_outcome(ListPane *l, size_t customer, const char *outcome, ListMark mark);
ListPick list_pane_selected(const ListPane *l);

#endif
