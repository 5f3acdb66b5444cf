#include "ProtocolDecoder.h"

#include "BannerState.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QStringDecoder>

#include <cmath>

namespace airdisplay {

namespace {

// The offset of the first control character (below U+0020) inside a JSON string, or -1. UTF-8
// continuation bytes are all above 0x7F, so the bytes can be scanned as they are.
qsizetype unescapedControlCharacter(QByteArrayView utf8)
{
    bool inString = false;
    for (qsizetype i = 0; i < utf8.size(); ++i) {
        const uchar c = uchar(utf8[i]);
        if (!inString) {
            inString = c == '"';
        } else if (c == '\\') {
            ++i; // the escaped character, whatever it is, is the parser's business
        } else if (c == '"') {
            inString = false;
        } else if (c < 0x20) {
            return i;
        }
    }
    return -1;
}

// Whether json is one JSON value that is not an object or array (RFC 8259 §2).
bool isScalarJson(const QByteArray &json)
{
    const QByteArray trimmed = json.trimmed();
    if (trimmed.isEmpty() || trimmed.startsWith('{') || trimmed.startsWith('['))
        return false;
    QJsonParseError error;
    const QJsonDocument wrapped = QJsonDocument::fromJson('[' + trimmed + ']', &error);
    return error.error == QJsonParseError::NoError && wrapped.array().size() == 1;
}

using Code = ProtocolError::Code;

// JSON numbers are doubles: integers are exact up to 2^53, which every id stays below.
constexpr double kMaxExactInteger = 9007199254740991.0;
constexpr qint64 kMaxMessageId = (BannerState::kMaxBannerId + 1) * BannerState::kMessagesPerBanner - 1;

ProtocolError missing(const QString &field)
{
    return {Code::MissingField, QStringLiteral("Field \"%1\" is required.").arg(field)};
}

ProtocolError wrongType(const QString &field, const char *expected)
{
    return {Code::WrongType, QStringLiteral("Field \"%1\" must be %2.").arg(field, QLatin1String(expected))};
}

// Reads an integer field within [min, max]. Absent: std::nullopt and no error unless required.
std::optional<qint64> integerField(const QJsonObject &json, const QString &field, qint64 min, qint64 max,
                                   bool required, ProtocolError &error)
{
    const QJsonValue v = json.value(field);
    if (v.isUndefined() || (!required && v.isNull())) {
        if (required)
            error = missing(field);
        return std::nullopt;
    }
    if (!v.isDouble()) {
        error = wrongType(field, "an integer");
        return std::nullopt;
    }
    const double d = v.toDouble();
    if (!std::isfinite(d) || std::floor(d) != d || std::fabs(d) > kMaxExactInteger || d < double(min) || d > double(max)) {
        error = {Code::OutOfRange, QStringLiteral("Field \"%1\" must be an integer from %2 to %3.").arg(field).arg(min).arg(max)};
        return std::nullopt;
    }
    return qint64(d);
}

std::optional<double> numberField(const QJsonObject &json, const QString &field, double min, double max,
                                  bool required, ProtocolError &error)
{
    const QJsonValue v = json.value(field);
    if (v.isUndefined()) {
        if (required)
            error = missing(field);
        return std::nullopt;
    }
    if (!v.isDouble()) {
        error = wrongType(field, "a number");
        return std::nullopt;
    }
    const double d = v.toDouble();
    if (!std::isfinite(d) || d < min || d > max) {
        error = {Code::OutOfRange, QStringLiteral("Field \"%1\" must be from %2 to %3.").arg(field).arg(min).arg(max)};
        return std::nullopt;
    }
    return d;
}

std::optional<QString> stringField(const QJsonObject &json, const QString &field, bool required, ProtocolError &error)
{
    const QJsonValue v = json.value(field);
    if (v.isUndefined()) {
        if (required)
            error = missing(field);
        return std::nullopt;
    }
    if (!v.isString()) {
        error = wrongType(field, "a string");
        return std::nullopt;
    }
    return v.toString();
}

std::optional<GeoBox> boxFromNumbers(const double (&n)[4], ProtocolError &error)
{
    const GeoBox box{n[0], n[1], n[2], n[3]};
    if (box.minLat < -90 || box.maxLat > 90 || box.minLat > box.maxLat || box.minLon < -180 || box.maxLon > 180
        || box.minLon > 180 || box.maxLon < -180) {
        error = {Code::OutOfRange,
                 QStringLiteral("A bounding box is minLat,minLon,maxLat,maxLon with latitudes from -90 to 90 "
                                "(min <= max) and longitudes from -180 to 180.")};
        return std::nullopt;
    }
    return box;
}

std::optional<int> queryInt(const QUrlQuery &query, const QString &key, int min, int max, ProtocolError &error)
{
    if (!query.hasQueryItem(key))
        return std::nullopt;
    bool ok = false;
    const qint64 v = query.queryItemValue(key).toLongLong(&ok);
    if (!ok || v < min || v > max) {
        error = {Code::OutOfRange, QStringLiteral("Parameter \"%1\" must be an integer from %2 to %3.").arg(key).arg(min).arg(max)};
        return std::nullopt;
    }
    return int(v);
}

std::optional<qint64> queryLong(const QUrlQuery &query, const QString &key, ProtocolError &error)
{
    if (!query.hasQueryItem(key))
        return std::nullopt;
    bool ok = false;
    const qint64 v = query.queryItemValue(key).toLongLong(&ok);
    if (!ok || v < 0 || double(v) > kMaxExactInteger) {
        error = {Code::OutOfRange, QStringLiteral("Parameter \"%1\" must be a non-negative integer.").arg(key)};
        return std::nullopt;
    }
    return v;
}

std::optional<qint64> parseId(QStringView segment, qint64 max)
{
    // Digits only: toLongLong would also take "+5", " 5" or "0x5".
    if (segment.isEmpty() || segment.size() > 18)
        return std::nullopt;
    for (QChar c : segment) {
        if (c < u'0' || c > u'9')
            return std::nullopt;
    }
    const qint64 v = segment.toLongLong();
    if (v < 1 || v > max)
        return std::nullopt;
    return v;
}

} // namespace

ProtocolDecoder::ProtocolDecoder(ProtocolLimits limits) : m_limits(limits) {}

std::optional<qint64> ProtocolDecoder::parseBannerId(QStringView segment)
{
    return parseId(segment, BannerState::kMaxBannerId);
}

std::optional<qint64> ProtocolDecoder::parseMessageId(QStringView segment)
{
    return parseId(segment, kMaxMessageId);
}

ProtocolDecoder::Decoded<QJsonObject> ProtocolDecoder::parseObject(QByteArrayView utf8) const
{
    Decoded<QJsonObject> d;
    if (utf8.size() > m_limits.maxFrameBytes) {
        d.error = {Code::TooLarge, QStringLiteral("The input has %1 bytes; at most %2 are accepted.")
                                       .arg(utf8.size()).arg(m_limits.maxFrameBytes)};
        return d;
    }
    // Checked separately because the JSON parser would turn bad bytes into U+FFFD inside strings.
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString text = decoder.decode(utf8);
    if (decoder.hasError()) {
        d.error = {Code::InvalidUtf8, QStringLiteral("The input is not valid UTF-8.")};
        return d;
    }
    // Qt's parser takes a raw control character inside a string; RFC 8259 §7 does not.
    if (const qsizetype at = unescapedControlCharacter(utf8); at >= 0) {
        d.error = {Code::InvalidJson,
                   QStringLiteral("Invalid JSON at offset %1: a control character inside a string must be escaped.").arg(at)};
        return d;
    }
    QJsonParseError parseError;
    const QByteArray json = text.toUtf8();
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        // Qt's parser refuses a lone string, number, true, false or null at the top; RFC 8259
        // allows them, so they are JSON, just not an object.
        if (isScalarJson(json)) {
            d.error = {Code::NotAnObject, QStringLiteral("The input must be a JSON object.")};
            return d;
        }
        d.error = {Code::InvalidJson, QStringLiteral("Invalid JSON at offset %1: %2.")
                                          .arg(parseError.offset).arg(parseError.errorString())};
        return d;
    }
    if (!doc.isObject()) {
        d.error = {Code::NotAnObject, QStringLiteral("The input must be a JSON object.")};
        return d;
    }
    d.value = doc.object();
    return d;
}

