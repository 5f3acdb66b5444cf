// The gateway's clock, as seen from here: "seconds left" and "estimated start" are server times, and a
// phone's clock can be minutes off. Each event's time is at most the server's now when it arrives, so the
// largest (at − local now) seen is the offset minus the smallest network delay: close enough for seconds.
let offset = null;

export function observeServerTime(atMs) {
    const sample = atMs - Date.now();
    if (offset === null || sample > offset)
        offset = sample;
}

export function serverNow() {
    return Date.now() + (offset ?? 0);
}
