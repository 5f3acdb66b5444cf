// The committed detail (current message and queue) of the banners the page follows closely: the selected
// one and those holding this tab's unfinished messages. Each is read over REST and read again shortly
// after every event about its banner, so the queue, "Your messages" and the tracker all estimate from
// the same queue order.
const REFRESH_DELAY_MS = 150; // one read for a burst of events

export class BannerDetails extends EventTarget {
    #api;
    #details = new Map(); // banner id → detail
    #timers = new Map(); // banner id → pending refresh
    #wanted = new Set();
    #reads = new Map(); // banner id → number of its latest read: an older answer arriving late is dropped
    // Learnt from a displaying message: the gateway does not publish its policy.
    displayMs = null;

    constructor(api) {
        super();
        this.#api = api;
    }

    get(id) {
        return this.#details.get(id) ?? null;
    }

    // The banners to keep read; new ones are read at once, the others forgotten.
    follow(ids) {
        const before = this.#wanted;
        this.#wanted = new Set(ids);
        for (const id of before) {
            if (!this.#wanted.has(id)) {
                this.#details.delete(id);
                clearTimeout(this.#timers.get(id));
                this.#timers.delete(id);
            }
        }
        for (const id of this.#wanted) {
            if (!before.has(id))
                this.refresh(id, 0);
        }
    }

    // Events about banners not followed need no read: their summary is in the event.
    refresh(id, delay = REFRESH_DELAY_MS) {
        if (!this.#wanted.has(id))
            return;
        clearTimeout(this.#timers.get(id));
        this.#timers.set(id, setTimeout(() => this.#load(id), delay));
    }

    // Reads every followed banner now; resolves once all answered (or failed).
    refreshAll() {
        return Promise.all([...this.#wanted].map((id) => {
            clearTimeout(this.#timers.get(id));
            return this.#load(id);
        }));
    }

    learnDisplayTime(message) {
        if (message?.startedMs && message.endsAtMs > message.startedMs)
            this.displayMs = message.endsAtMs - message.startedMs;
    }

    async #load(id) {
        this.#timers.delete(id);
        const read = (this.#reads.get(id) ?? 0) + 1;
        this.#reads.set(id, read);
        try {
            const detail = await this.#api.banner(id);
            if (!this.#wanted.has(id) || this.#reads.get(id) !== read)
                return;
            this.#details.set(id, detail);
            this.learnDisplayTime(detail.current);
            this.dispatchEvent(new CustomEvent('change', { detail: { id } }));
        } catch (error) {
            if (this.#wanted.has(id))
                this.dispatchEvent(new CustomEvent('error', { detail: { id, error } }));
        }
    }
}
