/* A token is handed out only for the profile and provider it was found for. */
#include "app/bound_token.h"

#include <criterion/criterion.h>
#include <glib.h>

static Profile profile(const char *name, const char *provider)
{
    return (Profile){ .name = (char *)name, .provider = (char *)provider };
}

Test(bound_token, is_given_only_to_its_own_profile)
{
    Profile prolifi = profile("prolifi-live", "prolifi"), billing = profile("billing-live", "billing-v1");
    BoundToken t = { 0 };
    bound_token_set(&t, &prolifi, g_strdup("sk_live_0123456789abcdef"), TOKEN_KEYRING);
    cr_expect_str_eq(bound_token_peek(&t, &prolifi), "sk_live_0123456789abcdef");
    cr_expect_null(bound_token_peek(&t, &billing), "another profile gets nothing");
    cr_expect_null(bound_token_copy(&t, &billing));
    cr_expect_null(bound_token_peek(&t, NULL));
    bound_token_clear(&t);
    cr_expect_null(bound_token_peek(&t, &prolifi), "a cleared token is nobody's");
}

Test(bound_token, a_profile_renamed_to_another_provider_does_not_inherit_it)
{
    Profile before = profile("shop", "prolifi"), after = profile("shop", "billing-v1");
    BoundToken t = { 0 };
    bound_token_set(&t, &before, g_strdup("sk_live_0123456789abcdef"), TOKEN_MEMORY);
    cr_expect_null(bound_token_peek(&t, &after));
    char *copy = bound_token_copy(&t, &before);
    cr_expect_str_eq(copy, "sk_live_0123456789abcdef");
    g_free(copy);
    bound_token_clear(&t);
}

Test(bound_token, setting_none_leaves_no_owner)
{
    Profile p = profile("p", "prolifi");
    BoundToken t = { 0 };
    bound_token_set(&t, &p, g_strdup("sk_test_0123456789abcdef"), TOKEN_MEMORY);
    bound_token_set(&t, &p, NULL, TOKEN_NONE);
    cr_expect_null(bound_token_peek(&t, &p));
    cr_expect_eq(t.origin, TOKEN_NONE);
    bound_token_clear(&t);
}
