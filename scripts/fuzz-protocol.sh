#!/bin/sh
# Fuzzes the gateway's protocol decoder with libFuzzer for a bounded time.
#   scripts/fuzz-protocol.sh [SECONDS]   (default 60)
# Configures a clang build in build/fuzz, builds fuzz_protocoldecoder, runs it on a corpus seeded
# with valid frames, and fails if the fuzzer finds a crash, a leak or a timeout.
set -eu
cd "$(dirname "$0")/.."
seconds="${1:-60}"
build=build/fuzz
corpus="$build/corpus-protocol"

cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ -DAIRDISPLAY_FUZZ=ON
cmake --build "$build" --target fuzz_protocoldecoder -j2

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
