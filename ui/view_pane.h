/* The viewer: every JSON document custty shows (a created record, a refusal,
 * a saved response) as a tree to fold, search, copy and save; or any other
 * bytes as safe text. Fast at any size: only rows on screen are laid out. */
#ifndef CUSTTY_UI_VIEW_PANE_H
#define CUSTTY_UI_VIEW_PANE_H

#include "ui/pane.h"

#include <cjson/cJSON.h>

typedef struct ViewPane ViewPane;

/* What the viewer asks the app to do (it has no terminal or file access). */
typedef enum { VIEW_NOTHING, VIEW_COPY, VIEW_SAVE } ViewRequest;

ViewPane *view_pane_new(const Theme *theme);
Pane *view_pane_base(ViewPane *v);
/* Shows DOC (taken; NULL for a body that is not JSON, then BODY/LEN are shown
 * as text with WHY). RAW (may be NULL) is what `r` shows: the exchange as it
 * went. NAME is the file name `s` suggests, e.g. "billing-v1-cus_01h….json". */
void view_pane_show(ViewPane *v, const char *title, cJSON *doc, const char *body, size_t len, const char *why,
                    const char *raw, const char *name);
bool view_pane_empty(const ViewPane *v);
/* A line for the status bar: the selected node's path, or what just happened. */
char *view_pane_status(const ViewPane *v);
/* The path of the selected node ("address.city"), or NULL without a tree (g_free). */
char *view_pane_selection(const ViewPane *v);
/* After ACT_HANDLED: anything for the app to do? The text (copy) or the
 * suggested name (save) is returned through *TEXT (borrowed). */
ViewRequest view_pane_take_request(ViewPane *v, const char **text);
const cJSON *view_pane_document(const ViewPane *v);
/* Whether the last copy was escaped as the screen shows it (the value held
 * control or bidi characters), for the note that says what was copied. */
bool view_pane_copy_escaped(const ViewPane *v);
/* The context of the keys that act now: CTX_TREE on a tree, CTX_TEXT on a text
 * opened from it, CTX_VIEW on a body that is not JSON (for the key bar). */
KeyContext view_pane_keys(const ViewPane *v);
/* Puts a message where the path goes ("copied 15 bytes"). */
void view_pane_note(ViewPane *v, const char *note);

#endif
