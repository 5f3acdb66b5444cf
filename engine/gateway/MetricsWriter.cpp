#include "MetricsWriter.h"

namespace airdisplay {

namespace {
void metric(QByteArray &out, const char *name, const char *type, const char *help, double value)
{
    out += "# HELP airdisplay_";
    out += name;
    out += ' ';
    out += help;
    out += "\n# TYPE airdisplay_";
    out += name;
    out += ' ';
    out += type;
    out += "\nairdisplay_";
    out += name;
    out += ' ';
    out += QByteArray::number(value, 'g', 17);
    out += '\n';
}
} // namespace

QByteArray MetricsWriter::write(const FleetMetrics &f, const GatewayMetrics &g)
{
    QByteArray o;
    o.reserve(6000);
    auto r = [](const auto &a) { return double(a.load(std::memory_order_relaxed)); };
    metric(o, "fleet_submissions_accepted_total", "counter", "Submissions committed.", double(f.accepted));
    metric(o, "fleet_submissions_duplicate_total", "counter", "Retries answered with the first answer.", double(f.duplicates));
    metric(o, "fleet_commands_refused_total", "counter", "Commands answered with a domain error.", double(f.refused));
    metric(o, "fleet_commits_total", "counter", "Banner write batches committed.", double(f.commits));
    metric(o, "fleet_commit_failures_total", "counter", "Banner write batches that failed.", double(f.commitFailures));
    metric(o, "fleet_activations_total", "counter", "Banner actors loaded from the store.", double(f.activations));
    metric(o, "fleet_events_published_total", "counter", "Events published to subscribers.", double(f.eventsPublished));
    metric(o, "fleet_reminders_fired_total", "counter", "Durable reminders fired.", double(f.remindersFired));
    metric(o, "fleet_telemetry_flushed_total", "counter", "Telemetry rows written.", double(f.telemetryFlushed));
    metric(o, "fleet_registered_banners", "gauge", "Banners in the fleet registry.", double(f.registeredBanners));
    metric(o, "fleet_connected_devices", "gauge", "Banner devices connected.", double(f.connectedDevices));
    metric(o, "fleet_subscribers", "gauge", "Event subscriptions.", double(f.subscribers));
    metric(o, "actor_messages_handled_total", "counter", "Actor messages handled.", double(f.actors.messagesHandled));
    metric(o, "actor_mailbox_depth", "gauge", "Messages waiting in actor mailboxes.", double(f.actors.mailboxDepth));
    metric(o, "actor_resident", "gauge", "Actors in memory.", double(f.actors.residentActors));
    metric(o, "actor_turn_p99_seconds", "gauge", "99th percentile of actor turn time.", double(f.actors.turnTimeQuantileNs(0.99)) / 1e9);
    metric(o, "store_transactions_total", "counter", "Group transactions committed or attempted.", double(f.store.transactions));
    metric(o, "store_batches_total", "counter", "Write batches answered.", double(f.store.batches));
    metric(o, "store_failed_batches_total", "counter", "Write batches answered with an error.", double(f.store.failedBatches));
    metric(o, "store_conflicts_total", "counter", "Optimistic-concurrency conflicts.", double(f.store.conflicts));
    metric(o, "store_sqlite_heap_bytes", "gauge", "SQLite's heap in this process (page caches, statements).", double(f.store.sqliteHeapBytes));
    metric(o, "gateway_http_requests_total", "counter", "HTTP requests received.", r(g.httpRequests));
    metric(o, "gateway_http_errors_total", "counter", "HTTP answers with a 4xx or 5xx status.", r(g.httpErrors));
    metric(o, "gateway_oversize_requests_total", "counter", "Requests refused before their body was read.", r(g.oversizeRequests));
    metric(o, "gateway_malformed_requests_total", "counter", "Requests refused for their HTTP framing.", r(g.malformedRequests));
    metric(o, "gateway_timed_out_requests_total", "counter", "Requests not read whole within the request timeout.", r(g.timedOutRequests));
    metric(o, "gateway_idle_closed_connections_total", "counter", "Keep-alive connections closed when idle.", r(g.idleClosed));
    metric(o, "gateway_rejected_connections_total", "counter", "Connections refused at the total or per-address limit.", r(g.rejectedConnections));
    metric(o, "gateway_open_connections", "gauge", "Open TCP connections.", r(g.openConnections));
    metric(o, "gateway_websocket_sessions", "gauge", "Open WebSocket sessions.", r(g.webSocketSessions));
    metric(o, "gateway_frames_in_total", "counter", "WebSocket frames received.", r(g.framesIn));
    metric(o, "gateway_frames_out_total", "counter", "WebSocket frames sent.", r(g.framesOut));
    metric(o, "gateway_frame_errors_total", "counter", "Error frames sent.", r(g.frameErrors));
    metric(o, "gateway_auth_failures_total", "counter", "Failed or timed-out authentications.", r(g.authFailures));
    metric(o, "gateway_rate_limited_total", "counter", "Requests refused by the rate limit.", r(g.rateLimited));
    metric(o, "gateway_live_subscribers", "gauge", "WebSocket sessions subscribed live (served by the shared fan-out).",
           r(g.liveSubscribers));
    metric(o, "gateway_events_delivered_total", "counter", "Events sent to subscribers (one per frame or many in \"events\" frames).",
           r(g.eventsDelivered));
    metric(o, "gateway_fanout_batches_total", "counter", "Hand-overs of committed events encoded once and written to every live subscriber.",
           r(g.fanoutBatches));
    metric(o, "gateway_states_coalesced_total", "counter", "State frames sent in place of skipped events.", r(g.statesCoalesced));
    metric(o, "gateway_slow_clients_closed_total", "counter", "Clients closed with 4008 for not reading.", r(g.slowClientsClosed));
    metric(o, "gateway_submissions_accepted_total", "counter", "Submissions accepted through the gateway.", r(g.submissionsAccepted));
    return o;
}

} // namespace airdisplay
