#pragma once

#include <QString>

class QSqlError;

namespace airdisplay {

// What went wrong in the store, as a value: store threads answer callers through callbacks and
// futures, so an exception would have nowhere to go.
class StoreError
{
public:
    enum class Code {
        None,            // no error
        Conflict,        // optimistic concurrency: the expected version or sequence was taken
        NotFound,        // a row the operation needs does not exist
        InvalidArgument, // the caller's input cannot be stored (bad URL, empty key, ...)
        Closed,          // the store is not open
        Database,        // the database reported an error (I/O, connection, constraint, ...)
    };

    StoreError() = default;
    StoreError(Code code, QString message) : m_code(code), m_message(std::move(message)) {}

    // Wraps a driver error with what the store was doing, e.g. "loading state: database is locked".
    static StoreError fromSql(const QString &context, const QSqlError &error);

    bool isError() const { return m_code != Code::None; }
    Code code() const { return m_code; }
    QString message() const { return m_message; }
    static QString codeName(Code code);

private:
    Code m_code = Code::None;
    QString m_message;
};

} // namespace airdisplay
