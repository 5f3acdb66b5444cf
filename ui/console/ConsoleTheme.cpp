#include "ConsoleTheme.h"

#include <QApplication>
#include <QStyle>
#include <QStyleFactory>

namespace airdisplay {

QPalette ConsoleTheme::darkPalette()
{
    QPalette p;
    const QColor window(0x1f, 0x23, 0x2a);
    const QColor base(0x16, 0x19, 0x1e);
    const QColor text(0xdd, 0xe1, 0xe6);
    const QColor disabledText(0x6b, 0x72, 0x7c);
    const QColor highlight(0x2f, 0x7d, 0xd1);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, QColor(0x1b, 0x1f, 0x25));
    p.setColor(QPalette::ToolTipBase, QColor(0x2a, 0x2f, 0x37));
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, disabledText);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, QColor(0x2a, 0x2f, 0x37));
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, QColor(0xff, 0x6b, 0x6b));
    p.setColor(QPalette::Link, QColor(0x5a, 0xa9, 0xf0));
    p.setColor(QPalette::Highlight, highlight);
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Light, QColor(0x3a, 0x40, 0x4a));
    p.setColor(QPalette::Midlight, QColor(0x30, 0x35, 0x3e));
    p.setColor(QPalette::Mid, QColor(0x26, 0x2a, 0x31));
    p.setColor(QPalette::Dark, QColor(0x12, 0x14, 0x18));
    p.setColor(QPalette::Shadow, Qt::black);
    for (QPalette::ColorRole role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, disabledText);
    p.setColor(QPalette::Disabled, QPalette::Highlight, QColor(0x3a, 0x40, 0x4a));
    return p;
}

QPalette ConsoleTheme::lightPalette()
{
    QStyle *fusion = QStyleFactory::create(QStringLiteral("Fusion"));
    const QPalette p = fusion ? fusion->standardPalette() : QPalette();
    delete fusion;
    return p;
}

void ConsoleTheme::apply(bool dark)
{
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    QApplication::setPalette(dark ? darkPalette() : lightPalette());
}

} // namespace airdisplay
