#include "RequestLedger.h"

#include <QCryptographicHash>
#include <QtEndian>

namespace airdisplay {

namespace {

// The first 64 bits of SHA-256: a client choosing request ids cannot aim at another author's entry.
quint64 fingerprint(QCryptographicHash &hash)
{
    return qFromBigEndian<quint64>(hash.resultView().constData());
}

} // namespace

quint64 RequestLedger::hashOf(const QString &text)
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(QByteArrayView(reinterpret_cast<const char *>(text.utf16()), text.size() * qsizetype(sizeof(char16_t))));
    return fingerprint(hash);
}

quint64 RequestLedger::keyOf(const QString &author, const QString &requestId)
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    // The author's length first, so ("ab", "c") and ("a", "bc") differ.
    const quint32 authorLength = qToBigEndian(quint32(author.size()));
    hash.addData(QByteArrayView(reinterpret_cast<const char *>(&authorLength), sizeof authorLength));
    hash.addData(QByteArrayView(reinterpret_cast<const char *>(author.utf16()), author.size() * qsizetype(sizeof(char16_t))));
    hash.addData(QByteArrayView(reinterpret_cast<const char *>(requestId.utf16()), requestId.size() * qsizetype(sizeof(char16_t))));
    return fingerprint(hash);
}

std::optional<RequestLedger::Answer> RequestLedger::find(const QString &author, const QString &requestId) const
{
    const auto it = m_entries.constFind(keyOf(author, requestId));
    if (it == m_entries.cend())
        return std::nullopt;
    return it->answer;
}

void RequestLedger::remember(const BannerState::Accepted &accepted)
{
    const quint64 key = keyOf(accepted.author, accepted.requestId);
    m_order.emplace_back(accepted.acceptedMs, key);
    m_entries.insert(key, Entry{Answer{accepted.messageId, accepted.position, accepted.estimatedStartMs, hashOf(accepted.text)},
                                accepted.acceptedMs});
}

void RequestLedger::expire(qint64 beforeMs)
{
    while (!m_order.empty() && m_order.front().first < beforeMs) {
        const auto it = m_entries.find(m_order.front().second);
        // A request remembered again later (a reload from the store) is kept for its newer time.
        if (it != m_entries.end() && it->acceptedMs < beforeMs)
            m_entries.erase(it);
        m_order.pop_front();
    }
}

} // namespace airdisplay
