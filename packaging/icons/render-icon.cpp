// Renders the application's SVG icon to one square PNG, for the hicolor sizes that desktops look up
// without an SVG loader. Qt's SVG renderer is already a build dependency, so no other tool is needed.
// Painting into a QImage needs no QGuiApplication, hence no platform plugin or display at build time.
#include <QCoreApplication>
#include <QImage>
#include <QPainter>
#include <QSvgRenderer>
#include <QTextStream>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    QTextStream err(stderr);
    if (args.size() != 4) {
        err << "usage: render-icon SVG SIZE OUTPUT.png\n";
        return 2;
    }
    bool sizeOk = false;
    const int size = args.at(2).toInt(&sizeOk);
    if (!sizeOk || size <= 0) {
        err << "render-icon: bad size " << args.at(2) << '\n';
        return 2;
    }
    QSvgRenderer renderer(args.at(1));
    if (!renderer.isValid()) {
        err << "render-icon: cannot read " << args.at(1) << '\n';
        return 1;
    }
    QImage image(size, size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    renderer.render(&painter);
    painter.end();
    if (!image.save(args.at(3), "PNG")) {
        err << "render-icon: cannot write " << args.at(3) << '\n';
        return 1;
    }
    return 0;
}
