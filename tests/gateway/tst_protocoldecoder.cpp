#include "ProtocolDecoder.h"

#include <QtTest>

using namespace airdisplay;

class TestProtocolDecoder : public QObject
{
    Q_OBJECT

private slots:
    void submit()
    {
        ProtocolDecoder d;
        const auto r = d.decodeFrame(R"({"type":"submit","id":7,"bannerId":12,"text":"Hello","requestId":"r1"})");
        QVERIFY(r.ok());
        QCOMPARE(r.value.type, GatewayCommand::Type::Banner);
        QCOMPARE(r.value.bannerId, 12);
        const auto *submit = std::get_if<command::Submit>(&r.value.command);
        QVERIFY(submit);
        QCOMPARE(submit->text, QStringLiteral("Hello"));
        QCOMPARE(submit->requestId, QStringLiteral("r1"));
        QCOMPARE(r.value.id.toInt(), 7);
    }

    void subscribe()
    {
        ProtocolDecoder d;
        auto r = d.decodeFrame(R"({"type":"subscribe","banners":[1,2,3],"bbox":[40,-10,50,10],"fromSeq":99})");
        QVERIFY(r.ok());
        QCOMPARE(r.value.filter.banners.size(), 3);
        QVERIFY(r.value.filter.box);
        QCOMPARE(*r.value.filter.afterSeq, 99);
        r = d.decodeFrame(R"({"type":"subscribe","banners":"all"})");
        QVERIFY(r.ok());
        QVERIFY(r.value.filter.banners.isEmpty());
        QVERIFY(!r.value.filter.afterSeq);
    }

    void messageIdNamesItsBanner()
    {
        ProtocolDecoder d;
        const qint64 messageId = 5 * (qint64(1) << 24) + 3;
        const auto r = d.decodeFrame(QByteArray(R"({"type":"cancel","messageId":)") + QByteArray::number(messageId) + "}");
        QVERIFY(r.ok());
        QCOMPARE(r.value.bannerId, 5);
        QCOMPARE(std::get<command::Cancel>(r.value.command).messageId, messageId);
    }

    // Every banner command is found by its own name, and a REST call decodes to the same value as
    // the frame: one command model from either side.
    void everyCommandByItsName()
    {
        ProtocolDecoder d;
        const qint64 messageId = 9 * (qint64(1) << 24) + 4;
        for (std::size_t i = 0; i < std::variant_size_v<BannerCommand>; ++i) {
            std::optional<BannerCommand> found;
            QString name;
            [&]<std::size_t... I>(std::index_sequence<I...>) {
                ((i == I ? void(name = QString::fromLatin1(std::variant_alternative_t<I, BannerCommand>::name.data())) : void()), ...);
            }(std::make_index_sequence<std::variant_size_v<BannerCommand>>());
            found = commandFromName(name);
            QVERIFY2(found, qPrintable(name));
            QCOMPARE(found->index(), i);
            QCOMPARE(commandName(*found), name);
        }
        QVERIFY(!commandFromName(u"launch"));
        QVERIFY(!commandFromName(u"auth")); // the connection's own types are not banner commands

        const auto frame = d.decodeFrame(QByteArray(R"({"type":"move","position":2,"messageId":)") + QByteArray::number(messageId) + "}");
        QVERIFY2(frame.ok(), qPrintable(frame.error.message()));
        const auto rest = d.decodeRestCommand(command::Move{}, R"({"position":2})", 9, messageId);
        QVERIFY2(rest.ok(), qPrintable(rest.error.message()));
        for (const auto *c : {&frame.value, &rest.value}) {
            QCOMPARE(c->type, GatewayCommand::Type::Banner);
            QCOMPARE(c->bannerId, 9);
            QCOMPARE(std::get<command::Move>(c->command).messageId, messageId);
            QCOMPARE(std::get<command::Move>(c->command).position, 2);
        }
        // A command without fields takes an empty body; one with fields says which is missing.
        QVERIFY(d.decodeRestCommand(command::Approve{}, "", 9, messageId).ok());
        QCOMPARE(d.decodeRestCommand(command::Move{}, "", 9, messageId).error.codeName(), QStringLiteral("missing_field"));
        QCOMPARE(d.decodeRestCommand(command::Blank{}, "nope", 9, 0).error.codeName(), QStringLiteral("invalid_json"));
    }

