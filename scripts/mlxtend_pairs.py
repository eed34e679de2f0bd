"""Pair counts of an order-lines CSV by Python mlxtend (fpgrowth, max_len=2): the third-party
reference that `addons mine` is checked against.

usage: python mlxtend_pairs.py ORDERS.csv MIN_COUNT OUT.csv [ORDER_COL ITEM_COL]

Writes `product_a,product_b,count` for every pair bought together in at least MIN_COUNT
orders, product ids in each row in text order, rows by count (highest first), then ids.
Prints the seconds mlxtend took, reading the file included, on the last line.
"""

import csv
import sys
import time

import pandas as pd
from mlxtend.frequent_patterns import fpgrowth
from mlxtend.preprocessing import TransactionEncoder


def main() -> None:
    path, min_count, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    order_col, item_col = (sys.argv[4], sys.argv[5]) if len(sys.argv) > 5 else ("order_id", "product_id")
    start = time.perf_counter()
    lines = pd.read_csv(path, dtype=str, skipinitialspace=True)
    # `addons mine` trims fields, as shops' ids never mean their padding ("cream cheese ").
    lines[item_col] = lines[item_col].str.strip()
    baskets = lines.groupby(order_col, sort=False)[item_col].apply(lambda items: sorted(set(items))).tolist()
    encoder = TransactionEncoder()
    onehot = pd.DataFrame(encoder.fit(baskets).transform(baskets), columns=encoder.columns_)
    orders = len(baskets)
    itemsets = fpgrowth(onehot, min_support=min_count / orders, max_len=2, use_colnames=True)
    seconds = time.perf_counter() - start
    pairs = []
    for support, itemset in zip(itemsets["support"], itemsets["itemsets"]):
        if len(itemset) == 2:
            a, b = sorted(itemset)
            count = round(support * orders)
            if count >= min_count:
                pairs.append((a, b, count))
    pairs.sort(key=lambda p: (-p[2], p[0], p[1]))
    with open(out, "w", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["product_a", "product_b", "count"])
        writer.writerows(pairs)
    print(f"{orders} orders, {len(pairs)} pairs in at least {min_count} orders")
    print(f"{seconds:.3f}")


if __name__ == "__main__":
    main()
