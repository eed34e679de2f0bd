"""Association rules by Apache Spark MLlib's FPGrowth, written by Spark itself: the fixture for
`addons import rules` (crates/mining/tests/fixtures/bakery_spark_rules/).

usage: python spark_rules.py ORDERS.csv OUT_DIR MIN_SUPPORT MIN_CONFIDENCE

Reads the bakery file (Transaction, Item), drops `NONE` rows and trims names as `addons mine
--skip-item NONE` does, mines with FPGrowth and writes `model.associationRules` with Spark's
JSON writer into OUT_DIR (one part file; Spark's checksum files are removed). Prints the
number of orders: `--orders` for the import.
"""

import glob
import os
import sys

from pyspark.ml.fpm import FPGrowth
from pyspark.sql import SparkSession
from pyspark.sql import functions as F


def main() -> None:
    path, out_dir, min_support, min_confidence = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4])
    spark = SparkSession.builder.master("local[2]").appName("checkout-addons rules").getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    lines = spark.read.csv(path, header=True).select(
        F.trim("Transaction").alias("order"), F.trim("Item").alias("item")
    )
    baskets = lines.where(F.col("item") != "NONE").groupBy("order").agg(F.collect_set("item").alias("items"))
    orders = baskets.count()
    model = FPGrowth(itemsCol="items", minSupport=min_support, minConfidence=min_confidence).fit(baskets)
    rules = model.associationRules.orderBy("antecedent", "consequent")
    rules.coalesce(1).write.mode("overwrite").json(out_dir)
    for checksum in glob.glob(os.path.join(out_dir, ".*.crc")):
        os.remove(checksum)
    print(f"{orders} orders, {rules.count()} rules")
    spark.stop()


if __name__ == "__main__":
    main()
