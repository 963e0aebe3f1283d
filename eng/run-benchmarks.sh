#!/usr/bin/env bash
# Runs the BenchmarkDotNet project with the same private Redis and PostgreSQL servers the tests
# use. Arguments go to BenchmarkDotNet, e.g.: eng/run-benchmarks.sh --filter '*Storage*'
# Results: benchmarks/Shopify.DualAuth.Benchmarks/BenchmarkDotNet.Artifacts/results/.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# shellcheck source=eng/test-servers.sh
source eng/test-servers.sh
install_missing_packages
start_test_servers
cd benchmarks/Shopify.DualAuth.Benchmarks
dotnet run -c Release -- "$@"
