#include "ActorSystem.h"

#include "ActorWorker.h"
#include "AskTimeoutService.h"
#include "TsanAnnotations.h"

#include <QDeadlineTimer>
#include <QThread>

#include <future>
#include <stdexcept>

namespace airdisplay {

namespace detail {

void postEnvelope(ActorWorker *worker, Envelope *envelope)
{
    worker->post(envelope);
}

void armAskTimeout(ActorSystem *system, std::chrono::milliseconds timeout, AskState &state)
{
    system->askTimeouts().add(std::chrono::steady_clock::now() + timeout, state);
}

std::chrono::milliseconds defaultAskTimeout(const ActorSystem *system)
{
    return system->config().askTimeout;
}

} // namespace detail

ActorSystem::ActorSystem(ActorSystemConfig config)
    : m_config(config), m_askTimeouts(std::make_unique<AskTimeoutService>())
{
    if (m_config.workers <= 0)
        m_config.workers = qMax(1, QThread::idealThreadCount());
    m_config.batchSize = qMax(1, m_config.batchSize);
    m_clock.start();
    // Workers exist from construction so that references can be made before start(); messages
    // sent before start() wait in the mailboxes.
    for (int i = 0; i < m_config.workers; ++i)
        m_workers.push_back(new ActorWorker(this, i, m_config.batchSize));
}

ActorSystem::~ActorSystem()
{
    shutdown();
    for (ActorWorker *worker : m_workers)
        delete worker;
}

ActorTypeId ActorSystem::addType(const QString &name, std::type_index cppType,
                                 std::function<Actor *(ActorId)> factory)
{
    if (m_running)
        throw std::logic_error("actor types must be registered before ActorSystem::start()");
    m_types.push_back({name, std::move(factory)});
    const auto id = ActorTypeId(m_types.size());
    m_typeIds.insert(cppType, id);
    return id;
}

ActorTypeId ActorSystem::typeOf(std::type_index cppType) const
{
    const ActorTypeId id = m_typeIds.value(cppType, 0);
    if (id == 0)
        throw std::logic_error("actor type not registered");
    return id;
}

QString ActorSystem::typeName(ActorTypeId type) const
{
    return type >= 1 && type <= m_types.size() ? m_types[type - 1].name : QString();
}

void ActorSystem::start()
{
    if (m_running || m_shutDown)
        return;
    m_askTimeouts->start();
    for (ActorWorker *worker : m_workers) {
        auto *thread = new QThread();
        thread->setObjectName(worker->objectName());
        worker->moveToThread(thread);
        // init() runs first thing on the new thread; waiting for it means the workers' timers
        // exist before anyone can reach them.
        std::promise<void> ready;
        QObject::connect(thread, &QThread::started, worker, [worker, &ready] {
            worker->init();
            ready.set_value();
        }, Qt::DirectConnection);
        // Emitted on the finishing thread before it deletes its event dispatcher: see
        // ActorWorker::allowThreadEnd(). The release hands this slot's reads to shutdown(),
        // which deletes the slot after QThread::wait().
        QObject::connect(thread, &QThread::finished, worker, [worker] {
            worker->awaitThreadEnd();
            AIRDISPLAY_TSAN_RELEASE(worker);
        }, Qt::DirectConnection);
        thread->start();
        ready.get_future().wait();
        QObject::disconnect(thread, &QThread::started, worker, nullptr);
        m_threads.push_back(thread);
    }
    m_running = true;
}

ActorWorker *ActorSystem::workerFor(ActorKey key) const
{
    // Multiply-shift range reduction: uniform over workers without a division.
    const auto n = quint64(m_workers.size());
    __extension__ using Wide = unsigned __int128;
    const auto index = quint64((Wide(mixActorKey(key)) * n) >> 64);
    return m_workers[index];
}

Actor *ActorSystem::createActor(ActorKey key) const
{
    if (key.type < 1 || key.type > m_types.size())
        throw ActorError(QStringLiteral("no actor type %1 is registered").arg(key.type));
    Actor *actor = m_types[key.type - 1].factory(key.id);
    if (!actor)
        throw ActorError(QStringLiteral("the factory of %1 made no actor").arg(m_types[key.type - 1].name));
    return actor;
}

ShutdownReport ActorSystem::shutdown(std::chrono::milliseconds deadline)
{
    ShutdownReport report;
    if (m_shutDown)
        return report;
    m_shutDown = true;
    if (!m_running) {
        m_askTimeouts->stop();
        return report;
    }
    const QDeadlineTimer timer(deadline);
    std::vector<std::promise<quint64>> dropped(m_workers.size());
    for (size_t i = 0; i < m_workers.size(); ++i) {
        m_workers[i]->requestClose(timer, &dropped[i]);
    }
    for (size_t i = 0; i < m_workers.size(); ++i) {
        report.dropped += dropped[i].get_future().get();
        // Our requestClose() has returned, its wake-up written: now the thread may end.
        m_threads[i]->quit();
        m_workers[i]->allowThreadEnd();
        m_threads[i]->wait();
        AIRDISPLAY_TSAN_ACQUIRE(m_workers[i]); // see ActorWorker::event
        delete m_threads[i];
    }
    m_threads.clear();
    report.drained = report.dropped == 0;
    m_askTimeouts->stop();
    m_running = false;
    return report;
}

ActorMetrics ActorSystem::metrics() const
{
    ActorMetrics m;
    for (const ActorWorker *worker : m_workers)
        worker->collectMetrics(m);
    return m;
}

} // namespace airdisplay
