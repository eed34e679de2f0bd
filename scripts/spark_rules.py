"""Association rules by Apache Spark MLlib's FPGrowth, as JSON lines: the fixture for
`addons import rules` (crates/mining/tests/fixtures/bakery_spark_rules.jsonl).

usage: python spark_rules.py ORDERS.csv OUT.jsonl MIN_SUPPORT MIN_CONFIDENCE

Reads the bakery file (Transaction, Item), drops `NONE` rows and trims names as `addons mine
--skip-item NONE` does, mines with FPGrowth and writes the rules, one JSON object per line,
sorted so that reruns give the same file. Prints the number of orders: `--orders` for the
import.
"""

import json
import sys

from pyspark.ml.fpm import FPGrowth
from pyspark.sql import SparkSession
from pyspark.sql import functions as F


def main() -> None:
    path, out, min_support, min_confidence = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4])
    spark = SparkSession.builder.master("local[2]").appName("checkout-addons rules").getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    lines = spark.read.csv(path, header=True).select(
        F.trim("Transaction").alias("order"), F.trim("Item").alias("item")
    )
    baskets = lines.where(F.col("item") != "NONE").groupBy("order").agg(F.collect_set("item").alias("items"))
    orders = baskets.count()
    model = FPGrowth(itemsCol="items", minSupport=min_support, minConfidence=min_confidence).fit(baskets)
    rules = [row.asDict() for row in model.associationRules.collect()]
    rules.sort(key=lambda r: (sorted(r["antecedent"]), sorted(r["consequent"])))
    with open(out, "w") as f:
        for rule in rules:
            f.write(json.dumps(rule, sort_keys=True) + "\n")
    print(f"{orders} orders, {len(rules)} rules")
    spark.stop()


if __name__ == "__main__":
    main()
