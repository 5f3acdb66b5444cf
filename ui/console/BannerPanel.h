#pragma once

#include "BannerMessage.h"

#include <QList>
#include <QTimer>
#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;
class QTreeWidget;

namespace airdisplay {

class DispatcherActions;
class FleetEngine;
class MessageQueueModel;

// The selected banner: where it is and how it is doing, what it shows and for how long still, its
// queue and its recent history with the times the device confirmed, and a compose box that submits
// as the dispatcher.
class BannerPanel : public QWidget
{
    Q_OBJECT

public:
    static constexpr int kHistoryLength = 20;

    BannerPanel(MessageQueueModel *queue, DispatcherActions *actions, QWidget *parent = nullptr);
    ~BannerPanel() override;

    // 0: none.
    void setBanner(qint64 bannerId);
    qint64 banner() const { return m_bannerId; }
    void setAuthor(const QString &author) { m_author = author; }

    QLabel *titleLabel() const { return m_title; }
    QLabel *showingLabel() const { return m_showing; }
    QLineEdit *composeEdit() const { return m_compose; }
    QPushButton *sendButton() const { return m_send; }
    QLabel *composeResult() const { return m_result; }
    QTreeWidget *queueList() const { return m_queue; }
    QTreeWidget *historyList() const { return m_history; }

signals:
    void submitted(qint64 bannerId, qint64 messageId);

private:
    void refresh();
    void refreshQueue();
    void submit();
    void subscribeHistory();
    void unsubscribeHistory();
    void addHistory(quint64 generation, const QList<BannerMessage> &ended);
    void showResult(const QString &text, bool error);

    MessageQueueModel *m_queueModel;
    DispatcherActions *m_actions;
    qint64 m_bannerId = 0;
    QString m_author = QStringLiteral("dispatcher");
    // The engine the history subscription is on: unsubscribed there even after the actions moved on.
    FleetEngine *m_historyEngine = nullptr;
    quint64 m_subscription = 0;
    quint64 m_generation = 0;
    QList<BannerMessage> m_recent; // newest first
    QTimer m_refreshTimer;

    QLabel *m_title;
    QLabel *m_link;
    QLabel *m_lastSeen;
    QLabel *m_position;
    QLabel *m_altitude;
    QLabel *m_speed;
    QLabel *m_battery;
    QLabel *m_showing;
    QPushButton *m_blank;
    QPushButton *m_pause;
    QPushButton *m_resume;
    QTreeWidget *m_queue;
    QTreeWidget *m_history;
    QLineEdit *m_compose;
    QPushButton *m_send;
    QLabel *m_result;
};

} // namespace airdisplay
