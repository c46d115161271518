/* How a token travels for each auth scheme in a printed request (masked),
 * and the form a basic token must take. */
#include "model/auth.h"
#include "model/request.h"
#include "model/validate.h"
#include "tests/support/support.h"

#include <criterion/criterion.h>
#include <glib.h>
#include <string.h>

#define TOKEN "sk_test_0123456789abcdefSECRET"
#define BASIC "partner:pa55word-0123456789SECRET"

/* Billing's descriptor with AUTH in place of its own. */
static Descriptor *with_auth(const char *auth)
{
    return support_provider_with_auth("billing-v1", auth);
}

static Request build(const Descriptor *d, const char *token)
{
    Values v;
    values_init(&v);
    values_set(&v, "name", "Zoe", 3);
    values_set(&v, "email", "zoe@example.com", 15);
    Request r;
    char *err = NULL;
    RequestOptions opt = { .base_url = "http://127.0.0.1:9/base", .token = token };
    cr_assert(request_build(d, &v, &opt, &r, &err), "builds: %s", err ? err : "");
    values_done(&v);
    return r;
}

/* The printed request: the token nowhere, its masked form where it goes. */
static void expect_printed(const Request *r, const char *secret, const char *want)
{
    char *text = request_to_printable_json(r, false);
    cr_expect_null(strstr(text, secret), "the token is masked: %s", text);
    cr_expect(strstr(text, want), "%s in %s", want, text);
    g_free(text);
}

Test(auth, basic_sends_user_and_password_in_base64)
{
    Descriptor *d = with_auth("{\"scheme\": \"basic\"}");
    Request r = build(d, BASIC);
    char *b64 = g_base64_encode((const guchar *)BASIC, strlen(BASIC));
    char *want = g_strdup_printf("Basic %s", b64);
    cr_expect_str_eq(request_header(&r, "Authorization"), want);
    expect_printed(&r, b64 + 8, "\"Authorization\":\"Basic ");
    request_done(&r);
    g_free(b64), g_free(want);
    descriptor_free(d);
}

Test(auth, header_scheme_fills_its_template)
{
    Descriptor *d = with_auth("{\"scheme\": \"header\", \"header\": {\"name\": \"X-Api-Key\", \"value\": \"Key {token}\"}}");
    Request r = build(d, TOKEN);
    cr_expect_str_eq(request_header(&r, "X-Api-Key"), "Key " TOKEN);
    cr_expect_null(request_header(&r, "Authorization"), "no bearer beside it");
    expect_printed(&r, "SECRET", "\"X-Api-Key\":\"Key sk_test…\"");
    char *line = auth_masked_header_line(d, TOKEN);
    cr_expect_str_eq(line, "X-Api-Key: Key sk_test…");
    g_free(line);
    request_done(&r);
    descriptor_free(d);
}

Test(auth, query_token_stays_out_of_the_url)
{
    Descriptor *d = with_auth("{\"scheme\": \"query\", \"query\": \"api_key\"}");
    Request r = build(d, TOKEN);
    cr_expect_str_eq(r.url, "http://127.0.0.1:9/base/api/v1/customers", "the URL kept and shown holds no token");
    cr_expect_null(request_header(&r, "Authorization"));
    expect_printed(&r, "SECRET", "\"url\":\"http://127.0.0.1:9/base/api/v1/customers?api_key=sk_test…\"");
    request_done(&r);
    Request sent = build(d, NULL); /* what goes to the network thread */
    char *text = request_to_printable_json(&sent, false);
    cr_expect(strstr(text, "\"url\":\"http://127.0.0.1:9/base/api/v1/customers\""), "%s", text);
    g_free(text);
    request_done(&sent);
    descriptor_free(d);
}

Test(auth, a_parameter_joins_the_query_a_url_has)
{
    char *a = auth_url_with_param("http://h/customer/list?sort=createdAt", "api_key", "T");
    char *b = auth_url_with_param("http://h/c", "api_key", "T");
    char *c = auth_url_with_param("http://h/c?x=1#top", "api_key", "T");
    char *e = auth_url_with_param("http://h/c?", "api_key", "T");
    cr_expect_str_eq(a, "http://h/customer/list?sort=createdAt&api_key=T");
    cr_expect_str_eq(b, "http://h/c?api_key=T");
    cr_expect_str_eq(c, "http://h/c?x=1&api_key=T#top");
    cr_expect_str_eq(e, "http://h/c?api_key=T");
    g_free(a), g_free(b), g_free(c), g_free(e);
}

Test(auth, each_scheme_is_named)
{
    static const struct { const char *auth, *want; } cases[] = {
        { "{\"scheme\": \"bearer\"}", "bearer token" },
        { "{\"scheme\": \"basic\"}", "user:password" },
        { "{\"scheme\": \"header\", \"header\": {\"name\": \"X-Api-Key\"}}", "X-Api-Key header" },
        { "{\"scheme\": \"query\", \"query\": \"api_key\"}", "api_key query parameter" },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        Descriptor *d = with_auth(cases[i].auth);
        char *said = auth_describe(d);
        cr_expect(said && strstr(said, cases[i].want), "%s: %s", cases[i].want, said);
        g_free(said);
        descriptor_free(d);
    }
    Descriptor *none = with_auth("{\"scheme\": \"none\"}");
    cr_expect_null(auth_describe(none));
    descriptor_free(none);
}

Test(auth, a_basic_token_needs_its_colon)
{
    Descriptor *d = with_auth("{\"scheme\": \"basic\", \"token\": {\"pattern\": \"^[!-~]{6,}$\"}}");
    FieldCheck c;
    validate_token(d, "partner-without-colon", true, &c);
    cr_expect_not(c.ok);
    cr_expect(strstr(c.message, "user:password"), "says the form: %s", c.message);
    validate_token(d, BASIC, true, &c);
    cr_expect(c.ok, "%s", c.message);
    validate_token(d, "sk_live_key:", true, &c);
    cr_expect(c.ok, "a key as the user name, the password empty: %s", c.message);
    validate_token(d, "a:b", true, &c);
    cr_expect_not(c.ok, "the pattern still applies");
    descriptor_free(d);
    Descriptor *bearer = with_auth("{\"scheme\": \"bearer\"}");
    validate_token(bearer, "no-colon-needed-here", true, &c);
    cr_expect(c.ok, "%s", c.message);
    descriptor_free(bearer);
}

/* A token pasted with a line break would end its header and start another
 * of its own choosing: refused by the check, never put in a header. */
Test(auth, a_token_with_a_line_break_never_becomes_a_header)
{
    static const char *const schemes[] = {
        "{\"scheme\": \"bearer\"}", "{\"scheme\": \"basic\"}",
        "{\"scheme\": \"header\", \"header\": {\"name\": \"X-Api-Key\", \"value\": \"{token}\"}}",
    };
    for (size_t i = 0; i < G_N_ELEMENTS(schemes); i++) {
        Descriptor *d = with_auth(schemes[i]);
        FieldCheck c;
        validate_token(d, "user:sk_test_abc\r\nX-Injected: 1", true, &c);
        cr_expect_not(c.ok, "case %zu refused", i);
        cr_expect(c.message && strstr(c.message, "control character"), "case %zu says why: %s", i, c.message);
        const char *name = NULL;
        char *value = NULL;
        cr_expect_not(auth_header(d, "user:sk_test_abc\r\nX-Injected: 1", &name, &value), "case %zu: no header", i);
        cr_expect_null(value);
        descriptor_free(d);
    }
}
