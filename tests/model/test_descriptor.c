/* Loading descriptors: the shipped three, and broken ones with errors that
 * name the file, the key and what is wrong. */
#include "model/descriptor.h"
#include "tests/support/support.h"

#include <criterion/criterion.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

Test(descriptor, shipped_providers_load)
{
    static const char *const names[] = { "botpenguin", "billing-v1", "prolifi" };
    for (size_t i = 0; i < G_N_ELEMENTS(names); i++) {
        Descriptor *d = support_provider(names[i]);
        cr_expect_str_eq(d->name, names[i]);
        cr_expect_gt(d->n_fields, 2);
        descriptor_free(d);
    }
}

Test(descriptor, botpenguin_details)
{
    Descriptor *d = support_provider("botpenguin");
    cr_expect_str_eq(d->create_path, "/customer/create");
    cr_expect_str_eq(d->auth_headers[0].name, "authtype");
    cr_expect_str_eq(d->auth_headers[0].value, "Key");
    cr_expect(descriptor_field(d, "password")->secret);
    cr_expect_str_eq(d->flag_path, "success");
    cr_expect(descriptor_environment(d, "live")->live);
    descriptor_free(d);
}

Test(descriptor, billing_nested_and_enum)
{
    Descriptor *d = support_provider("billing-v1");
    cr_expect_eq(d->n_envs, 0, "billing-v1 has no public host");
    cr_expect_eq(descriptor_field(d, "address.country")->type, FIELD_COUNTRY);
    const Field *status = descriptor_field(d, "status");
    cr_expect_eq(status->type, FIELD_ENUM);
    cr_expect_str_eq(status->choices[2], "suspended");
    cr_expect_str_eq(descriptor_status_field(d, 409), "email");
    descriptor_free(d);
}

Test(descriptor, prolifi_tokens_and_idempotency)
{
    Descriptor *d = support_provider("prolifi");
    cr_expect(d->idempotency);
    cr_expect_str_eq(d->idempotency_header, "Idempotency-Key");
    cr_expect_eq(d->idempotency_max, 255);
    cr_expect_str_eq(d->token_kinds[0].prefix, "pk_");
    cr_expect_not(d->token_kinds[0].can_create);
    descriptor_free(d);
}

/* The shipped billing-v1 file with one edit applied. */
static char *broken(const char *from, const char *to, char **err)
{
    char *text = support_fixture("../../assets/providers/billing-v1.json", NULL);
    char *edited = NULL;
    char *at = strstr(text, from);
    cr_assert_not_null(at, "fixture has %s", from);
    edited = g_strdup_printf("%.*s%s%s", (int)(at - text), text, to, at + strlen(from));
    Descriptor *d = descriptor_parse(edited, strlen(edited), "billing-v1", "providers/billing-v1.json", err);
    cr_expect_null(d, "the broken descriptor is refused");
    descriptor_free(d);
    g_free(text);
    g_free(edited);
    return *err;
}

Test(descriptor_errors, typo_in_key_names_file_key_and_guess)
{
    char *err = NULL;
    broken("\"required\": true", "\"requird\": true", &err);
    cr_expect(strstr(err, "providers/billing-v1.json"), "names the file: %s", err);
    cr_expect(strstr(err, "fields[0].requird"), "names the key: %s", err);
    cr_expect(strstr(err, "did you mean \"required\""), "guesses: %s", err);
    g_free(err);
}

Test(descriptor_errors, unknown_type)
{
    char *err = NULL;
    broken("\"type\": \"email\"", "\"type\": \"emial\"", &err);
    cr_expect(strstr(err, "fields[1].type"), "%s", err);
    cr_expect(strstr(err, "did you mean \"email\""), "%s", err);
    g_free(err);
}

