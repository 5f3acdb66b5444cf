#include "TokenService.h"

#include "GatewayLogging.h"

#include <QDateTime>
#include <QHash>
#include <QSet>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <mutex>

namespace airdisplay {

namespace {
// Revocations are found by the time the revoker wrote (revoked_ms): each poll looks back this far
// before the latest one already seen, so that a revocation stamped a little earlier but committed
// later (another process, a lagging clock, a slow transaction) is still caught. The ids acted upon
// are remembered for as long, so each is reported once.
constexpr qint64 kRevocationLookBackMs = 5 * 60'000;

StoreError closedError()
{
    return StoreError(StoreError::Code::Closed, QStringLiteral("The token store is not open."));
}

// Who a valid token's entry speaks for; none if its role is not one this gateway knows.
std::optional<Principal> principalOf(const TokenStore::Entry &entry)
{
    const std::optional<Role> role = roleFromName(entry.role);
    if (!role) {
        qCWarning(lcGateway) << "token" << entry.id << "has an unknown role" << entry.role;
        return std::nullopt;
    }
    Principal p;
    p.tokenId = entry.id;
    p.role = *role;
    p.bannerId = entry.bannerId;
    p.label = entry.label;
    return p;
}

// One thread with its own connection to the token table. Work is posted to it as functions; the
// store is only touched there.
class TokenLane
{
public:
    explicit TokenLane(const QString &name) { m_thread.setObjectName(name); }
    ~TokenLane() { stop(); }

    StoreStatus start(const StoreUrl &url)
    {
        m_thread.start();
        auto *context = new QObject;
        context->moveToThread(&m_thread);
        {
            std::lock_guard lock(m_mutex);
            m_context = context;
        }
        StoreStatus status;
        runAndWait([&] { status = m_store.open(url); });
        return status;
    }

    // Any thread. False once stopped (fn is then not run).
    template <typename Fn>
    bool post(Fn &&fn)
    {
        std::lock_guard lock(m_mutex);
        if (!m_context)
            return false;
        QMetaObject::invokeMethod(m_context, std::forward<Fn>(fn), Qt::QueuedConnection);
        return true;
    }

    // From another thread only, while started.
    template <typename Fn>
    void runAndWait(Fn &&fn)
    {
        QMetaObject::invokeMethod(m_context, std::forward<Fn>(fn), Qt::BlockingQueuedConnection);
    }

    // From another thread. What was posted and has not run is dropped.
    void stop()
    {
        QObject *context = nullptr;
        {
            std::lock_guard lock(m_mutex);
            context = std::exchange(m_context, nullptr);
        }
        if (!context)
            return;
        // The connection belongs to the lane's thread: it is closed there, with the lane's timers.
        QMetaObject::invokeMethod(context, [this, context] {
            qDeleteAll(context->children());
            m_store.close();
        }, Qt::BlockingQueuedConnection);
        m_thread.quit();
        m_thread.wait();
        delete context; // its thread is done: the posted work still queued for it goes with it
    }

    TokenStore &store() { return m_store; }
    QObject *context() const { return m_context; }

private:
    QThread m_thread;
    std::mutex m_mutex; // guards m_context against stop() while others post
    QObject *m_context = nullptr;
    TokenStore m_store;
};
} // namespace

class TokenServicePrivate
{
public:
    explicit TokenServicePrivate(TokenService *q) : q(q) {}

    // On the reader's thread.
    StoreStatus startRevocationPolling(int pollMs);
    void pollRevocations();

    TokenService *q;
    TokenLane reader{QStringLiteral("gateway-tokens-read")};
    TokenLane writer{QStringLiteral("gateway-tokens-write")};
    bool open = false;

