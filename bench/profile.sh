#!/usr/bin/env bash
# Where Submit-Offer's time goes per offer (issue 13), one command from a fresh clone:
#
#   bench/profile.sh              100,000 new offers, 3 traced pipelines, storage passes fastest of 3
#   bench/profile.sh 20000 1 1    smaller: offers, traced pipelines, storage repeats
#
# 1. ListingPs.Bench storage: the engine below PowerShell (ShareService Prepare + Submit on a temporary file), pass by pass
#    in one process: parsing, + pricing and verification, the Test path (+ the read), the whole Submit path with its
#    commits, and the Submit path with one thing changed (an index dropped, batch size, WAL checkpoints, page cache).
# 2. dotnet-trace (installed into bench/.data/tools from NuGet on first use) samples the pipeline thread of a pwsh running
#    `$rows | Submit-Offer -Market allegro-cz` on held Import-Csv-shaped rows (bench/profile/Trace-Submit.ps1), and
#    `ListingPs.Bench trace-split` splits its samples per offer: PowerShell, cmdlet code, parsing, verification, pricing,
#    SQL binding, the offer, share and reason inserts with their indexes, the commit.
# Writes bench/.data/profile/profile.md (both tables) and prints it.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
count=${1:-100000}; runs=${2:-3}; repeat=${3:-3}
dir=bench/.data/profile
mkdir -p "$dir"
dotnet tool restore > /dev/null
dotnet pwsh -NoProfile -NonInteractive ./build.ps1 Build > "$dir/build.log" 2>&1 || { tail -n 30 "$dir/build.log"; exit 1; }
dotnet build bench/pipeline/ListingPs.Bench.Pipeline -c Release -v quiet -nologo > /dev/null
dotnet build bench/ListingPs.Bench -c Release -v quiet -nologo > /dev/null
trace=bench/.data/tools/dotnet-trace
[ -x "$trace" ] || dotnet tool install --tool-path bench/.data/tools dotnet-trace --version 10.0.750501 > /dev/null
bench="dotnet bench/ListingPs.Bench/bin/Release/net10.0/ListingPs.Bench.dll"
out="$dir/profile.md"
{
  echo "# Submit-Offer profile: $count new offers, $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown), load $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  echo "## Engine passes (ListingPs.Bench storage $count $repeat)"
  echo
} > "$out"
$bench storage "$count" "$repeat" | tee -a "$out"

rm -f "$dir/ready" "$dir/go" "$dir/submit.nettrace" "$dir/submit.speedscope.json"
dotnet pwsh -NoProfile -NonInteractive -Command "Import-Module ./out/ListingPs/ListingPs.psd1 -ErrorAction Stop; & ./bench/profile/Trace-Submit.ps1 -Count $count -Runs $runs -ReadyFile $dir/ready -GoFile $dir/go" > "$dir/trace-run.txt" 2>&1 &
runner=$!
for _ in $(seq 600); do [ -f "$dir/ready" ] && break; kill -0 $runner 2>/dev/null || { cat "$dir/trace-run.txt"; exit 1; }; sleep 1; done
pid=$(cat "$dir/ready")
"$trace" collect -p "$pid" --profile dotnet-sampled-thread-time -o "$dir/submit.nettrace" > "$dir/trace-collect.txt" 2>&1 &
tracer=$!
sleep 3
touch "$dir/go"
wait $runner
wait $tracer || true
"$trace" convert "$dir/submit.nettrace" --format Speedscope -o "$dir/submit" > /dev/null
{
  echo
  echo "## Sampled pipeline thread (dotnet-trace, \`\$rows | Submit-Offer -Market allegro-cz\`, $runs x $count new offers)"
  echo
  sed 's/^/    /' "$dir/trace-run.txt"
  echo
  $bench trace-split "$dir/submit.speedscope.json" $((count * runs))
} | tee -a "$out"
echo "profile: $out"
