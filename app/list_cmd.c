/* `custty list`: the provider's customers, page by page as they arrive:
 * a table, or JSON Lines that hold one page in memory at a time. */
#include "app/cli.h"
#include "app/customer_session.h"
#include "model/safe_text.h"

#include <getopt.h>
#include <glib.h>
#include <string.h>

void cmd_list_help(FILE *out)
{
    fputs("Usage: custty list --profile P [--search TEXT] [--limit N] [--all] [--json]\n"
          "                   [--timeout S]\n\n"
          "Lists the provider's own customers (newest first where the provider can\n"
          "sort): name, email, id, created and status. The first page, unless --all\n"
          "or --limit asks for more.\n\n"
          "  --profile P     the profile (`custty profiles`)\n"
          "  --search TEXT   an email, KEY=VALUE (email, id, or a filter the provider\n"
          "                  documents) or any text: asked of the provider where its\n"
          "                  descriptor says it filters, else matched in the pages read\n"
          "                  (a name, email or id containing TEXT; stderr says so)\n"
          "  --limit N       stop after N customers (reads pages until it has them)\n"
          "  --all           every page (at most 1,000 times lookup.max_pages: 100,000)\n"
          "  --json          one JSON object per line (JSON Lines), printed as each page\n"
          "                  arrives: {id, email, name, created, status, item}\n"
          "  --timeout S     the most one page may take (default 60)\n\n"
          "Exit status: 0 listed; 1 the provider refused a page; 2 bad usage;\n"
          "3 a page got no answer (what came before it was printed).\n", out);
}

typedef struct {
    const char *profile, *search;
    long limit, timeout_s;
    bool all, json;
} ListOptions;

static int parse(int argc, char **argv, ListOptions *o)
{
    static const struct option opts[] = {
        { "profile", required_argument, NULL, 'p' }, { "search", required_argument, NULL, 's' },
        { "limit", required_argument, NULL, 'n' },   { "all", no_argument, NULL, 'a' },
        { "json", no_argument, NULL, 'j' },          { "timeout", required_argument, NULL, 't' },
        { "help", no_argument, NULL, 'h' },          { "version", no_argument, NULL, 'V' }, { 0 },
    };
    int c;
    double n = 0;
    while ((c = getopt_long(argc, argv, "p:s:n:ajt:h", opts, NULL)) != -1) {
        switch (c) {
        case 'p': o->profile = optarg; break;
        case 's': o->search = optarg; break;
        case 'n': if (!cli_number("--limit", optarg, "a whole number", 1, 1e12, true, &n)) return EXIT_INVALID;
                  o->limit = (long)n; break;
        case 'a': o->all = true; break;
        case 'j': o->json = true; break;
        case 't': if (!cli_number("--timeout", optarg, "whole seconds", 1, 3600, true, &n)) return EXIT_INVALID;
                  o->timeout_s = (long)n; break;
        case 'h': cmd_list_help(stdout); return EXIT_OK;
        case 'V': cli_version(stdout); return EXIT_OK;
        default: cmd_list_help(stderr); return EXIT_INVALID;
        }
    }
    if (optind < argc) {
        cli_error("list takes no arguments (got \"%s\"); a search goes in --search TEXT", argv[optind]);
        return EXIT_INVALID;
    }
    return -1;
}

/* ---- printing ------------------------------------------------------------------ */

static void print_json(const CustomerItem *c)
{
    cJSON *obj = customer_item_json(c);
    char *text = cJSON_PrintUnformatted(obj);
    cli_print_json(stdout, text);
    cJSON_free(text);
    cJSON_Delete(obj);
}

/* Every cell came from the provider: escaped. */
static void print_row(const CustomerItem *c)
{
    const char *cells[] = { c->name, c->email, c->id, c->created, c->status };
    char *safe[G_N_ELEMENTS(cells)];
    for (size_t i = 0; i < G_N_ELEMENTS(cells); i++)
        safe[i] = cells[i] ? safe_text(cells[i], strlen(cells[i])) : g_strdup("-");
    printf("%-24s %-32s %-36s %-24s %s\n", safe[0], safe[1], safe[2], safe[3], safe[4]);
    for (size_t i = 0; i < G_N_ELEMENTS(cells); i++)
        g_free(safe[i]);
}

