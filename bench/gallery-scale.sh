#!/usr/bin/env bash
# The gallery-at-scale benchmark (docs/benchmarks.md, "Gallery at scale"): seeds 1,000,000 images (100,000 of them one
# account's, the rest over 999 accounts) into a fresh SQLite file and a fresh PostgreSQL database, both migrated by
# Flyway like the application, then times Images.list for 50-image pages of the big account in-process and prints
# p50/p95/p99 per case as Markdown (also written to target/benchmarks/gallery/report.md).
#
#   bench/gallery-scale.sh                              # both databases, fresh data (about 10 minutes on 2 cores)
#   bench/gallery-scale.sh --database=postgresql        # one database: sqlite or postgresql
#   bench/gallery-scale.sh --reuse                      # keep the data seeded by an earlier run (new migrations apply)
#   bench/gallery-scale.sh --reuse --case=relevance     # only the cases whose name contains the text
#
# Options (--name=value): database (both|sqlite|postgresql), images (1000000), heavy (100000), users (1000),
# warmup (30), runs (200), reuse (false), case (all), dir (target/benchmarks/gallery).
# PostgreSQL: the local server the tests use (127.0.0.1:5432, user postgres, trust; ATELIER_TEST_POSTGRES_URL and
# ATELIER_TEST_POSTGRES_USER override); the database atelier_bench_gallery is dropped and created again unless --reuse.
set -euo pipefail
cd "$(dirname "$0")/.."

mvn -B -q -DskipTests test-compile
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/gallery-benchmark-classpath.txt

exec timeout --signal=TERM --kill-after=60s "${BENCH_TIMEOUT:-60m}" \
    java -Xmx2g -cp "target/test-classes:target/classes:$(cat target/gallery-benchmark-classpath.txt)" \
    app.atelier.gallery.GalleryScaleBenchmark "$@"
