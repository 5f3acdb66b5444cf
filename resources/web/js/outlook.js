// The one answer to "when will my message show", shared by the queue, "Your messages", the result line
// under the form and the tracker card. It is recomputed from the banner's committed detail, the live
// summary and the clock every second and on every event, so no view keeps an estimate the gateway has
// since changed, and a paused, blanked or offline banner says so instead of counting down to nothing.
import { clockTime, countdown, duration, shortTime } from './format.js';

// Why nothing is starting, or null when the queue runs. Offline first: resuming would not help.
export function holdReason(summary) {
    if (!summary)
        return null;
    if (summary.link === false || summary.status === 'offline') {
        const since = summary.offlineSince ?? (summary.lastSeen || null);
        return { kind: 'offline', text: since ? `Banner offline since ${shortTime(since)}` : 'Banner offline: its device has not connected' };
    }
    if (summary.paused && summary.blankedAt)
        return { kind: 'blanked', text: 'On hold: banner blanked and paused' };
    if (summary.paused)
        return { kind: 'paused', text: 'On hold: banner paused' };
    return null;
}

// Estimated starts of the queued messages of a banner's detail, as the engine computes them
// (BannerQueue::estimatedStart): after the current message, one display time each, in queue order.
// Held messages wait for review and take no slot. Empty when the display time is not known yet.
export function estimatedStarts(detail, displayMs, now) {
    const starts = new Map();
    if (!detail || !displayMs)
        return starts;
    const current = detail.current;
    let base = now;
    if (current)
        base = current.endsAtMs ? Math.max(now, current.endsAtMs) : now + displayMs;
    for (const m of detail.queue ?? []) {
        if (m.status !== 'queued')
            continue;
        starts.set(m.id, base);
        base += displayMs;
    }
    return starts;
}

const progress = { pending_review: 0, queued: 1, sent: 2, displaying: 3 };
const stage = (status) => progress[status] ?? 4;

// Where one message stands: `message` is what the events said ({id, status, startedMs, endsAtMs}); the
// banner's detail knows its place in the queue. Either can be the newer (the detail is read over REST
// just after an event), and a message only moves forward, so the further status wins.
export function outlook(message, { detail, summary, displayMs, now }) {
    let m = message;
    let position = null;
    if (detail) {
        const index = (detail.queue ?? []).findIndex((q) => q.id === message.id);
        const known = index >= 0 ? detail.queue[index] : (detail.current?.id === message.id ? detail.current : null);
        if (known && stage(known.status) >= stage(message.status))
            m = { ...message, ...known };
        if (index >= 0 && m.status === known.status)
            position = index + 1;
    }
    const base = { status: m.status, position, hold: null, startsAt: null, leftMs: null };
    switch (m.status) {
    case 'pending_review':
        return { ...base, step: 'queued', text: 'Waiting for a dispatcher’s review' };
    case 'queued': {
        const hold = holdReason(summary);
        if (hold)
            return { ...base, step: 'queued', hold: hold.kind, text: hold.text };
        const startsAt = estimatedStarts(detail, displayMs, now).get(m.id) ?? null;
        const where = position ? `Queued #${position}` : 'Queued';
        return {
            ...base,
            step: 'queued',
            startsAt,
            text: startsAt ? `${where}, starts about ${clockTime(startsAt)} (in ${duration(startsAt - now)})` : where,
        };
    }
    case 'sent':
        return { ...base, step: 'sent', text: 'Sent, waiting for the banner to confirm' };
    case 'displaying': {
        const leftMs = m.endsAtMs ? Math.max(0, m.endsAtMs - now) : null;
        return { ...base, step: 'displaying', leftMs, text: leftMs === null ? 'On display' : `On display, ${countdown(leftMs)} left` };
    }
    default:
        return { ...base, step: 'finished', text: null };
    }
}
