/* custty providers import, the model half: OpenAPI documents (seed 002's,
 * a large generated one, small ones for each rule) into descriptors, and
 * hostile documents refused with a clear message. */
#include "model/descriptor.h"
#include "model/openapi_import.h"
#include "model/response.h"
#include "model/spec_tree.h"
#include "model/validate.h"
#include "tests/support/openapi_gen.h"
#include "tests/support/support.h"

#include <criterion/criterion.h>
#include <glib.h>
#include <string.h>

static cJSON *tree_of(const char *text)
{
    char *err = NULL;
    cJSON *t = spec_tree_parse(text, strlen(text), "spec.yaml", &err);
    cr_assert_not_null(t, "%s", err);
    return t;
}

static char *tree_error(const char *text, size_t len)
{
    char *err = NULL;
    cJSON *t = spec_tree_parse(text, len, "spec.yaml", &err);
    cr_assert_null(t, "refused");
    cr_assert_not_null(err);
    return err;
}

/* Imports TEXT with CHOICE (NULL: the default); the import must succeed and
 * its descriptor load. */
static Descriptor *import_text(const char *text, const OpenapiChoice *choice, OpenapiImport *imp)
{
    cJSON *spec = tree_of(text);
    OpenapiChoice none = { 0 };
    bool ok = openapi_import(spec, choice ? choice : &none, imp);
    cJSON_Delete(spec);
    cr_assert(ok, "%s", imp->error);
    char *json = cJSON_Print(imp->descriptor), *err = NULL;
    Descriptor *d = descriptor_parse(json, strlen(json), "imported", "imported.json", &err);
    cr_assert_not_null(d, "%s\n%s", err, json);
    cJSON_free(json);
    return d;
}

static bool has_line(const GPtrArray *lines, const char *needle)
{
    for (guint i = 0; i < lines->len; i++)
        if (strstr(g_ptr_array_index(lines, i), needle))
            return true;
    return false;
}

static char *lines_text(const GPtrArray *lines)
{
    GString *s = g_string_new(NULL);
    for (guint i = 0; i < lines->len; i++)
        g_string_append_printf(s, "%s\n", (const char *)g_ptr_array_index(lines, i));
    return g_string_free(s, FALSE);
}

static const Field *field(const Descriptor *d, const char *name)
{
    const Field *f = descriptor_field(d, name);
    cr_assert_not_null(f, "field %s imported", name);
    return f;
}

Test(openapi_seed, prolifi_fields_auth_environments_and_answers)
{
    char *text = support_fixture("openapi/prolifi.yaml", NULL);
    OpenapiImport imp;
    Descriptor *d = import_text(text, NULL, &imp);
    cr_expect_str_eq(d->title, "Prolifi Public API");
    cr_expect_str_eq(d->create_path, "/customers");
    cr_expect_eq(d->auth, AUTH_BEARER);
    cr_assert_eq(d->n_envs, 2);
    cr_expect_str_eq(d->envs[1].base_url, "https://sandbox.prolifi.co/api/v1/public");
    cr_expect(!d->envs[1].live);
    cr_expect_eq(field(d, "email")->type, FIELD_EMAIL);
    cr_expect(field(d, "email")->required);
    cr_expect_eq(field(d, "country_id")->type, FIELD_UUID);
    cr_expect(field(d, "name")->nullable, "3.1 type list with null");
    cr_expect_eq(field(d, "metadata")->type, FIELD_JSON);
    cr_expect(has_line(imp.unmapped, "metadata: a free object (no properties) — imported as json"));
    cr_expect_eq(d->success_status[0], 201);
    cr_expect_str_eq(d->record_path, "data");
    cr_expect_str_eq(d->field_errors_path, "error.errors");
    descriptor_free(d);
    openapi_import_done(&imp);
    g_free(text);
}

/* The seed's example answers, read through the imported descriptor and the
 * hand-written one: the same record, id, summary, message and field errors. */