ProtocolDecoder::Decoded<GatewayCommand> ProtocolDecoder::decodeFrame(QByteArrayView utf8) const
{
    Decoded<GatewayCommand> d;
    Decoded<QJsonObject> parsed = parseObject(utf8);
    if (!parsed.ok()) {
        d.error = parsed.error;
        return d;
    }
    const QJsonObject &json = parsed.value;

    const QJsonValue id = json.value(QStringLiteral("id"));
    if (!id.isUndefined()) {
        if (id.isString() && id.toString().size() <= m_limits.maxCorrelationId)
            d.id = id;
        else if (id.isDouble() && std::isfinite(id.toDouble()))
            d.id = id;
        else {
            d.error = {Code::WrongType, QStringLiteral("Field \"id\" must be a number or a string of at most %1 characters.")
                                            .arg(m_limits.maxCorrelationId)};
            return d;
        }
    }
    d.value.id = d.id;

    const QJsonValue type = json.value(QStringLiteral("type"));
    if (type.isUndefined()) {
        d.error = missing(QStringLiteral("type"));
        return d;
    }
    if (!type.isString()) {
        d.error = wrongType(QStringLiteral("type"), "a string");
        return d;
    }
    if (std::optional<BannerCommand> command = commandFromName(type.toString())) {
        d.value.type = GatewayCommand::Type::Banner;
        d.value.command = std::move(*command);
        d.error = decodeCommand(json, d.value);
        return d;
    }
    const std::optional<GatewayCommand::Type> t = GatewayCommand::connectionTypeFromName(type.toString());
    if (!t) {
        d.error = {Code::UnknownType, QStringLiteral("Unknown frame type \"%1\".").arg(type.toString().left(64))};
        return d;
    }
    d.value.type = *t;
    d.error = decodeFields(json, d.value);
    return d;
}

