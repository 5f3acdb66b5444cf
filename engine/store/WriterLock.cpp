#include "WriterLock.h"

#include "StoreLogging.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFile>
#include <QSqlError>
#include <QSqlQuery>
#include <QSysInfo>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace airdisplay {

namespace {

bool isInMemory(const QString &path)
{
    return path.isEmpty() || path.startsWith(QLatin1String(":memory:")) || path.contains(QLatin1String("mode=memory"));
}

QString refusal(const QString &database, const QString &holder)
{
    return QStringLiteral("The database %1 is in use by another AirDisplay engine (%2). One engine writes a "
                          "database at a time: stop that one first, or reach its fleet through its gateway "
                          "(the web client, or airdisplay-sim --url).")
        .arg(database, holder.isEmpty() ? QStringLiteral("its holder did not say who it is") : holder);
}

} // namespace

WriterLock::~WriterLock()
{
    release();
}

QString WriterLock::describeThisProcess()
{
    const QString program = QCoreApplication::instance() ? QCoreApplication::applicationName() : QString();
    return QStringLiteral("%1, pid %2 on host %3, since %4")
        .arg(program.isEmpty() ? QStringLiteral("an AirDisplay program") : program)
        .arg(QCoreApplication::applicationPid())
        .arg(QSysInfo::machineHostName(),
             QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'")));
}

QString WriterLock::lockFileOf(const QString &databaseFile)
{
    return databaseFile + QStringLiteral(".lock");
}

qint32 WriterLock::advisoryObject(const StoreUrl &url)
{
    const QByteArray schema = url.schema().isEmpty() ? QByteArrayLiteral("public") : url.schema().toUtf8();
    quint32 hash = 2166136261u;
    for (const char c : schema) {
        hash ^= quint8(c);
        hash *= 16777619u;
    }
    return qint32(hash);
}

StoreStatus WriterLock::acquireFile(const StoreUrl &url)
{
    release();
    const QString database = url.filePath();
    if (isInMemory(database))
        return {};
    const QByteArray path = QFile::encodeName(lockFileOf(database));
    const int fd = ::open(path.constData(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) {
        return StoreError(StoreError::Code::Database, QStringLiteral("cannot open the lock file %1: %2")
                                                          .arg(QString::fromLocal8Bit(path), QString::fromLocal8Bit(std::strerror(errno))));
    }
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        const int error = errno;
        QByteArray holder(512, '\0');
        const ssize_t n = ::pread(fd, holder.data(), size_t(holder.size()), 0);
        ::close(fd);
        if (error != EWOULDBLOCK)
            return StoreError(StoreError::Code::Database, QStringLiteral("cannot lock %1: %2")
                                                              .arg(QString::fromLocal8Bit(path), QString::fromLocal8Bit(std::strerror(error))));
        holder.resize(n > 0 ? qsizetype(n) : 0);
        return StoreError(StoreError::Code::InUse, refusal(database, QString::fromUtf8(holder).trimmed()));
    }
    // Ours: say who holds it, for whoever is refused next.
    const QByteArray who = describeThisProcess().toUtf8() + '\n';
    if (::ftruncate(fd, 0) != 0 || ::pwrite(fd, who.constData(), size_t(who.size()), 0) != ssize_t(who.size()))
        qCWarning(lcStore) << "could not write the holder into" << QString::fromLocal8Bit(path);
    m_fd = fd;
    return {};
}

StoreStatus WriterLock::acquirePostgres(QSqlDatabase &db, const StoreUrl &url)
{
    release();
    QSqlQuery q(db);
    // The holder's name, where pg_stat_activity shows it to whoever is refused (63 bytes at most).
    const QString who = describeThisProcess().left(63);
    q.prepare(QStringLiteral("SELECT set_config('application_name', ?, false)"));
    q.addBindValue(who);
    if (!q.exec())
        qCWarning(lcStore) << "could not name the writer's connection:" << q.lastError().text();
    q.prepare(QStringLiteral("SELECT pg_try_advisory_lock(?, ?)"));
    q.addBindValue(AdvisoryClass);
    q.addBindValue(advisoryObject(url));
    if (!q.exec() || !q.next())
        return StoreError(StoreError::Code::Database, QStringLiteral("cannot take the writer's lock: %1").arg(q.lastError().text()));
    if (q.value(0).toBool()) {
        m_postgres = db;
        m_object = advisoryObject(url);
        return {};
    }
    QString holder;
    QSqlQuery h(db);
    h.prepare(QStringLiteral("SELECT a.application_name, COALESCE(host(a.client_addr), 'local'), a.pid"
                             " FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
                             " WHERE l.locktype = 'advisory' AND l.classid = ? AND l.objid = ? AND l.granted"));
    h.addBindValue(AdvisoryClass);
    h.addBindValue(advisoryObject(url));
    if (h.exec() && h.next()) {
        holder = QStringLiteral("%1; its connection from %2, server process %3")
                     .arg(h.value(0).toString(), h.value(1).toString(), h.value(2).toString());
    }
    return StoreError(StoreError::Code::InUse, refusal(url.toDisplayString(), holder));
}

void WriterLock::release()
{
    if (m_fd >= 0) {
        // The stale description stays in the file; the next holder overwrites it.
        ::flock(m_fd, LOCK_UN);
        ::close(m_fd);
        m_fd = -1;
    }
    if (m_postgres.isOpen()) {
        QSqlQuery q(m_postgres);
        q.prepare(QStringLiteral("SELECT pg_advisory_unlock(?, ?)"));
        q.addBindValue(AdvisoryClass);
        q.addBindValue(m_object);
        (void)q.exec();
    }
    m_postgres = QSqlDatabase();
}

} // namespace airdisplay
