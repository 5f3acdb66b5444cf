#include "MessageQueueFilter.h"

#include "MessageQueueModel.h"

namespace airdisplay {

MessageQueueFilter::MessageQueueFilter(QObject *parent) : QSortFilterProxyModel(parent)
{
    setSortRole(MessageQueueModel::SortRole);
    setDynamicSortFilter(true);
}

void MessageQueueFilter::setText(const QString &text)
{
    if (m_text == text.trimmed())
        return;
    m_text = text.trimmed();
    invalidateFilter();
}

void MessageQueueFilter::setStatus(std::optional<BannerMessage::Status> status)
{
    if (m_status == status)
        return;
    m_status = status;
    invalidateFilter();
}

void MessageQueueFilter::setBannerFilter(bool enabled, const QSet<qint64> &banners)
{
    if (m_bannerFilter == enabled && (!enabled || m_banners == banners))
        return;
    m_bannerFilter = enabled;
    m_banners = banners;
    invalidateFilter();
}

bool MessageQueueFilter::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const auto *model = qobject_cast<const MessageQueueModel *>(sourceModel());
    if (!model || sourceParent.isValid())
        return false;
    const QueuedMessage &m = model->message(sourceRow);
    if (m_status && m.status != *m_status)
        return false;
    if (m_bannerFilter && !m_banners.contains(m.bannerId))
        return false;
    if (m_text.isEmpty())
        return true;
    return m.callsign.contains(m_text, Qt::CaseInsensitive) || m.text.contains(m_text, Qt::CaseInsensitive)
        || m.author.contains(m_text, Qt::CaseInsensitive) || QString::number(m.bannerId) == m_text;
}

} // namespace airdisplay
