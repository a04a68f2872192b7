#!/usr/bin/env bash
# The generation benchmark (docs/benchmarks.md): builds the jar, then runs the harness, which starts the fake Gemini
# API and Atelier as separate processes on 127.0.0.1, measures, prints a Markdown report (also written to
# target/benchmarks/) and stops everything it started.
#
#   bench/generation.sh                                   # both scenarios, SQLite, JDK 17 (the java on PATH)
#   bench/generation.sh --scenario=overhead --database=postgresql
#   bench/generation.sh --scenario=wait --app-java=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
#
# Options (--name=value): scenario (overhead|wait|all), database (sqlite|postgresql), app-java (the java that runs
# Atelier), heap (512m), image-side (1024), warmup (100), sequential (300), clients (8), per-client (50),
# users (50), per-user (20), delay (20s), submitters (16). BENCH_TIMEOUT bounds the whole run (default 30m).
set -euo pipefail
cd "$(dirname "$0")/.."

mvn -B -q -DskipTests package
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/benchmark-classpath.txt
jar=$(ls target/atelier-*.jar | grep -v -e '-plain' -e '\.original' | head -n 1)

exec timeout --signal=TERM --kill-after=60s "${BENCH_TIMEOUT:-30m}" \
    java -cp "target/test-classes:target/classes:$(cat target/benchmark-classpath.txt)" \
    app.atelier.benchmark.GenerationBenchmark --jar="$jar" "$@"
