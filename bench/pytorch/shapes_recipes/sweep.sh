#!/bin/bash
# Runs every recipe of a sweep file (lines "NAME ARGS…", # for comments) at once for SECONDS each,
# under MPS where there is an NVIDIA GPU (without it a dozen processes time-slice and run 4× slower).
# usage: [PYTHON=…] sweep.sh SWEEP SECONDS [OUT]   → OUT/all.log and OUT/res.tgz (the saved samples)
# SWEEP is a path, or a name under this folder (sweeps/v3.txt).
set -u
here="$(cd "$(dirname "$0")" && pwd)"
sweep="$1"; [ -f "$sweep" ] || sweep="$here/$1"
[ -f "$sweep" ] || { echo "sweep.sh: no sweep file $1 (here or in $here)" >&2; exit 2; }
seconds="$2"; out="${3:-${OUT:-/tmp/shapes-sweep}}"
work="$(mktemp -d)"; mkdir -p "$out" "$work/logs" "$work/res"
mps=0
if command -v nvidia-cuda-mps-control >/dev/null && nvidia-cuda-mps-control -d; then mps=1; echo "MPS on"; fi
while read -r name args; do
  case "$name" in ''|\#*) continue;; esac
  PYTHONUNBUFFERED=1 OMP_NUM_THREADS=1 "${PYTHON:-python3}" "$here/recipe.py" --name "$name" --seconds "$seconds" \
    --out "$work/res" $args > "$work/logs/$name.log" 2>&1 &
done < "$sweep"
wait
[ "$mps" = 1 ] && echo quit | nvidia-cuda-mps-control
cat "$work/logs"/*.log | grep -v -i warn | tee "$out/all.log"
tar czf "$out/res.tgz" -C "$work/res" .
rm -rf "$work"
