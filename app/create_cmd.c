/* `custty create`: validate locally, then send one create through the network
 * thread and say plainly what happened. */
#include "app/batch.h"
#include "app/catalog.h"
#include "app/cli.h"
#include "app/config.h"
#include "app/create_look.h"
#include "app/create_output.h"
#include "app/history_store.h"
#include "app/net_wait.h"
#include "app/key_reuse.h"
#include "model/history.h"
#include "model/jsonpath.h"
#include "model/quota.h"
#include "app/profile.h"
#include "app/tokens.h"
#include "model/text.h"
#include "model/validate.h"
#include "net/netthread.h"
#include "net/sandbox.h"

#include <getopt.h>
#include <pthread.h>
#include <glib.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/signalfd.h>
#include <unistd.h>

typedef struct {
    const char *profile;
    const char *provider;
    const char *base_url;
    const char *idempotency_key;
    bool json, dry_run, curl, verbose, yes, show_secrets, anyway;
    long timeout_s;
    Values values;
    BatchOptions batch;      /* --from FILE and its options */
} CreateOptions;

/* Everything one create holds, freed in one place. */
typedef struct {
    ProviderSet providers;
    ProfileSet profiles;
    Sandbox *sandbox;
    const Descriptor *d;
    Profile adhoc;           /* for --provider without a profile */
    const Profile *profile;
    char *base_url;
    char *token;
} CreateContext;

void cmd_create_help(FILE *out)
{
    fputs("Usage: custty create (--profile NAME | --provider NAME) [--base-url URL]\n"
          "                     --set FIELD=VALUE ... [--null FIELD ...] [--json] [--timeout S]\n"
          "                     [--idempotency-key KEY] [--curl] [--dry-run] [--verbose]\n"
          "                     [--show-secrets] [--yes] [--create-anyway]\n"
          "       custty create --profile NAME --from FILE [--format csv|jsonl]\n"
          "                     [--map COLUMN=FIELD ...] [--concurrency N] [--report OUT.jsonl]\n"
          "                     [--dry-run] [--yes]\n\n"
          "Checks every value locally, then creates the customer and prints the record\n"
          "the provider returned.\n\n"
          "  --profile NAME     a profile (`custty profiles`); built in: NAME-sandbox for\n"
          "                     each provider with a sandbox (an in-process sandbox)\n"
          "  --provider NAME    a provider; `custty providers NAME` lists its field keys\n"
          "  --base-url URL     the provider's base URL (billing-v1 has no public host)\n"
          "  --set FIELD=VALUE  a field by its provider key, dotted when nested\n"
          "                     (address.city); repeat for each field. A boolean takes\n"
          "                     true or false (also yes/no, 1/0), a list a,b,c, a date\n"
          "                     2027-01-31, a date-time 2027-01-31T23:59:00Z\n"
          "  --null FIELD       send FIELD as JSON null (only a field the provider marks\n"
          "                     nullable; --set FIELD=null sends the text \"null\")\n"
          "  --json             print the record as JSON (with --dry-run: the request)\n"
          "  --timeout S        give up after S seconds (default 60)\n"
          "  --idempotency-key KEY\n"
          "                     reuse the key of an earlier attempt (Prolifi), so a resend\n"
          "                     returns that result instead of creating a second customer\n"
          "  --curl             print an equivalent curl command instead of sending; secret\n"
          "                     fields are read from $CUSTTY_SECRET_NAME (BotPenguin's\n"
          "                     password: $CUSTTY_SECRET_PASSWORD), the token from $CUSTTY_TOKEN\n"
          "  --dry-run          print the request instead of sending it (secret fields as ***)\n"
          "  --show-secrets     with --dry-run or --curl: write secret fields out in clear\n"
          "  --verbose          log the request and the answer on stderr (token masked),\n"
          "                     and the provider's rate-limit quota where it says one\n"
          "  --yes              confirm a create on a LIVE profile without asking\n"
          "  --create-anyway    on a profile with check_before_create, create even when the\n"
          "                     provider already has the email (or the look cannot tell)\n\n"
          "Many customers from a file (- for stdin):\n"
          "  --from FILE        CSV (a header row naming each column's field by its key,\n"
          "                     address.country, or its label; RFC 4180 quoting) or JSON\n"
          "                     Lines (one body a line). Every row is checked first: any\n"
          "                     bad row is listed as FILE:LINE and nothing is sent (exit 2)\n"
          "  --format csv|jsonl the file's format (default: .jsonl/.ndjson, else CSV)\n"
          "  --map COLUMN=FIELD read the CSV column COLUMN as FIELD; repeatable\n"
          "  --concurrency N    requests in flight at once (default 4, at most 64); a 429\n"
          "                     pauses the batch for its Retry-After, a low rate-limit\n"
          "                     quota slows it to one at a time\n"
          "  --report OUT.jsonl append each row's outcome as a JSON line {row, line,\n"
          "                     outcome, status, id, message}\n"
          "  With --dry-run, each request is printed as a JSON line. Run the same command\n"
          "  again to resume: rows created before (same profile and email or unique field,\n"
          "  or the row's idempotency key) are skipped; on a provider without keys, a row\n"
          "  whose outcome was unknown is looked up before it is sent again. Ctrl-C stops\n"
          "  sending; rows in flight get a moment to answer. A LIVE profile asks once for\n"
          "  the whole file, or needs --yes. Exit: 0 all created, 1 some refused, 3 some\n"
          "  unknown or not sent (run it again).\n\n"
          "The token comes from CUSTTY_TOKEN, else the profile's keyring entry; sandbox\n"
          "profiles always use the sandbox's demo token (CUSTTY_TOKEN is ignored).\n\n"
          "Exit status: 0 created; 1 the provider refused, or a server error; 2 invalid\n"
          "values or usage (nothing sent); 3 not sent, or the outcome is unknown.\n", out);
}

