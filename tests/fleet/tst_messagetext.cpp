#include "MessageText.h"

#include <QtTest>

using namespace airdisplay;

class tst_MessageText : public QObject
{
    Q_OBJECT

private:
    static FleetError::Code codeOf(const MessageText &text, const QString &raw) { return text.validate(raw).error.code(); }

private slots:
    void acceptsAndNormalises()
    {
        const MessageText text{FleetPolicy{}};
        const MessageText::Check check = text.validate(QStringLiteral("  Happy birthday, Anna!  "));
        QVERIFY(!check.error.isError());
        QCOMPARE(check.text, QStringLiteral("Happy birthday, Anna!"));
        // "e" + combining acute becomes the single precomposed character.
        const MessageText::Check nfc = text.validate(QStringLiteral("Cafe\u0301"));
        QCOMPARE(nfc.text, QStringLiteral("Caf\u00e9"));
        QCOMPARE(MessageText::characterCount(nfc.text), 4);
    }

    void empty()
    {
        const MessageText text{FleetPolicy{}};
        QCOMPARE(codeOf(text, QString()), FleetError::Code::TextEmpty);
        QCOMPARE(codeOf(text, QStringLiteral("   ")), FleetError::Code::TextEmpty);
        // Nothing visible is as empty as nothing at all: whitespace of any kind and the
        // default-ignorable code points alike.
        for (const QString &invisible : {QStringLiteral("\u200b\u200b"), QStringLiteral("\u00a0\u00a0"),
                                         QStringLiteral("\u2060\ufeff\u200d"), QStringLiteral("\u3000\u2800"),
                                         QStringLiteral("\u00ad\u034f\ufe0f"), QStringLiteral("\U000E0041\u202e")})
            QVERIFY2(codeOf(text, invisible) == FleetError::Code::TextEmpty, qPrintable(invisible));
        // Invisible characters beside visible ones are left alone (a joined emoji, a soft hyphen).
        QVERIFY(!text.validate(QStringLiteral("\U0001F469\u200d\U0001F680")).error.isError());
        QVERIFY(!text.validate(QStringLiteral("Luft\u00adballon")).error.isError());
    }

    void lengthCountsCharactersAfterNfc()
    {
        FleetPolicy policy;
        policy.maxTextLength = 5;
        const MessageText text{policy};
        QCOMPARE(codeOf(text, QStringLiteral("12345")), FleetError::Code::None);
        QCOMPARE(codeOf(text, QStringLiteral("123456")), FleetError::Code::TextTooLong);
        // Five characters in NFC although ten UTF-16 units before it.
        QCOMPARE(codeOf(text, QStringLiteral("e\u0301e\u0301e\u0301e\u0301e\u0301")), FleetError::Code::None);
        // An emoji is one character (two UTF-16 units).
        QCOMPARE(codeOf(text, QStringLiteral("1234\U0001F600")), FleetError::Code::None);
        QCOMPARE(codeOf(text, QStringLiteral("12345\U0001F600")), FleetError::Code::TextTooLong);
        const MessageText standard{FleetPolicy{}};
        QCOMPARE(codeOf(standard, QString(64, QLatin1Char('x'))), FleetError::Code::None);
        QCOMPARE(codeOf(standard, QString(65, QLatin1Char('x'))), FleetError::Code::TextTooLong);
    }

    void invalidCharacters()
    {
        const MessageText text{FleetPolicy{}};
        QCOMPARE(codeOf(text, QStringLiteral("line\nbreak")), FleetError::Code::TextInvalid);
        QCOMPARE(codeOf(text, QStringLiteral("tab\there")), FleetError::Code::TextInvalid);
        QCOMPARE(codeOf(text, QStringLiteral("bell\u0007")), FleetError::Code::TextInvalid);
        QCOMPARE(codeOf(text, QStringLiteral("del\u007f")), FleetError::Code::TextInvalid);
        QCOMPARE(codeOf(text, QStringLiteral("sep\u2028")), FleetError::Code::TextInvalid);
        QString unpairedHigh = QStringLiteral("ab");
        unpairedHigh.insert(1, QChar(0xD800));
        QCOMPARE(codeOf(text, unpairedHigh), FleetError::Code::TextInvalid);
        QString unpairedLow = QStringLiteral("ab");
        unpairedLow.append(QChar(0xDC00));
        QCOMPARE(codeOf(text, unpairedLow), FleetError::Code::TextInvalid);
        // Bad UTF-8 decodes to U+FFFD.
        QCOMPARE(codeOf(text, QString::fromUtf8("bad \xff\xfe bytes")), FleetError::Code::TextInvalid);
        QCOMPARE(codeOf(text, QStringLiteral("non\uffff")), FleetError::Code::TextInvalid);
    }

    void blockedWordsAreWholeWordsIgnoringCase()
    {
        FleetPolicy policy;
        policy.blockedWords = {QStringLiteral("spam"), QStringLiteral("bad word")};
        const MessageText text{policy};
        QCOMPARE(codeOf(text, QStringLiteral("Buy SPAM now")), FleetError::Code::TextBlocked);
        QCOMPARE(codeOf(text, QStringLiteral("spam!")), FleetError::Code::TextBlocked);
        QCOMPARE(codeOf(text, QStringLiteral("a Bad Word here")), FleetError::Code::TextBlocked);
        QCOMPARE(codeOf(text, QStringLiteral("spammer")), FleetError::Code::None);
        QCOMPARE(codeOf(text, QStringLiteral("antispam")), FleetError::Code::None);
        QCOMPARE(codeOf(text, QStringLiteral("bad words")), FleetError::Code::None);
        const MessageText::Check check = text.validate(QStringLiteral("SPAM"));
        QVERIFY(check.error.message().contains(QStringLiteral("SPAM")));
        QCOMPARE(check.error.codeName(), QStringLiteral("text_blocked"));
    }

    void flaggedWordsAreReported()
    {
        FleetPolicy policy;
        policy.flaggedWords = {QStringLiteral("marry")};
        const MessageText text{policy};
        QVERIFY(text.validate(QStringLiteral("Will you MARRY me?")).flagged);
        QVERIFY(!text.validate(QStringLiteral("Married at last")).flagged);
        QVERIFY(!text.validate(QStringLiteral("Will you MARRY me?")).error.isError());
    }
};

QTEST_GUILESS_MAIN(tst_MessageText)
#include "tst_messagetext.moc"
