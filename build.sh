#!/usr/bin/env bash
# The main job on a fresh machine: restore, build and pack every package into artifacts/packages,
# then run both samples' walkthroughs on the built-in Shopify emulator (each fails the script on any failed step).
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build Shopify.DualAuth.sln -c Release -v:q -clp:NoSummary
dotnet pack Shopify.DualAuth.sln -c Release --no-build -o artifacts/packages -v:q -clp:NoSummary
ls -1 artifacts/packages
dotnet run --project samples/OfflineAtInstall -c Release --no-build -- --walkthrough
dotnet run --project samples/EmbeddedApp -c Release --no-build -- --walkthrough