/* ---- options ---------------------------------------------------------------- */

static bool add_set(CreateOptions *o, const char *arg)
{
    const char *eq = strchr(arg, '=');
    if (!eq || eq == arg) {
        cli_error("--set takes FIELD=VALUE, like --set email=ann@example.com (got \"%s\")", arg);
        return false;
    }
    char *name = g_strndup(arg, (gsize)(eq - arg));
    values_set(&o->values, name, eq + 1, strlen(eq + 1));
    g_free(name);
    return true;
}

static bool parse_timeout(CreateOptions *o, const char *arg)
{
    double v = 0;
    bool ok = cli_number("--timeout", arg, "whole seconds", 1, 3600, true, &v);
    o->timeout_s = (long)v;
    return ok;
}

static bool parse_concurrency(CreateOptions *o, const char *arg)
{
    double v = 0;
    bool ok = cli_number("--concurrency", arg, "requests at once", 1, 64, true, &v);
    o->batch.concurrency = (long)v;
    return ok;
}

static bool add_map(CreateOptions *o, const char *arg)
{
    const char *eq = strchr(arg, '=');
    if (!eq || eq == arg || !eq[1]) {
        cli_error("--map takes COLUMN=FIELD, like --map \"E-mail=email\" (got \"%s\")", arg);
        return false;
    }
    if (!o->batch.maps)
        o->batch.maps = g_ptr_array_new();
    g_ptr_array_add(o->batch.maps, (char *)arg);
    return true;
}

/* --from takes its values from the file; the options of one create do not mix with it. */
static int check_batch_options(const CreateOptions *o)
{
    bool batch_only = o->batch.format || o->batch.maps || o->batch.concurrency || o->batch.report;
    if (!o->batch.from && batch_only) {
        cli_error("--format, --map, --concurrency and --report go with --from FILE");
        return EXIT_INVALID;
    }
    if (o->batch.from && (o->values.count || o->curl || o->idempotency_key || o->anyway)) {
        cli_error("--from FILE takes every value from the file: drop --set, --null, --curl, --idempotency-key "
                  "and --create-anyway");
        return EXIT_INVALID;
    }
    return -1;
}

static int check_options(const CreateOptions *o, int argc, char **argv)
{
    if (optind < argc) {
        cli_error("unexpected argument \"%s\"; values go in --set FIELD=VALUE", argv[optind]);
        return EXIT_INVALID;
    }
    if (!o->provider == !o->profile) {
        cli_error("create needs --profile NAME or --provider NAME (one of them); see `custty profiles`");
        return EXIT_INVALID;
    }
    return check_batch_options(o);
}

