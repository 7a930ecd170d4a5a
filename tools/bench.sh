#!/usr/bin/env bash
# chitieu benchmark harness (`make bench`). See BENCHMARKS.md.
#
# Builds the release binary, the generator and the bench programs; generates
# N district workbooks (+ N text reports) per N and one workbook of many
# district sheets; then, per N, times `chitieu run` on the workbooks against
# the floor (benches/floor.rs) measured in the same run, and the stages
# (benches/stages.rs) with --jobs 1 and 2. Prints medians of BENCH_RUNS runs.
#
# Environment:
#   BENCH_N="300 3000"   sizes;            BENCH_RUNS=3     runs per measurement
#   BENCH_SHEETS=300     sheets of the many-sheet workbook (0: none)
#   BENCH_TEXTS=1        also time a run on workbooks + text reports
#   BENCH_DATA=target/bench-data   where inputs and outputs go
#   CHITIEU_BIN=...      binary to measure (default target/release/chitieu)
#
# Needs: bash, awk, GNU time (/usr/bin/time, Debian package `time`) for peak RSS.
set -euo pipefail
cd "$(dirname "$0")/.."

N_LIST=${BENCH_N:-300 3000}
RUNS=${BENCH_RUNS:-3}
SHEETS=${BENCH_SHEETS:-300}
TEXTS=${BENCH_TEXTS:-1}
DATA=${BENCH_DATA:-target/bench-data}
CARGO=${CARGO:-cargo}
BIN=${CHITIEU_BIN:-target/release/chitieu}
CONFIG=config/chitieu.toml
# The floor writes with the workbook settings chitieu runs with.
conf_value() { sed -n "s/^$1[[:space:]]*=[[:space:]]*\([0-9]*\).*/\1/p" "$CONFIG" | head -1; }
LEVEL=$(conf_value compression_level); LEVEL=${LEVEL:-3}
LARGE=$(conf_value large_sheet_rows); LARGE=${LARGE:-20000}
GNU_TIME=/usr/bin/time
HAVE_GNU_TIME=1
if ! "$GNU_TIME" -f %M true >/dev/null 2>&1; then
  echo "bench: GNU time not found at $GNU_TIME (apt-get install -y time): peak memory not measured" >&2
  HAVE_GNU_TIME=0
fi

log() { echo "bench: $*" >&2; }

# --- build -------------------------------------------------------------------
log "building (release)"
$CARGO build --release --quiet --bin chitieu --example gen_bench
bench_exe() { # the executable cargo built for a [[bench]] target
  $CARGO bench --no-run --bench "$1" 2>&1 | sed -n "s/.*Executable benches\/$1.rs (\(.*\))/\1/p" | tail -1
}
FLOOR=$(bench_exe floor)
STAGES=$(bench_exe stages)
[ -x "$FLOOR" ] && [ -x "$STAGES" ] || { echo "bench: could not build benches/floor.rs, benches/stages.rs" >&2; exit 2; }

# --- helpers -------------------------------------------------------------------
median() { sort -g | awk '{a[NR]=$1} END {if (NR==0) print "nan"; else if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
# kv LINE KEY: the value of KEY=... in a "name k=v k=v" line
kv() { echo "$1" | tr ' ' '\n' | sed -n "s/^$2=//p" | head -1; }
# timed OUTFILE CMD...: run CMD under GNU time; appends "wall rss_kib cpu" to OUTFILE; stdout of CMD to OUTFILE.out
timed() {
  local out=$1; shift
  if [ "$HAVE_GNU_TIME" = 1 ]; then
    "$GNU_TIME" -f "%e %M %U %S" -o "$out.time" "$@" >"$out.out" 2>"$out.err" || {
      echo "bench: failed: $*" >&2; tail -5 "$out.err" >&2; return 1; }
  else
    local t0 t1
    t0=$(date +%s.%N)
    "$@" >"$out.out" 2>"$out.err" || { echo "bench: failed: $*" >&2; tail -5 "$out.err" >&2; return 1; }
    t1=$(date +%s.%N)
    awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.3f nan 0 0\n", b-a}' >"$out.time"
  fi
  awk '{printf "%s %s %.2f\n", $1, $2, $3+$4}' "$out.time" >>"$out"
}
col() { awk -v c="$1" '{print $c}' "$2" | median; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a/b; else print "nan" }'; }

# --- machine -------------------------------------------------------------------
cpu_model=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -1)
mem_gib=$(awk '/MemTotal/ {printf "%.1f", $2/1048576}' /proc/meminfo 2>/dev/null)
echo "# chitieu benchmark — $(date -u +%Y-%m-%dT%H:%MZ)"
echo "# machine: $(nproc) cores, ${cpu_model:-unknown CPU}, ${mem_gib:-?} GiB RAM; load average at start: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)"
echo "# medians of $RUNS runs; ratio = chitieu / floor wall time (same inputs, same run);"
echo "# cpu_s = user + system seconds (stable on a busy machine), cpu_ratio = chitieu / floor CPU"

