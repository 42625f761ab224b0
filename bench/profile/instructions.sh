#!/usr/bin/env bash
# Instructions per offer of ListingPs.Bench storage passes under valgrind (callgrind), by difference of two counts of
# offers (setup and JIT cancel out), one process per pass and count; full JIT at once (no tiering) so the code measured
# is the same in both. Usage: bench/profile/instructions.sh [small] [large] [pass substring...]
# (default: 2000 12000 and the Submit variants of bench/profile.sh). Needs valgrind; built bench (bench/profile.sh builds it).
set -euo pipefail
cd "$(dirname "$0")/../.."
small=${1:-2000}; large=${2:-12000}; shift 2 || true
passes=("$@")
[ ${#passes[@]} -eq 0 ] && passes=("Submit path (as is)" "no shares_offer" "no shares_state" "no offers_market" "no share_reasons_code" "no secondary index" "batches of 50,000" "wal_autocheckpoint=0" "cache_size 8 MB" "Test path" "parse + price")
dll=bench/ListingPs.Bench/bin/Release/net10.0/ListingPs.Bench.dll
tmp=$(mktemp -d)
echo "| pass | instructions per offer |"
echo "| --- | ---: |"
for p in "${passes[@]}"; do
  counts=()
  for n in "$small" "$large"; do
    DOTNET_EnableWriteXorExecute=0 DOTNET_TieredCompilation=0 valgrind --tool=callgrind --callgrind-out-file="$tmp/cg.out" \
      dotnet "$dll" storage "$n" 1 "pass:$p" > "$tmp/log" 2>&1 || { cat "$tmp/log" >&2; exit 1; }
    counts+=("$(grep -oP 'Collected : \K[0-9]+' "$tmp/log")")
    rm -f "$tmp"/cg.out*
  done
  echo "| $p | $(( (counts[1] - counts[0]) / (large - small) )) |"
done
rm -rf "$tmp"