/* Returns -1 to go on, else the exit status. */
static int parse_options(int argc, char **argv, CreateOptions *o)
{
    static const struct option opts[] = {
        { "profile", required_argument, NULL, 'P' },  { "provider", required_argument, NULL, 'p' },
        { "base-url", required_argument, NULL, 'b' }, { "set", required_argument, NULL, 's' },
        { "json", no_argument, NULL, 'j' },           { "dry-run", no_argument, NULL, 'n' },
        { "curl", no_argument, NULL, 'c' },           { "timeout", required_argument, NULL, 't' },
        { "idempotency-key", required_argument, NULL, 'k' }, { "verbose", no_argument, NULL, 'v' },
        { "yes", no_argument, NULL, 'y' },           { "show-secrets", no_argument, NULL, 'S' },
        { "create-anyway", no_argument, NULL, 'A' },  { "null", required_argument, NULL, 'N' },
        { "from", required_argument, NULL, 'F' },     { "format", required_argument, NULL, 'f' },
        { "map", required_argument, NULL, 'M' },      { "concurrency", required_argument, NULL, 'C' },
        { "report", required_argument, NULL, 'R' },
        { "help", no_argument, NULL, 'h' },           { "version", no_argument, NULL, 'V' }, { 0 },
    };
    int c;
    while ((c = getopt_long(argc, argv, "P:p:b:s:jnct:k:vyh", opts, NULL)) != -1) {
        switch (c) {
        case 'P': o->profile = optarg; break;
        case 'p': o->provider = optarg; break;
        case 'b': o->base_url = optarg; break;
        case 's': if (!add_set(o, optarg)) return EXIT_INVALID; break;
        case 'N': values_set_null(&o->values, optarg); break;
        case 'j': o->json = true; break;
        case 'n': o->dry_run = true; break;
        case 'c': o->curl = true; break;
        case 't': if (!parse_timeout(o, optarg)) return EXIT_INVALID; break;
        case 'k': o->idempotency_key = optarg; break;
        case 'v': o->verbose = true; break;
        case 'y': o->yes = true; break;
        case 'S': o->show_secrets = true; break;
        case 'A': o->anyway = true; break;
        case 'F': o->batch.from = optarg; break;
        case 'f': o->batch.format = optarg; break;
        case 'M': if (!add_map(o, optarg)) return EXIT_INVALID; break;
        case 'C': if (!parse_concurrency(o, optarg)) return EXIT_INVALID; break;
        case 'R': o->batch.report = optarg; break;
        case 'h': cmd_create_help(stdout); return EXIT_OK;
        case 'V': cli_version(stdout); return EXIT_OK;
        default: cmd_create_help(stderr); return EXIT_INVALID;
        }
    }
    return check_options(o, argc, argv);
}

/* ---- resolving profile, provider, URL and token -------------------------------- */

static bool resolve_profile(CreateContext *cx, const CreateOptions *o)
{
    if (o->profile) {
        cx->profile = profiles_find(&cx->profiles, o->profile);
        if (!cx->profile) {
            cli_error("no profile \"%s\"; see `custty profiles`", o->profile);
            return false;
        }
    } else {
        cx->adhoc.name = (char *)o->provider;
        cx->adhoc.provider = (char *)o->provider;
        cx->profile = &cx->adhoc;
    }
    cx->d = provider_set_find(&cx->providers, cx->profile->provider);
    if (!cx->d)
        cli_error("no provider \"%s\"; see `custty providers`", cx->profile->provider);
    return cx->d != NULL;
}

static bool start_sandbox(CreateContext *cx)
{
    char *err = NULL;
    SandboxOptions so = { 0 };
    cx->sandbox = sandbox_start(&so, &cx->providers, &err);
    if (!cx->sandbox)
        cli_error("cannot start the built-in sandbox: %s", err);
    g_free(err);
    return cx->sandbox != NULL;
}

static bool resolve_base_url(CreateContext *cx, const CreateOptions *o)
{
    char *err = NULL;
    if (o->base_url && config_url_has_credentials(o->base_url)) {
        cli_error("--base-url must not hold a user name or password (user:pass@): give the token with "
                  "CUSTTY_TOKEN, or store it with `custty token set PROFILE`");
        return false;
    }
    if (o->base_url) {
        cx->base_url = g_strdup(o->base_url);
        return true;
    }
    if (cx->profile->sandbox && !start_sandbox(cx))
        return false;
    char *sb_url = cx->sandbox ? sandbox_base_url(cx->sandbox, cx->d->name) : NULL;
    cx->base_url = profile_base_url(cx->profile, cx->d, sb_url, &err);
    g_free(sb_url);
    char *sb_profile = sandbox_speaks(cx->d) ? profile_sandbox_name(cx->d->name) : g_strdup("NAME");
    if (!cx->base_url && cx->profile == &cx->adhoc)
        cli_error("%s has no public host: give --base-url URL (or try --profile %s)", cx->d->name, sb_profile);
    else if (!cx->base_url)
        cli_error("%s, or give --base-url URL", err);
    g_free(err), g_free(sb_profile);
    return cx->base_url != NULL;
}

