#include "RequestLedger.h"

namespace airdisplay {

const RequestLedger::Entry *RequestLedger::find(const QString &author, const QString &requestId) const
{
    const auto it = m_entries.constFind(Key(author, requestId));
    return it == m_entries.cend() ? nullptr : &it.value();
}

void RequestLedger::remember(Entry entry)
{
    Key key(entry.author, entry.requestId);
    m_order.push_back(key);
    m_entries.insert(std::move(key), std::move(entry));
}

void RequestLedger::expire(qint64 beforeMs)
{
    while (!m_order.empty()) {
        const auto it = m_entries.find(m_order.front());
        if (it != m_entries.end()) {
            if (it->acceptedMs >= beforeMs)
                return;
            m_entries.erase(it);
        }
        m_order.pop_front();
    }
}

} // namespace airdisplay
