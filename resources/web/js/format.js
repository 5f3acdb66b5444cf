// Words for statuses and times, shared by the list, the banner panel and the announcements.

const bannerStatuses = {
    idle: 'Idle',
    queued: 'Queued',
    displaying: 'Displaying',
    pending_review: 'Waiting for review',
    offline: 'Offline',
};

const messageStatuses = {
    pending_review: 'waiting for review',
    queued: 'queued',
    sent: 'sent, waiting for the banner',
    displaying: 'displaying',
    shown: 'shown',
    cancelled: 'cancelled',
    removed: 'removed by a dispatcher',
    rejected: 'rejected',
    blanked: 'stopped: banner blanked',
    interrupted: 'interrupted',
};

export function bannerStatusLabel(status) {
    return bannerStatuses[status] ?? status;
}

export function messageStatusLabel(status) {
    return messageStatuses[status] ?? status;
}

export function isFinished(status) {
    return ['shown', 'cancelled', 'removed', 'rejected', 'blanked', 'interrupted'].includes(status);
}

const clockFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });

export function clockTime(ms) {
    return clockFormat.format(new Date(ms));
}

const shortFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

export function shortTime(ms) {
    return shortFormat.format(new Date(ms));
}

// "0:42": a countdown that reads like a clock, as on the banner tracker.
export function countdown(ms) {
    const seconds = Math.max(0, Math.ceil(ms / 1000));
    return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

// Characters as the engine counts them (MessageText::characterCount): code points after NFC, with the
// ends trimmed, so "🎈" is one and "e" + combining acute is one.
export function characterCount(text) {
    return [...text.normalize('NFC').trim()].length;
}

export function duration(ms) {
    const seconds = Math.max(0, Math.round(ms / 1000));
    if (seconds < 60)
        return `${seconds} s`;
    const minutes = Math.floor(seconds / 60);
    if (minutes < 60)
        return seconds % 60 ? `${minutes} min ${seconds % 60} s` : `${minutes} min`;
    return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