namespace {

// The fields a command has besides its target; most have none.
template<typename Command>
void decodeCommandFields(const QJsonObject &, Command &, ProtocolError &)
{
}

void decodeCommandFields(const QJsonObject &json, command::Submit &c, ProtocolError &e)
{
    if (auto v = stringField(json, QStringLiteral("text"), true, e))
        c.text = *v;
    if (e.isError())
        return;
    if (auto v = stringField(json, QStringLiteral("requestId"), true, e))
        c.requestId = *v;
}

void decodeCommandFields(const QJsonObject &json, command::Move &c, ProtocolError &e)
{
    if (auto v = integerField(json, QStringLiteral("position"), 1, 1'000'000, true, e))
        c.position = int(*v);
}

// Only type-checked, as a text is: its length and characters are the domain's rules, so the
// console's rejections meet them too.
void decodeCommandFields(const QJsonObject &json, command::Reject &c, ProtocolError &e)
{
    const QJsonValue v = json.value(QStringLiteral("reason"));
    if (v.isNull())
        return;
    if (auto reason = stringField(json, QStringLiteral("reason"), false, e))
        c.reason = *reason;
}

} // namespace

ProtocolError ProtocolDecoder::decodeCommand(const QJsonObject &json, GatewayCommand &g) const
{
    ProtocolError e;
    std::visit(
        [&](auto &c) {
            using Command = std::decay_t<decltype(c)>;
            if constexpr (Command::target == CommandTarget::Banner) {
                if (auto v = integerField(json, QStringLiteral("bannerId"), 1, BannerState::kMaxBannerId, true, e))
                    g.bannerId = *v;
            } else if constexpr (Command::target == CommandTarget::Message) {
                if (auto v = integerField(json, QStringLiteral("messageId"), 1, kMaxMessageId, true, e)) {
                    c.messageId = *v;
                    g.bannerId = BannerState::bannerOfMessage(*v);
                }
            }
            // CommandTarget::Device: the session fills in the banner its token is bound to.
            if (!e.isError())
                decodeCommandFields(json, c, e);
        },
        g.command);
    return e;
}

