#pragma once

#include "Actor.h"
#include "ActorKey.h"
#include "ActorMetrics.h"
#include "ActorRef.h"
#include "ActorSystemConfig.h"

#include <QElapsedTimer>
#include <QHash>
#include <QString>

#include <chrono>
#include <functional>
#include <memory>
#include <typeindex>
#include <vector>

class QThread;

namespace airdisplay {

class ActorWorker;
class AskTimeoutService;

// A registered actor type: makes references to its actors without any lookup.
template <typename ActorT>
class ActorType
{
public:
    ActorType() = default;
    ActorType(ActorSystem *system, ActorTypeId id) : m_system(system), m_id(id) {}
    ActorTypeId id() const { return m_id; }
    ActorRef<ActorT> ref(ActorId id) const;

private:
    ActorSystem *m_system = nullptr;
    ActorTypeId m_id = 0;
};

struct ShutdownReport
{
    bool drained = true;   // every queued message was handled before the deadline
    quint64 dropped = 0;   // messages failed with ShutdownError for lack of time
};

// The virtual-actor runtime: N worker threads, each with its own event loop, mailbox, actor table
// and timers. An actor lives on the worker chosen by a stable hash of its key, so all its messages
// are handled by one thread, one at a time (turn-based); activation happens on that thread too, so
// concurrent first messages activate it exactly once without any lock.
class ActorSystem
{
public:
    explicit ActorSystem(ActorSystemConfig config = {});
    ~ActorSystem();
    ActorSystem(const ActorSystem &) = delete;
    ActorSystem &operator=(const ActorSystem &) = delete;

    // Before start(). The factory runs on the actor's worker thread when it activates.
    template <typename ActorT>
    ActorType<ActorT> registerType(const QString &name,
                                   std::function<ActorT *(ActorId)> factory = [](ActorId) { return new ActorT(); })
    {
        const ActorTypeId id = addType(name, std::type_index(typeid(ActorT)),
                                       [factory = std::move(factory)](ActorId actorId) -> Actor * {
                                           return factory(actorId);
                                       });
        return ActorType<ActorT>(this, id);
    }

    void start();
    // Stops taking messages from outside, handles what is queued until the deadline, deactivates
    // every actor (their onDeactivate saves state) and stops the workers. Idempotent.
    ShutdownReport shutdown(std::chrono::milliseconds deadline = std::chrono::seconds(10));
    bool isRunning() const { return m_running; }

    template <typename ActorT>
    ActorRef<ActorT> ref(ActorId id)
    {
        return ActorRef<ActorT>(this, workerFor({typeOf(std::type_index(typeid(ActorT))), id}),
                                {typeOf(std::type_index(typeid(ActorT))), id});
    }
    template <typename ActorT>
    ActorRef<ActorT> ref(ActorTypeId type, ActorId id)
    {
        return ActorRef<ActorT>(this, workerFor({type, id}), {type, id});
    }

    // Any thread.
    ActorMetrics metrics() const;
    int workerCount() const { return int(m_workers.size()); }
    const ActorSystemConfig &config() const { return m_config; }
    QString typeName(ActorTypeId type) const;
    // Milliseconds on the runtime's monotonic clock (timers and idle ages use it).
    qint64 nowMs() const { return m_clock.elapsed(); }

    // Internal to the runtime.
    ActorWorker *workerFor(ActorKey key) const;
    Actor *createActor(ActorKey key) const;
    AskTimeoutService &askTimeouts() { return *m_askTimeouts; }

private:
    struct TypeInfo
    {
        QString name;
        std::function<Actor *(ActorId)> factory;
    };

    ActorTypeId addType(const QString &name, std::type_index cppType, std::function<Actor *(ActorId)> factory);
    ActorTypeId typeOf(std::type_index cppType) const;

    ActorSystemConfig m_config;
    QElapsedTimer m_clock;
    std::vector<TypeInfo> m_types; // index = ActorTypeId - 1; read-only once started
    QHash<std::type_index, ActorTypeId> m_typeIds;
    std::vector<QThread *> m_threads;
    std::vector<ActorWorker *> m_workers;
    std::unique_ptr<AskTimeoutService> m_askTimeouts;
    bool m_running = false;
    bool m_shutDown = false;
};

template <typename ActorT>
ActorRef<ActorT> ActorType<ActorT>::ref(ActorId id) const
{
    return m_system->template ref<ActorT>(m_id, id);
}

} // namespace airdisplay
