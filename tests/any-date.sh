#!/usr/bin/env bash
# Proves that the test suite passes whatever date the machine's clock says: runs ./test.sh under libfaketime (Debian package
# faketime) twice, the clock starting
#   1. 400 days from now, and
#   2. at 2027-03-28 00:30:00 UTC (01:30 in Warsaw, half an hour before the clocks there go forward),
# and fails if either run fails. Each run takes as long as ./test.sh (a few minutes). Not part of CI, which runs ./test.sh.
#
#   tests/any-date.sh            both runs
#   tests/any-date.sh +400d      one run, with any faketime offset or start ("@2027-10-31 00:30:00")
#
# The fake clock runs on from its start (it is not frozen: timeouts still fire). A start "@DATE" is read as UTC and turned into
# an offset from now, so the machine's time zone is left as it is. Installing packages and restoring NuGet packages happens first on the real clock: apt's release
# files and the registries' TLS certificates are checked against the clock.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v faketime >/dev/null 2>&1; then
  echo "any-date: installing faketime (Debian package)"
  sudo=""; if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  DEBIAN_FRONTEND=noninteractive $sudo apt-get update
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends faketime
fi

./test.sh --install-only

if [ $# -gt 0 ]; then dates=("$@"); else dates=("+400d" "@2027-03-28 00:30:00"); fi

# faketime's offset for a date: "+400d" as it is, "@2027-03-28 00:30:00" (UTC) as "+Ns" from now.
offset() {
  case "$1" in
    @*) echo "+$(( $(date -u -d "${1#@}" +%s) - $(date -u +%s) ))s" ;;
    *) echo "$1" ;;
  esac
}

failed=()
for d in "${dates[@]}"; do
  o="$(offset "$d")"
  echo "any-date: ./test.sh with the clock at '$d' (faketime $o; the clock reads $(faketime -f "$o" date -u '+%Y-%m-%d %H:%M:%S UTC'))"
  if faketime -f "$o" ./test.sh; then
    echo "any-date: passed at '$d'"
  else
    echo "any-date: FAILED at '$d' (TestResults/ holds that run's .trx files)"
    failed+=("$d")
  fi
done

if [ ${#failed[@]} -gt 0 ]; then
  echo "any-date: the suite failed at: ${failed[*]}"
  exit 1
fi
echo "any-date: the suite passed at every date: ${dates[*]}"
