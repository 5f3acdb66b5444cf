#pragma once

#include <QString>

namespace airdisplay {

// What the engine tells a banner device, sent only after the change that caused it committed.
struct DeviceCommand
{
    enum class Kind {
        Show,  // show this message; answer with displayed(messageId) once it is in the sky
        Blank, // show nothing
    };

    Kind kind = Kind::Show;
    qint64 bannerId = 0;
    qint64 messageId = 0;
    QString text;
    qint64 durationMs = 0;
};

} // namespace airdisplay
