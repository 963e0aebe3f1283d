#!/usr/bin/env bash
# Adds every symbol the PublicApiAnalyzers report as undeclared (RS0016) to the
# project's PublicAPI.Unshipped.txt and removes the ones reported as gone (RS0017).
# Usage: eng/update-public-api.sh [project-or-solution]   (default: the solution)
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:-Shopify.DualAuth.sln}
log=$(mktemp)
trap 'rm -f "$log"' EXIT
dotnet build "$target" -p:TreatWarningsAsErrors=false --no-incremental -v:q -clp:NoSummary >"$log" 2>&1 || true
python3 - "$log" <<'PY'
import re, sys, pathlib, collections
added, removed = collections.defaultdict(set), collections.defaultdict(set)
for line in open(sys.argv[1], encoding="utf-8", errors="replace"):
    m = re.search(r"(RS0016|RS0017): Symbol '(.+?)' is (?:not part of the declared public API|part of the declared API, but is either not public or could not be found).*\[(.+?\.csproj)\]", line)
    if not m:
        continue
    code, symbol, project = m.groups()
    (added if code == "RS0016" else removed)[pathlib.Path(project).parent].add(symbol)
for folder in set(added) | set(removed):
    path = folder / "PublicAPI.Unshipped.txt"
    lines = [l for l in path.read_text(encoding="utf-8").splitlines() if l.strip()] if path.exists() else ["#nullable enable"]
    header = [l for l in lines if l.startswith("#")]
    body = (set(l for l in lines if not l.startswith("#")) | added[folder]) - removed[folder]
    path.write_text("\n".join(header + sorted(body, key=str.lower)) + "\n", encoding="utf-8")
    print(f"{path}: +{len(added[folder])} -{len(removed[folder])}")
PY