    // A rejection's reason is an optional string, from a frame or a REST body alike; its rules
    // (length, characters) are the domain's.
    void rejectCarriesAReason()
    {
        ProtocolDecoder d;
        const qint64 messageId = 9 * (qint64(1) << 24) + 4;
        const auto frame = d.decodeFrame(QByteArray(R"({"type":"reject","reason":"Not on this beach","messageId":)")
                                         + QByteArray::number(messageId) + "}");
        QVERIFY2(frame.ok(), qPrintable(frame.error.message()));
        QCOMPARE(std::get<command::Reject>(frame.value.command).reason, QStringLiteral("Not on this beach"));
        const auto rest = d.decodeRestCommand(command::Reject{}, R"({"reason":"Not on this beach"})", 9, messageId);
        QVERIFY2(rest.ok(), qPrintable(rest.error.message()));
        QCOMPARE(std::get<command::Reject>(rest.value.command).reason, QStringLiteral("Not on this beach"));
        QCOMPARE(std::get<command::Reject>(rest.value.command).messageId, messageId);
        // Optional: no body, no field, or null is no reason.
        for (const QByteArray &body : {QByteArray(), QByteArray("{}"), QByteArray(R"({"reason":null})")}) {
            const auto none = d.decodeRestCommand(command::Reject{}, body, 9, messageId);
            QVERIFY2(none.ok(), body.constData());
            QVERIFY(std::get<command::Reject>(none.value.command).reason.isEmpty());
        }
        QCOMPARE(d.decodeRestCommand(command::Reject{}, R"({"reason":42})", 9, messageId).error.codeName(),
                 QStringLiteral("wrong_type"));
        // show_now is a message command with nothing else.
        const auto now = d.decodeRestCommand(command::ShowNow{}, "", 9, messageId);
        QVERIFY(now.ok());
        QCOMPARE(std::get<command::ShowNow>(now.value.command).messageId, messageId);
    }

    void errors_data()
    {
        QTest::addColumn<QByteArray>("frame");
        QTest::addColumn<QString>("code");
        QTest::newRow("not json") << QByteArray("{nope") << "invalid_json";
        QTest::newRow("empty") << QByteArray("") << "invalid_json";
        QTest::newRow("array") << QByteArray("[1,2]") << "not_an_object";
        QTest::newRow("string") << QByteArray("\"x\"") << "not_an_object";
        QTest::newRow("null") << QByteArray("null") << "not_an_object";
        QTest::newRow("number") << QByteArray(" 42 ") << "not_an_object";
        QTest::newRow("true") << QByteArray("true") << "not_an_object";
        QTest::newRow("two scalars") << QByteArray("1,2") << "invalid_json";
        QTest::newRow("bare word") << QByteArray("hello") << "invalid_json";
        QTest::newRow("raw NUL in a string") << QByteArray("{\"type\":\"ping\",\"id\":\"a\0b\"}", 26) << "invalid_json";
        QTest::newRow("raw newline in a string") << QByteArray("{\"type\":\"ping\",\"id\":\"a\nb\"}") << "invalid_json";
        QTest::newRow("raw 0x01 in a requestId") << QByteArray("{\"type\":\"submit\",\"bannerId\":1,\"text\":\"x\",\"requestId\":\"r\x01\"}")
                                              << "invalid_json";
        QTest::newRow("no type") << QByteArray("{}") << "missing_field";
        QTest::newRow("type number") << QByteArray(R"({"type":5})") << "wrong_type";
        QTest::newRow("unknown type") << QByteArray(R"({"type":"launch"})") << "unknown_type";
        QTest::newRow("submit no text") << QByteArray(R"({"type":"submit","bannerId":1,"requestId":"a"})") << "missing_field";
        QTest::newRow("submit text number") << QByteArray(R"({"type":"submit","bannerId":1,"text":5,"requestId":"a"})") << "wrong_type";
        QTest::newRow("submit no request") << QByteArray(R"({"type":"submit","bannerId":1,"text":"x"})") << "missing_field";
        QTest::newRow("banner string") << QByteArray(R"({"type":"blank","bannerId":"1"})") << "wrong_type";
        QTest::newRow("banner fraction") << QByteArray(R"({"type":"blank","bannerId":1.5})") << "out_of_range";
        QTest::newRow("banner zero") << QByteArray(R"({"type":"blank","bannerId":0})") << "out_of_range";
        QTest::newRow("banner huge") << QByteArray(R"({"type":"blank","bannerId":1e300})") << "out_of_range";
        QTest::newRow("banner negative") << QByteArray(R"({"type":"pause","bannerId":-4})") << "out_of_range";
        QTest::newRow("move no position") << QByteArray(R"({"type":"move","messageId":16777217})") << "missing_field";
        QTest::newRow("move position 0") << QByteArray(R"({"type":"move","messageId":16777217,"position":0})") << "out_of_range";
        QTest::newRow("bbox short") << QByteArray(R"({"type":"subscribe","bbox":[1,2,3]})") << "wrong_type";
        QTest::newRow("bbox inverted") << QByteArray(R"({"type":"subscribe","bbox":[50,0,40,10]})") << "out_of_range";
        QTest::newRow("banners empty") << QByteArray(R"({"type":"subscribe","banners":[]})") << "out_of_range";
        QTest::newRow("banners bad") << QByteArray(R"({"type":"subscribe","banners":["a"]})") << "out_of_range";
        QTest::newRow("banners word") << QByteArray(R"({"type":"subscribe","banners":"some"})") << "wrong_type";
        QTest::newRow("fromSeq negative") << QByteArray(R"({"type":"subscribe","fromSeq":-1})") << "out_of_range";
        QTest::newRow("telemetry lat") << QByteArray(R"({"type":"telemetry","lat":91,"lon":0})") << "out_of_range";
        QTest::newRow("telemetry no lon") << QByteArray(R"({"type":"telemetry","lat":1})") << "missing_field";
        QTest::newRow("auth token number") << QByteArray(R"({"type":"auth","token":1})") << "wrong_type";
        QTest::newRow("id object") << QByteArray(R"({"type":"ping","id":{}})") << "wrong_type";
        QTest::newRow("invalid utf8") << QByteArray("{\"type\":\"submit\",\"text\":\"\xff\xfe\"}") << "invalid_utf8";
        QTest::newRow("too large") << QByteArray(20000, ' ') << "too_large";
    }

