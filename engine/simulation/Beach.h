#pragma once

#include <QString>

namespace airdisplay {

// A real beach that banner planes tow along: where it is and which way its shore runs.
struct Beach
{
    QString name;
    QString country;     // ISO 3166-1 alpha-2
    double latitude;     // degrees, WGS 84
    double longitude;
    double shoreBearing; // degrees from north along the waterline
    double seaBearing;   // degrees from north pointing out to sea
};

} // namespace airdisplay
