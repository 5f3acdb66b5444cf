#pragma once

#include <QByteArray>
#include <QString>

namespace airdisplay {

// Appends a JSON object to a byte array as it goes. Every change of a banner commits an event
// whose payload is JSON; building a QJsonObject tree and serialising it cost several allocations
// per member, more than the rest of a submission's work on the actor's thread.
//
// Keys are ASCII literals written as given; string values are escaped as RFC 8259 requires.
class JsonWriter
{
public:
    explicit JsonWriter(QByteArray &out) : m_out(out) {}

    // Members written without a beginObject() first make a fragment ("a":1,"b":2) that another
    // writer's output can be spliced around.
    JsonWriter &beginObject();
    JsonWriter &endObject();
    // The key of the next value: an object begun next, or written by the caller's own writeJson().
    JsonWriter &key(const char *key);
    JsonWriter &field(const char *key, qint64 value);
    JsonWriter &field(const char *key, int value) { return field(key, qint64(value)); }
    JsonWriter &field(const char *key, bool value);
    JsonWriter &field(const char *key, const QString &value);

private:
    void string(const QString &value);

    QByteArray &m_out;
    bool m_needsComma = false;
};

} // namespace airdisplay
