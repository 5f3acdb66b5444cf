#!/bin/sh
# Fuzzes what the gateway reads from the network with libFuzzer, each target for a bounded time:
# the protocol decoder (frames, bodies, queries) and the HTTP framing in front of QHttpServer.
#   scripts/fuzz-protocol.sh [SECONDS]   (default 60, per target; FUZZ_BUILD_DIR, default build/fuzz)
# Configures a clang build in build/fuzz, builds the targets, runs each on a corpus seeded with
# valid input, and fails if a fuzzer finds a crash, a leak or a timeout.
set -eu
cd "$(dirname "$0")/.."
seconds="${1:-60}"
build=${FUZZ_BUILD_DIR:-build/fuzz}
corpus="$build/corpus-protocol"

cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ -DAIRDISPLAY_FUZZ=ON
cmake --build "$build" --target fuzz_protocoldecoder fuzz_httprequestframer -j2

mkdir -p "$corpus"
seed() { printf '%s' "$2" > "$corpus/seed-$1"; }
seed auth '{"type":"auth","token":"adt_x","id":1}'
seed submit '{"type":"submit","id":"a","bannerId":12,"text":"Hello","requestId":"r1"}'
seed subscribe '{"type":"subscribe","banners":[1,2],"bbox":[40,-10,50,10],"fromSeq":5}'
seed move '{"type":"move","messageId":16777217,"position":2}'
seed telemetry '{"type":"telemetry","lat":51.5,"lon":-0.1,"heading":90,"speed":80,"altitude":1500,"battery":70}'
seed hello '{"type":"hello","showing":16777217}'
seed query 'status=idle,offline&bbox=1,2,3,4&after=10&limit=5&banner=1,2'

# -rss_limit_mb bounds memory; ASan reports leaks at exit; -max_len covers the frame limit.
"$build/tests/gateway/fuzz_protocoldecoder" "$corpus" -max_total_time="$seconds" -max_len=20000 \
    -rss_limit_mb=2048 -timeout=10 -print_final_stats=1

# The HTTP framing: the first byte of an input picks how many of the next bytes give the chunk
# sizes the rest is cut into (see fuzz_httprequestframer.cpp); seeds cut nothing.
corpus="$build/corpus-http"
mkdir -p "$corpus"
seed() { printf '\000%b' "$2" > "$corpus/seed-$1"; }
seed get 'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n'
seed post 'POST /api/v1/banners/1/messages HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello'
seed pipelined 'GET /a HTTP/1.1\r\n\r\nPOST /b HTTP/1.1\r\nContent-Length: 2\r\n\r\nhiGET /c HTTP/1.1\r\nConnection: close\r\n\r\n'
seed smuggle 'POST /a HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 30\r\n\r\nabcGET /hidden HTTP/1.1\r\n\r\n'
seed http10 'GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n'
seed upgrade 'GET /ws HTTP/1.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n'
"$build/tests/gateway/fuzz_httprequestframer" "$corpus" -max_total_time="$seconds" -max_len=8192 \
    -rss_limit_mb=2048 -timeout=10 -print_final_stats=1