Test(descriptor_errors, wrong_value_type_and_missing_key)
{
    char *err = NULL;
    broken("\"required\": true", "\"required\": \"yes\"", &err);
    cr_expect(strstr(err, "fields[0].required: must be true or false"), "%s", err);
    g_free(err);
    err = NULL;
    broken("\"path\": \"/api/v1/customers\"", "\"pth\": \"/api/v1/customers\"", &err);
    cr_expect(strstr(err, "create."), "%s", err);
    g_free(err);
}

Test(descriptor_errors, json_syntax_gives_line_and_column)
{
    char *err = NULL;
    const char *text = "{\n  \"format\": 1,\n  \"title\": \"x\",,\n}";
    Descriptor *d = descriptor_parse(text, strlen(text), "x", "x.json", &err);
    cr_expect_null(d);
    cr_expect(strstr(err, "x.json:3:"), "line given: %s", err);
    g_free(err);
}

Test(descriptor_errors, duplicate_field_bad_regex_enum_without_values)
{
    static const struct { const char *from, *to, *want; } cases[] = {
        { "\"name\": \"email\"", "\"name\": \"name\"", "listed twice" },
        { "\"pattern\": \"^[!-~]+$\"", "\"pattern\": \"([\"", "regular expression" },
        { "\"values\": [\"active\", \"inactive\", \"suspended\"]", "\"values\": []", "at least one value" },
        { "\"path\": \"/api/v1/customers\"", "\"path\": \"api/v1/customers\"", "must start with /" },
        { "\"format\": 1", "\"format\": 2", "format 1" },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        char *err = NULL;
        broken(cases[i].from, cases[i].to, &err);
        cr_expect(strstr(err, cases[i].want), "case %zu: %s", i, err);
        g_free(err);
    }
}

/* Numbers no long long holds: refused with the key named, never cast. */
Test(descriptor_errors, integers_past_long_long_are_refused_not_cast)
{
    static const struct { const char *from, *to, *want; } cases[] = {
        { "{ \"name\": \"custom_data\"",
          "{ \"name\": \"n\", \"type\": \"integer\", \"min\": 1e30 }, { \"name\": \"custom_data\"", "fields[7].min" },
        { "{ \"name\": \"custom_data\"",
          "{ \"name\": \"n\", \"type\": \"integer\", \"max\": -1e30 }, { \"name\": \"custom_data\"", "fields[7].max" },
        { "\"max_length\": 200,", "\"max_length\": 1e30,", "fields[0].max_length" },
        { "\"max_length\": 200,", "\"max_length\": 1e10,", "fields[0].max_length" },
        { "\"format\": 1", "\"format\": 1e300", "format" },
        { "\"supported\": false", "\"supported\": false, \"max_length\": 9.3e18", "idempotency.max_length" },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        char *err = NULL;
        broken(cases[i].from, cases[i].to, &err);
        cr_expect(err && strstr(err, "providers/billing-v1.json"), "case %zu names the file: %s", i, err);
        cr_expect(err && strstr(err, cases[i].want), "case %zu names %s: %s", i, cases[i].want, err);
        g_free(err);
    }
}

/* create.success_status decides what "created" is: an empty list (nothing
 * would ever be created) or a status that is not a 2xx is refused, not
 * read past the end of a list. */
Test(descriptor_errors, success_status_must_be_a_list_of_2xx)
{
    static const char *const bad[] = { "[]", "201", "[200.5]", "[404]", "[\"201\"]" };
    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
        char *to = g_strdup_printf("\"success_status\": %s", bad[i]), *err = NULL;
        broken("\"success_status\": [201]", to, &err);
        cr_expect(err && strstr(err, "create.success_status") && strstr(err, "2xx"), "%s: %s", bad[i], err);
        g_free(err), g_free(to);
    }
}

/* A provider whose keys are too short for a random key that cannot collide
 * is refused at load, naming the limit, rather than sent weak keys. */
Test(descriptor_errors, an_idempotency_max_length_too_short_for_a_safe_key)
{
    char *err = NULL;
    broken("\"supported\": false", "\"supported\": true, \"max_length\": 8", &err);
    cr_expect(err && strstr(err, "idempotency.max_length") && strstr(err, "8 is too short") && strstr(err, "16"),
              "%s", err);
    g_free(err);
}

