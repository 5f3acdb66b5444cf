#include "RestRequest.h"

namespace airdisplay {

RestRequest RestRequest::from(const QHttpServerRequest &request)
{
    RestRequest r;
    r.m_method = request.method();
    r.m_url = request.url();
    r.m_body = request.body();
    r.m_headers = request.headers();
    return r;
}

QByteArray RestRequest::header(const QByteArray &name) const
{
    for (const auto &[key, value] : m_headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

std::optional<QString> RestRequest::bearerToken() const
{
    const QByteArray authorization = header("Authorization");
    if (!authorization.startsWith("Bearer "))
        return std::nullopt;
    return QString::fromLatin1(authorization.mid(7).trimmed());
}

} // namespace airdisplay
