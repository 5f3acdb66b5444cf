#include "DemoPhrases.h"

namespace airdisplay {

const QStringList &DemoPhrases::all()
{
    static const QStringList phrases = {
        QStringLiteral("HAPPY BIRTHDAY ANNA!"),      QStringLiteral("MARRY ME, SAM?"),
        QStringLiteral("EAT AT JOE'S CRAB SHACK"),   QStringLiteral("SURF SHOP - 50% OFF TODAY"),
        QStringLiteral("WELCOME HOME DAD"),          QStringLiteral("GO TEAM GO!"),
        QStringLiteral("SUNSCREEN SAVES LIVES"),     QStringLiteral("LIVE MUSIC TONIGHT AT 9"),
        QStringLiteral("HAPPY ANNIVERSARY M & J"),   QStringLiteral("FRESH TACOS ON THE PIER"),
        QStringLiteral("SHE SAID YES!"),             QStringLiteral("CONGRATS CLASS OF 2026"),
        QStringLiteral("JET SKI RENTALS - DOCK 4"),  QStringLiteral("I LOVE YOU LUCIA"),
        QStringLiteral("FREE ICE CREAM AT NOON"),    QStringLiteral("BEACH VOLLEYBALL 3PM"),
        QStringLiteral("SAVE THE SEA TURTLES"),      QStringLiteral("HAPPY 50TH, MOM!"),
        QStringLiteral("SUNSET CRUISE - BOOK NOW"),  QStringLiteral("WILL YOU BE MY VALENTINE?"),
        QStringLiteral("NEW CAFÉ ON OCEAN DRIVE"),   QStringLiteral("DRINK WATER, STAY COOL"),
        QStringLiteral("GRAND OPENING SATURDAY"),    QStringLiteral("WELCOME TO THE BEACH!"),
        QStringLiteral("HAPPY RETIREMENT BOB"),      QStringLiteral("PIZZA BY THE SLICE $2"),
        QStringLiteral("KITE FESTIVAL SUNDAY"),      QStringLiteral("THANK YOU LIFEGUARDS"),
        QStringLiteral("YOGA ON THE SAND 7AM"),      QStringLiteral("BON VOYAGE, CLAIRE"),
    };
    return phrases;
}

} // namespace airdisplay
