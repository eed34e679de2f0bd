#!/usr/bin/env bash
# Regenerates crates/mining/tests/fixtures/bakery_spark_rules/ (rules as Spark's JSON writer
# writes them) with a real local Spark run: installs pyspark into a throwaway virtualenv
# (Spark itself is not part of the project) and needs Java 17.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet pyspark numpy
"$work/venv/bin/python" "$root/scripts/spark_rules.py" \
    "$root/../shared/data/breadbasket/orders.csv" \
    "$root/crates/mining/tests/fixtures/bakery_spark_rules" 0.01 0.1
