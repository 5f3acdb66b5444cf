#include "Gateway.h"

#include "GatewayServer.h"

namespace airdisplay {

Gateway::Gateway(FleetEngine &engine, GatewayOptions options) : m_engine(engine), m_options(std::move(options))
{
    m_thread.setObjectName(QStringLiteral("airdisplay.gateway"));
}

Gateway::~Gateway()
{
    stop();
}

Error Gateway::start()
{
    if (m_server)
        return {};
    m_thread.start();
    auto *server = new GatewayServer(m_engine, m_options, m_metrics);
    server->moveToThread(&m_thread);
    GatewayServer::Started started;
    QMetaObject::invokeMethod(server, [server, &started] { started = server->start(); }, Qt::BlockingQueuedConnection);
    if (!started.error.isEmpty()) {
        QMetaObject::invokeMethod(server, [server] { server->stop(); delete server; }, Qt::BlockingQueuedConnection);
        m_thread.quit();
        m_thread.wait();
        return Error(Error::Code::Unavailable, started.error);
    }
    m_server = server;
    m_port = started.port;
    return {};
}

void Gateway::stop()
{
    if (!m_server)
        return;
    GatewayServer *server = std::exchange(m_server, nullptr);
    QMetaObject::invokeMethod(server, [server] { server->stop(); delete server; }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
    m_port = 0;
}

} // namespace airdisplay
