/* `custty check`: settles the history's unknown outcomes from the command
 * line, as F8 does in the console: created, not created, or still unknown. */
#include "app/catalog.h"
#include "app/cli.h"
#include "app/config.h"
#include "app/history_store.h"
#include "app/lookup_run.h"
#include "app/tokens.h"
#include "model/text.h"

#include <getopt.h>
#include <glib.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/signalfd.h>
#include <unistd.h>

void cmd_check_help(FILE *out)
{
    fputs("Usage: custty check [--profile P] [--all] [--json] [--timeout S]\n\n"
          "Asks the provider whether the newest submission whose outcome is unknown\n"
          "(sent, but no answer came) created a customer, and records the verdict in\n"
          "the history: created (with the id found), not created (an exact 404, or\n"
          "every page of the provider's list read without a match), or still unknown\n"
          "(a page failed, or a limit was reached: then nothing is recorded).\n\n"
          "  --profile P   only entries of this profile\n"
          "  --all         every unknown entry, not only the newest\n"
          "  --json        one JSON object per entry checked\n"
          "  --timeout S   the most one check may take (default 120)\n\n"
          "Exit status: 0 every entry checked is settled (or none was unknown),\n"
          "3 some are still unknown, 2 bad usage. Ctrl-C stops, leaving them unknown.\n", out);
}

typedef struct {
    const char *profile;
    bool all, json;
    long timeout_s;
} CheckOptions;

static int parse(int argc, char **argv, CheckOptions *o)
{
    static const struct option opts[] = {
        { "profile", required_argument, NULL, 'p' }, { "all", no_argument, NULL, 'a' },
        { "json", no_argument, NULL, 'j' },          { "timeout", required_argument, NULL, 't' },
        { "help", no_argument, NULL, 'h' },          { "version", no_argument, NULL, 'V' }, { 0 },
    };
    int c;
    double n = 0;
    while ((c = getopt_long(argc, argv, "p:ajt:h", opts, NULL)) != -1) {
        switch (c) {
        case 'p': o->profile = optarg; break;
        case 'a': o->all = true; break;
        case 'j': o->json = true; break;
        case 't': if (!cli_number("--timeout", optarg, "whole seconds", 1, 86400, true, &n)) return EXIT_INVALID;
                  o->timeout_s = (long)n; break;
        case 'h': cmd_check_help(stdout); return EXIT_OK;
        case 'V': cli_version(stdout); return EXIT_OK;
        default: cmd_check_help(stderr); return EXIT_INVALID;
        }
    }
    if (optind < argc) {
        cli_error("check takes no arguments (got \"%s\"); see custty check --help", argv[optind]);
        return EXIT_INVALID;
    }
    return -1;
}

typedef struct {
    ProviderSet providers;
    ProfileSet profiles;
    HistoryStore store;
    NetThread *nt;
    int sig_fd;
    bool interrupted;
} Checker;

/* ---- one entry ---------------------------------------------------------------- */

typedef struct {
    LookupVerdict verdict;
    char *id, *said;
    cJSON *record;
} Verdict;

static void verdict_done(Verdict *v)
{
    g_free(v->id), g_free(v->said);
    cJSON_Delete(v->record);
}

/* Why E cannot be asked about at all, or NULL; *BASE gets where to ask. */
static char *cannot_ask(const HistoryEntry *e, const Profile *p, const Descriptor *d, char **base)
{
    char *err = NULL;
    if (!p || !d)
        return g_strdup_printf("profile %s is not configured any more", e->profile ? e->profile : "(none)");
    if (p->sandbox)
        return g_strdup("the in-process sandbox that served it has ended, and its customers with it");
    if (!e->email)
        return g_strdup("the entry has no email to look for");
    *base = profile_base_url(p, d, NULL, &err);
    if (*base && g_strcmp0(*base, e->base_url) != 0) {
        g_free(err);
        err = g_strdup_printf("it went to %s, not where %s points now (its token goes only there): check by hand",
                              e->base_url ? e->base_url : "(unknown)", p->name);
        g_free(*base), *base = NULL;
    }
    return *base ? NULL : err;
}

static Verdict check_entry(Checker *k, const HistoryEntry *e, const CheckOptions *o)
{
    Verdict v = { .verdict = LOOKUP_CANNOT_TELL };
    const Profile *p = e->profile ? profiles_find(&k->profiles, e->profile) : NULL;
    const Descriptor *d = p ? provider_set_find(&k->providers, p->provider) : NULL;
    char *base = NULL;
    v.said = cannot_ask(e, p, d, &base);
    LookupScan *scan = v.said ? NULL : lookup_scan_new(d, base, e->email, e->request, &v.said);
    g_free(base);
    if (!scan)
        return v;
    TokenOrigin origin;
    char *token = tokens_lookup(p, NULL, &origin, NULL);
    LookupRun *run = lookup_run_start(k->nt, d, scan, token, o->timeout_s * 1000);
    text_free_secret(token);
    k->interrupted |= lookup_run_wait(run, k->nt, k->sig_fd);
    v.verdict = lookup_run_verdict(run, &v.id, &v.record, &v.said);
    lookup_run_free(run);
    return v;
}

