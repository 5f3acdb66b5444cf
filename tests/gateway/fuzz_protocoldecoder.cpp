// libFuzzer target: every input the gateway accepts from the network goes through ProtocolDecoder
// first. It must answer every byte string with a command or an error, never crash, hang or leak.
#include "ProtocolDecoder.h"

#include <QUrlQuery>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const airdisplay::ProtocolDecoder decoder;
    const QByteArrayView input(reinterpret_cast<const char *>(data), qsizetype(size));
    const auto frame = decoder.decodeFrame(input);
    if (frame.ok() == frame.error.isError())
        __builtin_trap();
    decoder.decodeRestCommand(airdisplay::command::Submit{}, input, 1, 0);
    decoder.decodeRestCommand(airdisplay::command::Move{}, input, 1, 16777217);
    decoder.decodeRestCommand(airdisplay::command::Approve{}, input, 1, 16777217);
    decoder.decodeRestCommand(airdisplay::command::Reject{}, input, 1, 16777217);
    decoder.decodeBannersBody(input);
    decoder.decodeTokensBody(input);
    const QUrlQuery query(QString::fromUtf8(input));
    decoder.decodeBannerQuery(query);
    decoder.decodeEventQuery(query);
    airdisplay::ProtocolDecoder::parseBannerId(QString::fromUtf8(input));
    return 0;
}
