#include "BeachCatalog.h"

namespace airdisplay {

const QList<Beach> &BeachCatalog::all()
{
    // Coordinates are of the beach front; bearings are rounded to the nearest 5-10 degrees, which
    // is all a towing pattern needs.
    static const QList<Beach> beaches = {
        {QStringLiteral("Miami Beach"), QStringLiteral("US"), 25.7907, -80.1300, 0, 90},
        {QStringLiteral("Daytona Beach"), QStringLiteral("US"), 29.2108, -81.0228, 340, 70},
        {QStringLiteral("Myrtle Beach"), QStringLiteral("US"), 33.6891, -78.8867, 50, 140},
        {QStringLiteral("Virginia Beach"), QStringLiteral("US"), 36.8529, -75.9780, 0, 90},
        {QStringLiteral("Ocean City"), QStringLiteral("US"), 38.3365, -75.0849, 5, 95},
        {QStringLiteral("Atlantic City"), QStringLiteral("US"), 39.3643, -74.4229, 45, 135},
        {QStringLiteral("Coney Island"), QStringLiteral("US"), 40.5749, -73.9857, 90, 180},
        {QStringLiteral("Jones Beach"), QStringLiteral("US"), 40.5968, -73.5087, 80, 170},
        {QStringLiteral("Clearwater Beach"), QStringLiteral("US"), 27.9775, -82.8270, 0, 270},
        {QStringLiteral("Santa Monica"), QStringLiteral("US"), 34.0106, -118.4960, 135, 225},
        {QStringLiteral("Venice Beach"), QStringLiteral("US"), 33.9850, -118.4695, 140, 230},
        {QStringLiteral("Huntington Beach"), QStringLiteral("US"), 33.6553, -117.9988, 130, 220},
        {QStringLiteral("Zuma Beach"), QStringLiteral("US"), 34.0151, -118.8224, 100, 190},
        {QStringLiteral("Pacific Beach"), QStringLiteral("US"), 32.7960, -117.2560, 0, 270},
        {QStringLiteral("Waikiki"), QStringLiteral("US"), 21.2766, -157.8278, 120, 210},
        {QStringLiteral("Copacabana"), QStringLiteral("BR"), -22.9711, -43.1822, 50, 140},
        {QStringLiteral("Ipanema"), QStringLiteral("BR"), -22.9868, -43.2050, 85, 175},
        {QStringLiteral("Playa Brava"), QStringLiteral("UY"), -34.9500, -54.9330, 70, 160},
        {QStringLiteral("Mar del Plata"), QStringLiteral("AR"), -38.0055, -57.5426, 30, 120},
        {QStringLiteral("Cancun Hotel Zone"), QStringLiteral("MX"), 21.1333, -86.7460, 0, 90},
        {QStringLiteral("Acapulco Bay"), QStringLiteral("MX"), 16.8530, -99.8820, 90, 180},
        {QStringLiteral("Bondi Beach"), QStringLiteral("AU"), -33.8908, 151.2743, 20, 110},
        {QStringLiteral("Manly Beach"), QStringLiteral("AU"), -33.7969, 151.2880, 0, 90},
        {QStringLiteral("Surfers Paradise"), QStringLiteral("AU"), -28.0023, 153.4310, 0, 90},
        {QStringLiteral("Cottesloe Beach"), QStringLiteral("AU"), -31.9959, 115.7510, 0, 270},
        {QStringLiteral("Piha Beach"), QStringLiteral("NZ"), -36.9540, 174.4700, 0, 270},
        {QStringLiteral("Brighton Beach"), QStringLiteral("GB"), 50.8198, -0.1400, 90, 180},
        {QStringLiteral("Blackpool"), QStringLiteral("GB"), 53.8175, -3.0550, 0, 270},
        {QStringLiteral("Fistral Beach"), QStringLiteral("GB"), 50.4165, -5.1000, 30, 300},
        {QStringLiteral("Grande Plage, Biarritz"), QStringLiteral("FR"), 43.4832, -1.5586, 20, 290},
        {QStringLiteral("Hossegor"), QStringLiteral("FR"), 43.6640, -1.4440, 0, 270},
        {QStringLiteral("Promenade des Anglais, Nice"), QStringLiteral("FR"), 43.6950, 7.2650, 70, 160},
        {QStringLiteral("La Croisette, Cannes"), QStringLiteral("FR"), 43.5510, 7.0170, 90, 180},
        {QStringLiteral("Pampelonne"), QStringLiteral("FR"), 43.2260, 6.6650, 10, 100},
        {QStringLiteral("Barceloneta"), QStringLiteral("ES"), 41.3784, 2.1925, 45, 135},
        {QStringLiteral("Levante, Benidorm"), QStringLiteral("ES"), 38.5349, -0.1310, 80, 170},
        {QStringLiteral("Marbella"), QStringLiteral("ES"), 36.5080, -4.8830, 80, 170},
        {QStringLiteral("Carcavelos"), QStringLiteral("PT"), 38.6780, -9.3350, 90, 180},
        {QStringLiteral("Rimini"), QStringLiteral("IT"), 44.0678, 12.5695, 135, 45},
        {QStringLiteral("Lido di Venezia"), QStringLiteral("IT"), 45.3900, 12.3600, 30, 120},
        {QStringLiteral("Paradise Beach, Mykonos"), QStringLiteral("GR"), 37.4100, 25.3500, 90, 180},
        {QStringLiteral("Konyaalti"), QStringLiteral("TR"), 36.8600, 30.6300, 100, 190},
        {QStringLiteral("Gordon Beach, Tel Aviv"), QStringLiteral("IL"), 32.0800, 34.7670, 10, 280},
        {QStringLiteral("Naama Bay"), QStringLiteral("EG"), 27.9150, 34.3290, 30, 120},
        {QStringLiteral("Jumeirah Beach"), QStringLiteral("AE"), 25.2100, 55.2400, 45, 315},
        {QStringLiteral("Golden Mile, Durban"), QStringLiteral("ZA"), -29.8587, 31.0400, 20, 110},
        {QStringLiteral("Camps Bay"), QStringLiteral("ZA"), -33.9510, 18.3770, 0, 270},
        {QStringLiteral("Nungwi"), QStringLiteral("TZ"), -5.7260, 39.2980, 0, 270},
        {QStringLiteral("Calangute"), QStringLiteral("IN"), 15.5440, 73.7550, 340, 250},
        {QStringLiteral("Juhu Beach"), QStringLiteral("IN"), 19.0990, 72.8260, 0, 270},
        {QStringLiteral("Patong Beach"), QStringLiteral("TH"), 7.8960, 98.2950, 0, 270},
        {QStringLiteral("Kuta Beach"), QStringLiteral("ID"), -8.7180, 115.1680, 0, 270},
        {QStringLiteral("White Beach, Boracay"), QStringLiteral("PH"), 11.9670, 121.9240, 0, 270},
        {QStringLiteral("Nha Trang"), QStringLiteral("VN"), 12.2450, 109.1950, 0, 90},
        {QStringLiteral("Yalong Bay"), QStringLiteral("CN"), 18.2290, 109.6370, 80, 170},
        {QStringLiteral("Haeundae"), QStringLiteral("KR"), 35.1587, 129.1604, 70, 160},
        {QStringLiteral("Shonan Beach"), QStringLiteral("JP"), 35.3090, 139.4800, 90, 180},
        {QStringLiteral("Scheveningen"), QStringLiteral("NL"), 52.1100, 4.2700, 40, 310},
        {QStringLiteral("Westerland, Sylt"), QStringLiteral("DE"), 54.9080, 8.3000, 0, 270},
        {QStringLiteral("Sopot"), QStringLiteral("PL"), 54.4420, 18.5700, 150, 60},
    };
    return beaches;
}

} // namespace airdisplay
