#!/usr/bin/env bash
# What `pnpm bench` at the repository root runs once the bench is built.
# With no arguments: every benchmark, and BENCHMARKS.md is written.
# With arguments (`pnpm bench -- --filter echo`): the main bench only, given them.
set -euo pipefail
cd "$(dirname "$0")"
if [ "$#" -gt 0 ]; then
  exec node dist/main.js "$@"
fi
node dist/main.js
WSI_SUITE_RUNS=3 node dist/suite.js
node dist/vitest-setup.js --runs 3
