#pragma once

#include <QException>
#include <QString>

namespace airdisplay {

// Why an ask failed, handed to its failure handler (see ActorRef::ask). QException: they cross
// threads as std::exception_ptr.
class ActorError : public QException
{
public:
    explicit ActorError(QString message) : m_message(std::move(message)), m_utf8(m_message.toUtf8()) {}
    const char *what() const noexcept override { return m_utf8.constData(); }
    QString message() const { return m_message; }
    void raise() const override { throw *this; }
    ActorError *clone() const override { return new ActorError(*this); }

private:
    QString m_message;
    QByteArray m_utf8;
};

// The actor did not answer within the ask's timeout. The message may still be handled later.
class AskTimeoutError : public ActorError
{
public:
    using ActorError::ActorError;
    void raise() const override { throw *this; }
    AskTimeoutError *clone() const override { return new AskTimeoutError(*this); }
};

// The system is shutting down (or has shut down) and the message was not handled.
class ShutdownError : public ActorError
{
public:
    using ActorError::ActorError;
    void raise() const override { throw *this; }
    ShutdownError *clone() const override { return new ShutdownError(*this); }
};

// The handler threw something that is not a QException; its text is kept.
class HandlerError : public ActorError
{
public:
    using ActorError::ActorError;
    void raise() const override { throw *this; }
    HandlerError *clone() const override { return new HandlerError(*this); }
};

} // namespace airdisplay