    // The reader thread's own.
    qint64 revocationMark = 0;            // the latest revoked_ms seen in the table
    QHash<qint64, qint64> revokedHandled; // token id → revoked_ms, already reported (recent only)
    bool pollFailing = false;             // warn once per failing streak
};

StoreStatus TokenServicePrivate::startRevocationPolling(int pollMs)
{
    // Tokens revoked before now cannot authenticate any more: only later revocations matter.
    const StoreResult<qint64> latest = reader.store().latestRevocation();
    if (!latest)
        return latest.error();
    revocationMark = latest.value();
    // Those within the look-back are already done with: the first poll must not report them again.
    const StoreResult<QList<TokenStore::Revocation>> recent = reader.store().revokedSince(revocationMark - kRevocationLookBackMs);
    if (!recent)
        return recent.error();
    for (const TokenStore::Revocation &r : recent.value())
        revokedHandled.insert(r.id, r.revokedMs);
    auto *timer = new QTimer(reader.context());
    QObject::connect(timer, &QTimer::timeout, timer, [this] { pollRevocations(); });
    timer->start(std::max(50, pollMs));
    return {};
}

void TokenServicePrivate::pollRevocations()
{
    const StoreResult<QList<TokenStore::Revocation>> revoked = reader.store().revokedSince(revocationMark - kRevocationLookBackMs);
    if (!revoked) {
        // REST and new sessions are refused meanwhile (verify fails too); open sessions wait for
        // the table to answer again.
        if (!std::exchange(pollFailing, true))
            qCWarning(lcGateway) << "cannot read revoked tokens:" << revoked.error().message();
        return;
    }
    if (std::exchange(pollFailing, false))
        qCInfo(lcGateway) << "revoked tokens are readable again";
    QList<qint64> fresh;
    for (const TokenStore::Revocation &r : revoked.value()) {
        revocationMark = std::max(revocationMark, r.revokedMs);
        if (!revokedHandled.contains(r.id)) {
            revokedHandled.insert(r.id, r.revokedMs);
            fresh.append(r.id);
        }
    }
    const qint64 floor = revocationMark - kRevocationLookBackMs;
    for (auto it = revokedHandled.begin(); it != revokedHandled.end();)
        it = it.value() < floor ? revokedHandled.erase(it) : std::next(it);
    if (fresh.isEmpty())
        return;
    std::sort(fresh.begin(), fresh.end());
    // q lives until close() has stopped this thread, and ~QObject drops what was posted to it.
    QMetaObject::invokeMethod(q, [q = q, fresh] { emit q->revoked(fresh); }, Qt::QueuedConnection);
}

TokenService::TokenService(QObject *parent) : QObject(parent), d(std::make_unique<TokenServicePrivate>(this)) {}

TokenService::~TokenService()
{
    close();
}

StoreStatus TokenService::open(const StoreUrl &url, int pollMs)
{
    close();
    // The writer first: it creates the table the reader reads.
    StoreStatus status = d->writer.start(url);
    if (!status.isError())
        status = d->reader.start(url);
    if (!status.isError())
        d->reader.runAndWait([&] { status = d->startRevocationPolling(pollMs); });
    if (status.isError()) {
        close();
        return status;
    }
    d->open = true;
    return {};
}

void TokenService::close()
{
    d->reader.stop();
    d->writer.stop();
    d->open = false;
    d->revokedHandled.clear();
    d->revocationMark = 0;
    d->pollFailing = false;
}

Reply<TokenService::Verified> TokenService::verify(const QString &token)
{
    Reply<Verified> reply;
    TokenLane &lane = d->reader;
    const bool posted = lane.post([reply, token, &lane] {
        const StoreResult<std::optional<TokenStore::Entry>> found = lane.store().verify(token);
        if (!found)
            reply.settle(found.error());
        else
            reply.settle(found.value() ? principalOf(*found.value()) : std::optional<Principal>());
    });
    if (!posted)
        reply.settle(closedError());
    return reply;
}

Reply<TokenService::CreatedTokens> TokenService::create(Role role, qint64 bannerId, const QString &label)
{
    Reply<CreatedTokens> reply;
    if (const QString problem = bindingProblem(role, bannerId); !problem.isEmpty()) {
        reply.settle(StoreError(StoreError::Code::InvalidArgument, problem));
        return reply;
    }
    TokenLane &lane = d->writer;
    const bool posted = lane.post([reply, role = roleName(role), bannerId, label, &lane] {
        const StoreResult<TokenStore::Created> made = lane.store().create(role, bannerId, label);
        reply.settle(made ? CreatedTokens(QList<TokenStore::Created>{made.value()}) : CreatedTokens(made.error()));
    });
    if (!posted)
        reply.settle(closedError());
    return reply;
}

Reply<TokenService::CreatedTokens> TokenService::createDeviceTokens(const QList<qint64> &bannerIds, const QString &label)
{
    Reply<CreatedTokens> reply;
    TokenLane &lane = d->writer;
    if (!lane.post([reply, bannerIds, label, &lane] { reply.settle(lane.store().createForBanners(roleName(Role::Device), bannerIds, label)); }))
        reply.settle(closedError());
    return reply;
}

} // namespace airdisplay
