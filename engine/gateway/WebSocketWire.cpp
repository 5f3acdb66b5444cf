#include "WebSocketWire.h"

namespace airdisplay {

void WebSocketWire::appendTextFrame(QByteArray &out, const QByteArray &utf8)
{
    const quint64 n = quint64(utf8.size());
    out += char(0x81); // FIN, opcode 1 (text)
    if (n < 126) {
        out += char(n);
    } else if (n <= 0xFFFF) {
        out += char(126);
        out += char(n >> 8);
        out += char(n & 0xFF);
    } else {
        out += char(127);
        for (int shift = 56; shift >= 0; shift -= 8)
            out += char((n >> shift) & 0xFF);
    }
    out += utf8;
}

QByteArray WebSocketWire::textFrame(const QByteArray &utf8)
{
    QByteArray out;
    out.reserve(utf8.size() + 10);
    appendTextFrame(out, utf8);
    return out;
}

} // namespace airdisplay
