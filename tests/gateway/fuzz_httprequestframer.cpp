// libFuzzer target: RequestGuard frames every byte a client sends before QHttpServer sees it, so
// HttpRequestFramer must answer every byte string, cut into chunks anywhere, without crashing,
// hanging or leaking, and must frame it the same way however it is cut: a proxy and this server
// reading one stream differently is what request smuggling is made of.
#include "HttpRequestFramer.h"

#include <cstddef>
#include <cstdint>

namespace {

using airdisplay::HttpRequestFramer;

struct Framing
{
    QList<HttpRequestFramer::Event::Kind> kinds;
    QList<qint64> offsets; // from the start of the stream
    QList<int> statuses;
};

// Frames input in chunks of the given sizes (cycled), checking what holds for any one chunk.
Framing frame(QByteArrayView input, QByteArrayView chunkSizes)
{
    HttpRequestFramer framer(1024, 2048);
    Framing out;
    qsizetype at = 0;
    qsizetype turn = 0;
    while (at < input.size()) {
        const qsizetype size = chunkSizes.isEmpty() ? input.size() - at
                                                    : std::max<qsizetype>(1, uchar(chunkSizes[turn++ % chunkSizes.size()]));
        const qsizetype n = std::min(size, input.size() - at);
        const bool stoppedBefore = framer.isStopped();
        const QList<HttpRequestFramer::Event> events = framer.feed(input.data() + at, n);
        if (stoppedBefore && !events.isEmpty())
            __builtin_trap(); // nothing after the end
        qsizetype last = 0;
        for (const HttpRequestFramer::Event &e : events) {
            if (e.offset < last || e.offset > n)
                __builtin_trap(); // offsets lie within the chunk, in order
            last = e.offset;
            out.kinds.append(e.kind);
            // A refusal's offset says where its request began, which may be in an earlier chunk.
            out.offsets.append(e.kind == HttpRequestFramer::Event::Kind::Refused ? -1 : at + e.offset);
            out.statuses.append(e.status);
        }
        at += n;
    }
    return out;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    // The first bytes choose how the rest is cut; the rest is the stream.
    const QByteArrayView all(reinterpret_cast<const char *>(data), qsizetype(size));
    const qsizetype cuts = all.isEmpty() ? 0 : std::min<qsizetype>(uchar(all[0]) % 8, all.size() - 1);
    const QByteArrayView chunkSizes = all.sliced(std::min<qsizetype>(1, all.size()), cuts);
    const QByteArrayView stream = all.sliced(std::min<qsizetype>(1 + cuts, all.size()));
    const Framing whole = frame(stream, {});
    const Framing pieces = frame(stream, chunkSizes);
    const Framing bytes = frame(stream, QByteArrayView("\x01", 1));
    if (whole.kinds != pieces.kinds || whole.offsets != pieces.offsets || whole.statuses != pieces.statuses
        || whole.kinds != bytes.kinds || whole.offsets != bytes.offsets || whole.statuses != bytes.statuses)
        __builtin_trap();
    return 0;
}