static void expect_read_alike(const Descriptor *imported, const char *fixture, int status)
{
    Descriptor *hand = support_provider("prolifi");
    size_t len;
    char *body = support_fixture(fixture, &len);
    Response a, b;
    response_read(imported, status, body, len, &a);
    response_read(hand, status, body, len, &b);
    cr_expect_eq(a.outcome, b.outcome, "%s", fixture);
    cr_expect(a.record == b.record || cJSON_Compare(a.record, b.record, true), "%s: the same record", fixture);
    cr_expect_str_eq(a.id ? a.id : "", b.id ? b.id : "");
    cr_expect_str_eq(a.summary ? a.summary : "", b.summary ? b.summary : "");
    cr_expect_str_eq(a.message ? a.message : "", b.message ? b.message : "");
    cr_expect_eq(a.n_field_errors, b.n_field_errors);
    for (size_t i = 0; i < a.n_field_errors && i < b.n_field_errors; i++)
        cr_expect_str_eq(a.field_errors[i].field, b.field_errors[i].field);
    response_done(&a);
    response_done(&b);
    g_free(body);
    descriptor_free(hand);
}

Test(openapi_seed, reads_the_seed_answers_as_the_hand_written_file_does)
{
    char *text = support_fixture("openapi/prolifi.yaml", NULL);
    OpenapiImport imp;
    Descriptor *d = import_text(text, NULL, &imp);
    expect_read_alike(d, "prolifi_create_201.json", 201);
    expect_read_alike(d, "prolifi_create_422.json", 422);
    descriptor_free(d);
    openapi_import_done(&imp);
    g_free(text);
}

Test(openapi_large, imports_the_customer_operation_of_hundreds)
{
    char *text = openapi_gen_large(300, 0, NULL);
    OpenapiImport imp;
    Descriptor *d = import_text(text, NULL, &imp);
    char *unmapped = lines_text(imp.unmapped);
    cr_expect_eq(d->auth, AUTH_BASIC);
    cr_expect_str_eq(d->create_path, "/customers");
    cr_expect_eq(field(d, "customer.email")->type, FIELD_EMAIL, "a $ref chain three deep");
    cr_expect(field(d, "customer.email")->required, "required inside a required wrapper");
    cr_expect_eq(field(d, "customer.email")->max_length, 254);
    cr_expect_eq(field(d, "customer.currency")->type, FIELD_CURRENCY);
    cr_expect(field(d, "customer.currency")->required, "allOf's required joined");
    cr_expect_eq(field(d, "customer.country")->type, FIELD_COUNTRY);
    cr_expect(!field(d, "customer.country")->required);
    cr_expect_eq(field(d, "customer.credit_limit")->type, FIELD_NUMBER);
    cr_expect_float_eq(field(d, "customer.credit_limit")->number_max, 1000000.5, 1e-9);
    cr_expect_eq(field(d, "customer.seats")->type, FIELD_INTEGER);
    cr_expect_eq(field(d, "customer.seats")->max, 500);
    cr_expect_eq(field(d, "customer.tax_exempt")->type, FIELD_BOOLEAN);
    cr_expect_eq(field(d, "customer.birthday")->type, FIELD_DATE);
    cr_expect_eq(field(d, "customer.renew_at")->type, FIELD_DATE_TIME);
    cr_expect_eq(field(d, "customer.website")->type, FIELD_URL);
    cr_expect_eq(field(d, "customer.tags")->type, FIELD_LIST);
    cr_expect_eq(field(d, "customer.tier")->type, FIELD_ENUM);
    cr_expect_eq(field(d, "customer.address.city")->type, FIELD_STRING);
    cr_expect(field(d, "customer.nickname")->nullable, "3.0 nullable");
    cr_expect_str_eq(field(d, "customer.nickname")->help, "What they like to be called.");
    cr_expect_null(descriptor_field(d, "customer.id"), "readOnly skipped");
    cr_expect_eq(field(d, "customer.settings")->type, FIELD_JSON);
    cr_expect(strstr(unmapped, "customer.settings: oneOf of 3 schemas — imported as json"), "%s", unmapped);
    cr_expect_str_eq(field(d, "customer.address.postal_code")->pattern, "^[0-9A-Z -]+$", "a pattern GRegex reads");
    cr_expect_str_eq(field(d, "customer.tier")->default_text, "free");
    cr_expect_not(strstr(unmapped, "customer.tier: default"), "%s", unmapped);
    cr_expect(strstr(unmapped, "servers: \"/relative\""), "%s", unmapped);
    cr_assert_eq(d->n_envs, 2);
    cr_expect_str_eq(d->envs[0].base_url, "https://eu.ledgerline.example/v2");
    cr_expect_str_eq(d->envs[0].name, "production");
    cr_expect(d->envs[0].live && !d->envs[1].live);
    cr_expect_str_eq(d->record_path, "customer");
    cr_expect(d->idempotency, "an Idempotency-Key parameter through $ref");
    cr_expect_str_eq(d->list_path, "/customers");
    cr_expect_str_eq(d->get_path, "/customers/{id}");
    cr_expect_str_eq(d->lookup.items, "data");
    cr_expect_eq(d->lookup.paging, PAGING_OFFSET);
    cr_expect_str_eq(d->lookup.filter, "email");
    cr_expect_str_eq(d->field_errors_path, "violations");
    cr_expect_str_eq(d->message_paths[0], "detail");
    cr_expect_str_eq(d->sandbox.tokens[0], "sandbox:sandbox-token", "basic takes user:password");
    cr_expect_str_eq(d->sandbox.base_path, "/v2");
    cr_expect_eq(d->sandbox.id_format, SANDBOX_ID_TYPEID, "guessed from the example's id");
    cr_expect_str_eq(d->sandbox.id_prefix, "cus_");
    cr_expect_str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(d->sandbox.record, "name")), "Ada",
                     "the 201 example is the record template");
    g_free(unmapped);
    descriptor_free(d);
    openapi_import_done(&imp);
    g_free(text);
}

