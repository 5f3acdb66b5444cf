// The messages this token sent from this tab, followed through the event stream so the sender sees
// queued → displaying → shown. Kept in sessionStorage with the token.
const KEY = 'airdisplay.mine';
const AUTHOR_KEY = 'airdisplay.author';
const KEEP = 20;
// Events about a message can arrive before the ack that tells us it is ours.
const RECENT = 500;

export class MyMessages extends EventTarget {
    #messages = new Map(JSON.parse(sessionStorage.getItem(KEY) ?? '[]'));
    #author = sessionStorage.getItem(AUTHOR_KEY);
    #recent = new Map(); // message id → {message, finished} seen before it was known to be ours

    list() {
        // Newest first. Ids only order messages of one banner (the banner is in the id's high bits).
        return [...this.#messages.values()].sort((a, b) => (b.addedAt ?? 0) - (a.addedAt ?? 0) || b.messageId - a.messageId);
    }

    get(messageId) {
        return this.#messages.get(messageId) ?? null;
    }

    bannerIds() {
        return this.list().filter((m) => !m.finished).map((m) => m.bannerId);
    }

    // Cancel rights follow the token: a message is ours when we sent it here, or when its author is the
    // one our own messages carry (sent from another tab with the same token).
    isMine(message) {
        return this.#messages.has(message.id) || (this.#author !== null && message.author === this.#author);
    }

    add(entry) {
        this.#messages.set(entry.messageId, { addedAt: Date.now(), ...this.#messages.get(entry.messageId), ...entry });
        const early = this.#recent.get(entry.messageId);
        if (early)
            this.applyMessage(early.message, early.finished);
        while (this.#messages.size > KEEP)
            this.#messages.delete(this.list().at(-1).messageId);
        this.#save();
    }

    // Returns the updated entry when the event was about one of ours.
    applyMessage(message, finished) {
        const entry = this.#messages.get(message.id);
        if (!entry) {
            this.#recent.set(message.id, { message, finished });
            if (this.#recent.size > RECENT)
                this.#recent.delete(this.#recent.keys().next().value);
            return null;
        }
        if (this.#author === null && message.author) {
            this.#author = message.author;
            sessionStorage.setItem(AUTHOR_KEY, message.author);
        }
        if (entry.status === message.status)
            return null;
        // A rejection's reason is the dispatcher's word to the sender: kept to be shown with it.
        Object.assign(entry, { status: message.status, finished, startedMs: message.startedMs, endsAtMs: message.endsAtMs, reason: message.reason });
        this.#save();
        return entry;
    }

    #save() {
        sessionStorage.setItem(KEY, JSON.stringify([...this.#messages]));
        this.dispatchEvent(new Event('change'));
    }
}
