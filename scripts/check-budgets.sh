#!/usr/bin/env bash
# Prints each budget of scripts/budgets.tsv beside the figure the benchmarks printed
# (`FIGURE name value` lines in FILE) and exits non-zero when one is missed or was not
# measured: a change that slows the product is seen the day it is made.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:?usage: scripts/check-budgets.sh BENCH-OUTPUT}"
awk -F'\t' '
  FNR == NR { if ($0 ~ /^FIGURE /) { split($0, f, " "); got[f[2]] = f[3] } next }
  /^#/ || NF < 3 { next }
  {
    v = got[$1]
    if (v == "") { verdict = "NOT MEASURED"; bad++ }
    else if (($2 == ">=" && v + 0 >= $3 + 0) || ($2 == "<=" && v + 0 <= $3 + 0) || ($2 == "<" && v + 0 < $3 + 0) || ($2 == ">" && v + 0 > $3 + 0)) verdict = "ok"
    else { verdict = "MISSED"; bad++ }
    printf "%-34s %12s  budget %2s %-8s %-12s %s\n", $1, (v == "" ? "-" : v), $2, $3, verdict, $4
  }
  END { if (bad) { printf "%d budget(s) missed or not measured\n", bad; exit 1 } print "every budget met" }
' "$out" scripts/budgets.tsv