/* A key that would be read by nothing is refused, not silently ignored: a
 * paging key its style does not use, a quota limit with no remaining count. */
Test(descriptor_errors, keys_that_would_do_nothing_are_refused)
{
    static const struct { const char *from, *to, *want; } cases[] = {
        { "\"style\": \"none\"", "\"style\": \"none\", \"param\": \"page\"", "lookup.paging.param" },
        { "\"style\": \"none\"", "\"style\": \"page\", \"param\": \"p\", \"more\": \"has_more\"",
          "lookup.paging.more" },
        { "\"style\": \"none\"", "\"style\": \"page\", \"param\": \"p\", \"limit_param\": \"per\"",
          "lookup.paging.limit_param" },
        { "\"style\": \"none\"",
          "\"style\": \"offset\", \"param\": \"o\", \"limit_param\": \"l\", \"first\": 1", "lookup.paging.first" },
        { "\"idempotency\": { \"supported\": false }",
          "\"idempotency\": { \"supported\": false }, \"rate_limit\": { \"limit_header\": \"X-Limit\" }",
          "rate_limit.limit_header" },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        char *err = NULL;
        broken(cases[i].from, cases[i].to, &err);
        cr_expect(err && strstr(err, cases[i].want) && strstr(err, "does nothing"), "case %zu names %s: %s", i,
                  cases[i].want, err);
        g_free(err);
    }
}

/* A header or a path from a descriptor goes into every request: no line
 * breaks (a second header, a second request) and no way out of the API. */
Test(descriptor_errors, control_characters_in_headers_and_escaping_paths_are_refused)
{
    static const struct { const char *from, *to, *want; } cases[] = {
        { "\"scheme\": \"bearer\",", "\"scheme\": \"bearer\", \"headers\": {\"X-Evil\\r\\nInjected\": \"v\"},",
          "auth.headers" },
        { "\"scheme\": \"bearer\",", "\"scheme\": \"bearer\", \"headers\": {\"X-Ok\": \"v\\r\\nX-Injected: 1\"},",
          "auth.headers.X-Ok" },
        { "\"scheme\": \"bearer\",", "\"scheme\": \"bearer\", \"headers\": {\"X-Ok\": \"v\\u001b]0;x\\u0007\"},",
          "auth.headers.X-Ok" },
        { "\"scheme\": \"bearer\",", "\"scheme\": \"bearer\", \"headers\": {\"Bad Name\": \"v\"},", "auth.headers" },
        { "\"supported\": false", "\"supported\": false, \"header\": \"Idem\\nX: 1\"", "idempotency.header" },
        { "\"method\": \"POST\"", "\"method\": \"POST /x HTTP/1.1\\r\\n\"", "create.method" },
        { "\"path\": \"/api/v1/customers\"", "\"path\": \"/../admin\"", "create.path" },
        { "\"path\": \"/api/v1/customers\"", "\"path\": \"/api/v1/customers\\r\\nX: 1\"", "create.path" },
        { "\"list\": \"/api/v1/customers\"", "\"list\": \"/api/v1/%2e%2e/admin\"", "endpoints.list" },
        { "\"list\": \"/api/v1/customers\"", "\"list\": \"/api/v1/%2E./admin\"", "endpoints.list" },
        { "\"get\": \"/api/v1/customers/{id}\"", "\"get\": \"/api/v1//customers/{id}\"", "endpoints.get" },
        { "\"get\": \"/api/v1/customers/{id}\"", "\"get\": \"/api/./v1/customers/{id}\"", "endpoints.get" },
        { "\"items\": \"\", \"match\"", "\"path\": \"/api/v1/customers/..\", \"items\": \"\", \"match\"",
          "lookup.path" },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        char *err = NULL;
        broken(cases[i].from, cases[i].to, &err);
        cr_expect(err && strstr(err, "providers/billing-v1.json"), "case %zu names the file: %s", i, err);
        cr_expect(err && strstr(err, cases[i].want), "case %zu names %s: %s", i, cases[i].want, err);
        cr_expect(err && !strchr(err, '\r') && !strchr(err, '\n'), "case %zu: the message is one line", i);
        g_free(err);
    }
}

