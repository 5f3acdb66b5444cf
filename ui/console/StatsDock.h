#pragma once

#include "StatsSampler.h"

#include <QDockWidget>
#include <QList>

QT_BEGIN_NAMESPACE
class QChart;
class QDateTimeAxis;
class QLineSeries;
class QValueAxis;
QT_END_NAMESPACE

namespace airdisplay {

// Live charts of the last two minutes: messages/s, submissions/s, resident banners, commit latency
// p99, connected devices and connected remote clients.
class StatsDock : public QDockWidget
{
    Q_OBJECT

public:
    static constexpr int kHistorySeconds = 120;

    explicit StatsDock(QWidget *parent = nullptr);

    void addSample(const StatsSample &sample);
    void setDark(bool dark);
    void clear();
    int chartCount() const { return int(m_charts.size()); }
    int pointCount(int chart) const;

private:
    struct Chart
    {
        QString title;
        QString unit;
        QChart *chart = nullptr;
        QLineSeries *series = nullptr;
        QDateTimeAxis *x = nullptr;
        QValueAxis *y = nullptr;
    };

    void addChart(const QString &title, const QString &unit);
    void push(Chart &chart, qint64 atMs, double value);

    QList<Chart> m_charts;
};

} // namespace airdisplay
