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
