#!/usr/bin/env bash
# Runs the compromised-agent scenario suite through Portcullis with the defence off and/or on, and
# prints utility and attack success rate per suite. See docs/scenarios.md.
# Usage: bench/run-scenarios.sh [--suite banking|workspace|messaging|travel]... [--defence off|on|both]
#                               [--templates user-note,system-notice,aside] [--out report.json]
#                               [--work-dir dir] [--suspicion-rule on|off]
set -euo pipefail
. "$(dirname "$0")/lib.sh"
portcullis_bench_exec dev.portcullis.bench.scenarios.ScenarioRun "$@"
