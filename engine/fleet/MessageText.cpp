#include "MessageText.h"

namespace airdisplay {

namespace {

// Why a character is refused, or an empty string. Control characters (tabs and newlines included:
// a banner has one line), line/paragraph separators, unpaired surrogates (text that was not valid
// UTF-16) and U+FFFD (what a decoder puts in place of bad UTF-8) are refused; so are
// noncharacters.
QString invalidCharacter(const QString &text)
{
    const qsizetype n = text.size();
    for (qsizetype i = 0; i < n; ++i) {
        const QChar c = text.at(i);
        if (c.isHighSurrogate()) {
            if (i + 1 < n && text.at(i + 1).isLowSurrogate()) {
                const char32_t ucs = QChar::surrogateToUcs4(c, text.at(i + 1));
                if (QChar::isNonCharacter(ucs))
                    return QStringLiteral("a noncharacter");
                ++i;
                continue;
            }
            return QStringLiteral("an unpaired surrogate (bad encoding)");
        }
        if (c.isLowSurrogate())
            return QStringLiteral("an unpaired surrogate (bad encoding)");
        if (c.unicode() == 0xFFFD)
            return QStringLiteral("a replacement character (bad encoding)");
        if (c.isNonCharacter())
            return QStringLiteral("a noncharacter");
        switch (c.category()) {
        case QChar::Other_Control:
            return QStringLiteral("a control character (U+%1)").arg(c.unicode(), 4, 16, QLatin1Char('0')).toUpper();
        case QChar::Separator_Line:
        case QChar::Separator_Paragraph:
            return QStringLiteral("a line break");
        default:
            break;
        }
    }
    return {};
}

// Unicode's Default_Ignorable_Code_Point (DerivedCoreProperties.txt): code points a renderer shows
// as nothing, such as zero-width spaces and joiners, bidi marks, variation selectors and tags.
bool isDefaultIgnorable(char32_t c)
{
    return c == 0x00AD || c == 0x034F || c == 0x061C || (c >= 0x115F && c <= 0x1160) || (c >= 0x17B4 && c <= 0x17B5)
            || (c >= 0x180B && c <= 0x180F) || (c >= 0x200B && c <= 0x200F) || (c >= 0x202A && c <= 0x202E)
            || (c >= 0x2060 && c <= 0x206F) || c == 0x3164 || (c >= 0xFE00 && c <= 0xFE0F) || c == 0xFEFF
            || c == 0xFFA0 || (c >= 0xFFF0 && c <= 0xFFF8) || (c >= 0x1BCA0 && c <= 0x1BCA3)
            || (c >= 0x1D173 && c <= 0x1D17A) || (c >= 0xE0000 && c <= 0xE0FFF);
}

// Whether a banner would show nothing of text: only whitespace (any of Unicode's, NBSP included,
// and the blank Braille pattern, which renders as a space) and default-ignorable code points.
bool showsNothing(const QString &text)
{
    const qsizetype n = text.size();
    for (qsizetype i = 0; i < n; ++i) {
        char32_t c = text.at(i).unicode();
        // Pairs are whole here: invalidCharacter() refused unpaired surrogates.
        if (QChar::isHighSurrogate(c) && i + 1 < n) {
            c = QChar::surrogateToUcs4(text.at(i), text.at(i + 1));
            ++i;
        }
        if (!QChar::isSpace(c) && c != 0x2800 && !isDefaultIgnorable(c))
            return false; // nearly always at the first character
    }
    return true;
}

} // namespace

MessageText::MessageText(const FleetPolicy &policy)
    : m_maxLength(policy.maxTextLength), m_blocked(policy.blockedWords), m_flagged(policy.flaggedWords)
{
}

int MessageText::characterCount(const QString &text)
{
    int count = 0;
    const qsizetype n = text.size();
    for (qsizetype i = 0; i < n; ++i) {
        if (text.at(i).isHighSurrogate() && i + 1 < n && text.at(i + 1).isLowSurrogate())
            ++i;
        ++count;
    }
    return count;
}

MessageText::Check MessageText::validateNote(const QString &raw, const char *what, int maxLength)
{
    Check check;
    if (const QString why = invalidCharacter(raw); !why.isEmpty()) {
        check.error = FleetError(FleetError::Code::InvalidArgument,
                                 QStringLiteral("The %1 contains %2.").arg(QLatin1String(what), why));
        return check;
    }
    const QString text = raw.normalized(QString::NormalizationForm_C).trimmed();
    if (const int length = characterCount(text); length > maxLength) {
        check.error = FleetError(FleetError::Code::InvalidArgument,
                                 QStringLiteral("The %1 has %2 characters; at most %3 are allowed.")
                                     .arg(QLatin1String(what))
                                     .arg(length)
                                     .arg(maxLength));
        return check;
    }
    check.text = text;
    return check;
}

MessageText::Check MessageText::validate(const QString &raw) const
{
    Check check;
    // Checked before normalising: NFC of a string with unpaired surrogates is not meaningful.
    if (const QString why = invalidCharacter(raw); !why.isEmpty()) {
        check.error = FleetError(FleetError::Code::TextInvalid, QStringLiteral("The text contains %1.").arg(why));
        return check;
    }
    const QString text = raw.normalized(QString::NormalizationForm_C).trimmed();
    if (text.isEmpty()) {
        check.error = FleetError(FleetError::Code::TextEmpty, QStringLiteral("The text is empty."));
        return check;
    }
    if (showsNothing(text)) {
        check.error = FleetError(FleetError::Code::TextEmpty,
                                 QStringLiteral("The text has no visible character (only spaces or invisible ones)."));
        return check;
    }
    if (const int length = characterCount(text); length > m_maxLength) {
        check.error = FleetError(FleetError::Code::TextTooLong,
                                 QStringLiteral("The text has %1 characters; at most %2 are allowed.")
                                     .arg(length)
                                     .arg(m_maxLength));
        return check;
    }
    if (const QString word = m_blocked.findIn(text); !word.isEmpty()) {
        check.error = FleetError(FleetError::Code::TextBlocked,
                                 QStringLiteral("The text contains a blocked word: \"%1\".").arg(word));
        return check;
    }
    check.text = text;
    check.flagged = !m_flagged.findIn(text).isEmpty();
    return check;
}

} // namespace airdisplay