Test(provider_set, later_dir_overrides_and_bad_files_reported)
{
    char *dir = g_dir_make_tmp("custty-XXXXXX", NULL);
    char *good = g_build_filename(dir, "billing-v1.json", NULL);
    char *bad = g_build_filename(dir, "oops.json", NULL);
    char *text = support_fixture("../../assets/providers/billing-v1.json", NULL);
    char *retitled = g_strdup(text);
    memcpy(strstr(retitled, "Billing API"), "BILLING API", 11);
    g_file_set_contents(good, retitled, -1, NULL);
    g_file_set_contents(bad, "{\"title\": 3}", -1, NULL);
    ProviderSet set = { 0 };
    char *errors = NULL;
    cr_expect_eq(provider_set_load_dir(&set, "assets/providers", &errors), 3);
    cr_expect_eq(provider_set_load_dir(&set, dir, &errors), 1);
    cr_expect_eq(set.count, 3);
    cr_expect(strstr(provider_set_find(&set, "billing-v1")->title, "BILLING API"));
    cr_expect(errors && strstr(errors, "oops.json"), "reports the bad file: %s", errors);
    provider_set_done(&set);
    g_free(errors);
    remove(good);
    remove(bad);
    g_rmdir(dir);
    g_free(text);
    g_free(retitled);
    g_free(good);
    g_free(bad);
    g_free(dir);
}

/* A descriptor in the providers folder that is a FIFO, a link to a device or
 * huge is reported by name, without waiting on it or reading it. */
Test(provider_set, a_fifo_device_or_huge_descriptor_is_refused_unread, .timeout = 30)
{
    char *dir = g_dir_make_tmp("custty-XXXXXX", NULL);
    char *fifo = g_build_filename(dir, "fifo.json", NULL), *dev = g_build_filename(dir, "zero.json", NULL);
    char *huge = g_build_filename(dir, "huge.json", NULL);
    cr_assert_eq(mkfifo(fifo, 0600), 0);
    cr_assert_eq(symlink("/dev/zero", dev), 0);
    FILE *f = fopen(huge, "w");
    cr_assert(f && ftruncate(fileno(f), (off_t)1 << 30) == 0);
    fclose(f);
    ProviderSet set = { 0 };
    char *errors = NULL;
    cr_expect_eq(provider_set_load_dir(&set, dir, &errors), 0);
    cr_expect(errors && strstr(errors, "fifo.json: not a regular file"), "%s", errors);
    cr_expect(errors && strstr(errors, "zero.json: not a regular file"), "%s", errors);
    cr_expect(errors && strstr(errors, "huge.json: too large"), "%s", errors);
    provider_set_done(&set);
    g_free(errors);
    remove(fifo), remove(dev), remove(huge), remove(dir);
    g_free(fifo), g_free(dev), g_free(huge), g_free(dir);
}

static Descriptor *with_auth(const char *auth, char **err)
{
    char *text = support_fixture("../../assets/providers/billing-v1.json", NULL);
    const char *from = strstr(text, "\"auth\": {");
    const char *to = strstr(from, "\"fields\"");
    char *edited = g_strdup_printf("%.*s\"auth\": %s,\n  %s", (int)(from - text), text, auth, to);
    Descriptor *d = descriptor_parse(edited, strlen(edited), "billing-v1", "providers/billing-v1.json", err);
    g_free(text);
    g_free(edited);
    return d;
}

/* Every way a provider takes its key: a header of its own, HTTP Basic, a
 * query parameter; and the mistakes a descriptor writer makes with them. */