Test(openapi_large, api_key_header)
{
    char *text = openapi_gen_large(3, 1, NULL);
    OpenapiImport imp;
    Descriptor *d = import_text(text, NULL, &imp);
    cr_expect_eq(d->auth, AUTH_HEADER);
    cr_expect_str_eq(d->auth_header_name, "X-Api-Key");
    descriptor_free(d);
    openapi_import_done(&imp);
    g_free(text);
}

static const char *const SMALL =
    "openapi: 3.1.0\ninfo: {title: Small}\n"
    "components:\n  securitySchemes:\n    q: {type: apiKey, in: query, name: api_key}\n"
    "security: [{q: []}]\n"
    "paths:\n"
    "  /v1/customers:\n    post:\n      operationId: createCustomer\n%s"
    "  /v1/accounts/customer:\n    post:\n      operationId: addAccountCustomer\n%s"
    "  /v1/invoices:\n    post:\n      operationId: createInvoice\n      summary: Make an invoice\n";

static const char *const BODY =
    "      requestBody: {content: {application/json: {schema: {type: object, properties: {email: {type: string, format: email}}}}}}\n";

Test(openapi_choice, several_candidates_are_listed_and_one_can_be_chosen)
{
    char *text = g_strdup_printf(SMALL, BODY, BODY);
    cJSON *spec = tree_of(text);
    OpenapiChoice none = { 0 };
    OpenapiImport imp;
    cr_expect(!openapi_import(spec, &none, &imp));
    cr_expect(strstr(imp.error, "2 operations could create a customer"), "%s", imp.error);
    cr_expect_eq(imp.candidates->len, 2);
    cr_expect(has_line(imp.candidates, "createCustomer  POST /v1/customers"));
    openapi_import_done(&imp);
    OpenapiChoice by_path = { .path = "/v1/accounts/customer" };
    cr_expect(openapi_import(spec, &by_path, &imp), "%s", imp.error);
    cr_expect_str_eq(cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetObjectItem(imp.descriptor, "auth"), "query")),
                     "api_key");
    openapi_import_done(&imp);
    OpenapiChoice wrong = { .operation = "nope" };
    cr_expect(!openapi_import(spec, &wrong, &imp));
    cr_expect(has_line(imp.candidates, "createInvoice  POST /v1/invoices  Make an invoice"));
    openapi_import_done(&imp);
    cJSON_Delete(spec);
    g_free(text);
}

