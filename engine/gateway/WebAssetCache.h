#pragma once

#include "HttpCompression.h"

#include <QByteArray>
#include <QHash>
#include <QString>

namespace airdisplay {

// The web client's files (compiled in under :/web), each read, typed and compressed once, on
// first request: they never change while the process runs, and compressing the map's land data
// (55 KB) at the best level on every page load would cost more than sending it. Gateway thread only.
class WebAssetCache
{
public:
    struct Asset
    {
        QByteArray contentType;
        QByteArray identity;
        // Empty when the type is not worth compressing or the coding saved nothing.
        QByteArray gzip;
        QByteArray deflate;
        bool compressible = false; // its answer varies with Accept-Encoding

        // The body for this coding: the compressed one if there is one, else identity.
        const QByteArray &body(HttpCompression::Coding coding) const;
        // The coding `body(coding)` really is in.
        HttpCompression::Coding codingFor(HttpCompression::Coding coding) const;
    };

    explicit WebAssetCache(QString root = QStringLiteral(":/web"));

    // The file at this cleaned URL path ("/index.html"), or null when there is none. Valid until the
    // next find (the table may grow).
    const Asset *find(const QString &path);

private:
    QString m_root;
    QHash<QString, Asset> m_assets;
};

} // namespace airdisplay
