#include "DeviceRegistry.h"

namespace airdisplay {

void DeviceRegistry::attach(qint64 bannerId, std::shared_ptr<DeviceLink> link)
{
    QWriteLocker locker(&m_lock);
    m_links.insert(bannerId, std::move(link));
}

bool DeviceRegistry::detach(qint64 bannerId, const DeviceLink *link)
{
    QWriteLocker locker(&m_lock);
    auto it = m_links.find(bannerId);
    if (it == m_links.end() || it->get() != link)
        return false;
    m_links.erase(it);
    return true;
}

bool DeviceRegistry::isConnected(qint64 bannerId) const
{
    QReadLocker locker(&m_lock);
    return m_links.contains(bannerId);
}

void DeviceRegistry::send(const DeviceCommand &command) const
{
    std::shared_ptr<DeviceLink> link;
    {
        QReadLocker locker(&m_lock);
        link = m_links.value(command.bannerId);
    }
    if (link)
        link->send(command);
}

int DeviceRegistry::connectedCount() const
{
    QReadLocker locker(&m_lock);
    return int(m_links.size());
}

} // namespace airdisplay
