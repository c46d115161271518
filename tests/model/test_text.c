/* Small text helpers: the default file name offered for a provider's record. */
#include "model/text.h"

#include <criterion/criterion.h>
#include <glib.h>
#include <string.h>

static void expect_name(const char *stem, const char *want)
{
    char *name = text_file_name(stem, ".json");
    cr_expect_str_eq(name, want, "stem \"%s\"", stem);
    g_free(name);
}

Test(text_file_name, keeps_only_letters_digits_dashes_and_underscores)
{
    expect_name("billing-v1-cus_01J9", "billing-v1-cus_01J9.json");
    expect_name("../../.ssh/authorized_keys", "_______ssh_authorized_keys.json");
    expect_name(".hidden", "_hidden.json");
    expect_name("a..b", "a__b.json");
    expect_name("cus_\x1b]0;x\x07\xe2\x80\xae", "cus___0_x____.json");
    expect_name("", "record.json");
    expect_name(NULL, "record.json");
}

Test(text_file_name, is_bounded)
{
    char *long_id = g_strnfill(100000, 'x'), *name = text_file_name(long_id, ".json");
    cr_expect_eq(strlen(name), TEXT_FILE_STEM_MAX + strlen(".json"));
    g_free(long_id), g_free(name);
}