ProtocolError ProtocolDecoder::decodeFields(const QJsonObject &json, GatewayCommand &c) const
{
    using Type = GatewayCommand::Type;
    ProtocolError e;
    switch (c.type) {
    case Type::Auth:
        if (auto v = stringField(json, QStringLiteral("token"), true, e))
            c.token = *v;
        break;
    case Type::Unsubscribe:
    case Type::Ping:
    case Type::Banner: // decodeCommand
        break;
    case Type::Subscribe: {
        const QJsonValue banners = json.value(QStringLiteral("banners"));
        if (banners.isArray()) {
            const QJsonArray ids = banners.toArray();
            if (ids.size() > m_limits.maxSubscribedBanners)
                return {Code::TooLarge, QStringLiteral("At most %1 banners per subscription.").arg(m_limits.maxSubscribedBanners)};
            if (ids.isEmpty())
                return {Code::OutOfRange, QStringLiteral("Field \"banners\" must not be an empty list; use \"all\".")};
            for (const QJsonValue &v : ids) {
                const double d = v.toDouble(-1);
                if (!v.isDouble() || std::floor(d) != d || d < 1 || d > double(BannerState::kMaxBannerId))
                    return {Code::OutOfRange, QStringLiteral("Field \"banners\" must hold banner ids.")};
                c.filter.banners.insert(qint64(d));
            }
        } else if (!banners.isUndefined() && banners != QJsonValue(QStringLiteral("all"))) {
            return wrongType(QStringLiteral("banners"), "\"all\" or a list of banner ids");
        }
        const QJsonValue bbox = json.value(QStringLiteral("bbox"));
        if (!bbox.isUndefined()) {
            const QJsonArray a = bbox.toArray();
            if (!bbox.isArray() || a.size() != 4)
                return wrongType(QStringLiteral("bbox"), "[minLat, minLon, maxLat, maxLon]");
            double n[4];
            for (int i = 0; i < 4; ++i) {
                if (!a.at(i).isDouble())
                    return wrongType(QStringLiteral("bbox"), "[minLat, minLon, maxLat, maxLon]");
                n[i] = a.at(i).toDouble();
            }
            c.filter.box = boxFromNumbers(n, e);
        }
        if (!e.isError())
            c.filter.afterSeq = integerField(json, QStringLiteral("fromSeq"), 0, qint64(kMaxExactInteger), false, e);
        if (const QJsonValue batch = json.value(QStringLiteral("batch")); !batch.isUndefined()) {
            if (!batch.isBool())
                return wrongType(QStringLiteral("batch"), "true or false");
            c.filter.batch = batch.toBool();
        }
        break;
    }
    case Type::Hello:
        c.showing = integerField(json, QStringLiteral("showing"), 1, kMaxMessageId, false, e);
        break;
    case Type::Telemetry: {
        TelemetryRecord &t = c.telemetry;
        if (auto v = numberField(json, QStringLiteral("lat"), -90, 90, true, e))
            t.latitude = *v;
        if (e.isError())
            break;
        if (auto v = numberField(json, QStringLiteral("lon"), -180, 180, true, e))
            t.longitude = *v;
        if (e.isError())
            break;
        if (auto v = numberField(json, QStringLiteral("heading"), 0, 360, false, e))
            t.headingDeg = *v;
        if (e.isError())
            break;
        if (auto v = numberField(json, QStringLiteral("speed"), 0, 1000, false, e))
            t.speedKnots = *v;
        if (e.isError())
            break;
        if (auto v = numberField(json, QStringLiteral("altitude"), -2000, 60000, false, e))
            t.altitudeFt = *v;
        if (e.isError())
            break;
        if (auto v = numberField(json, QStringLiteral("battery"), 0, 100, false, e))
            t.batteryPercent = *v;
        break;
    }
    }
    return e;
}

