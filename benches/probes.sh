#!/usr/bin/env bash
# Probe benchmark: concurrency and bounds, against the loopback labs (no internet).
#   bash benches/probes.sh
# 1. Concurrency: the "slow" lab delays every DNS answer and every HTTP response by 1 s; a probe
#    run of N probes should take about the slowest probe, not the sum. Prints the wall time next
#    to the sum of the probes' own times (what one-after-another would cost).
# 2. Bounds: hostile endpoints from the "faults" lab (endless body, huge document, one byte per
#    second, silent socket, redirect loop) must cost at most the timeout and bounded memory.
#    Prints wall time and peak RSS for each, next to a well-behaved endpoint.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v /usr/bin/time >/dev/null || { echo "needs GNU time (/usr/bin/time): apt-get install time" >&2; exit 1; }

cargo build -q --release --bin hybridlint -p hybridlint
cargo build -q --release --bin probe-lab -p probe-lab
target=$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
hybridlint="$target/release/hybridlint"
probe_lab="$target/release/probe-lab"
work=$(mktemp -d)
lab_pid=""
trap 'if [ -n "$lab_pid" ]; then kill "$lab_pid" 2>/dev/null || true; fi; rm -rf "$work"' EXIT

start_lab() {
  if [ -n "$lab_pid" ]; then kill "$lab_pid" 2>/dev/null || true; wait "$lab_pid" 2>/dev/null || true; fi
  rm -f "$work/args"
  "$probe_lab" "$1" --args-file "$work/args" --ignore-stdin >"$work/lab.log" 2>&1 &
  lab_pid=$!
  for _ in $(seq 100); do [ -s "$work/args" ] && return 0; sleep 0.1; done
  echo "lab $1 did not start" >&2; cat "$work/lab.log" >&2; exit 1
}

echo "== concurrency (every answer delayed 1 s)"
start_lab benches/labs/slow
mapfile -t args <"$work/args"
fqdns=()
for i in $(seq -w 1 12); do fqdns+=(--web-fqdn "pool$i.contoso.com"); done
/usr/bin/time -f "%e %M" -o "$work/time" "$hybridlint" probe --sip-domain contoso.com "${fqdns[@]}" \
  "${args[@]}" --timeout 5 --record "$work/slow.json" --format json >/dev/null || true
read -r wall rss < <(tail -1 "$work/time")
python3 - "$work/slow.json" "$wall" "$rss" <<'PY'
import json, sys
rec = json.load(open(sys.argv[1]))
times = [o["elapsed-ms"] for o in rec["dns"] + rec["https"]]
print(f"probes: {len(times)} ({len(rec['dns'])} DNS, {len(rec['https'])} HTTPS)")
print(f"wall time of the run:        {float(sys.argv[2]):6.2f} s")
print(f"slowest single probe:        {max(times)/1000:6.2f} s")
print(f"sum of probe times (serial): {sum(times)/1000:6.2f} s")
print(f"peak RSS: {int(sys.argv[3])/1024:.1f} MiB")
PY

echo
echo "== bounds (--timeout 2; body cap 1 MiB)"
start_lab fixtures/probe-lab/faults
mapfile -t args <"$work/args"
printf '%-22s %8s %10s  %s\n' endpoint "wall s" "peak MiB" outcome
for host in ok endless huge slow silent loop; do
  /usr/bin/time -f "%e %M" -o "$work/time" "$hybridlint" probe --web-fqdn "$host.contoso.com" \
    "${args[@]}" --timeout 2 --record "$work/$host.json" --format json >/dev/null || true
  read -r wall rss < <(tail -1 "$work/time")
  outcome=$(python3 -c 'import json,sys; o=json.load(open(sys.argv[1]))["https"][0]; print(o["outcome"], o.get("body-bytes",0), "bytes read")' "$work/$host.json")
  printf '%-22s %8s %10.1f  %s\n' "$host.contoso.com" "$wall" "$(echo "$rss/1024" | bc -l)" "$outcome"
done
