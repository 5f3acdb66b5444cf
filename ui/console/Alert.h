#pragma once

#include <QList>
#include <QMetaType>
#include <QObject>
#include <QString>

namespace airdisplay {

// One thing about one banner that needs the dispatcher's attention. Kept flat: the snapshot builder's
// thread derives thousands of them and hands the differences to the GUI thread once a second.
struct Alert
{
    Q_GADGET

public:
    // The order is the dock's: what stops a banner flying first, what waits on the dispatcher last.
    enum class Kind : quint8 {
        Offline,       // the device is not connected
        LowBattery,    // below LowBatteryPercent
        StalePosition, // connected, but no position for MapSnapshotBuilder::kStaleAfterMs
        WaitingReview, // a message waits for the dispatcher's review
        FailedCommand, // the engine refused a dispatcher's command
    };
    Q_ENUM(Kind)
    static constexpr int KindCount = 5;

    qint64 bannerId = 0;
    Kind kind = Kind::Offline;
    QString callsign;
    qint64 sinceMs = 0; // when the condition was first seen, ms since the epoch (UTC)
    QString detail;
    bool acknowledged = false; // the model's; the deriver never sets it

    static QString kindName(Kind kind);
};

// What changed since the last derivation: new alerts, alerts whose detail changed (same banner and
// kind; they keep their acknowledgement) and alerts whose condition cleared.
struct AlertChanges
{
    struct Key
    {
        qint64 bannerId = 0;
        Alert::Kind kind = Alert::Kind::Offline;
    };

    QList<Alert> raised;
    QList<Alert> updated;
    QList<Key> cleared;

    bool isEmpty() const { return raised.isEmpty() && updated.isEmpty() && cleared.isEmpty(); }
};

} // namespace airdisplay

Q_DECLARE_METATYPE(airdisplay::AlertChanges)
