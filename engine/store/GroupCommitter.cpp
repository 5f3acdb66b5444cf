#include "GroupCommitter.h"

#include "ConnectionFactory.h"
#include "StoreLogging.h"

#include <QDateTime>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>

namespace airdisplay {

GroupCommitter::GroupCommitter(StoreUrl url, StoreOptions options)
    : m_url(std::move(url)),
      m_options(options),
      m_connectionName(ConnectionFactory::uniqueName(QStringLiteral("writer")))
{
    // Made here and kept until destruction, so the writer and counters() never race its lifetime.
    if (m_url.isSqlite() && m_options.checkpointIntervalMs > 0)
        m_checkpointer = std::make_unique<WalCheckpointer>(m_url, m_options);
}

GroupCommitter::~GroupCommitter()
{
    stop();
}

StoreStatus GroupCommitter::start(const QList<Migrations::Migration> &migrations)
{
    if (m_thread.isRunning())
        return StoreError(StoreError::Code::InvalidArgument, QStringLiteral("the store writer is already running"));
    {
        std::unique_lock locker(m_thread.mutex());
        m_started = false;
        m_counters = {};
    }
    m_completer.start();
    m_thread.start([this, migrations] { run(migrations); });

    std::unique_lock locker(m_thread.mutex());
    m_thread.condition().wait(locker, [this] { return m_started; });
    const StoreStatus status = m_startStatus;
    locker.unlock();
    if (status.isError()) {
        m_thread.stop();
        m_completer.stop();
        return status;
    }
    // Once the writer made the database and put it in WAL mode. Without it, the writer checkpoints
    // as SQLite always did: slower, not wrong.
    if (m_checkpointer) {
        if (const StoreStatus started = m_checkpointer->start(); started.isError())
            qCWarning(lcStore) << "no background checkpoints:" << started.message();
    }
    return status;
}

void GroupCommitter::stop()
{
    {
        std::unique_lock locker(m_thread.mutex());
        if (!m_thread.isRunning())
            return;
        m_accepting = false;
    }
    // Before the writer's connection closes: the last connection to close checkpoints everything.
    if (m_checkpointer)
        m_checkpointer->stop();
    m_thread.stop();
    // After the writer: it posts the answers of its last groups before it exits.
    m_completer.stop();
}

bool GroupCommitter::submit(WriteBatch batch, WriteCallback done)
{
    std::unique_lock locker(m_thread.mutex());
    if (!m_accepting)
        return false;
    m_queue.push_back({std::move(batch), std::move(done)});
    if (m_queue.size() == 1)
        m_thread.wake();
    return true;
}

bool GroupCommitter::isWriterThread() const
{
    return m_thread.isCurrentThread() || m_completer.isCompleterThread();
}

StoreCounters GroupCommitter::counters() const
{
    std::unique_lock locker(m_thread.mutex());
    StoreCounters counters = m_counters;
    if (m_checkpointer)
        counters.checkpoints = m_checkpointer->checkpoints();
    return counters;
}

void GroupCommitter::setReminderObserver(ReminderObserver observer)
{
    std::lock_guard locker(m_observerMutex);
    m_reminderObserver = std::move(observer);
}

void GroupCommitter::run(const QList<Migrations::Migration> &migrations)
{
    StoreStatus status = openConnection();
    if (!status.isError()) {
        auto version = Migrations::apply(m_db, m_url.backend(), migrations);
        status = version.error();
        if (!status.isError())
            status = m_writer->prepare();
        if (!status.isError())
            qCInfo(lcStore) << "opened" << m_url.toDisplayString() << "at schema version" << *version;
    }
    {
        std::unique_lock locker(m_thread.mutex());
        m_startStatus = status;
        m_started = true;
        m_accepting = !status.isError();
        m_thread.wake();
    }
    if (status.isError()) {
        closeConnection();
        return;
    }

    for (;;) {
        std::deque<Pending> group;
        {
            std::unique_lock locker(m_thread.mutex());
            m_thread.condition().wait(locker, [this] { return !m_queue.empty() || m_thread.stopping(); });
            if (m_queue.empty())
                break;
            const size_t take = std::min(m_queue.size(), size_t(std::max(1, m_options.maxGroupSize)));
            if (take == m_queue.size()) {
                group.swap(m_queue);
            } else {
                std::move(m_queue.begin(), m_queue.begin() + take, std::back_inserter(group));
                m_queue.erase(m_queue.begin(), m_queue.begin() + take);
            }
        }
        commitGroup(group);
    }
    closeConnection();
    qCDebug(lcStore) << "closed" << m_url.toDisplayString();
}

StoreStatus GroupCommitter::openConnection()
{
    {
        auto db = ConnectionFactory::open(m_url, m_options, m_connectionName, ConnectionFactory::Role::Writer);
        if (!db)
            return db.error();
        m_db = *db;
    }
    // One engine writes a database at a time (WriterLock): taken before the migrations, and on every
    // connection the writer opens. After a reconnect another engine may hold it, and then this one
    // writes nothing more.
    const StoreStatus locked = !m_options.exclusiveWriter                   ? StoreStatus()
                             : m_url.backend() == StoreUrl::Backend::Postgres ? m_lock.acquirePostgres(m_db, m_url)
                                                                              : m_lock.acquireFile(m_url);
    if (locked.isError()) {
        closeConnection();
        return locked;
    }
    m_writer = std::make_unique<BatchWriter>(m_db, m_url.backend());
    return {};
}

void GroupCommitter::closeConnection()
{
    m_writer.reset();
    m_lock.release(); // PostgreSQL: on the connection, before it closes
    if (m_db.isValid())
        m_db.close();
    m_db = QSqlDatabase();
    QSqlDatabase::removeDatabase(m_connectionName);
}

StoreStatus GroupCommitter::begin()
{
    if (m_db.transaction())
        return {};
    // A PostgreSQL server restart or a dropped network connection: one fresh connection is worth a try.
    const StoreError first = sqlError(QStringLiteral("starting a transaction"), m_db.lastError());
    qCWarning(lcStore) << first.message() << "- reconnecting to" << m_url.toDisplayString();
    closeConnection();
    if (StoreStatus status = openConnection(); status.isError())
        return status;
    if (StoreStatus status = m_writer->prepare(); status.isError())
        return status;
    if (!m_db.transaction())
        return sqlError(QStringLiteral("starting a transaction"), m_db.lastError());
    return {};
}

std::optional<qint64> GroupCommitter::currentTransactionId()
{
    QSqlQuery query(m_db);
    if (!query.exec(QStringLiteral("SELECT txid_current()")) || !query.next()) {
        qCWarning(lcStore) << "cannot read the transaction id:" << query.lastError().text();
        return std::nullopt;
    }
    return query.value(0).toLongLong();
}

GroupCommitter::CommitOutcome GroupCommitter::resolveCommit(qint64 transactionId)
{
    // The connection is gone or unusable: ask on a new one, for as long as a lease-sized outage
    // lasts. The writer waits meanwhile; everything after this group depends on its outcome.
    constexpr int kAttempts = 12;
    int pauseMs = 50;
    for (int attempt = 0; attempt < kAttempts; ++attempt) {
        if (attempt > 0) {
            QThread::msleep(pauseMs);
            pauseMs = qMin(pauseMs * 2, 2000);
        }
        closeConnection();
        if (openConnection().isError() || m_writer->prepare().isError())
            continue;
        QSqlQuery query(m_db);
        query.prepare(QStringLiteral("SELECT txid_status(?)"));
        query.addBindValue(transactionId);
        if (!query.exec() || !query.next()) {
            qCWarning(lcStore) << "cannot ask for the status of transaction" << transactionId << ":" << query.lastError().text();
            continue;
        }
        const QString outcome = query.value(0).toString();
        if (outcome == QLatin1String("committed"))
            return CommitOutcome::Committed;
        if (outcome == QLatin1String("aborted"))
            return CommitOutcome::Aborted;
        if (query.value(0).isNull())
            return CommitOutcome::Unknown; // too old for the server to remember: cannot happen here
        // "in progress": the server has not yet noticed that the old connection is gone.
    }
    return CommitOutcome::Unknown;
}

void GroupCommitter::commitGroup(std::deque<Pending> &group)
{
    const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
    std::vector<BatchWriter::Outcome> outcomes(group.size());
    bool retried = false;

    auto failAll = [&](const StoreError &error) {
        for (auto &outcome : outcomes) {
            if (!outcome.error.isError())
                outcome.error = error;
            outcome.events.clear();
        }
    };

    StoreStatus status = begin();
    if (!status.isError()) {
        bool needsRetry = false;
        for (size_t i = 0; i < group.size() && !needsRetry; ++i) {
            outcomes[i] = m_writer->execute(group[i].batch, nowMs);
            needsRetry = outcomes[i].error.isError() && !outcomes[i].transactionIntact;
        }
        if (needsRetry) {
            // Undo everything and run each batch inside its own savepoint, so the one that failed is
            // rolled back alone.
            retried = true;
            m_db.rollback();
            status = begin();
            for (size_t i = 0; i < group.size() && !status.isError(); ++i) {
                status = m_writer->savepoint();
                if (status.isError())
                    break;
                outcomes[i] = m_writer->execute(group[i].batch, nowMs);
                if (outcomes[i].error.isError()) {
                    outcomes[i].events.clear();
                    status = m_writer->rollbackToSavepoint();
                }
                if (!status.isError())
                    status = m_writer->releaseSavepoint();
            }
        }
        // PostgreSQL: the transaction's id, to ask the server after a failed COMMIT whether it
        // committed. The connection may drop after the server committed and before its answer
        // arrived; taking that for a failure told callers their change was lost, published none
        // of its events and never told the reminder observer, while the change was in the log.
        std::optional<qint64> transactionId;
        if (!status.isError() && m_url.isPostgres())
            transactionId = currentTransactionId();
        if (!status.isError() && !m_db.commit()) {
            status = sqlError(QStringLiteral("committing %1 batches").arg(group.size()), m_db.lastError());
            if (transactionId) {
                switch (resolveCommit(*transactionId)) {
                case CommitOutcome::Committed:
                    qCWarning(lcStore) << "COMMIT failed (" << status.message() << ") but transaction" << *transactionId
                                       << "did commit: its callers are answered as committed";
                    status = {};
                    break;
                case CommitOutcome::Aborted:
                    break;
                case CommitOutcome::Unknown:
                    status = StoreError(StoreError::Code::Database,
                                        QStringLiteral("%1; whether it committed could not be learned").arg(status.message()));
                    break;
                }
            }
        }
        if (status.isError() && m_db.isOpen())
            m_db.rollback();
    }
    if (status.isError()) {
        qCWarning(lcStore) << "group of" << group.size() << "batches failed:" << status.message();
        failAll(status);
    }

    QList<ReminderChange> reminderChanges;
    quint64 failed = 0;
    quint64 conflicts = 0;
    for (size_t i = 0; i < group.size(); ++i) {
        if (outcomes[i].error.isError()) {
            ++failed;
            if (outcomes[i].error.code() == StoreError::Code::Conflict)
                ++conflicts;
        } else {
            reminderChanges.append(group[i].batch.reminderChanges());
        }
    }
    {
        std::unique_lock locker(m_thread.mutex());
        ++m_counters.transactions;
        m_counters.batches += group.size();
        m_counters.failedBatches += failed;
        m_counters.conflicts += conflicts;
        m_counters.retriedGroups += retried ? 1 : 0;
    }
    if (m_checkpointer && !status.isError())
        m_checkpointer->committed();
    if (!reminderChanges.isEmpty()) {
        std::lock_guard locker(m_observerMutex);
        if (m_reminderObserver)
            m_reminderObserver(reminderChanges);
    }
    std::vector<WriteCompleter::Answer> answers;
    answers.reserve(group.size());
    for (size_t i = 0; i < group.size(); ++i)
        answers.push_back({std::move(group[i].batch), std::move(group[i].done),
                           WriteResult{std::move(outcomes[i].error), std::move(outcomes[i].events)}});
    m_completer.post(std::move(answers));
}

} // namespace airdisplay
