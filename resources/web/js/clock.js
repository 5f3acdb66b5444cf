// The gateway's clock, as seen from here: "seconds left" and "estimated start" are server times, and a
// phone's clock can be minutes off. Each event's time is at most the server's now when it arrives, so the
// largest (at − local now) seen is the offset minus the smallest network delay: close enough for seconds.
let offset = null;
// While the connection is down the page cannot know what happened since: every live time is computed
// against the moment the data stopped, so countdowns stand still instead of running on to "0 s left".
let frozenAt = null;

export function observeServerTime(atMs) {
    const sample = atMs - Date.now();
    if (offset === null || sample > offset)
        offset = sample;
}

export function serverNow() {
    return Date.now() + (offset ?? 0);
}

export function freezeClock() {
    if (frozenAt === null)
        frozenAt = serverNow();
}

export function thawClock() {
    frozenAt = null;
}

// The server time of the last data when offline, else null.
export function frozenSince() {
    return frozenAt;
}

// What every live time on the page is computed against.
export function shownNow() {
    return frozenAt ?? serverNow();
}
