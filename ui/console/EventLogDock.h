#pragma once

#include <QDockWidget>

#include <functional>
#include <optional>

class QCheckBox;
class QComboBox;
class QLineEdit;
class QTableView;

namespace airdisplay {

class EventLogFilter;
class EventLogModel;

// The event log as a dock: filters by banner, type and severity, and follows the newest line unless
// the dispatcher scrolled away from it.
class EventLogDock : public QDockWidget
{
    Q_OBJECT

public:
    explicit EventLogDock(EventLogModel *model, QWidget *parent = nullptr);

    EventLogFilter *filter() const { return m_filter; }
    QTableView *table() const { return m_table; }
    void setBannerFilter(qint64 bannerId);
    QLineEdit *bannerField() const { return m_banner; }
    // Turns what the dispatcher types in the banner field (a callsign, any case) into a banner id;
    // a number is taken as an id without it.
    using BannerResolver = std::function<std::optional<qint64>(const QString &)>;
    void setBannerResolver(BannerResolver resolve);
    // The banner selected elsewhere (0: none). While "Selected" is ticked the log shows only its
    // events and follows the selection as it changes.
    void setSelectedBanner(qint64 bannerId);
    QCheckBox *followSelectionBox() const { return m_followSelection; }

private:
    void applyBannerText(const QString &text);

    BannerResolver m_resolve;
    EventLogModel *m_model;
    EventLogFilter *m_filter;
    QTableView *m_table;
    QLineEdit *m_banner;
    QComboBox *m_type;
    QComboBox *m_severity;
    QCheckBox *m_follow;
    QCheckBox *m_followSelection;
    qint64 m_selectedBanner = 0;
};

} // namespace airdisplay
