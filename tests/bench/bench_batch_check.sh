#!/bin/sh
# Benchmark (issue 19): checking a 100,000-row CSV with `custty create --from`
# beside reading the same file with `wc -l`, in the same run (target: under
# 1 s per 100,000 rows; the ratio to wc is reported), and custty's peak memory
# checking 1,000 rows vs 100,000 (target: grows less than 10 MB: rows are
# streamed, not kept).
set -eu
runs=${BENCH_RUNS:-5}
rows=${BENCH_ROWS:-100000}
tmp=$(mktemp -d)
# A home of its own: nothing of the person's history or profiles is read.
XDG_CONFIG_HOME=$tmp/config XDG_STATE_HOME=$tmp/state
export XDG_CONFIG_HOME XDG_STATE_HOME
trap 'rm -rf "$tmp"' EXIT
now() { date +%s%N; }
median() { sort -n "$1" | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# N rows of billing-v1 customers (five fields, a country and a phone among
# them), the last one with an invalid email. Every row is checked before
# anything is sent, so the bad last row makes custty read and check the whole
# file, list that one row and exit 2 with nothing sent: the check alone is
# timed, no network. (The base URL is the discard port: nothing goes there.)
csv_of() {
  awk -v n="$1" 'BEGIN {
    print "name,email,phone,address.city,address.country"
    for (i = 1; i < n; i++)
      printf "Bench Person %d,c%d@example.com,+255 712 %06d,Dar es Salaam,TZ\n", i, i, i % 1000000
    print "Bench Person,not-an-email,+255 712 000000,Dar es Salaam,TZ"
  }'
}
csv_of "$rows" >"$tmp/big.csv"
csv_of 1000 >"$tmp/small.csv"
export CUSTTY_TOKEN=bench-token
check() { # FILE [RSS-OUT]
  if /usr/bin/time -f %M -o "${2:-/dev/null}" build/custty create --provider billing-v1 \
       --base-url http://127.0.0.1:9 --from "$1" >/dev/null 2>"$tmp/err"
  then rc=0; else rc=$?; fi
  last=$(wc -l <"$1")
  if [ $rc -ne 2 ] || ! grep -q "\.csv:$last: " "$tmp/err" || [ "$(wc -l <"$tmp/err")" -ne 2 ]; then
    echo "  ERROR: the check of $1 exited $rc, not 2 with its last line (and only it) invalid: $(tail -1 "$tmp/err")"
  fi
}

i=0
while [ $i -lt "$runs" ]; do
  t0=$(now)
  wc -l "$tmp/big.csv" >/dev/null
  t1=$(now)
  check "$tmp/big.csv"
  t2=$(now)
  echo $((t1 - t0)) >>"$tmp/wc"
  echo $((t2 - t1)) >>"$tmp/custty"
  i=$((i + 1))
done
check "$tmp/small.csv" "$tmp/rss_small"
check "$tmp/big.csv" "$tmp/rss_big"
awk -v c="$(median "$tmp/custty")" -v u="$(median "$tmp/wc")" -v n="$rows" -v runs="$runs" \
    -v cs="$(tr '\n' ' ' <"$tmp/custty")" -v us="$(tr '\n' ' ' <"$tmp/wc")" \
    -v small="$(tail -1 "$tmp/rss_small")" -v big="$(tail -1 "$tmp/rss_big")" 'BEGIN {
  printf "custty create --from checking %d rows (the last invalid: all checked, nothing sent) vs wc -l, %d runs:\n",
         n, runs
  printf "  wc -l (baseline):    %8.4f s\n", u / 1e9
  printf "  custty check:        %8.4f s  (ratio to wc -l: %.0f; %.3f s per 100,000 rows; target < 1)\n",
         c / 1e9, c / u, c / 1e9 * 100000 / n
  k = split(cs, a, " "); s = ""; for (i = 1; i <= k; i++) s = s sprintf(" %.3f", a[i] / 1e9)
  printf "  each run (s):       %s\n", s
  printf "  peak RSS: %d kB checking 1000 rows, %d kB checking %d (growth %.2f MB; target < 10)\n",
         small, big, n, (big - small) / 1024 }'