/* ---- hostile documents ---------------------------------------------------- */

static char *import_error(const char *text)
{
    cJSON *spec = tree_of(text);
    OpenapiChoice none = { 0 };
    OpenapiImport imp;
    cr_assert(!openapi_import(spec, &none, &imp), "refused");
    char *err = g_strdup(imp.error);
    openapi_import_done(&imp);
    cJSON_Delete(spec);
    return err;
}

#define CYCLE_SPEC(BODY_SCHEMA)                                                                         \
    "openapi: 3.0.0\ninfo: {title: C}\npaths:\n  /customers:\n    post:\n      requestBody:\n"         \
    "        content: {application/json: {schema: " BODY_SCHEMA "}}\n"                                   \
    "components:\n  schemas:\n    A: {$ref: '#/components/schemas/B'}\n"                                 \
    "    B: {$ref: '#/components/schemas/A'}\n"                                                          \
    "    Node: {type: object, properties: {email: {type: string}, parent: {$ref: '#/components/schemas/Node'}}}\n"

Test(openapi_hostile, ref_cycles_are_named_with_their_chain)
{
    char *err = import_error(CYCLE_SPEC("{$ref: '#/components/schemas/A'}"));
    cr_expect(strstr(err, "a $ref cycle: #/components/schemas/A → #/components/schemas/B → #/components/schemas/A"),
              "%s", err);
    g_free(err);
    OpenapiImport imp;
    Descriptor *d = import_text(CYCLE_SPEC("{$ref: '#/components/schemas/Node'}"), NULL, &imp);
    cr_expect_eq(field(d, "parent")->type, FIELD_JSON);
    cr_expect(has_line(imp.unmapped, "parent: a $ref cycle: #/components/schemas/Node → #/components/schemas/Node"));
    descriptor_free(d);
    openapi_import_done(&imp);
}

Test(openapi_hostile, a_remote_ref_is_refused_not_fetched)
{
    char *err = import_error("openapi: 3.0.0\npaths:\n  /customers:\n    post:\n      requestBody:\n"
                             "        content: {application/json: {schema: {$ref: 'https://127.0.0.1:9/x.yaml#/C'}}}\n");
    cr_expect(strstr(err, "never fetches"), "%s", err);
    cr_expect(strstr(err, "https://127.0.0.1:9/x.yaml#/C"), "%s", err);
    g_free(err);
}

