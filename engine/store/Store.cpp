#include "Store.h"

#include <sqlite3.h>

#include <future>

namespace airdisplay {

namespace {

StoreError closedError()
{
    return StoreError(StoreError::Code::Closed, QStringLiteral("the store is closed"));
}

} // namespace

Store::Store(StoreOptions options) : StoreReader(options) {}

Store::~Store()
{
    close();
}

StoreStatus Store::open(const QString &location)
{
    auto url = StoreUrl::parse(location);
    if (!url)
        return url.error();
    return open(*url);
}

StoreStatus Store::open(const StoreUrl &url, const QList<Migrations::Migration> &migrations)
{
    if (isOpen())
        return StoreError(StoreError::Code::InvalidArgument,
                          QStringLiteral("the store is already open on %1").arg(m_url.toDisplayString()));
    auto committer = std::make_unique<GroupCommitter>(url, m_options);
    if (StoreStatus status = committer->start(migrations); status.isError())
        return status;
    m_committer = std::move(committer);
    openReaders(url);
    return {};
}

void Store::close()
{
    if (!isOpen())
        return;
    m_committer->stop();
    closeReaders();
}

void Store::submit(WriteBatch batch, WriteCallback done)
{
    if (StoreStatus status = batch.validate(); status.isError()) {
        if (done)
            done(WriteResult{status, {}});
        return;
    }
    if (!m_committer || !m_committer->submit(std::move(batch), done)) {
        if (done)
            done(WriteResult{closedError(), {}});
    }
}

WriteResult Store::write(WriteBatch batch)
{
    if (m_committer && m_committer->isWriterThread())
        return WriteResult{StoreError(StoreError::Code::InvalidArgument,
                                      QStringLiteral("Store::write called from a write callback would wait for itself")),
                           {}};
    std::promise<WriteResult> answer;
    std::future<WriteResult> answered = answer.get_future();
    submit(std::move(batch), [&answer](WriteResult r) { answer.set_value(std::move(r)); });
    return answered.get();
}

void Store::writeTelemetry(const QList<TelemetryRecord> &rows, WriteCallback done)
{
    WriteBatch batch;
    for (const TelemetryRecord &row : rows)
        batch.upsertTelemetry(row);
    submit(std::move(batch), std::move(done));
}

StoreCounters Store::counters() const
{
    StoreCounters counters = m_committer ? m_committer->counters() : StoreCounters{};
    // The same libsqlite3 as Qt's SQLite driver (Debian's plugin links the system library), so this
    // counts the driver's connections too.
    counters.sqliteHeapBytes = quint64(sqlite3_memory_used());
    return counters;
}

void Store::setReminderObserver(ReminderObserver observer)
{
    if (m_committer)
        m_committer->setReminderObserver(std::move(observer));
}

} // namespace airdisplay
