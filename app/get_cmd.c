/* `custty get` and `custty delete`: one customer of the provider's, by id.
 * Where the provider documents no GET of one customer (BotPenguin), its
 * list is read until the id turns up. */
#include "app/cli.h"
#include "app/customer_session.h"
#include "app/history_store.h"
#include "model/safe_text.h"
#include "model/tree_text.h"

#include <getopt.h>
#include <glib.h>
#include <string.h>

void cmd_get_help(FILE *out)
{
    fputs("Usage: custty get --profile P ID [--json] [--timeout S]\n\n"
          "Shows the provider's record of customer ID, fresh from its get endpoint\n"
          "(or found in its list where it documents none).\n\n"
          "  --profile P   the profile (`custty profiles`)\n"
          "  --json        the record as JSON\n"
          "  --timeout S   the most one request may take (default 60)\n\n"
          "Exit status: 0 found; 1 no such customer, or the provider refused (its\n"
          "message on stderr); 2 bad usage; 3 no answer came.\n", out);
}

void cmd_delete_help(FILE *out)
{
    fputs("Usage: custty delete --profile P ID [--yes] [--timeout S]\n\n"
          "Deletes customer ID on the provider (or archives it, where the provider's\n"
          "DELETE archives: Prolifi), and records the outcome in the history.\n\n"
          "  --profile P   the profile (`custty profiles`)\n"
          "  --yes         confirm a delete on a LIVE profile: without it nothing is\n"
          "                sent; with it, stderr names what is deleted first\n"
          "  --timeout S   the most one request may take (default 60)\n\n"
          "Exit status: 0 deleted or archived; 1 no such customer, or the provider\n"
          "refused; 2 bad usage (a LIVE profile without --yes); 3 no answer came, or\n"
          "whether it was deleted is unknown.\n", out);
}

typedef struct {
    const char *profile, *id;
    bool json, yes;
    long timeout_s;
} OneOptions;

static int parse(int argc, char **argv, OneOptions *o, const char *command, void (*help)(FILE *))
{
    static const struct option opts[] = {
        { "profile", required_argument, NULL, 'p' }, { "json", no_argument, NULL, 'j' },
        { "yes", no_argument, NULL, 'y' },           { "timeout", required_argument, NULL, 't' },
        { "help", no_argument, NULL, 'h' },          { "version", no_argument, NULL, 'V' }, { 0 },
    };
    int c;
    double n = 0;
    bool get = strcmp(command, "get") == 0;
    while ((c = getopt_long(argc, argv, get ? "p:jt:h" : "p:yt:h", opts, NULL)) != -1) {
        switch (c) {
        case 'p': o->profile = optarg; break;
        case 'j': if (!get) goto bad; o->json = true; break;
        case 'y': if (get) goto bad; o->yes = true; break;
        case 't': if (!cli_number("--timeout", optarg, "whole seconds", 1, 3600, true, &n)) return EXIT_INVALID;
                  o->timeout_s = (long)n; break;
        case 'h': help(stdout); return EXIT_OK;
        case 'V': cli_version(stdout); return EXIT_OK;
        default: goto bad;
        }
    }
    if (optind + 1 != argc || !*argv[optind]) {
        cli_error("%s takes one customer id (got %d arguments); see custty %s --help", command, argc - optind,
                  command);
        return EXIT_INVALID;
    }
    o->id = argv[optind];
    return -1;
bad:
    help(stderr);
    return EXIT_INVALID;
}

/* ---- finding one customer ------------------------------------------------------ */