# --- generate ------------------------------------------------------------------
for n in $N_LIST; do
  dir="$DATA/n$n"
  rm -rf "$dir/xlsx" "$dir/txt"
  extra=()
  [ "$TEXTS" = 1 ] && extra+=(--texts)
  log "generating $n workbooks under $dir"
  target/release/examples/gen_bench --out "$dir" --n "$n" "${extra[@]}" >&2
done
rm -rf "$DATA/multi"
if [ "$SHEETS" != 0 ]; then
  log "generating one workbook of $SHEETS sheets under $DATA/multi"
  target/release/examples/gen_bench --out "$DATA" --n 0 --sheets "$SHEETS" >&2
fi

# --- measure -------------------------------------------------------------------
printf '\n%-24s %6s %9s %8s %8s %9s %9s %9s %9s %7s %7s %9s\n' \
  "case" "files" "wall_s" "files/s" "MB/s" "rss_MiB" "floor_s" "f.read_s" "f.write_s" "ratio" "cpu_s" "cpu_ratio"
results=()
for n in $N_LIST; do
  dir="$DATA/n$n"
  tmp="$dir/runs"; rm -rf "$tmp"; mkdir -p "$tmp"
  mb=$(du -sk "$dir/xlsx" | awk '{printf "%.1f", $1/1024}')
  for r in $(seq "$RUNS"); do
    rm -rf "$dir/out"
    log "n=$n run $r/$RUNS: chitieu run"
    timed "$tmp/chitieu" "$BIN" run --config "$CONFIG" --input "$dir/xlsx" --out "$dir/out" --no-cache -q || exit 1
    log "n=$n run $r/$RUNS: floor"
    timed "$tmp/floor" "$FLOOR" --input "$dir/xlsx" --like "$dir/out/tong-hop_2022-9M.xlsx" --out "$tmp/floor.xlsx" \
      --level "$LEVEL" --constant-memory-over "$LARGE"
    line=$(cat "$tmp/floor.out")
    echo "$(kv "$line" read_s) $(kv "$line" write_s) $(kv "$line" total_s)" >>"$tmp/floor.parts"
  done
  wall=$(col 1 "$tmp/chitieu"); rss=$(col 2 "$tmp/chitieu")
  fwall=$(col 3 "$tmp/floor.parts"); fread=$(col 1 "$tmp/floor.parts"); fwrite=$(col 2 "$tmp/floor.parts")
  frss=$(col 2 "$tmp/floor")
  cpu=$(col 3 "$tmp/chitieu"); fcpu=$(col 3 "$tmp/floor")
  files=$n
  printf '%-24s %6d %9.2f %8.0f %8.1f %9.0f %9.2f %9.2f %9.2f %7s %7.2f %9s\n' "workbooks n=$n" "$files" "$wall" \
    "$(awk -v f="$files" -v w="$wall" 'BEGIN{print f/w}')" "$(awk -v m="$mb" -v w="$wall" 'BEGIN{print m/w}')" \
    "$(awk -v k="$rss" 'BEGIN{print k/1024}')" "$fwall" "$fread" "$fwrite" "$(ratio "$wall" "$fwall")" \
    "$cpu" "$(ratio "$cpu" "$fcpu")"
  results+=("n=$n wall=$wall cpu=$cpu rss_kib=$rss floor=$fwall floor_read=$fread floor_write=$fwrite floor_cpu=$fcpu floor_rss_kib=$frss")

  if [ "$TEXTS" = 1 ]; then
    rm -rf "$tmp/mixed"
    for r in $(seq "$RUNS"); do
      rm -rf "$dir/out-mixed"
      log "n=$n run $r/$RUNS: chitieu run, workbooks + text reports"
      timed "$tmp/mixed" "$BIN" run --config "$CONFIG" --input "$dir/xlsx" --input "$dir/txt" --out "$dir/out-mixed" --no-cache -q || exit 1
    done
    mwall=$(col 1 "$tmp/mixed"); mrss=$(col 2 "$tmp/mixed")
    mmb=$(du -sk "$dir/xlsx" "$dir/txt" | awk '{s+=$1} END {printf "%.1f", s/1024}')
    printf '%-24s %6d %9.2f %8.0f %8.1f %9.0f\n' "workbooks+texts n=$n" "$((2 * n))" "$mwall" \
      "$(awk -v f="$((2 * n))" -v w="$mwall" 'BEGIN{print f/w}')" "$(awk -v m="$mmb" -v w="$mwall" 'BEGIN{print m/w}')" \
      "$(awk -v k="$mrss" 'BEGIN{print k/1024}')"
  fi

  # Reading + extraction alone, one thread then two (the stages program).
  rm -f "$tmp/stages.j"
  for r in $(seq "$RUNS"); do
    log "n=$n run $r/$RUNS: stages --jobs 1,2"
    timed "$tmp/stages" "$STAGES" --config "$CONFIG" --input "$dir/xlsx" --jobs 1,2
    line=$(cat "$tmp/stages.out")
    echo "$(kv "$line" extract_j1) $(kv "$line" extract_j2) $(kv "$line" extract_j2_cpu) $(kv "$line" consolidate) $(kv "$line" workbook) $(kv "$line" merge) $(kv "$line" csv) $(kv "$line" parquet)" >>"$tmp/stages.j"
  done
  results+=("n=$n stages: $(tail -1 "$tmp/stages.out" | cut -d' ' -f2-)")
  j1=$(col 1 "$tmp/stages.j"); j2=$(col 2 "$tmp/stages.j"); j2cpu=$(col 3 "$tmp/stages.j")
  echo "  read+extract n=$n: --jobs 1 ${j1}s, --jobs 2 ${j2}s: speed-up $(ratio "$j1" "$j2")x (cores obtained with 2 threads: $(ratio "$j2cpu" "$j2")); consolidate $(col 4 "$tmp/stages.j")s, merge $(col 6 "$tmp/stages.j")s, workbook build $(col 5 "$tmp/stages.j")s, csv $(col 7 "$tmp/stages.j")s, parquet $(col 8 "$tmp/stages.j")s"
