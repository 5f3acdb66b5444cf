#include "Error.h"

#include <QtTest>

using namespace airdisplay;

// The one error type: names derived from the enum are the protocol's (docs/protocol.md), each with
// its HTTP status, and a failure keeps the error that caused it.
class tst_Error : public QObject
{
    Q_OBJECT

private slots:
    void namesAndStatusesAreTheProtocols_data()
    {
        QTest::addColumn<Error::Code>("code");
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("status");
        using C = Error::Code;
        const std::tuple<C, const char *, int> rows[] = {
            {C::InvalidJson, "invalid_json", 400}, {C::InvalidUtf8, "invalid_utf8", 400},
            {C::NotAnObject, "not_an_object", 400}, {C::UnknownType, "unknown_type", 400},
            {C::MissingField, "missing_field", 400}, {C::WrongType, "wrong_type", 400},
            {C::OutOfRange, "out_of_range", 400}, {C::TooLarge, "too_large", 413},
            {C::Unauthenticated, "unauthenticated", 401}, {C::InvalidToken, "invalid_token", 401},
            {C::AlreadyAuthenticated, "already_authenticated", 400}, {C::Forbidden, "forbidden", 403},
            {C::WrongBanner, "wrong_banner", 403}, {C::RateLimited, "rate_limited", 429},
            {C::TooManyConnections, "too_many_connections", 503}, {C::NotFound, "not_found", 404},
            {C::MethodNotAllowed, "method_not_allowed", 405}, {C::LengthRequired, "length_required", 411},
            {C::UpgradeRequired, "upgrade_required", 426}, {C::BadRequest, "bad_request", 400},
            {C::RequestTimeout, "request_timeout", 408}, {C::Internal, "internal", 500},
            {C::UnknownBanner, "unknown_banner", 404}, {C::UnknownMessage, "unknown_message", 404},
            {C::QueueFull, "queue_full", 409}, {C::RequestConflict, "request_conflict", 409},
            {C::NotAuthor, "not_author", 403}, {C::InvalidPosition, "invalid_position", 422},
            {C::InvalidArgument, "invalid_argument", 400}, {C::AlreadyRegistered, "already_registered", 409},
            {C::TextEmpty, "text_empty", 422}, {C::TextTooLong, "text_too_long", 422},
            {C::TextInvalid, "text_invalid", 422}, {C::TextBlocked, "text_blocked", 422},
            {C::NotQueued, "not_queued", 409}, {C::NotHeld, "not_held", 409},
            {C::Unavailable, "unavailable", 503}, {C::StoreFailure, "store_failure", 503},
        };
        for (const auto &[code, name, status] : rows)
            QTest::newRow(name) << code << QString::fromLatin1(name) << status;
    }

    void namesAndStatusesAreTheProtocols()
    {
        QFETCH(Error::Code, code);
        QFETCH(QString, name);
        QFETCH(int, status);
        const Error e(code, QStringLiteral("why"));
        QVERIFY(e.isError());
        QCOMPARE(e.codeName(), name);
        QCOMPARE(e.httpStatus(), status);
    }

    void noErrorIsNone()
    {
        const Error none;
        QVERIFY(!none.isError());
        QCOMPARE(none.codeName(), QString());
        QVERIFY(!none.cause());
    }

    void aFailureKeepsItsCause()
    {
        const Error database(Error::Code::Database, QStringLiteral("committing: disk I/O error"));
        const Error failure(Error::Code::StoreFailure, QStringLiteral("The change could not be stored."), database);
        QCOMPARE(failure.codeName(), QStringLiteral("store_failure"));
        QVERIFY(failure.cause());
        QCOMPARE(failure.cause()->code(), Error::Code::Database);
        QCOMPARE(failure.cause()->message(), database.message());
        // Copies share the cause; the cause outlives the error it was built from.
        Error copy = failure;
        QCOMPARE(copy.cause()->codeName(), QStringLiteral("database"));
    }
};

QTEST_GUILESS_MAIN(tst_Error)
#include "tst_error.moc"
