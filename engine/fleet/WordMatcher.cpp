#include "WordMatcher.h"

namespace airdisplay {

WordMatcher::WordMatcher(const QStringList &words)
{
    QStringList alternatives;
    for (const QString &word : words) {
        const QString normalized = word.normalized(QString::NormalizationForm_C).trimmed();
        if (!normalized.isEmpty())
            alternatives << QRegularExpression::escape(normalized);
    }
    if (alternatives.isEmpty())
        return;
    // Lookarounds rather than \b: \b fails next to a listed word that itself starts or ends with
    // punctuation.
    m_regex = QRegularExpression(QStringLiteral("(?<![\\p{L}\\p{N}_])(?:%1)(?![\\p{L}\\p{N}_])")
                                     .arg(alternatives.join(QLatin1Char('|'))),
                                 QRegularExpression::CaseInsensitiveOption
                                     | QRegularExpression::UseUnicodePropertiesOption);
    // Compiles now, on the configuring thread, instead of racing on first use in the workers.
    m_regex.optimize();
}

QString WordMatcher::findIn(const QString &text) const
{
    if (isEmpty())
        return {};
    const QRegularExpressionMatch match = m_regex.match(text);
    return match.hasMatch() ? match.captured(0) : QString();
}

} // namespace airdisplay
