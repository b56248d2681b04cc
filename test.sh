#!/usr/bin/env bash
# Runs every test of the solution; installs what the tests need when it is missing.
# Results: TestResults/*.trx (one file per test project). The exit code is dotnet test's, or 1 when the tests pass but
# `dotnet format --verify-no-changes` finds a change to make.
# ./test.sh --install-only installs what the tests need and restores and builds the solution, without running a test
# (tests/any-date.sh does that on the real clock before it runs the suite on a fake one).
set -euo pipefail
cd "$(dirname "$0")"

sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
apt_updated=""
apt_install() {
  export DEBIAN_FRONTEND=noninteractive
  if [ -z "$apt_updated" ]; then
    $sudo apt-get update
    apt_updated=1
  fi
  $sudo apt-get install -y --no-install-recommends "$@"
}

# The browser tests drive Debian's Chromium at /usr/bin/chromium (Playwright cannot download
# a browser here).
if [ ! -x /usr/bin/chromium ]; then
  echo "test.sh: installing chromium (Debian package) for the browser tests"
  apt_install chromium
fi

# The SMTP tests run a real SMTP server: Debian's aiosmtpd, under Debian's /usr/bin/python3
# (the python3 first on PATH may be another install without Debian's packages).
if ! /usr/bin/python3 -c 'import aiosmtpd' >/dev/null 2>&1; then
  echo "test.sh: installing python3-aiosmtpd (Debian package) for the SMTP tests"
  apt_install python3-aiosmtpd
fi

# The .ics interoperability tests read our invitations with an independent parser: Debian's python3-icalendar.
if ! /usr/bin/python3 -c 'import icalendar' >/dev/null 2>&1; then
  echo "test.sh: installing python3-icalendar (Debian package) for the .ics tests"
  apt_install python3-icalendar
fi

if [ "${1:-}" = "--install-only" ]; then
  dotnet build Bookings.sln
  exit 0
fi

rm -rf TestResults
# One test assembly at a time: the browser tests and the races share two cores with nothing else.
status=0
dotnet test Bookings.sln -m:1 --logger "trx;LogFilePrefix=results" --results-directory TestResults || status=$?

# The code's layout is .editorconfig's: a change `dotnet format` would make fails the run (after the tests, so that they report).
if ! dotnet format Bookings.sln --verify-no-changes --no-restore; then
  echo "test.sh: the layout differs from .editorconfig's; run 'dotnet format Bookings.sln' and commit what it changes"
  if [ "$status" -eq 0 ]; then status=1; fi
fi
exit "$status"
