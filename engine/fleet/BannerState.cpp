#include "BannerState.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <string>

namespace airdisplay {

namespace {

// The first byte of the binary form. A JSON state starts with '{', so the two never mix up; a
// later layout gets the next number and decode() keeps reading this one.
constexpr char kFormatV1 = 1;

constexpr quint8 kPaused = 0x01;
constexpr quint8 kHasCurrent = 0x02;

constexpr quint8 kHasStarted = 0x01;
constexpr quint8 kHasEndsAt = 0x02;
constexpr quint8 kHasEnded = 0x04;

// --- writing ------------------------------------------------------------------------------------

// Zigzag varints: ids and sequence numbers take a byte or three, epoch milliseconds six, and an
// injected test clock's negative times still round-trip.
void putInt(std::string &out, qint64 value)
{
    quint64 v = (quint64(value) << 1) ^ quint64(value >> 63);
    while (v >= 0x80) {
        out.push_back(char(v | 0x80));
        v >>= 7;
    }
    out.push_back(char(v));
}

void putByte(std::string &out, quint8 value)
{
    out.push_back(char(value));
}

// Authors, request ids and texts are nearly always ASCII: those are copied without a temporary
// UTF-8 buffer.
void putString(std::string &out, const QString &s)
{
    const char16_t *utf16 = reinterpret_cast<const char16_t *>(s.constData());
    const qsizetype size = s.size();
    qsizetype i = 0;
    while (i < size && utf16[i] < 0x80)
        ++i;
    if (i == size) {
        putInt(out, size);
        const size_t at = out.size();
        out.resize(at + size_t(size));
        for (qsizetype j = 0; j < size; ++j)
            out[at + size_t(j)] = char(utf16[j]);
        return;
    }
    const QByteArray utf8 = s.toUtf8();
    putInt(out, utf8.size());
    out.append(utf8.constData(), size_t(utf8.size()));
}

void putMessage(std::string &out, const BannerMessage &m)
{
    putInt(out, m.id);
    putString(out, m.text);
    putString(out, m.author);
    putString(out, m.requestId);
    putByte(out, quint8(m.status));
    putInt(out, m.submittedMs);
    putByte(out, quint8((m.startedMs ? kHasStarted : 0) | (m.endsAtMs ? kHasEndsAt : 0) | (m.endedMs ? kHasEnded : 0)));
    for (const std::optional<qint64> &ms : {m.startedMs, m.endsAtMs, m.endedMs}) {
        if (ms)
            putInt(out, *ms);
    }
}

// --- reading ------------------------------------------------------------------------------------
// Each reader advances p and returns false on a truncated or malformed payload.

bool takeInt(const char *&p, const char *end, qint64 &value)
{
    quint64 v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
        if (p == end)
            return false;
        const quint8 byte = quint8(*p++);
        v |= quint64(byte & 0x7f) << shift;
        if (!(byte & 0x80)) {
            value = qint64(v >> 1) ^ -qint64(v & 1);
            return true;
        }
    }
    return false;
}

bool takeByte(const char *&p, const char *end, quint8 &value)
{
    if (p == end)
        return false;
    value = quint8(*p++);
    return true;
}

bool takeString(const char *&p, const char *end, QString &s)
{
    qint64 size = 0;
    if (!takeInt(p, end, size) || size < 0 || size > end - p)
        return false;
    s = QString::fromUtf8(p, qsizetype(size));
    p += size;
    return true;
}

// A count of items that each take at least one byte: a corrupt count cannot make us reserve
// more than the payload could hold.
bool takeCount(const char *&p, const char *end, qsizetype &count)
{
    qint64 n = 0;
    if (!takeInt(p, end, n) || n < 0 || n > end - p)
        return false;
    count = qsizetype(n);
    return true;
}

bool takeOptional(const char *&p, const char *end, quint8 mask, quint8 bit, std::optional<qint64> &ms)
{
    if (!(mask & bit))
        return true;
    qint64 v = 0;
    if (!takeInt(p, end, v))
        return false;
    ms = v;
    return true;
}

bool takeMessage(const char *&p, const char *end, BannerMessage &m)
{
    quint8 status = 0;
    quint8 mask = 0;
    if (!takeInt(p, end, m.id) || !takeString(p, end, m.text) || !takeString(p, end, m.author)
        || !takeString(p, end, m.requestId) || !takeByte(p, end, status)
        || status > quint8(BannerMessage::Status::Interrupted) || !takeInt(p, end, m.submittedMs)
        || !takeByte(p, end, mask))
        return false;
    m.status = BannerMessage::Status(status);
    return takeOptional(p, end, mask, kHasStarted, m.startedMs) && takeOptional(p, end, mask, kHasEndsAt, m.endsAtMs)
            && takeOptional(p, end, mask, kHasEnded, m.endedMs);
}

// How far decodeV1 reads: all of it, or only what summary() needs.
enum class Extent { Whole, Summary };

std::optional<BannerState> decodeV1(const char *p, const char *end, Extent extent = Extent::Whole)
{
    BannerState s;
    quint8 flags = 0;
    if (!takeInt(p, end, s.bannerId) || !takeInt(p, end, s.nextSeq) || !takeInt(p, end, s.nextMessage)
        || !takeByte(p, end, flags) || !takeString(p, end, s.callsign))
        return std::nullopt;
    s.paused = flags & kPaused;
    if (flags & kHasCurrent) {
        BannerMessage current;
        if (!takeMessage(p, end, current))
            return std::nullopt;
        s.current = std::move(current);
    }
    qsizetype count = 0;
    if (!takeCount(p, end, count))
        return std::nullopt;
    s.queue.resize(count);
    for (BannerMessage &m : s.queue) {
        if (!takeMessage(p, end, m))
            return std::nullopt;
    }
    if (extent == Extent::Summary)
        return s;
    if (!takeCount(p, end, count))
        return std::nullopt;
    s.accepted.resize(count);
    for (BannerState::Accepted &a : s.accepted) {
        qint64 position = 0;
        if (!takeString(p, end, a.author) || !takeString(p, end, a.requestId) || !takeString(p, end, a.text)
            || !takeInt(p, end, a.messageId) || !takeInt(p, end, position) || !takeInt(p, end, a.estimatedStartMs))
            return std::nullopt;
        a.position = int(position);
    }
    if (p != end)
        return std::nullopt;
    return s;
}

// The form states were stored in before the binary one.
std::optional<BannerState> decodeJson(const QByteArray &payload)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(payload, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return std::nullopt;
    const QJsonObject json = doc.object();
    if (!json.value(QLatin1String("bannerId")).isDouble())
        return std::nullopt;
    BannerState s;
    s.bannerId = qint64(json.value(QLatin1String("bannerId")).toDouble());
    s.callsign = json.value(QLatin1String("callsign")).toString();
    s.nextSeq = qint64(json.value(QLatin1String("nextSeq")).toDouble(1));
    s.nextMessage = qint64(json.value(QLatin1String("nextMessage")).toDouble(1));
    s.paused = json.value(QLatin1String("paused")).toBool();
    if (const QJsonValue current = json.value(QLatin1String("current")); current.isObject()) {
        s.current = BannerMessage::fromJson(current.toObject());
        if (!s.current)
            return std::nullopt;
    }
    for (const QJsonValue &v : json.value(QLatin1String("queue")).toArray()) {
        auto m = BannerMessage::fromJson(v.toObject());
        if (!m)
            return std::nullopt;
        s.queue.append(*m);
    }
    for (const QJsonValue &v : json.value(QLatin1String("accepted")).toArray()) {
        const QJsonObject a = v.toObject();
        s.accepted.append({a.value(QLatin1String("a")).toString(), a.value(QLatin1String("r")).toString(),
                           a.value(QLatin1String("t")).toString(), qint64(a.value(QLatin1String("m")).toDouble()),
                           a.value(QLatin1String("p")).toInt(), qint64(a.value(QLatin1String("s")).toDouble())});
    }
    return s;
}

} // namespace

