#!/bin/sh
# Benchmark (issue 19): `custty create --from` 2,000 rows at concurrency 8
# against the sandbox, on each sandbox provider, beside
# `curl --parallel --parallel-max 8` sending the same 2,000 prepared bodies
# (those `custty create --from --dry-run` prints) in the same run,
# alternating. Prints the medians and their ratio (target: custty at most
# 1.2 x curl), and an error line if custty did not create every row.
set -eu
runs=${BENCH_RUNS:-5}
rows=${BENCH_ROWS:-2000}
tmp=$(mktemp -d)
# A home of its own: the benchmark's customers stay out of the person's history.
XDG_CONFIG_HOME=$tmp/config XDG_STATE_HOME=$tmp/state
export XDG_CONFIG_HOME XDG_STATE_HOME
# Prolifi's sandbox allows 1,000 requests a minute per key by default: 2,000
# rows would meet 429s and Retry-After pauses, and the benchmark would measure
# the waits. A limit no run reaches keeps both sides unthrottled.
: >"$tmp/sandbox.log" # there before the wait below looks, however late the sandbox starts
build/custty sandbox --port 0 --rate-limit 1000000000 >>"$tmp/sandbox.log" 2>&1 &
sb=$!
trap 'kill $sb 2>/dev/null; rm -rf "$tmp"' EXIT
for _ in $(seq 50); do grep -q 'listening on port' "$tmp/sandbox.log" && break; sleep 0.1; done
port=$(sed -n 's/.*listening on port \([0-9]*\).*/\1/p' "$tmp/sandbox.log")
now() { date +%s%N; }
median() { sort -n "$1" | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# PROVIDER's base URL and demo token, from the lines the sandbox prints.
base_of() { sed -n "s/^ *$1  *\([^ ]*\)  *token: .*/\1/p" "$tmp/sandbox.log"; }
token_of() { sed -n "s/^ *$1  *[^ ]*  *token: \([^ ]*\).*/\1/p" "$tmp/sandbox.log"; }

# ROWS rows for PROVIDER, a header of field keys, emails PREFIX1@… unique to
# the run and the side (the sandbox refuses an email it already holds).
csv_for() {
  awk -v p="$1" -v pre="$2" -v n="$rows" 'BEGIN {
    if (p == "botpenguin") print "username,name,password"
    else if (p == "prolifi") print "email,name"
    else print "name,email"
    for (i = 1; i <= n; i++) {
      if (p == "botpenguin") printf "%s%d@example.com,Bench Person %d,Bench-pass-%d\n", pre, i, i, i
      else if (p == "prolifi") printf "%s%d@example.com,Bench Person %d\n", pre, i, i
      else printf "Bench Person %d,%s%d@example.com\n", i, pre, i
    }
  }'
}

