#pragma once

#include <QRegularExpression>
#include <QStringList>

namespace airdisplay {

// Finds whole words or phrases of a list in a text, ignoring case. "ass" matches "Ass!" but not
// "class": a word is bounded by anything that is not a letter, digit or underscore.
class WordMatcher
{
public:
    WordMatcher() = default;
    explicit WordMatcher(const QStringList &words);

    bool isEmpty() const { return !m_regex.isValid() || m_regex.pattern().isEmpty(); }
    // The first listed word found in text, or an empty string.
    QString findIn(const QString &text) const;

private:
    QRegularExpression m_regex;
};

} // namespace airdisplay