/* ---- what is said and kept ------------------------------------------------------- */

static void record(Checker *k, const HistoryEntry *unknown, const Verdict *v)
{
    if (v->verdict == LOOKUP_CANNOT_TELL)
        return;
    HistoryEntry e;
    history_entry_init(&e);
    char *message = g_strdup_printf("checked: %s (%s)", v->verdict == LOOKUP_FOUND ? "the provider has this customer"
                                                                                  : "the provider has no such customer",
                                    v->said);
    history_entry_settles(&e, unknown, v->verdict == LOOKUP_FOUND ? OUTCOME_CREATED : OUTCOME_NOT_CREATED, v->id,
                          v->record, message);
    char *why = NULL;
    if (!history_append(&k->store, &e, &why))
        cli_error("the verdict was not recorded: %s", why);
    g_free(why), g_free(message);
    history_entry_done(&e);
}

static void say(const HistoryEntry *e, const Verdict *v, bool json)
{
    if (json) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "entry", e->entry ? e->entry : "");
        cJSON_AddStringToObject(o, "profile", e->profile ? e->profile : "");
        cJSON_AddStringToObject(o, "email", e->email ? e->email : "");
        cJSON_AddStringToObject(o, "verdict", lookup_verdict_name(v->verdict));
        if (v->id)
            cJSON_AddStringToObject(o, "id", v->id);
        cJSON_AddStringToObject(o, "said", v->said ? v->said : "");
        char *text = cJSON_PrintUnformatted(o);
        cli_print_json(stdout, text);
        g_free(text);
        cJSON_Delete(o);
        return;
    }
    char *line = v->verdict == LOOKUP_FOUND
                     ? g_strdup_printf("%s (%s): created, id %s — %s", e->email, e->profile, v->id ? v->id : "unknown", v->said)
                 : v->verdict == LOOKUP_ABSENT
                     ? g_strdup_printf("%s (%s): not created, safe to send again — %s", e->email, e->profile, v->said)
                     : g_strdup_printf("%s (%s): still unknown — %s", e->email ? e->email : "?", e->profile, v->said);
    cli_print_line(stdout, line);
    g_free(line);
}

/* ---- the command --------------------------------------------------------------------- */

static bool is_unknown(const HistoryEntry *e, const CheckOptions *o)
{
    return !e->resolves && history_entry_is_create(e) && (e->outcome == OUTCOME_UNKNOWN || e->outcome == OUTCOME_SERVER_ERROR) &&
           (!o->profile || g_strcmp0(e->profile, o->profile) == 0);
}

static int check_all(Checker *k, GPtrArray *entries, const CheckOptions *o)
{
    int status = EXIT_OK, checked = 0;
    for (guint i = entries->len; i-- > 0 && !k->interrupted && (o->all || checked == 0);) {
        const HistoryEntry *e = entries->pdata[i];
        if (!is_unknown(e, o))
            continue;
        checked++;
        Verdict v = check_entry(k, e, o);
        record(k, e, &v);
        say(e, &v, o->json);
        if (v.verdict == LOOKUP_CANNOT_TELL)
            status = EXIT_UNSENT;
        verdict_done(&v);
    }
    if (!checked && !o->json)
        printf("nothing to check: no unknown outcome%s%s in the history\n", o->profile ? " on " : "",
               o->profile ? o->profile : "");
    return status;
}

int cmd_check(int argc, char **argv)
{
    CheckOptions o = { .timeout_s = 120 };
    int status = parse(argc, argv, &o);
    if (status >= 0)
        return status;
    Checker k = { 0 };
    char *errors = NULL;
    catalog_load(&k.providers, &errors);
    profiles_load(&k.profiles, &k.providers, &errors);
    if (errors)
        cli_print_lines(stderr, errors);
    g_free(errors);
    if (o.profile && !profiles_find(&k.profiles, o.profile)) {
        cli_error("no profile \"%s\"; `custty profiles` lists them", o.profile);
        status = EXIT_INVALID;
    } else {
        history_store_init(&k.store, NULL);
        GString *notes = g_string_new(NULL);
        GPtrArray *entries = history_read_tail(&k.store, 100000, notes);
        if (notes->len)
            cli_print_lines(stderr, notes->str);
        history_apply_resolutions(entries);
        k.sig_fd = cli_stop_signals_fd();
        k.nt = net_thread_start();
        status = check_all(&k, entries, &o);
        net_thread_stop(k.nt);
        close(k.sig_fd);
        history_entries_free(entries);
        g_string_free(notes, TRUE);
        history_store_done(&k.store);
    }
    profiles_done(&k.profiles);
    provider_set_done(&k.providers);
    return status;
}