/* Plain http to anything but this machine is refused before a token is looked up. */
static bool base_url_allowed(const CreateContext *cx)
{
    char *why = NULL;
    bool ok = net_url_allowed(cx->base_url, &why);
    if (!ok)
        cli_error("the base URL %s; nothing was sent", why);
    g_free(why);
    return ok;
}

/* What gives a token: CUSTTY_TOKEN always; the keyring only through a
 * profile that exists, which --provider alone does not name. g_free it. */
static char *token_advice(const CreateContext *cx)
{
    if (cx->profile != &cx->adhoc || profiles_find(&cx->profiles, cx->profile->name))
        return g_strdup_printf("set CUSTTY_TOKEN, or store one with `custty token set %s`", cx->profile->name);
    for (size_t i = 0; i < cx->profiles.count; i++) {
        const Profile *p = &cx->profiles.items[i];
        if (!p->sandbox && strcmp(p->provider, cx->d->name) == 0)
            return g_strdup_printf("set CUSTTY_TOKEN, or use the profile %s (--profile %s; its token: "
                                   "`custty token set %s`)", p->name, p->name, p->name);
    }
    return g_strdup_printf("set CUSTTY_TOKEN, or add a profile for %s to %s/custty/config.ini (see `custty "
                           "profiles --help`) and store its token with `custty token set PROFILE`",
                           cx->d->name, g_get_user_config_dir());
}

/* Looks the token up (masked in a dry run); sending needs a valid one. */
static bool resolve_token(CreateContext *cx, bool needed)
{
    TokenOrigin origin;
    char *why = NULL;
    /* A sandbox profile pointed elsewhere with --base-url still takes a demo token. */
    const char *demo = !cx->profile->sandbox ? NULL
                       : cx->sandbox ? sandbox_token_for(cx->sandbox, cx->d->name) : sandbox_demo_token(cx->d);
    cx->token = tokens_lookup(cx->profile, demo, &origin, &why);
    char *note = tokens_env_ignored_note(cx->profile);
    if (note)
        fprintf(stderr, "custty: note: %s\n", note);
    g_free(note);
    FieldCheck c;
    validate_token(cx->d, cx->token, true, &c);
    if (needed && !c.ok && c.empty) {
        char *keyring = why ? g_strdup_printf(" (the keyring: %s)", why) : g_strdup("");
        char *advice = token_advice(cx);
        cli_error("%s; %s%s", c.message, advice, keyring);
        g_free(keyring), g_free(advice);
    } else if (needed && !c.ok) {
        cli_error("the token from %s: %s", token_origin_name(origin), c.message);
    }
    g_free(why);
    return c.ok || !needed;
}

static void context_done(CreateContext *cx)
{
    sandbox_stop(cx->sandbox);
    text_free_secret(cx->token);
    g_free(cx->base_url);
    profiles_done(&cx->profiles);
    provider_set_done(&cx->providers);
}

/* ---- sending ----------------------------------------------------------------- */

/* Log lines quote the provider's answer: escaped, line by line. */
static void show_message(const NetMessage *m, bool verbose)
{
    bool summary = m->level != NET_LOG_DEBUG && (verbose || m->level == NET_LOG_WARN);
    if (m->kind != NET_MSG_LOG || (!summary && !verbose))
        return;
    fputs(summary ? "custty: " : "", stderr);
    cli_print_lines(stderr, m->text);
    fputc('\n', stderr);
}

typedef struct {
    NetThread *nt;
    guint64 id;
    bool verbose;
    NetResult *result;
} Waiting;

static bool waited_message(void *ctx, NetMessage *m)
{
    Waiting *w = ctx;
    show_message(m, w->verbose);
    if (m->kind == NET_MSG_DONE && m->job_id == w->id)
        w->result = m->result, m->result = NULL;
    return w->result != NULL;
}

static void waited_signal(void *ctx)
{
    Waiting *w = ctx;
    net_cancel(w->nt, w->id); /* its result says not sent, or unknown once sent */
}

