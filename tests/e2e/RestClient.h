#pragma once

#include <QByteArray>
#include <QJsonObject>

namespace airdisplay {

// A blocking REST client of the gateway for tests and benchmarks: one request per connection, no
// event loop, so it works from any thread, including one racing a daemon that is being killed.
class RestClient
{
public:
    struct Reply
    {
        int status = 0; // 0: no answer (refused, reset, timed out)
        QJsonObject body;
    };

    RestClient(quint16 port, QByteArray token) : m_port(port), m_token(std::move(token)) {}

    Reply get(const QByteArray &path, int timeoutMs = 10'000) const;
    Reply post(const QByteArray &path, const QJsonObject &body, int timeoutMs = 10'000) const;

private:
    Reply request(const QByteArray &method, const QByteArray &path, const QByteArray &body, int timeoutMs) const;

    quint16 m_port;
    QByteArray m_token;
};

} // namespace airdisplay
