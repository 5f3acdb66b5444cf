#pragma once

#include <QPalette>

namespace airdisplay {

// The console's two looks. Dark is the default: a dispatcher watches the fleet for hours, often at
// night. Both use Fusion so that the palette is honoured the same on every platform.
class ConsoleTheme
{
public:
    static QPalette darkPalette();
    static QPalette lightPalette();
    // Sets Fusion and the palette on the running application.
    static void apply(bool dark);
};

} // namespace airdisplay
