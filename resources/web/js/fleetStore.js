// What this page knows of each banner: full rows from REST, then kept live by the summaries that every
// event and `state` frame carries (`data.banner`: status, queue length, current message).
export class FleetStore extends EventTarget {
    #banners = new Map();

    get(id) {
        return this.#banners.get(id);
    }

    all() {
        return this.#banners.values();
    }

    merge(banners) {
        for (const banner of banners)
            this.#banners.set(banner.id, { ...this.#banners.get(banner.id), ...banner });
        this.#changed(banners.map((b) => b.id));
    }

    applySummary(bannerId, summary) {
        if (!summary)
            return;
        const known = this.#banners.get(bannerId) ?? { id: bannerId };
        const next = { ...known, ...summary, id: bannerId };
        // A summary names the current message only while there is one.
        if (!('currentMessageId' in summary)) {
            delete next.currentMessageId;
            delete next.currentText;
        }
        this.#banners.set(bannerId, next);
        this.#changed([bannerId]);
    }

    #changed(ids) {
        this.dispatchEvent(new CustomEvent('change', { detail: { ids } }));
    }
}
