#!/usr/bin/env bash
# Ensure the classical peer baselines can run: Debian's python3-sklearn (pulls in
# numpy/scipy) and the fasttext CLI. Idempotent, and silent when all is present.
#
# We check /usr/bin/python3 explicitly: the default `python3` on PATH may be a
# pyenv interpreter that cannot see Debian's dist-packages. Run peers.py with
# /usr/bin/python3 for the same reason.
set -euo pipefail

missing=()
/usr/bin/python3 -c 'import sklearn, numpy' 2>/dev/null || missing+=(python3-sklearn)
command -v fasttext >/dev/null 2>&1 || missing+=(fasttext)
[ ${#missing[@]} -eq 0 ] && exit 0

SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo

echo "ensure-peers: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
# Lock::Timeout: wait (up to 10 min) for another apt/dpkg instead of failing.
apt=($SUDO apt-get -q -y -o DPkg::Lock::Timeout=600)
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# apt's output is kept out of sight unless something goes wrong.
if ! { "${apt[@]}" update && "${apt[@]}" install --no-install-recommends "${missing[@]}"; } >"$log" 2>&1; then
  tail -n 20 "$log" >&2
  echo "ensure-peers: apt-get install of ${missing[*]} failed (output above)" >&2
  exit 1
fi

# A package that installed but still can't be used is still a failure.
/usr/bin/python3 -c 'import sklearn, numpy' ||
  { echo "ensure-peers: /usr/bin/python3 still cannot import sklearn" >&2; exit 1; }
command -v fasttext >/dev/null ||
  { echo "ensure-peers: fasttext binary not on PATH after install" >&2; exit 1; }
echo "ensure-peers: ok" >&2