ProtocolDecoder::Decoded<GatewayCommand> ProtocolDecoder::decodeRestCommand(BannerCommand command, QByteArrayView body,
                                                                    qint64 bannerId, qint64 messageId) const
{
    Decoded<GatewayCommand> d;
    QJsonObject json;
    if (!body.trimmed().isEmpty()) {
        Decoded<QJsonObject> parsed = parseObject(body);
        if (!parsed.ok()) {
            d.error = parsed.error;
            return d;
        }
        json = std::move(parsed.value);
    }
    // The path names the banner and the message; the body only the command's other fields.
    json.insert(QStringLiteral("bannerId"), double(bannerId));
    if (messageId != 0)
        json.insert(QStringLiteral("messageId"), double(messageId));
    d.value.type = GatewayCommand::Type::Banner;
    d.value.command = std::move(command);
    d.error = decodeCommand(json, d.value);
    d.value.bannerId = bannerId;
    return d;
}

ProtocolDecoder::Decoded<QList<BannerRecord>> ProtocolDecoder::decodeBannersBody(QByteArrayView body) const
{
    Decoded<QList<BannerRecord>> d;
    Decoded<QJsonObject> parsed = parseObject(body);
    if (!parsed.ok()) {
        d.error = parsed.error;
        return d;
    }
    const QJsonValue list = parsed.value.value(QStringLiteral("banners"));
    if (list.isUndefined()) {
        d.error = missing(QStringLiteral("banners"));
        return d;
    }
    if (!list.isArray()) {
        d.error = wrongType(QStringLiteral("banners"), "an array");
        return d;
    }
    const QJsonArray banners = list.toArray();
    if (banners.isEmpty() || banners.size() > m_limits.maxProvisionBatch) {
        d.error = {Code::OutOfRange, QStringLiteral("Field \"banners\" must list 1 to %1 banners.").arg(m_limits.maxProvisionBatch)};
        return d;
    }
    QSet<qint64> seen;
    for (const QJsonValue &entry : banners) {
        if (!entry.isObject()) {
            d.error = wrongType(QStringLiteral("banners[]"), "an object");
            return d;
        }
        BannerRecord record;
        if (auto id = integerField(entry.toObject(), QStringLiteral("id"), 1, BannerState::kMaxBannerId, true, d.error))
            record.id = *id;
        if (d.error.isError())
            return d;
        if (auto callsign = stringField(entry.toObject(), QStringLiteral("callsign"), true, d.error))
            record.callsign = *callsign;
        if (d.error.isError())
            return d;
        if (seen.contains(record.id)) {
            d.error = {Code::OutOfRange, QStringLiteral("Banner %1 is listed twice.").arg(record.id)};
            return d;
        }
        seen.insert(record.id);
        d.value.append(record);
    }
    return d;
}

ProtocolDecoder::Decoded<ProtocolDecoder::TokenRequest> ProtocolDecoder::decodeTokensBody(QByteArrayView body) const
{
    Decoded<TokenRequest> d;
    Decoded<QJsonObject> parsed = parseObject(body);
    if (!parsed.ok()) {
        d.error = parsed.error;
        return d;
    }
    const QJsonObject &json = parsed.value;
    const std::optional<QString> roleText = stringField(json, QStringLiteral("role"), true, d.error);
    if (!roleText)
        return d;
    const std::optional<Role> role = roleFromName(*roleText);
    if (!role) {
        d.error = {Code::OutOfRange, QStringLiteral("Unknown role \"%1\".").arg(roleText->left(32))};
        return d;
    }
    d.value.role = *role;
    if (auto label = stringField(json, QStringLiteral("label"), false, d.error))
        d.value.label = *label;
    if (d.error.isError())
        return d;

    const bool hasList = json.contains(QStringLiteral("bannerIds"));
    const bool hasOne = json.contains(QStringLiteral("bannerId"));
    if (*role != Role::Device) {
        if (hasList || hasOne)
            d.error = {Code::OutOfRange, QStringLiteral("Only device tokens are bound to a banner.")};
        return d;
    }
    if (hasList == hasOne) {
        d.error = hasList ? ProtocolError{Code::OutOfRange, QStringLiteral("Give \"bannerId\" or \"bannerIds\", not both.")}
                          : missing(QStringLiteral("bannerIds"));
        return d;
    }
    if (hasOne) {
        if (auto id = integerField(json, QStringLiteral("bannerId"), 1, BannerState::kMaxBannerId, true, d.error))
            d.value.bannerIds.append(*id);
        return d;
    }
    const QJsonValue list = json.value(QStringLiteral("bannerIds"));
    if (!list.isArray()) {
        d.error = wrongType(QStringLiteral("bannerIds"), "an array");
        return d;
    }
    const QJsonArray ids = list.toArray();
    if (ids.isEmpty() || ids.size() > m_limits.maxProvisionBatch) {
        d.error = {Code::OutOfRange, QStringLiteral("Field \"bannerIds\" must list 1 to %1 banners.").arg(m_limits.maxProvisionBatch)};
        return d;
    }
    for (const QJsonValue &v : ids) {
        // integerField reads objects: wrap each entry to share its checks.
        if (auto id = integerField(QJsonObject{{QStringLiteral("bannerIds[]"), v}}, QStringLiteral("bannerIds[]"), 1,
                                   BannerState::kMaxBannerId, true, d.error))
            d.value.bannerIds.append(*id);
        if (d.error.isError())
            return d;
    }
    return d;
}

