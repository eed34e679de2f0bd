#!/usr/bin/env bash
# Side by side on the same file: `addons mine` against Python mlxtend (fpgrowth, max_len=2).
# Installs mlxtend into a throwaway virtualenv, checks that both find exactly the same pairs
# with the same counts, and prints both times (best of 5) and the speed-up.
#
# usage: scripts/bench-mining.sh [ORDERS.csv] [MIN_COUNT]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
orders="${1:-$root/../shared/data/groceries/orders.csv}"
min_count="${2:-10}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet mlxtend==0.25.0 pandas
cargo build --quiet --release -p checkout-addons-cli --manifest-path "$root/Cargo.toml"

"$work/venv/bin/python" - "$root" "$orders" "$min_count" "$work" <<'PY'
import csv, subprocess, sys, time
root, orders, min_count, work = sys.argv[1:]

def pairs(path):
    with open(path) as f:
        return {tuple(sorted((r["product_a"], r["product_b"]))): int(r["count"]) for r in csv.DictReader(f)}

def best_of(command, runs=5):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return min(times)

python = f"{work}/venv/bin/python"
mlxtend = best_of([python, f"{root}/scripts/mlxtend_pairs.py", orders, min_count, f"{work}/mlxtend.csv"])
addons = best_of([f"{root}/target/release/addons", "mine", "--orders", orders, "--min-count", min_count,
                  "--pairs", f"{work}/addons.csv", "-o", f"{work}/feed.json"])
reference, ours = pairs(f"{work}/mlxtend.csv"), pairs(f"{work}/addons.csv")
if reference != ours:
    missing, extra = reference.keys() - ours.keys(), ours.keys() - reference.keys()
    differ = [p for p in reference.keys() & ours.keys() if reference[p] != ours[p]]
    sys.exit(f"results differ: {len(missing)} pairs missing, {len(extra)} extra, {len(differ)} counts differ")
print(f"{orders}: identical results, {len(ours)} pairs in at least {min_count} orders")
print(f"mlxtend fpgrowth (max_len=2), process wall time, best of 5: {mlxtend * 1000:8.1f} ms")
print(f"addons mine (also writes the feed), best of 5:                 {addons * 1000:8.1f} ms")
print(f"speed-up: {mlxtend / addons:.0f}x")
PY
