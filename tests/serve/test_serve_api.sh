#!/usr/bin/env bash
# cnsim serve's API against the CLI, hostile requests, a graceful stop
# (tests/serve/serve_api.py). Usage: test_serve_api.sh CNSIM
set -eu
exec /usr/bin/python3 "$(dirname "$0")/serve_api.py" "$1"