ProtocolDecoder::Decoded<ProtocolDecoder::BannerQuery> ProtocolDecoder::decodeBannerQuery(const QUrlQuery &query) const
{
    Decoded<BannerQuery> d;
    if (query.hasQueryItem(QStringLiteral("status"))) {
        const QStringList names = query.queryItemValue(QStringLiteral("status")).split(u',');
        for (const QString &name : names) {
            const std::optional<BannerStatus> s = bannerStatusFromName(name);
            if (!s) {
                d.error = {Code::OutOfRange, QStringLiteral("Unknown banner status \"%1\".").arg(name.left(32))};
                return d;
            }
            d.value.statuses.append(*s);
        }
    }
    if (query.hasQueryItem(QStringLiteral("bbox"))) {
        const QStringList parts = query.queryItemValue(QStringLiteral("bbox")).split(u',');
        double n[4];
        bool ok = parts.size() == 4;
        for (int i = 0; ok && i < 4; ++i) {
            n[i] = parts.at(i).toDouble(&ok);
            ok = ok && std::isfinite(n[i]);
        }
        if (!ok) {
            // A query parameter has no JSON type: a malformed one is out of range (protocol.md).
            d.error = {Code::OutOfRange, QStringLiteral("bbox must be four numbers: minLat,minLon,maxLat,maxLon.")};
            return d;
        }
        d.value.box = boxFromNumbers(n, d.error);
        if (d.error.isError())
            return d;
    }
    if (auto v = queryLong(query, QStringLiteral("after"), d.error))
        d.value.afterId = *v;
    if (d.error.isError())
        return d;
    if (auto v = queryInt(query, QStringLiteral("limit"), 1, m_limits.maxPageSize, d.error))
        d.value.limit = *v;
    return d;
}

ProtocolDecoder::Decoded<ProtocolDecoder::EventQuery> ProtocolDecoder::decodeEventQuery(const QUrlQuery &query) const
{
    Decoded<EventQuery> d;
    if (auto v = queryLong(query, QStringLiteral("after"), d.error))
        d.value.afterSeq = *v;
    if (d.error.isError())
        return d;
    if (auto v = queryInt(query, QStringLiteral("limit"), 1, m_limits.maxPageSize, d.error))
        d.value.limit = *v;
    if (d.error.isError())
        return d;
    if (query.hasQueryItem(QStringLiteral("banner"))) {
        const QStringList ids = query.queryItemValue(QStringLiteral("banner")).split(u',');
        if (ids.size() > m_limits.maxPageSize) {
            d.error = {Code::TooLarge, QStringLiteral("At most %1 banners per query.").arg(m_limits.maxPageSize)};
            return d;
        }
        for (const QString &s : ids) {
            const std::optional<qint64> id = parseBannerId(s);
            if (!id) {
                d.error = {Code::OutOfRange, QStringLiteral("Parameter \"banner\" must hold banner ids.")};
                return d;
            }
            d.value.banners.append(*id);
        }
    }
    return d;
}

} // namespace airdisplay
