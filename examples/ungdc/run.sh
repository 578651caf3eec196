#!/usr/bin/env bash
# The worked example: world-order discourses in the UN General Debate, end to end
# (docs/case-study-ungdc.md). Run from the repository root after `make install`:
#
#   examples/ungdc/run.sh [UNGDC_FOLDER] [OUT_FOLDER]
#
# UNGDC_FOLDER holds speeches/ISO_SESSION_YEAR.txt and speakers_by_session.csv
# (default ../shared/data/ungdc); OUT_FOLDER gets the project, the tables and the report.
# Each step prints its time and peak memory, and the whole run its time at the end.
set -euo pipefail
STARTED=$SECONDS

DATA="${1:-../shared/data/ungdc}"
OUT="${2:-out/ungdc}"
HERE="$(cd "$(dirname "$0")" && pwd)"
BIN="${DISCURSUS:-discursus}"
WORKERS="${WORKERS:-2}"
P="$OUT/project"
mkdir -p "$OUT"

step() {  # step NAME COMMAND...: run it, then say how long it took (and its peak memory)
  local name="$1"; shift
  local started=$SECONDS
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -f "$name: %e s, peak %M KB" "$@"
  else
    "$@"
  fi
  echo "[$name done in $((SECONDS - started)) s]" >&2
}

# 1. the speeches, with country, year, session, speaker and post
step ingest "$BIN" ingest "$DATA/speeches" -p "$P" -q \
  --name-pattern '{iso}_{session}_{year}.txt' \
  --metadata "$DATA/speakers_by_session.csv" --join 'iso=ISO Code,session=Session' \
  --metadata-columns 'speaker=Name of Person Speaking,country=Country,post=Post'

# 2. the parse and what the semantic system is read from
step annotate "$BIN" annotate -p "$P" -q -w "$WORKERS" \
  --component equivalences --component antagonisms --component presentations

# 3. the world-order discourses, coded by the team's codebook
step code "$BIN" code --codebook "$HERE/world-order.yaml" -p "$P" -q

# 4. how far each discourse has penetrated, per year, and its trend since 2010
step penetration "$BIN" penetration -p "$P" --speakers iso -f csv > "$OUT/penetration.csv"
step trend "$BIN" penetration -p "$P" --speakers iso --trend --where "year >= 2010" -f csv \
  > "$OUT/penetration-trend.csv"

# 5. who speaks like whom: state-by-state similarity per five-year period
step similarity "$BIN" similarity -p "$P" --by iso --bins 2010-2014,2015-2019,2020-2024 \
  -f csv > "$OUT/similarity.csv"

step congruence "$BIN" similarity -p "$P" --by iso --bins 2010-2014,2015-2019,2020-2024 \
  --measure congruence -f csv > "$OUT/congruence.csv"

# 6. who stands with whom: coalitions of states by the congruence of their statements
step coalitions "$BIN" similarity -p "$P" --by iso --bins 2010-2014,2015-2019,2020-2024 \
  --measure congruence --coalitions -f csv > "$OUT/coalitions.csv"

# 7. what open coding surfaces beyond the codebook
step open-codes "$BIN" suggest-codes -p "$P" --limit 60 -f csv > "$OUT/open-codes.csv"

# 8. the semantic system of the debate, year by year
step semantic-system "$BIN" semantic-system -p "$P" --over year --boot 100 -f jsonl \
  > "$OUT/semantic-system.jsonl"

# 9. the report: with the discourses across states and time, the camps of 2010-2024 and the
# signifiers they fight over; beside it every table it shows in full as CSV
step report "$BIN" report -p "$P" -q -o "$OUT/report.html" \
  --speakers iso --periods 2010-2014,2015-2019,2020-2024 \
  --signifiers 'justice,democracy,human rights,sovereignty,multilateralism,terrorism,peace'

echo "Tables in $OUT: penetration.csv, penetration-trend.csv, similarity.csv, congruence.csv," \
  "coalitions.csv, open-codes.csv, semantic-system.jsonl; the report: $OUT/report.html" \
  "(its tables in full: $OUT/report_data/)"
echo "[the whole sequence: $((SECONDS - STARTED)) s]" >&2
