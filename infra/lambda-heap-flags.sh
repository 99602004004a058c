#!/bin/bash
# The poller's and the worker's Lambda exec wrapper (AWS_LAMBDA_EXEC_WRAPPER in serverless.yml): Lambda runs it with
# the command line that starts the Node.js runtime, and it runs that command with V8 heap limits of
# our own added.
#
# Why: Lambda's bootstrap starts `node` with heap limits derived from the function's memory (a
# semi-space of memory / 20 MB: 25 MB at 512 MB). V8 then sizes the heap to the allocation rate, not
# to what is live, and a poller tick allocates a lot (10,000 records listed, every listing page parsed)
# while keeping about 20 MB: bench:poller measured 219-261 MB of RSS with Node's defaults and 170 MB
# with the bootstrap's limits for 256 MB, against 141 MB with a 4 MB semi-space (docs/benchmarks.md).
#
# Why a wrapper: NODE_OPTIONS is read before the command line, so the bootstrap's own flags would win
# over it. V8 keeps the last value given for a flag, so these go after the bootstrap's, just before
# its last argument (the runtime's entry script). LAMBDA_V8_FLAGS replaces the defaults below.
set -euo pipefail
read -r -a flags <<<"${LAMBDA_V8_FLAGS:---max-semi-space-size=4 --max-old-space-size=231}"
args=("$@")
exec "${args[@]:0:$#-1}" "${flags[@]}" "${args[@]: -1}"
