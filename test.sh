#!/usr/bin/env bash
# Sets up a fresh Debian machine for the test suite and runs every test.
# Usage: bash test.sh [extra dotnet test arguments]
# Prints, as its last line, "N passed, N failed, N skipped" counted from the TRX reports.
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# --- machine set-up and servers (apt packages are installed only when missing) ---------
# shellcheck source=eng/test-servers.sh
source eng/test-servers.sh
install_missing_packages
# The samples' browser tests drive Debian's Chromium through Playwright, which never downloads a browser here.
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "missing package: chromium (install it with apt-get, or run as root)" >&2
    exit 1
  fi
fi
start_test_servers

# --- build and test -------------------------------------------------------------------
results=artifacts/test-results
rm -rf "$results"
mkdir -p "$results"
dotnet build Shopify.DualAuth.sln -c Release -v:q -clp:NoSummary
status=0
dotnet test --solution Shopify.DualAuth.sln -c Release --no-build \
  --results-directory "$results" --report-trx "$@" || status=$?

# --- the closing line, computed from the TRX files --------------------------------------
python3 - "$results" <<'PY'
import sys, pathlib, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
passed = failed = skipped = 0
for trx in pathlib.Path(sys.argv[1]).rglob("*.trx"):
    counters = ET.parse(trx).getroot().find("t:ResultSummary/t:Counters", ns)
    if counters is None:
        continue
    passed += int(counters.get("passed", 0))
    failed += int(counters.get("failed", 0)) + int(counters.get("error", 0)) + int(counters.get("timeout", 0)) + int(counters.get("aborted", 0))
    skipped += int(counters.get("notExecuted", 0))
print(f"{passed} passed, {failed} failed, {skipped} skipped")
PY
exit $status
