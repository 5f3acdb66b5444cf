#include "HttpCompression.h"

#include <QList>

#include <zlib.h>

#include <cstring>

namespace airdisplay {

namespace {

struct Preference
{
    bool listed = false;
    double q = 0;
};

// "q=0.5" → 0.5; a malformed q-value counts as 0, i.e. not acceptable, the safe reading.
double qValue(const QByteArray &parameters)
{
    double q = 1;
    const QList<QByteArray> list = parameters.split(';');
    for (const QByteArray &p : list) {
        const QByteArray parameter = p.trimmed().toLower();
        if (!parameter.startsWith("q="))
            continue;
        bool ok = false;
        q = parameter.mid(2).toDouble(&ok);
        if (!ok || q < 0 || q > 1)
            q = 0;
    }
    return q;
}

} // namespace

HttpCompression::Coding HttpCompression::negotiate(QByteArrayView acceptEncoding)
{
    Preference gzip, deflate, any;
    const QList<QByteArray> elements = QByteArray(acceptEncoding.data(), acceptEncoding.size()).split(',');
    for (const QByteArray &element : elements) {
        const qsizetype semicolon = element.indexOf(';');
        const QByteArray coding = (semicolon < 0 ? element : element.left(semicolon)).trimmed().toLower();
        const double q = semicolon < 0 ? 1 : qValue(element.mid(semicolon + 1));
        // x-gzip is gzip (RFC 9110 §8.4.1.3).
        Preference *target = coding == "gzip" || coding == "x-gzip" ? &gzip
                : coding == "deflate"                              ? &deflate
                : coding == "*"                                    ? &any
                                                                   : nullptr;
        if (target)
            *target = {true, q};
    }
    // A coding not named takes the q of "*", if any; one named with q=0 is refused even if "*" is not.
    const double gzipQ = gzip.listed ? gzip.q : (any.listed ? any.q : 0);
    const double deflateQ = deflate.listed ? deflate.q : (any.listed ? any.q : 0);
    if (gzipQ > 0 && gzipQ >= deflateQ)
        return Coding::Gzip;
    if (deflateQ > 0)
        return Coding::Deflate;
    return Coding::Identity;
}

QByteArray HttpCompression::encode(QByteArrayView body, Coding coding, int level)
{
    if (coding == Coding::Identity)
        return QByteArray(body.data(), body.size());
    z_stream stream;
    std::memset(&stream, 0, sizeof stream);
    // windowBits 15 + 16 writes a gzip header and trailer instead of zlib's.
    const int windowBits = coding == Coding::Gzip ? 15 + 16 : 15;
    if (deflateInit2(&stream, level, Z_DEFLATED, windowBits, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        return {};
    QByteArray out;
    out.resize(qsizetype(deflateBound(&stream, uLong(body.size()))) + 32);
    stream.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(body.data()));
    stream.avail_in = uInt(body.size());
    stream.next_out = reinterpret_cast<Bytef *>(out.data());
    stream.avail_out = uInt(out.size());
    // deflateBound (plus the gzip header's margin) is enough for one call to finish.
    const int result = deflate(&stream, Z_FINISH);
    const qsizetype written = qsizetype(stream.total_out);
    deflateEnd(&stream);
    if (result != Z_STREAM_END)
        return {};
    out.truncate(written);
    return out;
}

QByteArray HttpCompression::name(Coding coding)
{
    switch (coding) {
    case Coding::Gzip: return QByteArrayLiteral("gzip");
    case Coding::Deflate: return QByteArrayLiteral("deflate");
    case Coding::Identity: break;
    }
    return {};
}

bool HttpCompression::isCompressible(QByteArrayView contentType)
{
    const QByteArray type = QByteArray(contentType.data(), contentType.size()).toLower();
    return type.startsWith("text/") || type.startsWith("application/json") || type.startsWith("application/javascript")
            || type.startsWith("application/x-javascript") || type.startsWith("image/svg+xml")
            || type.startsWith("application/xml");
}

} // namespace airdisplay
