#!/bin/bash
# usage: sweep.sh TASK LOG "config1" "config2" ...
task=$1; log=$2; shift 2
for a in "$@"; do timeout 600 npx tsx scripts/research/deep-exp.ts $task $a 2>&1 | tail -c 3000 | grep '^{' >> $log; done
