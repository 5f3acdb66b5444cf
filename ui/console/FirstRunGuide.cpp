#include "FirstRunGuide.h"

#include <QEvent>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace airdisplay {

FirstRunGuide::FirstRunGuide(QWidget *map)
    : QFrame(map), m_demo(new QPushButton(tr("Fly a simulated fleet…"), this)),
      m_devices(new QPushButton(tr("Connect devices…"), this))
{
    setObjectName(QStringLiteral("firstRunGuide"));
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    setMaximumWidth(520);

    auto *title = new QLabel(tr("<h2>No banners yet</h2>"), this);
    auto *body = new QLabel(
        tr("<p>This console shows a fleet of electronic airplane banners live: where each one flies, what it "
           "really shows, the messages waiting for it, and the alerts that need you.</p>"
           "<p><b>To look around</b>, fly a simulated fleet: set a demo fleet size in Settings, and the "
           "console flies that many banners in-process.</p>"
           "<p><b>To fly real banners</b>, let devices connect: set the address the gateway listens on in "
           "Settings (remote clients are off until you do), then point each device at it; the wire "
           "protocol is in <i>docs/protocol.md</i>.</p>"
           "<p>This guide goes away as soon as the first banner registers.</p>"),
        this);
    body->setWordWrap(true);
    body->setTextFormat(Qt::RichText);
    m_demo->setObjectName(QStringLiteral("guideDemoButton"));
    m_demo->setDefault(true);
    m_devices->setObjectName(QStringLiteral("guideDevicesButton"));
    connect(m_demo, &QPushButton::clicked, this, &FirstRunGuide::demoFleetRequested);
    connect(m_devices, &QPushButton::clicked, this, &FirstRunGuide::devicesRequested);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_demo);
    buttons->addWidget(m_devices);
    buttons->addStretch(1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(24, 16, 24, 20);
    layout->addWidget(title);
    layout->addWidget(body);
    layout->addLayout(buttons);

    map->installEventFilter(this);
    place();
}

bool FirstRunGuide::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == parent() && event->type() == QEvent::Resize)
        place();
    return QFrame::eventFilter(watched, event);
}

void FirstRunGuide::place()
{
    const QWidget *map = parentWidget();
    // A small map (1024×700 leaves it about 600 px wide) gets a narrower guide, still readable.
    const int width = qMin(maximumWidth(), qMax(280, map->width() - 32));
    const int height = qMin(heightForWidth(width) > 0 ? heightForWidth(width) : sizeHint().height(), qMax(120, map->height() - 16));
    setGeometry(QRect((map->width() - width) / 2, qMax(8, (map->height() - height) / 2), width, height));
}

} // namespace airdisplay