/* ---- listing ------------------------------------------------------------------- */

typedef struct {
    CustomerSession s;
    CustomerList *list;
    const ListOptions *o;
    long shown;
    int status;
} Lister;

static bool wants_more(const Lister *k)
{
    if (k->o->limit && k->shown >= k->o->limit)
        return false;
    return k->o->all || k->o->limit || customer_list_pages_read(k->list) == 0;
}

static void print_page(Lister *k, const CustomerPage *page)
{
    for (size_t i = 0; i < page->n && (!k->o->limit || k->shown < k->o->limit); i++, k->shown++) {
        if (k->o->json)
            print_json(&page->items[i]);
        else
            print_row(&page->items[i]);
    }
    fflush(stdout); /* a page at a time down a pipe: `| jq` sees it now */
}

/* One page: sent, read, printed. False when it failed (K->status says how). */
static bool one_page(Lister *k, Request *req)
{
    NetResult *r = customer_session_send(&k->s, req);
    CustomerPage page;
    bool ok = customer_list_feed(k->list, r->status, r->raw_body, r->raw_len, r->error, &page);
    if (ok)
        print_page(k, &page);
    if (page.error) {
        cli_error("%s", page.error);
        k->status = ok ? EXIT_REJECTED : customer_session_failed(page.status);
    }
    customer_page_done(&page);
    net_result_free(r);
    return ok && !page.error;
}

static void say_what_was_read(const Lister *k, const CustomerSearch *search)
{
    long pages = customer_list_pages_read(k->list), items = customer_list_items_read(k->list);
    bool client_side = search && !customer_search_server_side(search);
    if (client_side)
        cli_error("note: searched %ld customer%s on %ld page%s for %s", items, items == 1 ? "" : "s", pages,
                  pages == 1 ? "" : "s", search->said);
    if (!k->o->json)
        fprintf(stderr, "%ld customer%s shown\n", k->shown, k->shown == 1 ? "" : "s");
    if (!customer_list_done(k->list) && k->status == EXIT_OK && !k->s.stopped)
        fprintf(stderr, "more on the provider: --all reads every page\n");
}

static void list_all(Lister *k, const CustomerSearch *search)
{
    if (search && !customer_search_server_side(search))
        cli_error("note: %s filters no list by this; matching %s in the pages read", k->s.d->title, search->said);
    if (!k->o->json)
        printf("%-24s %-32s %-36s %-24s %s\n", "NAME", "EMAIL", "ID", "CREATED", "STATUS");
    Request req;
    while (!k->s.stopped && wants_more(k) && customer_list_next(k->list, &req))
        if (!one_page(k, &req))
            break;
    if (k->s.stopped && k->status == EXIT_OK)
        k->status = EXIT_UNSENT;
    say_what_was_read(k, search);
}

int cmd_list(int argc, char **argv)
{
    ListOptions o = { 0 };
    int status = parse(argc, argv, &o);
    if (status >= 0)
        return status;
    Lister k = { .o = &o };
    status = customer_session_open(&k.s, "list", o.profile, false);
    k.s.timeout_s = o.timeout_s;
    CustomerSearch search = { 0 };
    char *err = NULL;
    if (status < 0 && o.search && !customer_search_init(&search, k.s.d, o.search, &err))
        status = EXIT_INVALID;
    if (status < 0 && !(k.list = customer_list_new(k.s.d, k.s.base_url, o.search ? &search : NULL, &err)))
        status = EXIT_INVALID;
    if (err)
        cli_error("%s", err);
    if (status < 0) {
        list_all(&k, o.search ? &search : NULL);
        status = k.status;
    }
    g_free(err);
    customer_list_free(k.list);
    customer_search_done(&search);
    customer_session_close(&k.s);
    return status;
}
