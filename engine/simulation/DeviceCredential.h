#pragma once

#include <QString>
#include <QtGlobal>

namespace airdisplay {

// What a banner device needs to speak to the gateway: its banner and its device token (created with
// `airdisplayd token create --role device --banner ID`).
struct DeviceCredential
{
    qint64 bannerId = 0;
    QString token;
};

} // namespace airdisplay
