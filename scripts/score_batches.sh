#!/usr/bin/env bash
# Score a warehouse against the dev gold batch by batch (dev_e*, dev_f*, …) and whole.
# usage: scripts/score_batches.sh DB [GOLD_PREFIX] [BATCHES]
#   DB           SQLite file or SQLAlchemy URL holding the loaded reports
#   GOLD_PREFIX  default ../shared/gold/dev
#   BATCHES      document-key prefixes, default "dev_e dev_f dev_g dev_h dev_i"
set -euo pipefail
db=$1
gold=${2:-../shared/gold/dev}
batches=${3:-dev_e dev_f dev_g dev_h dev_i}
score=../shared/tools/score.py
py=${PYTHON:-.venv/bin/python}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
pick() { grep -E "\"doc\": \"$1" "$gold.$2.jsonl" > "$tmp/$2.jsonl" || true; }
row() {
  f=$($py $score facts --gold "$tmp/facts.jsonl" --db "$db" | grep -E "of matched|^facts f1" | sed -E 's/ +/ /g; s/of matched: //; s/\(F1.*//' | tr '\n' ' ')
  e=$($py $score entities --gold "$tmp/entities.jsonl" --db "$db" | grep -E "person |team |region |project |organization |^entities" | awk '/roles/{printf "roles %s ", $NF; next} /^entities/{printf "ENT %s ", substr($0, 13); next} {printf "%s %s(R%s) ", $1, $NF, $(NF-2)}')
  d=$($py $score documents --gold "$tmp/documents.jsonl" --db "$db" | tail -1 | awk '{print $NF}')
  printf '%-6s %s\n       %s docs %s\n' "$1" "$f" "$e" "$d"
}
for b in $batches ""; do
  for k in facts entities documents; do pick "${b:-.}" $k; done
  row "${b:-all}"
done
