#include "tests/support/openapi_gen.h"
#include "model/country.h"
#include "model/currency.h"

#include <cjson/cJSON.h>
#include <glib.h>

static void gen_head(GString *s, int api_key)
{
    g_string_append_printf(s,
        "openapi: 3.0.3\n"
        "info:\n  title: Ledgerline Billing API\n  version: '2.4'\n"
        "servers:\n"
        "  - url: https://{region}.ledgerline.example/v2\n    description: Production\n"
        "    variables:\n      region:\n        default: eu\n"
        "  - url: https://sandbox.ledgerline.example/v2\n    description: Sandbox\n"
        "  - url: /relative\n"
        "security:\n  - %s: []\n", api_key ? "apiKeyAuth" : "basicAuth");
}

static void gen_customer_paths(GString *s)
{
    g_string_append(s,
        "paths:\n"
        "  /customers:\n"
        "    get:\n      operationId: listCustomers\n      summary: List customers\n"
        "      parameters:\n"
        "        - {name: limit, in: query, schema: {type: integer}}\n"
        "        - {name: offset, in: query, schema: {type: integer}}\n"
        "        - {name: email, in: query, schema: {type: string}}\n"
        "      responses:\n        '200':\n          description: A page\n"
        "          content:\n            application/json:\n              schema:\n"
        "                $ref: '#/components/schemas/CustomerPage'\n"
        "    post:\n      operationId: createCustomer\n      summary: Create a customer\n"
        "      parameters:\n        - $ref: '#/components/parameters/IdempotencyKey'\n"
        "      requestBody:\n        required: true\n        content:\n          application/json:\n"
        "            schema:\n              $ref: '#/components/schemas/CustomerCreateRequest'\n"
        "      responses:\n"
        "        '201':\n          description: Created\n          content:\n            application/json:\n"
        "              schema:\n                $ref: '#/components/schemas/CustomerEnvelope'\n"
        "              example:\n                customer: {id: cus_01h455vb4pex5vsknk084sn02q, email: ada@example.com,"
        " name: Ada, created_at: '2027-01-01T00:00:00Z'}\n"
        "        '422':\n          description: Invalid\n          content:\n            application/json:\n"
        "              schema:\n                $ref: '#/components/schemas/Problem'\n"
        "  /customers/{customer_id}:\n"
        "    get:\n      operationId: getCustomer\n      responses:\n        '200':\n          description: One\n");
}

static void gen_resources(GString *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        g_string_append_printf(s,
            "  /ledgers/{ledger_id}/entries%zu:\n"
            "    get:\n      operationId: listEntries%zu\n      summary: List ledger entries of kind %zu\n"
            "      responses:\n        '200':\n          description: Entries\n          content:\n"
            "            application/json:\n              schema:\n                type: array\n"
            "                items:\n                  $ref: '#/components/schemas/Entry%zu'\n"
            "    post:\n      operationId: createEntry%zu\n      summary: Record a ledger entry of kind %zu\n"
            "      requestBody:\n        content:\n          application/json:\n            schema:\n"
            "              $ref: '#/components/schemas/Entry%zu'\n"
            "      responses:\n        '201':\n          description: Recorded\n",
            i, i, i, i, i, i, i);
}

static void gen_enum(GString *s, const char *name, int currency)
{
    g_string_append_printf(s, "    %s:\n      type: string\n      enum:\n", name);
    if (currency) {
        /* every code of Debian's iso-codes list, as the currency field knows them */
        char *text = NULL;
        g_file_get_contents(CURRENCY_ISO_CODES_JSON, &text, NULL, NULL);
        cJSON *all = text ? cJSON_Parse(text) : NULL;
        const cJSON *c;
        cJSON_ArrayForEach(c, cJSON_GetObjectItem(all, "4217"))
            g_string_append_printf(s, "        - %s\n", cJSON_GetStringValue(cJSON_GetObjectItem(c, "alpha_3")));
        cJSON_Delete(all);
        g_free(text);
    } else {
        const CountryTable *t = country_table_default();
        for (size_t i = 0; t && i < country_count(t); i++)
            g_string_append_printf(s, "        - %s\n", country_at(t, i)->alpha2);
    }
}

