#pragma once

#include <QByteArray>
#include <QByteArrayView>

namespace airdisplay {

// Content codings for HTTP answers (RFC 9110 §8.4): which one a request's Accept-Encoding allows,
// and the encoding itself with zlib. A page of 1,000 banners with positions is about 200 KiB of
// JSON that gzip makes eight times smaller, and the web client polls such pages.
class HttpCompression
{
public:
    enum class Coding { Identity, Gzip, Deflate };

    // Answers smaller than this are sent as they are: the gzip header and trailer (18 bytes) and the
    // time spent outweigh what a few hundred bytes of JSON would save.
    static constexpr qsizetype kMinimumBytes = 1024;
    // Dynamic answers are compressed on the gateway thread for every request: level 1 costs a
    // fraction of the default level and loses little on repetitive JSON (see docs/performance.md).
    static constexpr int kDynamicLevel = 1;
    // Static files are compressed once and kept.
    static constexpr int kStaticLevel = 9;

    // The coding to answer with for this Accept-Encoding value: gzip or deflate when the client
    // gives it (or "*") a q-value above 0, the higher q winning and gzip winning ties; Identity
    // when neither is acceptable or the header is absent.
    static Coding negotiate(QByteArrayView acceptEncoding);
    // gzip (RFC 1952) or deflate (the zlib format, RFC 1950, as "deflate" means in HTTP). Empty
    // when zlib fails, which with in-memory buffers only happens when memory runs out.
    static QByteArray encode(QByteArrayView body, Coding coding, int level);
    // The Content-Encoding token: "gzip", "deflate"; empty for Identity.
    static QByteArray name(Coding coding);
    // Text worth compressing: text/*, JSON, JavaScript, SVG. Images and fonts are compressed already.
    static bool isCompressible(QByteArrayView contentType);
};

} // namespace airdisplay
