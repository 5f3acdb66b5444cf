#include "ScaleBar.h"

#include <cmath>
#include <initializer_list>

namespace airdisplay {

ScaleBar::Length ScaleBar::choose(double metresPerPixel, double maxPx, double metresPerUnit)
{
    const double maxUnits = maxPx * metresPerPixel / metresPerUnit;
    const double power = std::pow(10.0, std::floor(std::log10(maxUnits)));
    double units = power;
    for (const double m : {5.0, 2.0, 1.0}) {
        if (m * power <= maxUnits) {
            units = m * power;
            break;
        }
    }
    return {units, units * metresPerUnit / metresPerPixel};
}

} // namespace airdisplay
