#pragma once

namespace airdisplay {

// Picks a round length (1, 2 or 5 times a power of ten) for a scale bar no longer than `maxPx`.
class ScaleBar
{
public:
    struct Length
    {
        double units = 0.0; // in the unit asked for
        double px = 0.0;
    };
    static Length choose(double metresPerPixel, double maxPx, double metresPerUnit);
};

} // namespace airdisplay