Test(descriptor, auth_schemes_header_basic_query)
{
    char *err = NULL;
    Descriptor *d = with_auth("{\"scheme\": \"header\", \"header\": {\"name\": \"X-Api-Key\", \"value\": \"{token}\"}}", &err);
    cr_assert_not_null(d, "%s", err);
    cr_expect_eq(d->auth, AUTH_HEADER);
    cr_expect_str_eq(d->auth_header_name, "X-Api-Key");
    cr_expect_str_eq(d->auth_header_value, "{token}");
    cr_expect(d->auth_required, "a key scheme needs a token by default");
    descriptor_free(d);
    d = with_auth("{\"scheme\": \"basic\"}", &err);
    cr_assert_not_null(d, "%s", err);
    cr_expect_eq(d->auth, AUTH_BASIC);
    descriptor_free(d);
    d = with_auth("{\"scheme\": \"query\", \"query\": \"api_key\"}", &err);
    cr_assert_not_null(d, "%s", err);
    cr_expect_eq(d->auth, AUTH_QUERY);
    cr_expect_str_eq(d->auth_query_param, "api_key");
    descriptor_free(d);
    d = with_auth("{\"scheme\": \"none\"}", &err);
    cr_assert_not_null(d, "%s", err);
    cr_expect_eq(d->auth, AUTH_NONE);
    cr_expect(!d->auth_required);
    descriptor_free(d);
}

Test(descriptor_errors, auth_scheme_mistakes_are_named)
{
    static const struct { const char *auth, *want; } cases[] = {
        { "{\"scheme\": \"digest\"}", "auth.scheme: must be \"bearer\", \"basic\", \"header\", \"query\" or \"none\"" },
        { "{\"scheme\": \"header\"}", "auth.header" },
        { "{\"scheme\": \"header\", \"header\": {\"name\": \"X-Api-Key\", \"value\": \"Key\"}}", "{token} exactly once" },
        { "{\"scheme\": \"header\", \"header\": {\"name\": \"X-Api-Key\", \"value\": \"{token}{token}\"}}",
          "{token} exactly once" },
        { "{\"scheme\": \"header\", \"header\": {\"name\": \"X Api\", \"value\": \"{token}\"}}", "auth.header" },
        { "{\"scheme\": \"header\", \"header\": {\"name\": \"X-K\", \"value\": \"{token}\\r\\nX: 1\"}}", "auth.header" },
        { "{\"scheme\": \"query\"}", "auth.query" },
        { "{\"scheme\": \"query\", \"query\": \"a&b=c\"}", "auth.query: must be a parameter name" },
        { "{\"scheme\": \"bearer\", \"query\": \"api_key\"}", "auth.query: is only for the \"query\" scheme" },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        char *err = NULL;
        Descriptor *d = with_auth(cases[i].auth, &err);
        cr_expect_null(d, "case %zu refused", i);
        cr_expect(err && strstr(err, cases[i].want), "case %zu names %s: %s", i, cases[i].want, err);
        descriptor_free(d);
        g_free(err);
    }
}

/* billing-v1 with SECTION in place of its sandbox section. */
static Descriptor *with_sandbox(const char *section, char **err)
{
    char *text = support_fixture("../../assets/providers/billing-v1.json", NULL);
    const char *from = strstr(text, "\"sandbox\": {");
    char *edited = g_strdup_printf("%.*s\"sandbox\": %s\n}\n", (int)(from - text), text, section);
    Descriptor *d = descriptor_parse(edited, strlen(edited), "billing-v1", "providers/billing-v1.json", err);
    g_free(text);
    g_free(edited);
    return d;
}

/* The sandbox section: the shipped ones say what their sandboxes do; a
 * short one takes the rest from the descriptor. */