QByteArray BannerState::encode() const
{
    // Built in a per-thread buffer that keeps its capacity, then copied out at its exact size: one
    // allocation per state instead of one per growth step.
    thread_local std::string out;
    out.clear();
    out.push_back(kFormatV1);
    putInt(out, bannerId);
    putInt(out, nextSeq);
    putInt(out, nextMessage);
    putByte(out, quint8((paused ? kPaused : 0) | (current ? kHasCurrent : 0)));
    putString(out, callsign);
    if (current)
        putMessage(out, *current);
    putInt(out, queue.size());
    for (const BannerMessage &m : queue)
        putMessage(out, m);
    // The legacy idempotency window's count, always 0 now: the layout stays the one decodeV1 reads.
    putInt(out, 0);
    return QByteArray(out.data(), qsizetype(out.size()));
}

std::optional<BannerState> BannerState::decode(const QByteArray &payload)
{
    if (payload.startsWith(kFormatV1))
        return decodeV1(payload.constData() + 1, payload.constData() + payload.size());
    return decodeJson(payload);
}

std::optional<BannerSummary> BannerState::decodeSummary(const QByteArray &payload, bool linkUp)
{
    const std::optional<BannerState> state =
            payload.startsWith(kFormatV1)
            ? decodeV1(payload.constData() + 1, payload.constData() + payload.size(), Extent::Summary)
            : decodeJson(payload);
    if (!state)
        return std::nullopt;
    return state->summary(linkUp);
}

BannerStatus BannerState::status(bool linkUp) const
{
    if (!linkUp)
        return BannerStatus::Offline;
    if (current && current->status == BannerMessage::Status::Displaying)
        return BannerStatus::Displaying;
    if (current)
        return BannerStatus::Queued;
    bool held = false;
    for (const BannerMessage &m : queue) {
        if (m.status == BannerMessage::Status::Queued)
            return BannerStatus::Queued;
        held = true;
    }
    return held ? BannerStatus::PendingReview : BannerStatus::Idle;
}

BannerSummary BannerState::summary(bool linkUp) const
{
    BannerSummary s;
    s.status = status(linkUp);
    s.queueLength = int(queue.size());
    s.paused = paused;
    s.linkUp = linkUp;
    if (current) {
        s.currentMessageId = current->id;
        s.currentText = current->text;
    }
    return s;
}

} // namespace airdisplay
