#pragma once

#include "BannerRecord.h"
#include "BannerStatus.h"
#include "GatewayCommand.h"
#include "GeoBox.h"
#include "ProtocolError.h"
#include "ProtocolLimits.h"
#include "Role.h"

#include <QByteArrayView>
#include <QJsonObject>
#include <QList>
#include <QUrlQuery>

#include <optional>

namespace airdisplay {

// Turns untrusted bytes (a WebSocket text frame, a REST body or query) into a typed command, or
// into the protocol error that says what is wrong with them. Pure: no I/O, no engine, no state;
// safe from any thread and the target of the fuzzer. Message text is only type-checked here: its
// rules (length, control characters, blocked words) are the domain's, reported with its codes.
class ProtocolDecoder
{
public:
    template<typename T>
    struct Decoded
    {
        T value{};
        ProtocolError error;
        QJsonValue id; // the correlation id, when one could be read before the error
        bool ok() const { return !error.isError(); }
    };

    struct BannerQuery
    {
        QList<BannerStatus> statuses; // empty: any
        std::optional<GeoBox> box;
        qint64 afterId = 0;
        int limit = 100;
    };

    struct EventQuery
    {
        qint64 afterSeq = 0;
        int limit = 100;
        QList<qint64> banners; // empty: all
    };

    // POST /api/v1/tokens: one token of any role, or device tokens for a list of banners.
    struct TokenRequest
    {
        Role role = Role::Viewer;
        QList<qint64> bannerIds; // a device token per entry; empty for every other role
        QString label;
    };

    explicit ProtocolDecoder(ProtocolLimits limits = {});

    // A WebSocket frame: {"type": "...", "id": ..., fields of the type}.
    Decoded<GatewayCommand> decodeFrame(QByteArrayView utf8) const;

    // A REST command: the banner and the message (0 for none) come from the path, the command's
    // other fields from the body (a JSON object; an empty body for a command that has none).
    Decoded<GatewayCommand> decodeRestCommand(BannerCommand command, QByteArrayView body, qint64 bannerId,
                                              qint64 messageId) const;
    // {"banners":[{"id":1,"callsign":"BNR-00001"},...]}: ids distinct; callsign rules are the engine's.
    Decoded<QList<BannerRecord>> decodeBannersBody(QByteArrayView body) const;
    // {"role":"device","bannerIds":[1,2]} or {"role":R,"bannerId":ID,"label":"..."}.
    Decoded<TokenRequest> decodeTokensBody(QByteArrayView body) const;

    Decoded<BannerQuery> decodeBannerQuery(const QUrlQuery &query) const;
    Decoded<EventQuery> decodeEventQuery(const QUrlQuery &query) const;

    // A path segment as a banner or message id; std::nullopt if it is not one.
    static std::optional<qint64> parseBannerId(QStringView segment);
    static std::optional<qint64> parseMessageId(QStringView segment);

    const ProtocolLimits &limits() const { return m_limits; }

private:
    Decoded<QJsonObject> parseObject(QByteArrayView utf8) const;
    // The connection's own frame types.
    ProtocolError decodeFields(const QJsonObject &json, GatewayCommand &command) const;
    // A banner command's target and fields.
    ProtocolError decodeCommand(const QJsonObject &json, GatewayCommand &command) const;

    ProtocolLimits m_limits;
};

} // namespace airdisplay
