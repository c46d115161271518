/* Token shapes per provider, and read-only keys refused for creating. */
#include "model/validate.h"
#include "tests/support/support.h"

#include <criterion/criterion.h>
#include <string.h>

Test(validate_token, prolifi_secret_keys_pass)
{
    Descriptor *d = support_provider("prolifi");
    FieldCheck c;
    validate_token(d, "sk_test_sandbox", true, &c);
    cr_expect(c.ok, "%s", c.message);
    validate_token(d, "sk_live_4eC39HqLyjWDarjtT1zdp7dc", true, &c);
    cr_expect(c.ok, "%s", c.message);
    descriptor_free(d);
}

Test(validate_token, prolifi_public_key_refused_for_create_with_reason)
{
    Descriptor *d = support_provider("prolifi");
    FieldCheck c;
    validate_token(d, "pk_test_sandbox", true, &c);
    cr_expect_not(c.ok);
    cr_expect(strstr(c.message, "read-only"), "%s", c.message);
    cr_expect(strstr(c.message, "sk_test_"), "says what to use: %s", c.message);
    validate_token(d, "pk_test_sandbox", false, &c);
    cr_expect(c.ok, "a pk_ key is fine for reading");
    validate_token(d, "Bearer abc", true, &c);
    cr_expect_not(c.ok);
    validate_token(d, "", true, &c);
    cr_expect_not(c.ok);
    cr_expect(strstr(c.message, "needs a token"), "%s", c.message);
    descriptor_free(d);
}

Test(validate_token, billing_token_is_optional)
{
    Descriptor *d = support_provider("billing-v1");
    FieldCheck c;
    validate_token(d, NULL, true, &c);
    cr_expect(c.ok && c.empty);
    validate_token(d, "has space", true, &c);
    cr_expect_not(c.ok);
    descriptor_free(d);
}

Test(validate_token, botpenguin_needs_one)
{
    Descriptor *d = support_provider("botpenguin");
    FieldCheck c;
    validate_token(d, "sandbox-token", true, &c);
    cr_expect(c.ok, "%s", c.message);
    validate_token(d, "short", true, &c);
    cr_expect_not(c.ok);
    descriptor_free(d);
}
