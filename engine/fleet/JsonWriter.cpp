#include "JsonWriter.h"

#include <charconv>

namespace airdisplay {

namespace {

void appendEscaped(QByteArray &out, char c)
{
    static constexpr char kHex[] = "0123456789abcdef";
    switch (c) {
    case '"': out.append("\\\"", 2); return;
    case '\\': out.append("\\\\", 2); return;
    case '\b': out.append("\\b", 2); return;
    case '\f': out.append("\\f", 2); return;
    case '\n': out.append("\\n", 2); return;
    case '\r': out.append("\\r", 2); return;
    case '\t': out.append("\\t", 2); return;
    default: break;
    }
    if (uchar(c) < 0x20) {
        const char escape[] = {'\\', 'u', '0', '0', kHex[uchar(c) >> 4], kHex[uchar(c) & 0xf]};
        out.append(escape, sizeof escape);
        return;
    }
    out.append(c);
}

} // namespace

JsonWriter &JsonWriter::beginObject()
{
    if (m_needsComma)
        m_out.append(',');
    m_out.append('{');
    m_needsComma = false;
    return *this;
}

JsonWriter &JsonWriter::endObject()
{
    m_out.append('}');
    m_needsComma = true;
    return *this;
}

JsonWriter &JsonWriter::field(const char *name, qint64 value)
{
    key(name);
    char digits[24];
    const auto [end, ec] = std::to_chars(digits, digits + sizeof digits, value);
    m_out.append(digits, end - digits);
    m_needsComma = true;
    return *this;
}

JsonWriter &JsonWriter::field(const char *name, bool value)
{
    key(name);
    m_out.append(value ? QByteArrayView("true") : QByteArrayView("false"));
    m_needsComma = true;
    return *this;
}

JsonWriter &JsonWriter::field(const char *name, const QString &value)
{
    key(name);
    string(value);
    m_needsComma = true;
    return *this;
}

JsonWriter &JsonWriter::key(const char *name)
{
    if (m_needsComma)
        m_out.append(',');
    m_out.append('"');
    m_out.append(name);
    m_out.append("\":", 2);
    m_needsComma = false;
    return *this;
}

void JsonWriter::string(const QString &value)
{
    m_out.append('"');
    // Texts, authors and request ids are nearly always ASCII: those skip the UTF-8 conversion.
    const char16_t *utf16 = reinterpret_cast<const char16_t *>(value.constData());
    const qsizetype size = value.size();
    qsizetype ascii = 0;
    while (ascii < size && utf16[ascii] < 0x80)
        ++ascii;
    if (ascii == size) {
        for (qsizetype i = 0; i < size; ++i)
            appendEscaped(m_out, char(utf16[i]));
    } else {
        // Multi-byte UTF-8 sequences never contain bytes below 0x80, so escaping bytewise is exact.
        for (const char c : value.toUtf8())
            appendEscaped(m_out, c);
    }
    m_out.append('"');
}

} // namespace airdisplay
