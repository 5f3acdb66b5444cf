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

    // What the summary leaves out but the page must say: that a banner was blanked (it is then just
    // "paused" in the summary) and since when a device is gone (`lastSeen` comes only from REST).
    applyEvent(e) {
        const known = this.#banners.get(e.bannerId);
        const summary = e.data?.banner;
        const notes = {};
        if (e.event === 'banner_blanked')
            notes.blankedAt = e.at;
        else if (e.event === 'banner_resumed')
            notes.blankedAt = null;
        if (summary?.link === false && known?.link !== false)
            notes.offlineSince = e.at;
        else if (summary?.link)
            notes.offlineSince = null;
        this.applySummary(e.bannerId, summary, notes);
    }

    applySummary(bannerId, summary, notes = {}) {
        if (!summary)
            return;
        const known = this.#banners.get(bannerId) ?? { id: bannerId };
        const next = { ...known, ...summary, ...notes, id: bannerId };
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
