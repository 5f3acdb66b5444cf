#include "WebAssetCache.h"

#include <QFile>
#include <QFileInfo>
#include <QMimeDatabase>

namespace airdisplay {

const QByteArray &WebAssetCache::Asset::body(HttpCompression::Coding coding) const
{
    switch (codingFor(coding)) {
    case HttpCompression::Coding::Gzip: return gzip;
    case HttpCompression::Coding::Deflate: return deflate;
    case HttpCompression::Coding::Identity: break;
    }
    return identity;
}

HttpCompression::Coding WebAssetCache::Asset::codingFor(HttpCompression::Coding coding) const
{
    if (coding == HttpCompression::Coding::Gzip && !gzip.isEmpty())
        return coding;
    if (coding == HttpCompression::Coding::Deflate && !deflate.isEmpty())
        return coding;
    return HttpCompression::Coding::Identity;
}

WebAssetCache::WebAssetCache(QString root) : m_root(std::move(root)) {}

const WebAssetCache::Asset *WebAssetCache::find(const QString &path)
{
    if (const auto it = m_assets.constFind(path); it != m_assets.cend())
        return &*it;
    const QString resource = m_root + path;
    if (path.contains(QLatin1String("..")) || QFileInfo(resource).isDir())
        return nullptr;
    QFile file(resource);
    if (!file.open(QIODevice::ReadOnly))
        return nullptr;
    Asset asset;
    asset.identity = file.readAll();
    asset.contentType = QMimeDatabase().mimeTypeForFile(resource, QMimeDatabase::MatchExtension).name().toLatin1();
    // The same threshold as dynamic answers, so that one rule tells when an answer may be compressed.
    asset.compressible = HttpCompression::isCompressible(asset.contentType)
            && asset.identity.size() >= HttpCompression::kMinimumBytes;
    if (asset.compressible) {
        // A coding that saves nothing is not offered: the identity body is as small and costs no work.
        for (HttpCompression::Coding coding : {HttpCompression::Coding::Gzip, HttpCompression::Coding::Deflate}) {
            QByteArray encoded = HttpCompression::encode(asset.identity, coding, HttpCompression::kStaticLevel);
            if (!encoded.isEmpty() && encoded.size() < asset.identity.size())
                (coding == HttpCompression::Coding::Gzip ? asset.gzip : asset.deflate) = std::move(encoded);
        }
    }
    return &*m_assets.insert(path, std::move(asset));
}

} // namespace airdisplay
