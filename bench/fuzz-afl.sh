#!/usr/bin/env bash
# Coverage-guided fuzzing of the offer readers and parser and of the rule loader with afl-fuzz and SharpFuzz
# (bench/README.md, "Coverage-guided fuzz"). Not part of CI.
#
#   bash bench/fuzz-afl.sh [--seconds N] [--targets "offer-csv offer-json rules"] [--out DIR] [--resume]
#
# --resume goes on from the findings of the last run of each target (afl-fuzz -i -) instead of starting from the seeds.
# Installs afl++ (apt-get) when afl-fuzz is missing, publishes bench/AflFuzz in Release, instruments ListingPs.Core.dll,
# YamlDotNet.dll and CsvHelper.dll there with the pinned sharpfuzz tool (.config/dotnet-tools.json), writes a small corpus of real
# files, runs afl-fuzz for N seconds per target (one target at a time), prints per target the execs, the corpus paths,
# the crashes and the hangs, and replays every crash and hang through the uninstrumented harness to print the stack.
set -euo pipefail

seconds=600
resume=0
targets="offer-csv offer-json rules"
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$repo/bench/AflFuzz/out"
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    --targets) targets="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --resume) resume=1; shift ;;
    *) echo "usage: bash bench/fuzz-afl.sh [--seconds N] [--targets \"offer-csv offer-json rules\"] [--out DIR] [--resume]" >&2; exit 2 ;;
  esac
done

if ! command -v afl-fuzz >/dev/null 2>&1; then
  echo "== installing afl++"
  if [ "$(id -u)" -eq 0 ]; then apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q afl++ >/dev/null
  else sudo apt-get update -q >/dev/null && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -q afl++ >/dev/null; fi
fi
afl-fuzz -h 2>&1 | head -1 || true

cd "$repo"
dotnet tool restore >/dev/null
project=bench/AflFuzz/AflFuzz.csproj
inst="$out/instrumented"
plain="$out/plain"
echo "== building the harness (Release)"
rm -rf "$inst" "$plain"
# Instrumenting changes the assemblies in place and refuses an instrumented one: publish into a fresh folder each run.
dotnet publish "$project" -c Release -o "$inst" -nologo -v q
dotnet publish "$project" -c Release -o "$plain" -nologo -v q
# The engine, the YAML parser (rule files and JSON offer files) and the CSV parser.
for dll in ListingPs.Core.dll YamlDotNet.dll CsvHelper.dll; do
  echo "== instrumenting $dll"
  dotnet sharpfuzz "$inst/$dll"
done

seeds="$out/seeds"
rm -rf "$seeds"
dotnet "$plain/ListingPs.AflFuzz.dll" seeds "$seeds" --repo "$repo"

# Dictionaries of the formats' tokens, so that afl-fuzz splices whole keywords in.
mkdir -p "$out/dict"
printf '%s\n' '"OfferId"' '"Title"' '"Category"' '"Price"' '"Market"' '"DeliveryMethods"' '"Translations"' '"MarketPrice"' \
  '"SellingFormat"' '"AccountType"' '"B2BOnly"' '"Status"' '"\x22"' '"\x22\x22"' '","' '";"' '"\x09"' '"\x0d\x0a"' '"\xef\xbb\xbf"' \
  '"BuyNow"' '"Auction"' '"Company"' '"True"' '"1e999"' '"-1"' '"=HYPERLINK("' >"$out/dict/offer-csv.dict"
printf '%s\n' '"{"' '"}"' '"["' '"]"' '":"' '","' '"null"' '"true"' '"false"' '"\x22"' '"\\u0000"' '"\\ud800"' '"1e999"' '"..."' '"---"' \
  '"&a "' '"*a"' '"!!str "' '"OfferId"' '"Price"' '"DeliveryMethods"' '"Translations"' '"MarketPrice"' '"Market"' >"$out/dict/offer-json.dict"
printf '%s\n' '"markets:"' '"currencies:"' '"exchangeRates:"' '"version: 1"' '"- "' '": "' '"{ "' '" }"' '"["' '"]"' '"&a "' '"*a"' \
  '"<<: *a"' '"!!binary "' '"!tag "' '"? "' '"|"' '">"' '"%YAML 1.2"' '"---"' '"..."' '"~"' '"null"' '"base: true"' '"shareFrom: "' \
  '"currency: "' '"step: "' '"rounding: "' '"rate: "' '"from: "' '"to: "' '"deliveryMethods:"' '"price: "' '"basePrice: "' \
  '"id: "' '"platform: "' '"region: "' '"country: "' '"language: "' '"policy: "' '"1e999"' '"0.000000000000000000000000001"' >"$out/dict/rules.dict"

export AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1 AFL_SKIP_BIN_CHECK=1 AFL_NO_AFFINITY=1
summary=()
found=0
for target in $targets; do
  findings="$out/findings-$target"
  input="$seeds/$target"
  if [ "$resume" -eq 1 ] && [ -d "$findings/default/queue" ]; then input=-; else rm -rf "$findings"; fi
  echo "== afl-fuzz $target for $seconds s$([ "$input" = - ] && echo ", resuming $findings")"
  set +e
  afl-fuzz -i "$input" -o "$findings" -x "$out/dict/$target.dict" -t 5000 -m none -V "$seconds" \
    -- "$(command -v dotnet)" "$inst/ListingPs.AflFuzz.dll" "$target" --repo "$repo" >"$out/afl-$target.log" 2>&1
  rc=$?
  set -e
  stats="$findings/default/fuzzer_stats"
  if [ ! -f "$stats" ]; then
    echo "afl-fuzz $target exited $rc without stats; the end of its log:"; tail -30 "$out/afl-$target.log"; exit 1
  fi
  stat() { awk -F': *' -v k="$1" '$1 ~ "^"k" *$" { print $2 }' "$stats"; }
  line="$(printf '%-10s %6s s  execs %10s (%s/s)  corpus %5s  edges %5s  crashes %3s  hangs %3s' "$target" "$(stat run_time)" \
    "$(stat execs_done)" "$(stat execs_per_sec)" "$(stat corpus_count)" "$(stat edges_found)" "$(stat saved_crashes)" "$(stat saved_hangs)")"
  echo "$line"
  summary+=("$line")
  for kind in crashes hangs; do
    inputs=("$findings/default/$kind"/id:*)
    if [ -e "${inputs[0]}" ]; then
      found=1
      echo "-- replaying the $kind of $target without afl-fuzz"
      if [ "$kind" = hangs ]; then
        for f in "${inputs[@]}"; do
          start=$(date +%s%N)
          timeout 60 dotnet "$plain/ListingPs.AflFuzz.dll" "$target" --repo "$repo" --replay "$f" | head -c 4000 || true
          echo "   ($(( ($(date +%s%N) - start) / 1000000 )) ms including the start of dotnet)"
        done
      else
        dotnet "$plain/ListingPs.AflFuzz.dll" "$target" --repo "$repo" --replay "${inputs[@]}" | head -c 20000 || true
      fi
    fi
  done
done
rm -rf /dev/shm/listingps-afl-* 2>/dev/null || true
echo "== summary ($seconds s per target)"
printf '%s\n' "${summary[@]}"
exit $found
