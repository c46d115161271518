#!/bin/sh
# Benchmark (issue 18): `custty list --all --json` of 100,000 sandbox
# customers beside curl fetching the same pages in a shell loop, in the same
# run (target: custty at most 1.0 x curl), and custty's peak memory listing
# 100 customers vs 100,000 (target: within 2 MB: pages are streamed, not kept).
set -eu
n=${BENCH_CUSTOMERS:-100000}
log=$(mktemp)
XDG_STATE_HOME=$(mktemp -d) XDG_CONFIG_HOME=$XDG_STATE_HOME
export XDG_STATE_HOME XDG_CONFIG_HOME
build/custty sandbox --port 0 --seed-customers "$n" --seed 18 --rate-limit 1000000000 >"$log" 2>&1 &
sb=$!
trap 'kill $sb 2>/dev/null; rm -rf "$log" "$log".* "$XDG_STATE_HOME"' EXIT
for _ in $(seq 1200); do grep -q 'listening on port' "$log" && break; sleep 0.1; done
port=$(sed -n 's/.*listening on port \([0-9]*\).*/\1/p' "$log")
base="http://127.0.0.1:$port/prolifi/api/v1/public"
mkdir -p "$XDG_CONFIG_HOME/custty"
printf '[bench]\nprovider = prolifi\nbase_url = %s\n' "$base" >"$XDG_CONFIG_HOME/custty/config.ini"
export CUSTTY_TOKEN=sk_test_sandbox
now() { date +%s%N; }

t0=$(now)
/usr/bin/time -f %M -o "$log".rss_all build/custty list --profile bench --all --json >"$log".out
t1=$(now)
lines=$(wc -l <"$log".out)
# The same pages, one curl each, as a shell script would fetch them.
offset=0
while [ $offset -lt "$n" ]; do
  curl -sS "$base/customers?limit=100&offset=$offset" -H 'Accept: application/json' \
    -H 'Authorization: Bearer sk_test_sandbox' >/dev/null
  offset=$((offset + 100))
done
t2=$(now)
/usr/bin/time -f %M -o "$log".rss_100 build/custty list --profile bench --limit 100 --json >/dev/null 2>&1
awk -v c=$((t1 - t0)) -v u=$((t2 - t1)) -v n="$n" -v lines="$lines" \
    -v big="$(tail -1 "$log".rss_all)" -v small="$(tail -1 "$log".rss_100)" 'BEGIN {
  printf "custty list --all --json vs curl in a shell loop, %d Prolifi customers, 100 a page:\n", n
  printf "  curl, a page each (baseline): %8.2f s\n", u / 1e9
  printf "  custty list --all --json:     %8.2f s  (%d lines; ratio to curl: %.2f; target <= 1.0)\n", c / 1e9, lines, c / u
  printf "  peak RSS: %d kB listing 100, %d kB listing %d (difference %.2f MB; target <= 2)\n", small, big, n,
         (big - small) / 1024 }'
