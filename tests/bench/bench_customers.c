/* Benchmark: scrolling the console's Customers view through 10,000 loaded
 * customers. A key press (Down or Up, then the pane drawn and the screen
 * updated) on the last page against the same on the first page, the two
 * measured in turn (first, last, first, last …) so that both see the same
 * machine load: the cost per key must not grow with the rows above the
 * cursor (ratio at most 1.5). Curses draws to /dev/null, at 80×24. */
#include "ui/customers_pane.h"

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CUSTOMERS 10000
#define ROUNDS 300
#define STEPS 14 /* a page of rows at 80×24, down and back up */
#define LIMIT 1.5

static CustomersPane *filled(const Theme *theme)
{
    CustomersPane *c = customers_pane_new(theme);
    customers_pane_reset(c, "Customers · bench");
    for (int i = 0; i < CUSTOMERS; i++) {
        char *name = g_strdup_printf("Customer %d", i), *email = g_strdup_printf("customer%d@example.com", i);
        char *id = g_strdup_printf("cus_01h3vjs3b16yc3f9q8q9p%05d", i);
        customers_pane_add(c, &(CustomerRow){ name, email, id, "2026-11-26", i % 7 ? "active" : "archived" });
        g_free(name), g_free(email), g_free(id);
    }
    customers_pane_set_tail(c, CUSTOMERS_TAIL_END, NULL);
    return c;
}

static void press(Pane *p, int code)
{
    KeyEvent k = { .code = code, .is_key = true };
    p->ops->key(p, &k);
    pane_refresh(p);
    doupdate();
}

/* Microseconds a key costs, down a page and back up from where the cursor is. */
static double per_key_us(Pane *p)
{
    gint64 t0 = g_get_monotonic_time();
    for (int i = 0; i < STEPS; i++)
        press(p, KEY_DOWN);
    for (int i = 0; i < STEPS; i++)
        press(p, KEY_UP);
    return (double)(g_get_monotonic_time() - t0) / (2 * STEPS);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(void)
{
    setenv("TERM", "xterm-256color", 1);
    FILE *out = fopen("/dev/null", "w"), *in = fopen("/dev/null", "r");
    SCREEN *screen = newterm(NULL, out, in);
    if (!screen) {
        fprintf(stderr, "bench_customers: no terminal\n");
        return 1;
    }
    resizeterm(24, 80);
    Theme theme;
    theme_init(&theme);
    CustomersPane *c = filled(&theme);
    Pane *p = customers_pane_base(c);
    pane_place(p, 0, 0, 17, 80);
    p->focused = true;
    static double first[ROUNDS], last[ROUNDS];
    for (int r = 0; r < ROUNDS; r++) {
        press(p, KEY_HOME);
        first[r] = per_key_us(p);
        press(p, KEY_END);
        for (int i = 0; i < STEPS; i++) /* a page above the end: Down has room to move */
            press(p, KEY_UP);
        last[r] = per_key_us(p);
    }
    qsort(first, ROUNDS, sizeof first[0], cmp_double);
    qsort(last, ROUNDS, sizeof last[0], cmp_double);
    double a = first[ROUNDS / 2], b = last[ROUNDS / 2], ratio = b / a;
    printf("customers view, %d customers loaded: a key on the first page %.1f us, on the last %.1f us; "
           "ratio %.2f (limit %.1f): %s\n", CUSTOMERS, a, b, ratio, LIMIT, ratio <= LIMIT ? "ok" : "OVER");
    pane_free(p);
    endwin();
    delscreen(screen);
    fclose(out), fclose(in);
    return ratio <= LIMIT ? 0 : 1;
}
