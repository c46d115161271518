#!/bin/sh
# Benchmark: `custty create` against the sandbox beside `curl` sending the same
# request, alternating, in the same run. Prints the medians and their ratio
# (target: custty at most 1.3 × curl).
set -eu
runs=${BENCH_RUNS:-41}
log=$(mktemp)
# A home of its own: the benchmark's customers stay out of the person's history.
XDG_STATE_HOME=$(mktemp -d) XDG_CONFIG_HOME=$XDG_STATE_HOME
export XDG_STATE_HOME XDG_CONFIG_HOME
build/custty sandbox --port 0 >"$log" 2>&1 &
sb=$!
trap 'kill $sb 2>/dev/null; rm -rf "$log" "$log".c "$log".u "$XDG_STATE_HOME"' EXIT
for _ in $(seq 50); do grep -q 'listening on port' "$log" && break; sleep 0.1; done
port=$(sed -n 's/.*listening on port \([0-9]*\).*/\1/p' "$log")
base="http://127.0.0.1:$port/prolifi/api/v1/public"
now() { date +%s%N; }
i=0
while [ $i -lt $runs ]; do
  t0=$(now)
  CUSTTY_TOKEN=sk_test_sandbox build/custty create --provider prolifi --base-url "$base" \
    --json --set "email=c$i@example.com" --set "name=Bench Person" >/dev/null
  t1=$(now)
  curl -sS -X POST "$base/customers" -H 'Content-Type: application/json' -H 'Accept: application/json' \
    -H 'Authorization: Bearer sk_test_sandbox' -H "Idempotency-Key: k$i" \
    --data-raw "{\"email\":\"u$i@example.com\",\"name\":\"Bench Person\"}" >/dev/null
  t2=$(now)
  echo $((t1 - t0)) >>"$log".c
  echo $((t2 - t1)) >>"$log".u
  i=$((i + 1))
done
median() { sort -n "$1" | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
mc=$(median "$log".c); mu=$(median "$log".u)
awk -v c="$mc" -v u="$mu" -v n="$runs" 'BEGIN {
  printf "custty create vs curl, one create each against the sandbox, %d runs alternating:\n", n
  printf "  curl median (baseline): %7.2f ms\n", u / 1e6
  printf "  custty create median:   %7.2f ms  (ratio to curl: %.2f; target <= 1.3)\n", c / 1e6, c / u }'
