#!/bin/bash
# Runs every recipe of a sweep file (lines "NAME ARGS…", # for comments) at once for SECONDS each,
# under MPS where there is an NVIDIA GPU (without it a dozen processes time-slice and run 4× slower).
# usage: [PYTHON=…] sweep.sh sweeps/v3.txt 420 [OUT]   → OUT/all.log and OUT/res.tgz (the saved samples)
set -u
here="$(cd "$(dirname "$0")" && pwd)"
sweep="$(realpath "$1")"; seconds="$2"; out="${3:-${OUT:-/tmp/shapes-sweep}}"
mkdir -p "$out" /tmp/shapes-sweep-logs /tmp/shapes-sweep-res
command -v nvidia-cuda-mps-control >/dev/null && nvidia-cuda-mps-control -d && echo "MPS on"
while read -r name args; do
  case "$name" in ''|\#*) continue;; esac
  PYTHONUNBUFFERED=1 OMP_NUM_THREADS=1 "${PYTHON:-python3}" "$here/recipe.py" --name "$name" --seconds "$seconds" \
    --out /tmp/shapes-sweep-res $args > "/tmp/shapes-sweep-logs/$name.log" 2>&1 &
done < "$sweep"
wait
cat /tmp/shapes-sweep-logs/*.log | grep -v -i warn | tee "$out/all.log"
tar czf "$out/res.tgz" -C /tmp/shapes-sweep-res .
