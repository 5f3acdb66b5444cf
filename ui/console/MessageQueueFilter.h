#pragma once

#include "BannerMessage.h"

#include <QSet>
#include <QSortFilterProxyModel>

#include <optional>

namespace airdisplay {

// Sorting and filtering of the fleet-wide queue: by free text (banner, text, author), by status, and
// optionally to the banners selected on the map.
class MessageQueueFilter : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    explicit MessageQueueFilter(QObject *parent = nullptr);

    void setText(const QString &text);
    // std::nullopt: every status.
    void setStatus(std::optional<BannerMessage::Status> status);
    // Empty set with the filter on: nothing matches.
    void setBannerFilter(bool enabled, const QSet<qint64> &banners);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    QString m_text;
    std::optional<BannerMessage::Status> m_status;
    bool m_bannerFilter = false;
    QSet<qint64> m_banners;
};

} // namespace airdisplay
