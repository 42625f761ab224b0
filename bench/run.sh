#!/usr/bin/env bash
# The benchmark of issue 5, one command from a fresh clone:
#
#   bench/run.sh                 10k and 100k offers (about 15 minutes on 2 cores)
#   bench/run.sh 1m              10k, 100k and 1M (the 1M pipelines add about 20 minutes)
#   bench/run.sh 10000 1000000   any sizes
#
# Builds the module and the benches (Release), builds or reuses the cached 100k and 1M-share workspaces in
# bench/.data, runs the BenchmarkDotNet benches (engine, workspace writes and calls, the 1M-share query) and the pipeline
# bench in pwsh (the pinned local tool, ListingPs imported) for every size, held and streamed, then writes docs/bench/results.md and
# docs/bench/scaling.svg from everything in bench/.data/results (sizes not rerun keep their last results).
#
# Environment: BENCH_REPEAT  runs per held pipeline, fastest counts (default 3; 1 for 1M and more)
#              BENCH_BDN=0   skip BenchmarkDotNet (reuse its last results)
#              BENCH_BDN_ARGS  extra BenchmarkDotNet arguments (default: --warmupCount 2 --iterationCount 6)
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

sizes=()
for a in "$@"; do
  case "$a" in
    1m|1M|--1m) sizes+=(10000 100000 1000000) ;;
    *[!0-9]*|'') echo "usage: bench/run.sh [1m | size...]" >&2; exit 2 ;;
    *) sizes+=("$a") ;;
  esac
done
[ ${#sizes[@]} -eq 0 ] && sizes=(10000 100000)
sizes=($(printf '%s\n' "${sizes[@]}" | sort -n -u))
start=$(date +%s)
runinfo=bench/.data/run.txt
mkdir -p bench/.data
log() { echo "bench: [$(( $(date +%s) - start ))s] $*"; echo "[$(( $(date +%s) - start ))s] $*" >> "$runinfo"; }
{
  echo "started $(date -u '+%Y-%m-%d %H:%M UTC'), sizes ${sizes[*]}"
  echo "source $(git rev-parse --short HEAD 2>/dev/null || echo unknown), $(git status --porcelain src 2>/dev/null | wc -l) files under src/ changed since that commit"
} > "$runinfo"

log "building (Release): module, bench helper, BenchmarkDotNet project"
dotnet tool restore > /dev/null
dotnet pwsh -NoProfile -NonInteractive ./build.ps1 Build
dotnet build bench/pipeline/ListingPs.Bench.Pipeline -c Release -v quiet -nologo
dotnet build bench/ListingPs.Bench -c Release -v quiet -nologo
bench="dotnet bench/ListingPs.Bench/bin/Release/net10.0/ListingPs.Bench.dll"
# A script in a new pwsh with the built module imported (script path first, then its arguments: numbers, modes and paths
# of bench/.data, none with spaces or quotes).
host() { local script=$1; shift; dotnet pwsh -NoProfile -NonInteractive -Command "Import-Module ./out/ListingPs/ListingPs.psd1 -ErrorAction Stop; & '$script' $*; exit [int](-not \$?)"; }

log "cached workspaces (built once per engine build)"
$bench data

if [ "${BENCH_BDN:-1}" != "0" ]; then
  log "BenchmarkDotNet: engine, workspace writes and calls, 1M-share query, connections"
  # shellcheck disable=SC2086
  $bench --filter '*EngineBenchmarks*' '*VerifierPartsBenchmarks*' '*WriteBenchmarks*' '*WorkspaceCallBenchmarks*' '*QueryBenchmarks*' '*ConnectionBenchmarks*' \
    ${BENCH_BDN_ARGS:---warmupCount 2 --iterationCount 6} > bench/.data/bdn.log 2>&1 || { tail -n 60 bench/.data/bdn.log; exit 1; }
  grep -E '^\| |^Run time|^Global total' bench/.data/bdn.log | tail -n 80 || true
fi

mkdir -p bench/.data/results
rm -f bench/.data/pipeline/*   # workspaces left by an interrupted pipeline bench
for n in "${sizes[@]}"; do
  repeat=${BENCH_REPEAT:-3}
  [ "$n" -ge 1000000 ] && repeat=${BENCH_REPEAT:-1}
  for mode in Stream Held; do
    out="bench/.data/results/pipeline-${mode,,}-$n.csv"
    rm -f "$out" "${out%.csv}.meta.csv"
    r=$repeat; [ "$mode" = Stream ] && r=1
    log "pipeline bench: $n offers, $mode, best of $r"
    extra=()
    [ "$mode" = Held ] && [ "$n" = "${sizes[-1]}" ] && extra=(-LargeWorkspace bench/.data/workspace-1m.db)
    host bench/pipeline/Measure-Pipeline.ps1 -Count "$n" -Mode "$mode" -Repeat "$r" -OutFile "$out" "${extra[@]}"
  done
done

log "report"
$bench report --out docs/bench
log "done: docs/bench/results.md, docs/bench/scaling.svg"