done

# The many-sheet workbook: spread over cores by sheet?
multi=$(ls "$DATA"/multi/*.xlsx 2>/dev/null | head -1 || true)
if [ -n "$multi" ]; then
  tmp="$DATA/multi-runs"; rm -rf "$tmp"; mkdir -p "$tmp"
  for r in $(seq "$RUNS"); do
    log "many-sheet workbook run $r/$RUNS"
    timed "$tmp/stages" "$STAGES" --config "$CONFIG" --input "$(dirname "$multi")" --jobs 1,2
    line=$(cat "$tmp/stages.out")
    echo "$(kv "$line" extract_j1) $(kv "$line" extract_j2) $(kv "$line" extract_j2_cpu)" >>"$tmp/j"
  done
  j1=$(col 1 "$tmp/j"); j2=$(col 2 "$tmp/j"); j2cpu=$(col 3 "$tmp/j")
  echo "  one workbook of $(basename "$multi" .xlsx | tr -dc 0-9) sheets ($(du -k "$multi" | awk '{printf "%.1f", $1/1024}') MB): read+extract --jobs 1 ${j1}s, --jobs 2 ${j2}s: speed-up $(ratio "$j1" "$j2")x (cores obtained: $(ratio "$j2cpu" "$j2"))"
fi

echo
echo "# raw (medians): ${results[*]}"
