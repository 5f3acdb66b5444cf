#pragma once

#include "QueuedMessage.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QSet>
#include <QTimer>

#include <functional>

namespace airdisplay {

// Every message that is waiting, held for review or on its banner, across the fleet, one row each.
// Rows keep their place when they change, so selections and scroll positions survive updates; the
// countdown column is refreshed once a second.
class MessageQueueModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    // An update that changes rows in more separate runs than this is told as one layout change
    // (see apply()).
    static constexpr int MaxRunsToldOneByOne = 16;

    enum Column { BannerColumn, PositionColumn, TextColumn, AuthorColumn, StatusColumn, SubmittedColumn,
                  CountdownColumn, ColumnCount };
    enum Role {
        MessageIdRole = Qt::UserRole + 1,
        BannerIdRole,
        StatusRole, // BannerMessage::Status as int
        SortRole,   // a value that sorts the column naturally (numbers, times)
        PendingRole, // bool: a command on it waits out its undo window
    };

    explicit MessageQueueModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void apply(const QList<BannerQueueUpdate> &updates);
    void clear();

    const QueuedMessage &message(int row) const { return m_rows.at(row); }
    int rowOfMessage(qint64 messageId) const { return m_rowOf.value(messageId, -1); }
    // In queue order: what is on the banner first.
    QList<QueuedMessage> messagesOfBanner(qint64 bannerId) const;

    // Messages whose remove, move or reject is held for undo: shown greyed and struck out.
    void setPendingMessages(const QSet<qint64> &messageIds);
    bool isPending(qint64 messageId) const { return m_pending.contains(messageId); }
    // Rows with this status, not counting pending ones (a held rejection is as good as done).
    int countWithStatus(BannerMessage::Status status) const;

    // Milliseconds since the epoch; tests set their own.
    void setClock(std::function<qint64()> nowMs);
    static QString statusText(BannerMessage::Status status);
    QString countdownText(const QueuedMessage &message) const;
    // How long past its estimated start a waiting message still reads "starting".
    static constexpr qint64 kStartingGraceMs = 15'000;

signals:
    void bannerQueueChanged(qint64 bannerId);

private:
    // When the message ends or starts, not how long until then: constant while the clock runs.
    static qint64 countdownSortKey(const QueuedMessage &message);
    void rebuildIndex();

    QList<QueuedMessage> m_rows;
    QHash<qint64, int> m_rowOf;                  // message id -> row
    QHash<qint64, QList<qint64>> m_idsOfBanner;  // banner id -> its message ids
    QSet<qint64> m_pending;
    QTimer m_countdownTimer;
    std::function<qint64()> m_clock;
};

} // namespace airdisplay