/* Waits for the job, cancelling it on Ctrl-C, SIGTERM or SIGHUP; returns its result. */
static NetResult *wait_result(NetThread *nt, guint64 id, int sig_fd, bool verbose)
{
    Waiting w = { nt, id, verbose, NULL };
    net_wait(nt, sig_fd, &(NetWait){ waited_message, waited_signal, &w });
    return w.result;
}

/* Every submission goes to the history, fsync'ed before the result is printed. */
static void record(const CreateContext *cx, const Request *req, const char *key, const NetResult *r)
{
    HistoryEntry e;
    cJSON *body = request_masked_body(cx->d, req->body);
    history_entry_from_result(&e, cx->profile->name, cx->d, cx->base_url, body, key, r);
    cJSON_Delete(body);
    HistoryStore store;
    history_store_init(&store, NULL);
    char *why = NULL;
    if (!history_append(&store, &e, &why))
        cli_error("note: %s (the result below is not in the history)", why);
    g_free(why);
    history_store_done(&store);
    history_entry_done(&e);
}

/* The provider's quota as its answer said it: with --verbose, and always
 * when it runs low (a script about to be throttled should hear it first). */
static void print_quota(const CreateContext *cx, const NetResult *r, bool verbose)
{
    bool low = quota_is_low(r->quota);
    char *text = verbose || low ? quota_text(cx->d->title, r->quota) : NULL;
    if (text)
        cli_print_line(stderr, "custty: %s%s", low ? "note: " : "", text);
    g_free(text);
}

static int send_request(CreateContext *cx, const CreateOptions *o, Request *req, const char *key)
{
    NetJob *job = g_new0(NetJob, 1);
    job->d = cx->d;
    job->request = *req;
    req->body = g_strdup(job->request.body); /* kept for the history, masked there */
    req->method = req->url = NULL;
    req->headers = NULL;
    req->n_headers = 0;
    req->query_token = (RequestHeader){ 0 };
    job->token = cx->token;
    cx->token = NULL;
    job->limits = net_limits_default();
    long timeout = o->timeout_s ? o->timeout_s : cx->profile->timeout_s;
    if (timeout)
        job->limits.total_timeout_ms = timeout * 1000;
    int sig_fd = cli_stop_signals_fd();
    NetThread *nt = net_thread_start();
    NetResult *r = wait_result(nt, net_submit(nt, job), sig_fd, o->verbose);
    record(cx, req, key, r);
    int status = print_result(stdout, stderr, cx->d, r, o->json);
    print_quota(cx, r, o->verbose);
    net_result_free(r);
    net_thread_stop(nt);
    close(sig_fd);
    return status;
}

/* ---- live safety --------------------------------------------------------------- */

/* The email: what the person checks before a live create. */
static const char *email_of(const Descriptor *d, const Values *v)
{
    const char *field = descriptor_email_field(d);
    return field ? values_get(v, field, NULL) : NULL;
}

static bool confirmed(const CreateContext *cx, const CreateOptions *o)
{
    if (!cx->profile->confirm || o->yes || o->dry_run || o->curl)
        return true;
    const char *email = email_of(cx->d, &o->values);
    if (!isatty(STDIN_FILENO)) {
        cli_error("profile %s is LIVE and asks before each create; add --yes to confirm", cx->profile->name);
        return false;
    }
    cli_print_line(stderr, "This creates a real customer on LIVE %s (profile %s) for %s.", cx->d->title,
                   cx->profile->name, email ? email : "(no email)");
    return cli_typed_yes();
}

/* ---- the command ---------------------------------------------------------------- */

static char *key_refused(const CreateContext *cx, const char *key, const char *body)
{
    HistoryStore store;
    history_store_init(&store, NULL);
    char *why = key_reuse_refusal(&store, cx->d, key, body);
    history_store_done(&store);
    return why;
}

/* A printed request to this command's own sandbox names a port that closes
 * when the command ends: say so, and how to get one that stays. */
static void note_passing_sandbox(const CreateContext *cx)
{
    const char *host = strstr(cx->base_url, "://");
    const char *path = host ? strchr(host + 3, '/') : NULL;
    cli_error("note: the URL is this command's built-in sandbox, whose port closes as the command ends; "
              "to send it, run `custty sandbox --port PORT` and give --base-url http://127.0.0.1:PORT%s",
              path ? path : "");
}

