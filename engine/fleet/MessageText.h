#pragma once

#include "FleetError.h"
#include "FleetPolicy.h"
#include "WordMatcher.h"

#include <QString>

namespace airdisplay {

// Validates and normalises the text of a submission against the fleet's policy. Built once per
// policy (it compiles the word lists) and then used read-only from any thread.
class MessageText
{
public:
    struct Check
    {
        FleetError error;
        QString text;         // NFC, trimmed: what is stored and shown
        bool flagged = false; // contains a flagged word
    };

    explicit MessageText(const FleetPolicy &policy);

    Check validate(const QString &raw) const;

    // A dispatcher's free text shown to a customer (a rejection's reason): NFC and trimmed, at most
    // maxLength characters, no control characters. Empty is allowed (no reason given). Errors are
    // invalid_argument: it is not the message's text, whose codes a client reads as about its own.
    static Check validateNote(const QString &raw, const char *what, int maxLength);

    // Characters as the policy counts them: code points, so an emoji is one, not two UTF-16 units.
    static int characterCount(const QString &text);

private:
    int m_maxLength;
    WordMatcher m_blocked;
    WordMatcher m_flagged;
};

} // namespace airdisplay
