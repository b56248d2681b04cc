#!/usr/bin/env bash
# Runs every test of the solution; installs what the tests need when it is missing.
# Results: TestResults/*.trx (one file per test project). The exit code is dotnet test's.
set -euo pipefail
cd "$(dirname "$0")"

# The browser tests drive Debian's Chromium at /usr/bin/chromium (Playwright cannot download
# a browser here).
if [ ! -x /usr/bin/chromium ]; then
  echo "test.sh: installing chromium (Debian package) for the browser tests"
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update
  $sudo apt-get install -y --no-install-recommends chromium
fi

rm -rf TestResults
# One test assembly at a time: the browser tests and the races share two cores with nothing else.
dotnet test Bookings.sln -m:1 --logger "trx;LogFilePrefix=results" --results-directory TestResults
