/* The line editor, without a terminal: UTF-8 and double-width characters. */
#include "ui/line_edit.h"

#include <criterion/criterion.h>
#include <locale.h>
#include <string.h>

static void utf8(void) { setlocale(LC_ALL, "C.UTF-8"); }

TestSuite(line_edit, .init = utf8);

Test(line_edit, cursor_moves_by_character)
{
    LineEdit e;
    line_edit_init(&e, "Zoë");
    cr_expect_eq(e.cursor, strlen("Zoë"));
    line_edit_left(&e);
    cr_expect_eq(e.cursor, 2, "one step back over a two-byte ë");
    line_edit_backspace(&e);
    cr_expect_str_eq(e.text->str, "Zë");
    line_edit_end(&e);
    line_edit_insert(&e, " Ñúñez", strlen(" Ñúñez"));
    cr_expect_str_eq(e.text->str, "Zë Ñúñez");
    line_edit_done(&e);
}

Test(line_edit, kills)
{
    LineEdit e;
    line_edit_init(&e, "山田 太郎 san");
    line_edit_kill_word(&e);
    cr_expect_str_eq(e.text->str, "山田 太郎 ");
    line_edit_kill_word(&e);
    cr_expect_str_eq(e.text->str, "山田 ");
    line_edit_home(&e);
    line_edit_right(&e);
    line_edit_kill_to_end(&e);
    cr_expect_str_eq(e.text->str, "山");
    line_edit_end(&e);
    line_edit_kill_to_start(&e);
    cr_expect_str_eq(e.text->str, "");
    cr_expect_not(line_edit_backspace(&e), "nothing left to delete");
    line_edit_done(&e);
}

Test(line_edit, pasted_text_is_one_clean_line)
{
    LineEdit e;
    line_edit_init(&e, NULL);
    const char paste[] = "Ann\nLee\t\x1b[2J\xff!";
    cr_expect(line_edit_insert(&e, paste, sizeof paste - 1));
    cr_expect_str_eq(e.text->str, "AnnLee [2J\xef\xbf\xbd!", "no newline, no ESC, invalid bytes replaced");
    line_edit_done(&e);
}

Test(line_edit, view_counts_columns_of_wide_characters)
{
    LineEdit e;
    line_edit_init(&e, "山田太郎");
    cr_expect_eq(text_columns(e.text->str, e.text->len), 8);
    size_t start, len;
    int col;
    line_edit_view(&e, 5, &start, &len, &col);
    cr_expect_leq(text_columns(e.text->str + start, len), 5, "never wider than the box");
    cr_expect_leq(col, 4, "the cursor is inside the box");
    cr_expect_eq(start + len, e.text->len, "the end, where the cursor is, is shown");
    line_edit_home(&e);
    line_edit_view(&e, 5, &start, &len, &col);
    cr_expect_eq(start, 0);
    cr_expect_eq(col, 0);
    line_edit_done(&e);
}

/* ---- long values: bounded work, refused past the limit ---------------------- */

#include <sanitizer/asan_interface.h>

/* A text of N 'x's with the cursor at AT. */
static void long_text(LineEdit *e, size_t n, size_t at)
{
    char *x = g_strnfill(n, 'x');
    line_edit_init(e, x);
    e->cursor = at;
    g_free(x);
}

Test(line_edit, the_view_of_a_1_MB_value_reads_only_what_is_shown)
{
    const size_t n = 1 << 20;
    const int width = 80;
    LineEdit e;
    /* Cursor at the end: every byte more than a few widths before it is poisoned,
     * so reading it (measuring the text from its start) stops the test. */
    long_text(&e, n, n);
    size_t fence = n - 8 * (size_t)width;
    ASAN_POISON_MEMORY_REGION(e.text->str, fence);
    size_t start, len;
    int col;
    line_edit_view(&e, width, &start, &len, &col);
    ASAN_UNPOISON_MEMORY_REGION(e.text->str, fence);
    cr_expect_eq(start + len, n, "the end, where the cursor is, is shown");
    cr_expect_eq(col, width - 1, "the cursor in the last cell");
    line_edit_done(&e);
    /* Cursor at the start: nothing after the first few widths is read. */
    long_text(&e, n, 0);
    ASAN_POISON_MEMORY_REGION(e.text->str + 8 * width, n - 8 * (size_t)width);
    line_edit_view(&e, width, &start, &len, &col);
    ASAN_UNPOISON_MEMORY_REGION(e.text->str + 8 * width, n - 8 * (size_t)width);
    cr_expect_eq(start, 0);
    cr_expect_eq(len, (size_t)width);
    line_edit_done(&e);
}

Test(line_edit, past_the_limit_is_refused_whole_and_nothing_is_lost)
{
    LineEdit e;
    line_edit_init(&e, "Ann ");
    line_edit_limit(&e, 10, false);
    char *big = g_strnfill(1 << 20, 'x');
    cr_expect_eq(line_edit_put(&e, big, strlen(big)), LINE_EDIT_TOO_LONG, "a 1 MB paste is refused");
    cr_expect_str_eq(e.text->str, "Ann ", "what was typed stays");
    cr_expect_eq(line_edit_put(&e, "Lée Ng", strlen("Lée Ng")), LINE_EDIT_CHANGED, "10 characters fit, in 11 bytes");
    cr_expect_eq(line_edit_length(&e), 10);
    cr_expect_eq(line_edit_put(&e, "!", 1), LINE_EDIT_TOO_LONG, "one more does not");
    cr_expect_eq(line_edit_set(&e, big), LINE_EDIT_TOO_LONG);
    cr_expect_str_eq(e.text->str, "Ann Lée Ng", "a refused set changes nothing");
    line_edit_limit(&e, 12, true);
    cr_expect_eq(line_edit_put(&e, "é", strlen("é")), LINE_EDIT_TOO_LONG, "in bytes: 11 + 2 > 12");
    g_free(big);
    line_edit_done(&e);
}

Test(line_edit, a_paste_for_one_line_joins_its_lines_with_a_space)
{
    bool joined = true;
    char *s = line_edit_one_line("Jane\r\nSmith", strlen("Jane\r\nSmith"), &joined);
    cr_expect_str_eq(s, "Jane Smith");
    cr_expect(joined, "and says it did");
    g_free(s);
    s = line_edit_one_line("\nsecret pass\r\n", strlen("\nsecret pass\r\n"), &joined);
    cr_expect_str_eq(s, "secret pass", "a line break at either end is a copy's, not the value's");
    cr_expect_not(joined, "nothing inside was joined");
    g_free(s);
    s = line_edit_one_line("a\r\rb\n\nc", strlen("a\r\rb\n\nc"), &joined);
    cr_expect_str_eq(s, "a b c", "a run of breaks is one space");
    g_free(s);
}

Test(line_edit, trim_removes_the_spaces_around_and_keeps_the_cursor_on_its_character)
{
    LineEdit e;
    line_edit_init(&e, "  Ann Lee  ");
    e.cursor = 4; /* after "An" */
    cr_expect(line_edit_trim(&e, true));
    cr_expect_str_eq(e.text->str, "Ann Lee  ", "only the start");
    cr_expect(line_edit_trim(&e, false));
    cr_expect_str_eq(e.text->str, "Ann Lee");
    cr_expect_eq(e.cursor, 2);
    cr_expect_not(line_edit_trim(&e, false), "nothing more to trim");
    line_edit_set(&e, "   ");
    cr_expect(line_edit_trim(&e, false));
    cr_expect_str_eq(e.text->str, "");
    cr_expect_eq(e.cursor, 0);
    line_edit_done(&e);
}
