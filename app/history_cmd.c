/* `custty history`: what was created, where, with what id, for scripts and QA notes. */
#include "app/catalog.h"
#include "app/cli.h"
#include "app/config.h"
#include "app/history_store.h"
#include "model/safe_text.h"

#include <getopt.h>
#include <glib.h>
#include <string.h>

void cmd_history_help(FILE *out)
{
    fputs("Usage: custty history [--profile P] [--outcome O] [--json] [--limit N]\n\n"
          "Lists the submissions in $XDG_STATE_HOME/custty/history.jsonl, newest first:\n"
          "time, profile, outcome, id and email. An unknown outcome that was checked\n"
          "later shows what the check found; a delete (`custty delete`) shows as\n"
          "deleted, archived, delete rejected or delete unknown.\n\n"
          "  --profile P   only this profile\n"
          "  --outcome O   created, rejected, server error, rate limited, not sent, unknown,\n"
          "                not created, deleted, archived, delete rejected, delete unknown\n"
          "  --json        one JSON object per line, as stored (secrets were never stored)\n"
          "  --limit N     at most N entries (default 50)\n", out);
}

typedef struct {
    const char *profile, *outcome;
    bool json;
    long limit;
} HistoryOptions;

static int parse(int argc, char **argv, HistoryOptions *o)
{
    static const struct option opts[] = {
        { "profile", required_argument, NULL, 'p' }, { "outcome", required_argument, NULL, 'o' },
        { "json", no_argument, NULL, 'j' },           { "limit", required_argument, NULL, 'n' },
        { "help", no_argument, NULL, 'h' },           { "version", no_argument, NULL, 'V' }, { 0 },
    };
    int c;
    double n = 0;
    while ((c = getopt_long(argc, argv, "p:o:jn:h", opts, NULL)) != -1) {
        switch (c) {
        case 'p': o->profile = optarg; break;
        case 'o': o->outcome = optarg; break;
        case 'j': o->json = true; break;
        case 'n': if (!cli_number("--limit", optarg, "a whole number", 1, 1e9, true, &n)) return EXIT_INVALID;
                  o->limit = (long)n; break;
        case 'h': cmd_history_help(stdout); return EXIT_OK;
        case 'V': cli_version(stdout); return EXIT_OK;
        default: cmd_history_help(stderr); return EXIT_INVALID;
        }
    }
    static const char *const deletes[] = { "deleted", "archived", "delete rejected", "delete unknown", NULL };
    if (o->outcome && outcome_from_name(o->outcome) < 0 && !g_strv_contains(deletes, o->outcome)) {
        cli_error("--outcome takes created, rejected, server error, rate limited, not sent, unknown, not created, "
                  "deleted, archived, delete rejected or delete unknown");
        return EXIT_INVALID;
    }
    return -1;
}

/* Every field of the table came from a file a provider's answers wrote. */
static void print_row(const HistoryEntry *e)
{
    const char *fields[] = { e->time ? e->time : "", e->profile ? e->profile : "", e->id ? e->id : "-",
                             e->email ? e->email : "" };
    char *safe[G_N_ELEMENTS(fields)];
    for (size_t i = 0; i < G_N_ELEMENTS(fields); i++)
        safe[i] = safe_text(fields[i], strlen(fields[i]));
    printf("%-20.19s %-20s %-13s %-32s %s\n", safe[0], safe[1], history_entry_outcome_label(e), safe[2], safe[3]);
    for (size_t i = 0; i < G_N_ELEMENTS(fields); i++)
        g_free(safe[i]);
}

static bool wanted(const HistoryEntry *e, const HistoryOptions *o)
{
    return !e->resolves && (!o->profile || g_strcmp0(e->profile, o->profile) == 0) &&
           (!o->outcome || strcmp(o->outcome, history_entry_outcome_label(e)) == 0);
}

/* A profile the config names, or one the history holds (it may have been
 * removed since): anything else is a typo, not an empty history. */
static bool profile_known(const char *name, const GPtrArray *entries)
{
    for (guint i = 0; i < entries->len; i++)
        if (g_strcmp0(((const HistoryEntry *)entries->pdata[i])->profile, name) == 0)
            return true;
    ProviderSet providers = { 0 };
    ProfileSet profiles = { 0 };
    char *errors = NULL;
    catalog_load(&providers, &errors);
    profiles_load(&profiles, &providers, &errors);
    bool known = profiles_find(&profiles, name) != NULL;
    g_free(errors);
    profiles_done(&profiles);
    provider_set_done(&providers);
    return known;
}

int cmd_history(int argc, char **argv)
{
    HistoryOptions o = { .limit = 50 };
    int status = parse(argc, argv, &o);
    if (status >= 0)
        return status;
    HistoryStore store;
    history_store_init(&store, NULL);
    GString *notes = g_string_new(NULL);
    GPtrArray *entries = history_read_tail(&store, 100000, notes);
    cli_print_lines(stderr, notes->str);
    history_apply_resolutions(entries);
    if (o.profile && !profile_known(o.profile, entries)) {
        cli_error("no profile \"%s\" in the config or the history; see `custty profiles`", o.profile);
        status = EXIT_INVALID;
    }
    long shown = 0;
    for (guint i = entries->len; status < 0 && i-- > 0 && shown < o.limit;) {
        const HistoryEntry *e = entries->pdata[i];
        if (!wanted(e, &o))
            continue;
        shown++;
        if (o.json) {
            char *line = history_entry_to_line(e);
            cli_print_json(stdout, g_strchomp(line));
            g_free(line);
        } else {
            print_row(e);
        }
    }
    history_entries_free(entries);
    g_string_free(notes, TRUE);
    history_store_done(&store);
    return status < 0 ? EXIT_OK : status;
}
