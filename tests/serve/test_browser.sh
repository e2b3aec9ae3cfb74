#!/usr/bin/env bash
# cnsim serve in headless chromium (tests/serve/browser.py). Usage: test_browser.sh CNSIM
set -eu
exec /usr/bin/python3 "$(dirname "$0")/browser.py" "$1"