    void errors()
    {
        QFETCH(QByteArray, frame);
        QFETCH(QString, code);
        ProtocolDecoder d;
        const auto r = d.decodeFrame(frame);
        QVERIFY(!r.ok());
        QCOMPARE(r.error.codeName(), code);
        QVERIFY(!r.error.message().isEmpty());
        QVERIFY(r.error.httpStatus() >= 400);
    }

    void idSurvivesFieldErrors()
    {
        ProtocolDecoder d;
        const auto r = d.decodeFrame(R"({"type":"blank","id":"abc"})");
        QVERIFY(!r.ok());
        QCOMPARE(r.id.toString(), QStringLiteral("abc"));
    }

    void restQueries()
    {
        ProtocolDecoder d;
        auto q = d.decodeBannerQuery(QUrlQuery(QStringLiteral("status=idle,offline&bbox=1,2,3,4&after=10&limit=5")));
        QVERIFY(q.ok());
        QCOMPARE(q.value.statuses.size(), 2);
        QCOMPARE(q.value.afterId, 10);
        QCOMPARE(q.value.limit, 5);
        QVERIFY(!d.decodeBannerQuery(QUrlQuery(QStringLiteral("status=flying"))).ok());
        QVERIFY(!d.decodeBannerQuery(QUrlQuery(QStringLiteral("limit=100000"))).ok());
        QCOMPARE(d.decodeBannerQuery(QUrlQuery(QStringLiteral("bbox=1,2"))).error.codeName(), QStringLiteral("out_of_range"));
        QCOMPARE(d.decodeBannerQuery(QUrlQuery(QStringLiteral("bbox=1,2,3"))).error.codeName(), QStringLiteral("out_of_range"));
        QCOMPARE(d.decodeBannerQuery(QUrlQuery(QStringLiteral("bbox=1,2,x,4"))).error.codeName(), QStringLiteral("out_of_range"));
        auto e = d.decodeEventQuery(QUrlQuery(QStringLiteral("after=5&banner=1,2")));
        QVERIFY(e.ok());
        QCOMPARE(e.value.banners.size(), 2);
        QVERIFY(!d.decodeEventQuery(QUrlQuery(QStringLiteral("after=x"))).ok());
        QVERIFY(!ProtocolDecoder::parseBannerId(u"+5"));
        QVERIFY(!ProtocolDecoder::parseBannerId(u"0"));
        QCOMPARE(*ProtocolDecoder::parseBannerId(u"42"), 42);
    }
};

QTEST_GUILESS_MAIN(TestProtocolDecoder)
#include "tst_protocoldecoder.moc"