static void gen_schemas(GString *s, size_t n, int api_key)
{
    g_string_append_printf(s,
        "components:\n"
        "  securitySchemes:\n"
        "    %s\n"
        "  parameters:\n    IdempotencyKey:\n      name: Idempotency-Key\n      in: header\n"
        "      schema: {type: string, maxLength: 64}\n"
        "  schemas:\n"
        "    CustomerCreateRequest:\n      type: object\n      required: [customer]\n"
        "      properties:\n        customer:\n          $ref: '#/components/schemas/CustomerInput'\n"
        "    CustomerInput:\n      description: What a new customer is made of.\n      allOf:\n"
        "        - $ref: '#/components/schemas/CustomerBase'\n"
        "        - type: object\n          required: [currency]\n          properties:\n"
        "            currency:\n              $ref: '#/components/schemas/CurrencyCode'\n"
        "            country:\n              $ref: '#/components/schemas/CountryCode'\n"
        "            credit_limit: {type: number, minimum: 0, maximum: 1000000.5}\n"
        "            seats: {type: integer, minimum: 1, maximum: 500}\n"
        "            tax_exempt: {type: boolean}\n"
        "            birthday: {type: string, format: date}\n"
        "            renew_at: {type: string, format: date-time}\n"
        "            website: {type: string, format: uri}\n"
        "            tags: {type: array, items: {type: string}}\n"
        "            tier: {type: string, enum: [free, pro, enterprise], default: free}\n"
        "            id: {type: string, readOnly: true}\n"
        "            nickname: {type: string, nullable: true, description: 'What they like to be called. Shown on invoices.'}\n"
        "            settings:\n              oneOf:\n                - {type: object, properties: {a: {type: string}}}\n"
        "                - {type: object, properties: {b: {type: string}}}\n"
        "                - {type: string}\n"
        "    CustomerBase:\n      type: object\n      required: [email]\n      properties:\n"
        "        email:\n          $ref: '#/components/schemas/EmailAddress'\n"
        "        name: {type: string, maxLength: 120, example: Ada Lovelace}\n"
        "        address:\n          $ref: '#/components/schemas/Address'\n"
        "    EmailAddress:\n      $ref: '#/components/schemas/EmailString'\n"
        "    EmailString:\n      $ref: '#/components/schemas/EmailFormat'\n"
        "    EmailFormat: {type: string, format: email, maxLength: 254}\n"
        "    Address:\n      type: object\n      properties:\n"
        "        line1: {type: string}\n        city: {type: string}\n"
        "        postal_code: {type: string, pattern: '^[0-9A-Z -]+$'}\n"
        "    Customer:\n      allOf:\n        - $ref: '#/components/schemas/CustomerBase'\n"
        "        - type: object\n          properties:\n            id: {type: string, format: uuid}\n"
        "            created_at: {type: string, format: date-time}\n"
        "    CustomerEnvelope:\n      type: object\n      properties:\n"
        "        customer:\n          $ref: '#/components/schemas/Customer'\n"
        "    CustomerPage:\n      type: object\n      properties:\n"
        "        data:\n          type: array\n          items:\n            $ref: '#/components/schemas/Customer'\n"
        "        has_more: {type: boolean}\n"
        "    Problem:\n      type: object\n      properties:\n        title: {type: string}\n"
        "        detail: {type: string}\n        code: {type: string}\n"
        "        violations:\n          type: array\n          items:\n            type: object\n"
        "            properties:\n              field: {type: string}\n              message: {type: string}\n",
        api_key ? "apiKeyAuth: {type: apiKey, in: header, name: X-Api-Key}"
                : "basicAuth: {type: http, scheme: basic}");
    gen_enum(s, "CountryCode", 0);
    gen_enum(s, "CurrencyCode", 1);
    for (size_t i = 0; i < n; i++)
        g_string_append_printf(s,
            "    Entry%zu:\n      type: object\n      description: A ledger entry of kind %zu, as the books keep it.\n"
            "      properties:\n        amount: {type: integer, minimum: 0}\n"
            "        memo: {type: string, maxLength: 500, description: Free text shown on the statement.}\n"
            "        booked_at: {type: string, format: date-time}\n",
            i, i);
}

char *openapi_gen_large(size_t resources, int api_key, size_t *len)
{
    GString *s = g_string_new(NULL);
    gen_head(s, api_key);
    gen_customer_paths(s);
    gen_resources(s, resources);
    gen_schemas(s, resources, api_key);
    if (len)
        *len = s->len;
    return g_string_free(s, FALSE);
}