Test(openapi_hostile, an_alias_bomb_is_refused_within_bounds)
{
    GString *s = g_string_new("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for (int i = 1; i < 10; i++)
        g_string_append_printf(s, "a%d: &a%d [*a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d]\n", i, i,
                               i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1);
    char *err = tree_error(s->str, s->len);
    cr_expect(strstr(err, "alias bomb"), "%s", err);
    cr_expect(g_str_has_prefix(err, "spec.yaml:"), "%s", err);
    g_free(err);
    g_string_free(s, TRUE);
}

Test(openapi_hostile, nul_bytes_and_invalid_utf8_are_refused_with_their_line)
{
    static const char nul[] = "openapi: 3.0.0\ninfo:\n  title: x\0y\n";
    char *err = tree_error(nul, sizeof nul - 1);
    cr_expect_str_eq(err, "spec.yaml:3: a NUL byte: not a YAML or JSON text");
    g_free(err);
    static const char bad[] = "openapi: 3.0.0\n\ninfo: {title: \"\xc3\x28\"}\n";
    err = tree_error(bad, sizeof bad - 1);
    cr_expect_str_eq(err, "spec.yaml:3: invalid UTF-8: an OpenAPI document is UTF-8 text");
    g_free(err);
}

Test(openapi_hostile, deep_nesting_and_bad_yaml_are_refused)
{
    GString *s = g_string_new(NULL);
    for (int i = 0; i < 5000; i++)
        g_string_append_c(s, '[');
    char *err = tree_error(s->str, s->len);
    cr_expect(strstr(err, "nested too deep"), "%s", err);
    g_free(err);
    g_string_free(s, TRUE);
    err = tree_error("a: [1, 2\nb: }\n", 14);
    cr_expect(strstr(err, "not YAML"), "%s", err);
    g_free(err);
}

Test(spec_tree, yaml_scalars_aliases_and_json_read_as_openapi_means)
{
    cJSON *t = tree_of("a: &x {n: 1, f: 2.5, t: true, z: null, s: '201', p: plain text}\nb: *x\nc: 0x1F\n");
    cr_expect(cJSON_Compare(cJSON_GetObjectItem(t, "a"), cJSON_GetObjectItem(t, "b"), true), "the alias expanded");
    const cJSON *a = cJSON_GetObjectItem(t, "a");
    cr_expect_eq(cJSON_GetObjectItem(a, "n")->valuedouble, 1);
    cr_expect(cJSON_IsTrue(cJSON_GetObjectItem(a, "t")));
    cr_expect(cJSON_IsNull(cJSON_GetObjectItem(a, "z")));
    cr_expect_str_eq(cJSON_GetObjectItem(a, "s")->valuestring, "201");
    cr_expect_str_eq(cJSON_GetObjectItem(a, "p")->valuestring, "plain text");
    cr_expect_eq(cJSON_GetObjectItem(t, "c")->valuedouble, 31);
    cJSON_Delete(t);
    t = tree_of("  {\"openapi\": \"3.1.0\", \"paths\": {}}");
    cr_expect_str_eq(cJSON_GetObjectItem(t, "openapi")->valuestring, "3.1.0");
    cJSON_Delete(t);
}

Test(openapi_lookup, page_offset_and_cursor_paging)
{
    static const char *const spec =
        "openapi: 3.0.0\ninfo: {title: P}\n"
        "servers:\n  - url: 'https://{tenant}.crm.example'\n  - url: https://crm.example/api/\n"
        "components: {securitySchemes: {b: {type: http, scheme: bearer}}}\nsecurity: [{b: []}]\n"
        "paths:\n"
        "  /customers:\n"
        "    get:\n      parameters: [{name: %s, in: query}, {name: per_page, in: query}]\n"
        "      responses: {'200': {content: {application/json: {schema: {type: object, properties: {"
        "items: {type: array, items: {type: object, properties: {id: {type: string}, email: {type: string}}}}}}}}}}\n"
        "    post:\n      operationId: createCustomer\n"
        "      requestBody: {content: {application/json: {schema: {type: object, properties: {email: {type: string}}}}}}\n";
    char *text = g_strdup_printf(spec, "page");
    OpenapiImport imp;
    Descriptor *d = import_text(text, NULL, &imp);
    cr_expect_eq(d->lookup.paging, PAGING_PAGE);
    cr_expect_str_eq(d->lookup.items, "items");
    cr_expect(has_line(imp.unmapped, "servers: \"https://{tenant}.crm.example\": a variable with no default"));
    cr_assert_eq(d->n_envs, 1);
    cr_expect_str_eq(d->envs[0].base_url, "https://crm.example/api");
    descriptor_free(d);
    openapi_import_done(&imp);
    g_free(text);
    text = g_strdup_printf(spec, "starting_after");
    d = import_text(text, NULL, &imp);
    cr_expect_null(d->lookup.path, "a cursor-paged list read as one page would say \"not created\" wrongly");
    cr_expect_str_eq(d->list_path, "/customers");
    cr_expect(has_line(imp.unmapped, "lookup: cursor paging (starting_after) — not mapped"));
    descriptor_free(d);
    openapi_import_done(&imp);
    g_free(text);
}

/* Each schema refers to the next ten times over: 10^8 fields if followed. */
Test(openapi_hostile, a_ref_bomb_is_refused)
{
    GString *s = g_string_new("openapi: 3.0.0\npaths:\n  /customers:\n    post:\n      requestBody:\n"
                              "        content: {application/json: {schema: {$ref: '#/components/schemas/S0'}}}\n"
                              "components:\n  schemas:\n");
    for (int i = 0; i < 9; i++) {
        g_string_append_printf(s, "    S%d:\n      type: object\n      properties:\n", i);
        for (int k = 0; k < 10; k++)
            g_string_append_printf(s, "        p%d: {$ref: '#/components/schemas/S%d'}\n", k, i + 1);
    }
    g_string_append(s, "    S9: {type: object, allOf: [");
    for (int k = 0; k < 10; k++)
        g_string_append(s, k ? ", {$ref: '#/components/schemas/S8'}" : "{$ref: '#/components/schemas/S8'}");
    g_string_append(s, "]}\n");
    char *err = import_error(s->str);
    cr_expect(strstr(err, "more than 1000 fields: refused"), "%s", err);
    g_free(err);
    g_string_free(s, TRUE);
    /* the same fan-out through allOf, which makes no field until the end */
    s = g_string_new("openapi: 3.0.0\npaths:\n  /customers:\n    post:\n      requestBody:\n"
                     "        content: {application/json: {schema: {$ref: '#/components/schemas/S0'}}}\n"
                     "components:\n  schemas:\n");
    for (int i = 0; i < 12; i++) {
        g_string_append_printf(s, "    S%d:\n      allOf:\n", i);
        for (int k = 0; k < 10; k++)
            g_string_append_printf(s, "        - $ref: '#/components/schemas/S%d'\n", i + 1);
    }
    g_string_append(s, "    S12: {type: object, properties: {email: {type: string}}}\n");
    err = import_error(s->str);
    cr_expect(strstr(err, "expand past 20000 schemas (a $ref bomb?): refused"), "%s", err);
    g_free(err);
    g_string_free(s, TRUE);
}

/* minLength, pattern, default and example: the field keys min_length,
 * pattern, default and placeholder; an ECMA-262 pattern GRegex cannot read
 * alike reported, and the imported field checking the pattern live. */
Test(openapi_shape, text_rules_and_shown_values)
{
    const char *spec =
        "openapi: 3.1.0\ninfo: {title: Shapes}\npaths:\n  /customers:\n    post:\n"
        "      requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/In'}}}}\n"
        "      responses: {'201': {description: ok}}\n"
        "components:\n  schemas:\n    In:\n      type: object\n      properties:\n"
        "        email: {type: string, format: email}\n"
        "        code: {type: string, pattern: '^[A-Z]{2}\\u002D[0-9]{4}$', minLength: 7, example: TZ-0042}\n"
        "        smile: {type: string, pattern: '^\\u{1F600}+$'}\n"
        "        behind: {type: string, pattern: '(?<=a+)b'}\n"
        "        anything: {type: string, pattern: '^[^]$'}\n"
        "        lifted: {type: string, pattern: '(*LIMIT_MATCH=99999999)(a+)+$'}\n"
        "        long: {type: string, minLength: 300}\n"
        "        seats: {type: integer, default: 5, example: 3}\n"
        "        plan: {type: string, default: null, examples: [gold, silver]}\n"
        "        tags: {type: array, items: {type: string}, example: [vip, north]}\n";
    OpenapiImport imp;
    Descriptor *d = import_text(spec, NULL, &imp);
    char *unmapped = lines_text(imp.unmapped);
    const Field *code = field(d, "code");
    cr_expect_str_eq(code->pattern, "^[A-Z]{2}\\x{002D}[0-9]{4}$", "\\uXXXX as GRegex writes it");
    cr_expect_eq(code->min_length, 7);
    cr_expect_str_eq(code->placeholder, "TZ-0042");
    cr_expect_str_eq(field(d, "smile")->pattern, "^\\x{1F600}+$");
    cr_expect_null(field(d, "behind")->pattern);
    cr_expect(strstr(unmapped, "behind: pattern \"(?<=a+)b\" — "), "%s", unmapped);
    cr_expect(strstr(unmapped, "not checked here (the provider still checks it)"), "%s", unmapped);
    cr_expect(strstr(unmapped, "anything: pattern \"^[^]$\" — the ECMA-262 class [^], which PCRE reads otherwise"),
              "%s", unmapped);
    cr_expect(strstr(unmapped, "lifted: pattern \"(*LIMIT_MATCH=99999999)(a+)+$\" — a pattern may not start"),
              "%s", unmapped);
    cr_expect(strstr(unmapped, "long: minLength 300 is more than the field takes (255) — not mapped"), "%s", unmapped);
    cr_expect_eq(field(d, "long")->min_length, 0);
    cr_expect_str_eq(field(d, "seats")->default_text, "5");
    cr_expect_str_eq(field(d, "seats")->placeholder, "3");
    cr_expect_null(field(d, "plan")->default_text, "a null default says nothing");
    cr_expect_str_eq(field(d, "plan")->placeholder, "gold", "the first of 3.1 examples");
    cr_expect_str_eq(field(d, "tags")->placeholder, "vip, north", "typed as a list is");
    cr_expect_not(strstr(unmapped, "example"), "%s", unmapped);
    FieldCheck c;
    field_check(code, "TZ-0042", 7, &c);
    cr_expect(c.ok, "%s", c.message);
    field_check_done(&c);
    field_check(code, "TZ_0042", 7, &c);
    cr_expect(!c.ok && strstr(c.message, "does not have the form the provider requires (it must match ^[A-Z]{2}"),
              "%s", c.message);
    field_check_done(&c);
    field_check(field(d, "smile"), "\xF0\x9F\x98\x80", 4, &c);
    cr_expect(c.ok, "%s", c.message);
    field_check_done(&c);
    g_free(unmapped);
    descriptor_free(d);
    openapi_import_done(&imp);
}

/* \d, \w and \b are ASCII in ECMA-262 and Unicode in GRegex: the importer
 * writes them out, so the imported field refuses what the provider would. */
Test(openapi_shape, ecma_digits_and_words_keep_their_ascii_meaning)
{
    const char *spec =
        "openapi: 3.1.0\ninfo: {title: Shapes}\npaths:\n  /customers:\n    post:\n"
        "      requestBody: {content: {application/json: {schema: {type: object, properties: {\n"
        "        email: {type: string, format: email},\n"
        "        zip: {type: string, pattern: '^\\d{3}[\\d-]\\w\\b'},\n"
        "        not_in_class: {type: string, pattern: '^[\\D]$'}}}}}}\n"
        "      responses: {'201': {description: ok}}\n";
    OpenapiImport imp;
    Descriptor *d = import_text(spec, NULL, &imp);
    char *unmapped = lines_text(imp.unmapped);
    const Field *zip = field(d, "zip");
    cr_assert_not_null(zip->pattern, "%s", unmapped);
    static const char *const good[] = { "123-a", "1234_" };
    static const char *const bad[] = { "\xd9\xa3\xd9\xa3\xd9\xa3-a", "123-\xc3\xa9", "123-ab" };
    FieldCheck c;
    for (size_t i = 0; i < G_N_ELEMENTS(good); i++) {
        field_check(zip, good[i], strlen(good[i]), &c);
        cr_expect(c.ok, "%s passes %s: %s", good[i], zip->pattern, c.message);
        field_check_done(&c);
    }
    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
        field_check(zip, bad[i], strlen(bad[i]), &c);
        cr_expect(!c.ok, "%s is refused by %s", bad[i], zip->pattern);
        field_check_done(&c);
    }
    cr_expect(strstr(unmapped, "not_in_class: pattern \"^[\\D]$\" — \\D inside a character class"), "%s", unmapped);
    g_free(unmapped);
    descriptor_free(d);
    openapi_import_done(&imp);
}
