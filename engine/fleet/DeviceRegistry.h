#pragma once

#include "DeviceLink.h"

#include <QHash>
#include <QReadWriteLock>

#include <memory>

namespace airdisplay {

// Which banners have a device connected, and through which link. Any thread.
class DeviceRegistry
{
public:
    void attach(qint64 bannerId, std::shared_ptr<DeviceLink> link);
    // Detaches only if link is still the banner's link: a device that reconnected quickly has a
    // new link that a late disconnect of the old one must not remove. Returns whether it did.
    bool detach(qint64 bannerId, const DeviceLink *link);
    bool isConnected(qint64 bannerId) const;
    // Sends if a device is connected; a command for a banner without one is dropped, since the
    // banner resends what is current when its device connects.
    void send(const DeviceCommand &command) const;
    int connectedCount() const;

private:
    mutable QReadWriteLock m_lock;
    QHash<qint64, std::shared_ptr<DeviceLink>> m_links;
};

} // namespace airdisplay
