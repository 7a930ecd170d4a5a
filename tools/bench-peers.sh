#!/usr/bin/env bash
# The peers (`make bench-peers`): the same consolidation written the way an
# analyst would — pandas + openpyxl, polars + fastexcel (benches/peers/) — on
# the same generated workbooks as `make bench`, timed beside chitieu.
#
# Creates a virtual environment (python3 -m venv) under target/bench-venv and
# installs pandas, openpyxl, polars, fastexcel, xlsxwriter, pyarrow from PyPI.
#
# Environment: BENCH_N="300 3000", BENCH_RUNS=3, BENCH_DATA=target/bench-data,
# PYTHON=python3, CHITIEU_BIN=target/release/chitieu.
set -euo pipefail
cd "$(dirname "$0")/.."

N_LIST=${BENCH_N:-300 3000}
RUNS=${BENCH_RUNS:-3}
DATA=${BENCH_DATA:-target/bench-data}
CARGO=${CARGO:-cargo}
BIN=${CHITIEU_BIN:-target/release/chitieu}
PYTHON=${PYTHON:-python3}
VENV=target/bench-venv
log() { echo "bench-peers: $*" >&2; }

if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c "import pandas, openpyxl, polars, fastexcel, xlsxwriter, pyarrow" 2>/dev/null; then
  log "creating $VENV"
  "$PYTHON" -m venv "$VENV"
  "$VENV/bin/pip" install -q --disable-pip-version-check pandas openpyxl polars fastexcel xlsxwriter pyarrow
fi
log "building (release)"
$CARGO build --release --quiet --bin chitieu --example gen_bench

median() { sort -g | awk '{a[NR]=$1} END {if (NR==0) print "nan"; else if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
kv() { echo "$1" | tr ' ' '\n' | sed -n "s/^$2=//p" | head -1; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a/b; else print "nan" }'; }
wall() { # wall seconds of a command, its stdout kept in $LAST
  local t0 t1
  t0=$(date +%s.%N)
  LAST=$("$@" 2>"$DATA/peers.err") || { echo "bench-peers: failed: $*" >&2; tail -5 "$DATA/peers.err" >&2; exit 1; }
  t1=$(date +%s.%N)
  awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.3f", b-a}'
}

echo "# chitieu vs peers — $(date -u +%Y-%m-%dT%H:%MZ); $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null); medians of $RUNS runs"
printf '%-8s %-18s %9s %9s %9s %9s %10s\n' "n" "program" "total_s" "read_s" "write_s" "facts" "vs_chitieu"
for n in $N_LIST; do
  dir="$DATA/n$n"
  if [ ! -d "$dir/xlsx" ]; then
    log "generating $n workbooks under $dir"
    target/release/examples/gen_bench --out "$dir" --n "$n" >&2
  fi
  : >"$DATA/peers.chitieu"
  for r in $(seq "$RUNS"); do
    rm -rf "$dir/out-peers"
    log "n=$n run $r/$RUNS: chitieu"
    wall "$BIN" run --input "$dir/xlsx" --out "$dir/out-peers" --no-cache -q >>"$DATA/peers.chitieu"; echo >>"$DATA/peers.chitieu"
  done
  ours=$(median <"$DATA/peers.chitieu")
  facts=$(awk -F'"facts": ' '/"facts": [0-9]+,$/ {gsub(",","",$2); v=$2} END {print v}' "$dir/out-peers/manifest.json" 2>/dev/null || echo "?")
  printf '%-8s %-18s %9.2f %9s %9s %9s %10s\n' "$n" "chitieu" "$ours" "" "" "$facts" "1.00"
  for peer in polars_fastexcel pandas_openpyxl; do
    : >"$DATA/peers.$peer"; : >"$DATA/peers.$peer.parts"
    for r in $(seq "$RUNS"); do
      log "n=$n run $r/$RUNS: $peer"
      wall "$VENV/bin/python" "benches/peers/$peer.py" "$dir/xlsx" "$DATA/peer-$peer.xlsx" >>"$DATA/peers.$peer"; echo >>"$DATA/peers.$peer"
      echo "$(kv "$LAST" read_s) $(kv "$LAST" write_s) $(kv "$LAST" facts)" >>"$DATA/peers.$peer.parts"
    done
    t=$(median <"$DATA/peers.$peer")
    rd=$(awk '{print $1}' "$DATA/peers.$peer.parts" | median)
    wr=$(awk '{print $2}' "$DATA/peers.$peer.parts" | median)
    pf=$(awk '{print $3}' "$DATA/peers.$peer.parts" | tail -1)
    printf '%-8s %-18s %9.2f %9.2f %9.2f %9s %10s\n' "$n" "$peer" "$t" "$rd" "$wr" "$pf" "$(ratio "$t" "$ours")"
  done
done