static int build_and_go(CreateContext *cx, const CreateOptions *o)
{
    char *key = o->idempotency_key ? g_strdup(o->idempotency_key) : request_new_idempotency_key(cx->d);
    /* The token goes into the printed forms only, masked; a sent request gets
     * it on the network thread, at the last moment. */
    bool printing = o->dry_run || o->curl;
    RequestOptions ropt = { .base_url = cx->base_url, .token = printing ? cx->token : NULL, .idempotency_key = key };
    Request req;
    char *err = NULL;
    int status = EXIT_OK;
    if (!request_build(cx->d, &o->values, &ropt, &req, &err)) {
        cli_error("%s", err);
        g_free(err);
        g_free(key);
        return EXIT_INVALID;
    }
    char *refused = o->idempotency_key && !printing ? key_refused(cx, key, req.body) : NULL;
    if (refused) {
        cli_error("%s; nothing was sent", refused);
        status = EXIT_INVALID;
    } else if (printing) {
        if (o->curl)
            print_curl(stdout, cx->d, &req, cx->d->auth != AUTH_NONE, o->show_secrets);
        else
            print_request(stdout, cx->d, &req, o->json, o->show_secrets);
        if (cx->sandbox && !o->base_url)
            note_passing_sandbox(cx);
    } else {
        status = send_request(cx, o, &req, key);
    }
    if (status == EXIT_UNSENT && cx->d->idempotency)
        cli_print_line(stderr, "  To send this draft again safely, add: --idempotency-key %s", key);
    request_done(&req);
    g_free(key), g_free(refused);
    return status;
}

static bool batch_lock_said(Batch *b, const BatchTarget *t)
{
    char *why = NULL;
    bool ok = batch_lock(b, t, &why);
    if (!ok)
        cli_error("%s; nothing was sent", why);
    g_free(why);
    return ok;
}

/* --from FILE: every row checked before the URL and token are looked up. */
static int create_batch(CreateContext *cx, const CreateOptions *o)
{
    int status;
    Batch *b = batch_check(&o->batch, cx->d, &status);
    if (!b)
        return status;
    if (!resolve_base_url(cx, o) || !base_url_allowed(cx) || !resolve_token(cx, !o->dry_run)) {
        status = EXIT_INVALID;
    } else {
        BatchTarget t = { .profile = cx->profile, .d = cx->d, .base_url = cx->base_url, .token = cx->token,
                          .show_secrets = o->show_secrets, .yes = o->yes, .verbose = o->verbose,
                          .quiet = !o->verbose, .timeout_s = o->timeout_s };
        if (o->dry_run)
            status = batch_print_requests(b, &t);
        else
            status = batch_confirmed(b, &t) && batch_lock_said(b, &t) ? batch_send(b, &t) : EXIT_INVALID;
    }
    batch_free(b);
    return status;
}

static int create_in(CreateContext *cx, CreateOptions *o)
{
    Problems problems;
    if (!resolve_profile(cx, o))
        return EXIT_INVALID;
    if (o->batch.from)
        return create_batch(cx, o);
    if (!values_check(cx->d, &o->values, &problems)) {
        print_problems(stderr, cx->d, &problems);
        problems_done(&problems);
        return EXIT_INVALID;
    }
    if (!resolve_base_url(cx, o) || !base_url_allowed(cx) || !resolve_token(cx, !o->dry_run && !o->curl) ||
        !confirmed(cx, o))
        return EXIT_INVALID;
    bool look = cx->profile->check_before_create && !o->anyway && !o->dry_run && !o->curl;
    int looked = look ? create_look_first(cx->profile->name, cx->d, cx->base_url, cx->token, &o->values) : -1;
    return looked >= 0 ? looked : build_and_go(cx, o);
}

int cmd_create(int argc, char **argv)
{
    CreateOptions o = { 0 };
    values_init(&o.values);
    int status = parse_options(argc, argv, &o);
    if (status < 0) {
        CreateContext cx = { 0 };
        char *errors = NULL;
        catalog_load(&cx.providers, &errors);
        profiles_load(&cx.profiles, &cx.providers, &errors);
        cli_print_lines(stderr, errors);
        g_free(errors);
        status = create_in(&cx, &o);
        context_done(&cx);
    }
    values_done(&o.values);
    if (o.batch.maps)
        g_ptr_array_free(o.batch.maps, TRUE);
    return status;
}