# The requests of `--dry-run` (one JSON line each) as a curl config file:
# one url/header/data block per row, `next` between them (the per-transfer
# options, silent included, are repeated in each block). The dry run masks
# the token, so the Authorization header is written with TOKEN in full.
curl_config() {
  awk -v token="$1" '
    function esc(s,  out, i, c) {   # curl config quoting: \ and " escaped
      out = ""
      for (i = 1; i <= length(s); i++) {
        c = substr(s, i, 1)
        if (c == "\\" || c == "\"") out = out "\\"
        out = out c
      }
      return out
    }
    {
      if (NR > 1) print "next"
      url = $0; sub(/^.*"url":"/, "", url); sub(/".*$/, "", url)
      h = $0; sub(/^.*"headers":\{"/, "", h); sub(/"\}.*$/, "", h)
      body = $0; sub(/^.*,"body":/, "", body); sub(/\}$/, "", body)
      printf "url = \"%s\"\n", esc(url)
      n = split(h, kv, /","/)
      for (i = 1; i <= n; i++) {
        k = kv[i]; sub(/":".*$/, "", k)
        v = kv[i]; sub(/^[^"]*":"/, "", v)
        if (k == "Authorization") v = "Bearer " token
        printf "header = \"%s: %s\"\n", esc(k), esc(v)
      }
      printf "data-raw = \"%s\"\noutput = \"/dev/null\"\nwrite-out = \"%%{http_code}\\n\"\n", esc(body)
      print "silent\nshow-error"
    }'
}

# One side's run on a fresh sandbox and a fresh home (a batch skips the rows
# its history says were created before). Appends the nanoseconds to FILE.
run_custty() { # PROVIDER RUN
  p=$1; home=$tmp/state/c$2; mkdir -p "$home"
  csv_for "$p" "c$2-" >"$home/rows.csv"
  curl -sS -X POST "http://127.0.0.1:$port/_sandbox/reset" >/dev/null
  t0=$(now)
  if CUSTTY_TOKEN=$(token_of "$p") XDG_STATE_HOME=$home build/custty create --provider "$p" \
       --base-url "$(base_of "$p")" --from "$home/rows.csv" --concurrency 8 --yes >/dev/null 2>"$home/err"
  then rc=0; else rc=$?; fi
  t1=$(now)
  echo $((t1 - t0)) >>"$tmp/$p.c"
  if [ $rc -ne 0 ] || ! grep -q ": $rows created, 0 refused, 0 unknown" "$home/err"; then
    echo "  ERROR: custty on $p run $2 exited $rc and did not create $rows customers: $(tail -1 "$home/err")"
  fi
  rm -rf "$home"
}
run_curl() { # PROVIDER RUN
  p=$1; home=$tmp/state/u$2; mkdir -p "$home"
  csv_for "$p" "u$2-" >"$home/rows.csv"
  CUSTTY_TOKEN=$(token_of "$p") XDG_STATE_HOME=$home build/custty create --provider "$p" \
    --base-url "$(base_of "$p")" --from "$home/rows.csv" --dry-run --show-secrets >"$home/requests.jsonl"
  curl_config "$(token_of "$p")" <"$home/requests.jsonl" >"$home/curl.conf"
  curl -sS -X POST "http://127.0.0.1:$port/_sandbox/reset" >/dev/null
  t0=$(now)
  curl --no-progress-meter --parallel --parallel-max 8 -K "$home/curl.conf" >"$home/codes" || true
  t1=$(now)
  echo $((t1 - t0)) >>"$tmp/$p.u"
  ok=$(grep -c '^2' "$home/codes" || true)
  [ "$ok" -eq "$rows" ] || echo "  ERROR: curl on $p run $2 had $ok of $rows answers 2xx"
  rm -rf "$home"
}

echo "custty create --from vs curl --parallel, $rows rows at concurrency 8 against the sandbox, $runs runs alternating:"
for p in botpenguin billing-v1 prolifi; do
  i=0
  while [ $i -lt "$runs" ]; do
    # Who goes first alternates, so neither always meets a warm (or busy) machine.
    if [ $((i % 2)) -eq 0 ]; then run_custty "$p" $i; run_curl "$p" $i
    else run_curl "$p" $i; run_custty "$p" $i; fi
    i=$((i + 1))
  done
  awk -v p="$p" -v c="$(median "$tmp/$p.c")" -v u="$(median "$tmp/$p.u")" \
      -v cs="$(tr '\n' ' ' <"$tmp/$p.c")" -v us="$(tr '\n' ' ' <"$tmp/$p.u")" 'BEGIN {
    printf "  %-11s curl median: %7.3f s   custty median: %7.3f s  (ratio to curl: %.2f; target <= 1.2)\n",
           p, u / 1e9, c / 1e9, c / u
    n = split(us, a, " "); s = ""; for (i = 1; i <= n; i++) s = s sprintf(" %.3f", a[i] / 1e9)
    m = split(cs, b, " "); t = ""; for (i = 1; i <= m; i++) t = t sprintf(" %.3f", b[i] / 1e9)
    printf "  %-11s each run (s): curl%s; custty%s\n", "", s, t }'
done