/* ID found in the provider's list, read page by page: into *A. */
static void find_in_list(CustomerSession *s, const char *id, CustomerAnswer *a)
{
    char *err = NULL, *key = g_strdup_printf("id=%s", id);
    CustomerSearch search;
    memset(a, 0, sizeof *a);
    bool ok = customer_search_init(&search, s->d, key, &err);
    CustomerList *list = ok ? customer_list_new(s->d, s->base_url, &search, &err) : NULL;
    Request req;
    a->verdict = list ? CUSTOMER_ABSENT : CUSTOMER_REFUSED;
    while (list && a->verdict == CUSTOMER_ABSENT && !s->stopped && customer_list_next(list, &req)) {
        NetResult *r = customer_session_send(s, &req);
        CustomerPage page;
        customer_list_feed(list, r->status, r->raw_body, r->raw_len, r->error, &page);
        a->status = r->status;
        if (page.n) {
            a->verdict = CUSTOMER_DONE;
            a->item = page.items[0], memset(&page.items[0], 0, sizeof page.items[0]);
            a->record = cJSON_Duplicate(a->item.item, true);
        } else if (page.error) {
            a->verdict = page.status && page.status < 500 ? CUSTOMER_REFUSED : CUSTOMER_UNKNOWN;
            err = g_strdup(page.error);
        }
        customer_page_done(&page);
        net_result_free(r);
    }
    if (a->verdict == CUSTOMER_ABSENT)
        err = g_strdup_printf("%s has no customer with id %s (read %ld page%s of its list)", s->d->title, id,
                              customer_list_pages_read(list), customer_list_pages_read(list) == 1 ? "" : "s");
    a->message = err ? err : g_strdup_printf("%s found on %s", id, s->d->title);
    customer_list_free(list);
    customer_search_done(&search);
    g_free(key);
}

/* Customer ID, asked of the provider: into *A. */
static void fetch(CustomerSession *s, const char *id, CustomerAnswer *a)
{
    if (!customer_list_can_get(s->d)) {
        find_in_list(s, id, a);
        return;
    }
    Request req;
    char *err = NULL;
    if (!customer_get_request(s->d, s->base_url, id, &req, &err)) {
        memset(a, 0, sizeof *a);
        a->verdict = CUSTOMER_REFUSED, a->message = err;
        return;
    }
    NetResult *r = customer_session_send(s, &req);
    customer_answer_read(s->d, CUSTOMER_GET, r->status, r->raw_body, r->raw_len, r->error, a);
    net_result_free(r);
}

/* Whether ID can go into the path of a GET (and a DELETE, with DELETING):
 * "." or ".." would name another path. Says why not; nothing is sent. */
static bool id_fits(const CustomerSession *s, const char *id, bool deleting)
{
    Request req;
    char *err = NULL;
    bool ok = true;
    if (customer_list_can_get(s->d) && (ok = customer_get_request(s->d, s->base_url, id, &req, &err)))
        request_done(&req);
    if (ok && deleting && (ok = customer_delete_request(s->d, s->base_url, id, &req, &err)))
        request_done(&req);
    if (!ok)
        cli_error("%s; nothing was sent", err);
    g_free(err);
    return ok;
}

static int exit_status(const CustomerAnswer *a)
{
    return a->verdict == CUSTOMER_DONE ? EXIT_OK : a->verdict == CUSTOMER_UNKNOWN ? EXIT_UNSENT : EXIT_REJECTED;
}

static void say_failure(const CustomerSession *s, const char *id, const CustomerAnswer *a)
{
    if (a->verdict == CUSTOMER_ABSENT)
        cli_error("no customer %s on %s (profile %s): %s", id, s->d->title, s->profile->name, a->message);
    else if (a->status && a->verdict == CUSTOMER_UNKNOWN) /* a 5xx or a redirect: no refusal */
        cli_error("%s answered HTTP %d: %s", s->d->title, a->status, a->message);
    else if (a->status)
        cli_error("%s refused (HTTP %d): %s", s->d->title, a->status, a->message);
    else
        cli_error("%s", a->message);
}

static void print_record(const CustomerAnswer *a, bool json)
{
    const cJSON *rec = a->record ? a->record : a->item.item;
    if (json) {
        char *text = rec ? cJSON_PrintUnformatted(rec) : g_strdup("null");
        cli_print_json(stdout, text);
        g_free(text);
        return;
    }
    char *name = a->item.name ? a->item.name : a->item.email ? a->item.email : a->item.id;
    cli_print_line(stdout, "Customer: %s", name ? name : "(no name)");
    char *tree = rec ? tree_text(rec) : NULL;
    if (tree)
        fputs(tree, stdout);
    g_free(tree);
}