Test(descriptor, sandbox_sections_and_unique_fields)
{
    Descriptor *d = support_provider("prolifi");
    cr_expect(d->sandbox.present);
    cr_expect_str_eq(d->sandbox.base_path, "/api/v1/public");
    cr_expect_str_eq(sandbox_demo_token(d), "sk_test_sandbox", "pk_ may not create");
    cr_expect(descriptor_field(d, "external_id")->unique);
    cr_expect_not(descriptor_field(d, "email")->unique);
    cr_expect(d->sandbox.delete_archives);
    descriptor_free(d);
    char *err = NULL;
    d = with_sandbox("{\"tokens\": [\"t0ken\"]}", &err);
    cr_assert_not_null(d, "%s", err);
    cr_expect_null(d->sandbox.envelope, "billing-v1's record is the body itself");
    cr_expect_str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetObjectItem(d->sandbox.error_body, "error"),
                                                              "detail")), "{message}", "the client's message path");
    cr_expect_eq(d->sandbox.duplicate_status, 409);
    descriptor_free(d);
}

Test(descriptor_errors, sandbox_mistakes_are_named)
{
    static const struct { const char *section, *want; } cases[] = {
        { "{\"tokens\": [\"t\"], \"recrod\": {}}", "sandbox.recrod: unknown key; did you mean \"record\"?" },
        { "[1]", "sandbox: must be an object" },
        { "{}", "sandbox.tokens: missing" },
        { "{\"tokens\": [\"a b\"]}", "sandbox.tokens[0]" },
        { "{\"tokens\": [\"t\"], \"hook\": \"stripe\"}", "sandbox.hook: no hook \"stripe\"" },
        { "{\"tokens\": [\"t\"], \"base_path\": \"api\"}", "sandbox.base_path" },
        { "{\"tokens\": [\"t\"], \"envelope\": {\"data\": \"{items}\"}}", "sandbox.envelope: must hold the string \"{record}\"" },
        { "{\"tokens\": [\"t\"], \"record\": {\"generate\": {\"x\": \"yesterday\"}}}", "sandbox.record.generate.x" },
        { "{\"tokens\": [\"t\"], \"record\": {\"place\": {\"nope\": \"x\"}}}", "sandbox.record.place.nope: is not a field" },
        { "{\"tokens\": [\"t\"], \"record\": {\"id_format\": \"ulid\"}}", "sandbox.record.id_format" },
        { "{\"tokens\": [\"t\"], \"delete\": {\"style\": \"archive\"}}", "sandbox.delete.set" },
        { "{\"tokens\": [\"t\"], \"delete\": {\"style\": \"shred\"}}", "sandbox.delete.style" },
        { "{\"tokens\": [\"t\"], \"error\": {\"vars\": {\"type\": {\"600\": \"x\"}}}}", "sandbox.error.vars.type" },
        { "{\"tokens\": [\"t\"], \"messages\": {\"unauthorised\": \"x\"}}", "did you mean \"unauthorized\"?" },
        { "{\"tokens\": [\"t\"], \"list\": {\"envelope\": {\"data\": \"{record}\"}}}", "sandbox.list.envelope" },
        { "{\"tokens\": [\"t\"], \"duplicate\": {\"status\": 500}}", "sandbox.duplicate.status" },
        /* an empty record path would put a value nowhere: the engine read past its path's pieces */
        { "{\"tokens\": [\"t\"], \"record\": {\"generate\": {\"\": \"now\"}}}", "sandbox.record.generate" },
        { "{\"tokens\": [\"t\"], \"delete\": {\"style\": \"archive\", \"set\": {\"\": \"x\"}}}", "sandbox.delete.set" },
        { "{\"tokens\": [\"t\"], \"record\": {\"generate\": {\"a..b\": \"now\"}}}", "sandbox.record.generate" },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        char *err = NULL;
        Descriptor *d = with_sandbox(cases[i].section, &err);
        cr_expect_null(d, "case %zu refused", i);
        cr_expect(err && strstr(err, cases[i].want), "case %zu names %s: %s", i, cases[i].want, err);
        descriptor_free(d);
        g_free(err);
    }
}
