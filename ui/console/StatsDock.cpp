#include "StatsDock.h"

#include <QChart>
#include <QChartView>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QGridLayout>
#include <QLineSeries>
#include <QPen>
#include <QValueAxis>

#include <cmath>

namespace airdisplay {

StatsDock::StatsDock(QWidget *parent) : QDockWidget(tr("Statistics"), parent)
{
    setObjectName(QStringLiteral("statsDock"));
    auto *content = new QWidget;
    auto *grid = new QGridLayout(content);
    grid->setContentsMargins(2, 2, 2, 2);
    grid->setSpacing(2);
    setWidget(content);
    addChart(tr("Messages/s"), QString());
    addChart(tr("Submissions/s"), QString());
    addChart(tr("Resident banners"), QString());
    addChart(tr("Commit p99"), tr("ms"));
    addChart(tr("Connected devices"), QString());
    addChart(tr("Connected clients"), QString());
    for (int i = 0; i < m_charts.size(); ++i) {
        auto *view = new QChartView(m_charts[i].chart);
        view->setRenderHint(QPainter::Antialiasing);
        view->setMinimumHeight(110);
        grid->addWidget(view, i / 2, i % 2);
    }
    setDark(true);
}

void StatsDock::addChart(const QString &title, const QString &unit)
{
    Chart c;
    c.title = title;
    c.unit = unit;
    c.chart = new QChart;
    c.chart->legend()->hide();
    c.chart->setMargins(QMargins(2, 2, 2, 2));
    c.chart->setTitle(title);
    c.series = new QLineSeries(c.chart);
    c.chart->addSeries(c.series);
    // Wall-clock times, so that a spike can be matched with the event log's lines. Three labels are
    // what fits the width of a chart in the dock.
    c.x = new QDateTimeAxis(c.chart);
    c.x->setFormat(QStringLiteral("HH:mm"));
    c.x->setTickCount(3);
    const QDateTime now = QDateTime::currentDateTime();
    c.x->setRange(now.addSecs(-kHistorySeconds), now);
    c.y = new QValueAxis(c.chart);
    c.y->setRange(0, 1);
    c.y->setLabelFormat(QStringLiteral("%.0f"));
    c.y->setTickCount(3);
    c.chart->addAxis(c.x, Qt::AlignBottom);
    c.chart->addAxis(c.y, Qt::AlignLeft);
    c.series->attachAxis(c.x);
    c.series->attachAxis(c.y);
    m_charts.append(c);
}

void StatsDock::setDark(bool dark)
{
    const QColor lines[] = {QColor(0x58, 0xa6, 0xff), QColor(0x3f, 0xb9, 0x50), QColor(0xbc, 0x8c, 0xff),
                            QColor(0xe3, 0xa0, 0x08), QColor(0x39, 0xc5, 0xcf), QColor(0xf7, 0x78, 0xba)};
    for (int i = 0; i < m_charts.size(); ++i) {
        Chart &c = m_charts[i];
        c.chart->setTheme(dark ? QChart::ChartThemeDark : QChart::ChartThemeLight);
        c.chart->setBackgroundRoundness(0);
        c.chart->legend()->hide();
        QFont titleFont = c.chart->titleFont();
        titleFont.setPointSizeF(9);
        c.chart->setTitleFont(titleFont);
        QFont labelFont = c.x->labelsFont();
        labelFont.setPointSizeF(7.5);
        c.x->setLabelsFont(labelFont);
        c.y->setLabelsFont(labelFont);
        c.series->setPen(QPen(lines[i % 6], 2));
    }
}

int StatsDock::pointCount(int chart) const
{
    return int(m_charts.at(chart).series->count());
}

void StatsDock::clear()
{
    for (Chart &c : m_charts) {
        c.series->clear();
        c.chart->setTitle(c.title);
    }
}

void StatsDock::push(Chart &c, qint64 atMs, double value)
{
    const double oldest = double(atMs - kHistorySeconds * 1000);
    c.series->append(double(atMs), value);
    while (c.series->count() > 0 && c.series->at(0).x() < oldest)
        c.series->remove(0);
    double top = 1;
    for (const QPointF &p : c.series->points())
        top = qMax(top, p.y());
    // A round ceiling a little above the peak, so the axis does not jitter every second.
    const double magnitude = std::pow(10.0, std::floor(std::log10(top * 1.15)));
    c.y->setRange(0, std::ceil(top * 1.15 / magnitude) * magnitude);
    c.x->setRange(QDateTime::fromMSecsSinceEpoch(atMs - kHistorySeconds * 1000), QDateTime::fromMSecsSinceEpoch(atMs));
    const QString shown = value >= 100 || value == std::floor(value) ? QString::number(value, 'f', 0) : QString::number(value, 'f', 1);
    c.chart->setTitle(c.unit.isEmpty() ? tr("%1: %2").arg(c.title, shown) : tr("%1: %2 %3").arg(c.title, shown, c.unit));
}

void StatsDock::addSample(const StatsSample &sample)
{
    const qint64 t = sample.atMs;
    push(m_charts[0], t, sample.messagesPerSecond);
    push(m_charts[1], t, sample.submissionsPerSecond);
    push(m_charts[2], t, sample.residentBanners);
    push(m_charts[3], t, sample.commitLatencyP99Ms);
    push(m_charts[4], t, sample.connectedDevices);
    push(m_charts[5], t, sample.connectedClients);
}

} // namespace airdisplay