int cmd_get(int argc, char **argv)
{
    OneOptions o = { 0 };
    int status = parse(argc, argv, &o, "get", cmd_get_help);
    if (status >= 0)
        return status;
    CustomerSession s;
    status = customer_session_open(&s, "get", o.profile, false);
    if (status < 0 && !id_fits(&s, o.id, false))
        status = EXIT_INVALID;
    if (status < 0) {
        s.timeout_s = o.timeout_s;
        CustomerAnswer a;
        fetch(&s, o.id, &a);
        status = exit_status(&a);
        if (status == EXIT_OK)
            print_record(&a, o.json);
        else
            say_failure(&s, o.id, &a);
        customer_answer_done(&a);
    }
    customer_session_close(&s);
    return status;
}

/* ---- deleting ----------------------------------------------------------------------- */

static void record(const CustomerSession *s, const char *id, const char *email, const CustomerAnswer *a,
                   const NetResult *r)
{
    HistoryEntry e;
    history_entry_from_delete(&e, s->profile->name, s->d, s->base_url, id, email, a, r);
    HistoryStore store;
    history_store_init(&store, NULL);
    char *why = NULL;
    if (!history_append(&store, &e, &why))
        cli_error("note: %s (this delete is not in the history)", why);
    g_free(why);
    history_store_done(&store);
    history_entry_done(&e);
}

/* On LIVE: the customer named before it goes, from the provider's own record. */
static int name_it(CustomerSession *s, const char *id, char **email)
{
    CustomerAnswer a;
    fetch(s, id, &a);
    int status = exit_status(&a);
    if (status != EXIT_OK) {
        say_failure(s, id, &a);
        cli_error("nothing was deleted");
    } else {
        *email = g_strdup(a.item.email);
        cli_print_line(stderr, "Deleting %s (id %s) on LIVE %s, profile %s", a.item.email ? a.item.email
                       : "(no email)", id, s->d->title, s->profile->name);
    }
    customer_answer_done(&a);
    return status;
}

static int delete_one(CustomerSession *s, const char *id, const char *email)
{
    Request req;
    char *err = NULL;
    if (!customer_delete_request(s->d, s->base_url, id, &req, &err)) { /* id_fits said so first */
        cli_error("%s; nothing was sent", err);
        g_free(err);
        return EXIT_INVALID;
    }
    NetResult *r = customer_session_send(s, &req);
    CustomerAnswer a;
    customer_answer_read(s->d, CUSTOMER_DELETE, r->status, r->raw_body, r->raw_len, r->error, &a);
    record(s, id, email, &a, r);
    int status = exit_status(&a);
    const char *who = email ? email : a.item.email;
    char *named = who ? g_strdup_printf("%s (id %s)", who, id) : g_strdup_printf("id %s", id);
    if (status == EXIT_OK)
        cli_print_line(stdout, "%s: %s on %s", a.archived ? "Archived" : "Deleted", named, s->d->title);
    else
        say_failure(s, id, &a);
    g_free(named);
    if (status == EXIT_UNSENT)
        cli_error("whether %s was deleted is unknown: `custty get --profile %s %s` tells", id, s->profile->name,
                  id);
    customer_answer_done(&a);
    net_result_free(r);
    return status;
}

static int run_delete(CustomerSession *s, const OneOptions *o)
{
    if (!customer_list_can_delete(s->d)) {
        Request none;
        char *err = NULL;
        customer_delete_request(s->d, s->base_url, o->id, &none, &err);
        cli_error("%s", err);
        g_free(err);
        return EXIT_INVALID;
    }
    if (!id_fits(s, o->id, true))
        return EXIT_INVALID;
    if (s->profile->live && !o->yes) {
        cli_error("profile %s is LIVE: deleting customer %s on %s needs --yes; nothing was sent", s->profile->name,
                  o->id, s->d->title);
        return EXIT_INVALID;
    }
    char *email = NULL;
    int status = s->profile->live ? name_it(s, o->id, &email) : EXIT_OK;
    if (status == EXIT_OK)
        status = delete_one(s, o->id, email);
    g_free(email);
    return status;
}

int cmd_delete(int argc, char **argv)
{
    OneOptions o = { 0 };
    int status = parse(argc, argv, &o, "delete", cmd_delete_help);
    if (status >= 0)
        return status;
    CustomerSession s;
    status = customer_session_open(&s, "delete", o.profile, true);
    s.timeout_s = o.timeout_s;
    if (status < 0)
        status = run_delete(&s, &o);
    customer_session_close(&s);
    return status;
}
