// The fleet list, virtualised: every banner is loaded (pages of 1,000 from REST, in the background after
// the first) but only the rows in view, and a margin around them, are in the DOM, so 100,000 banners
// scroll like 100. Search (callsign or id; a number also looks the banner up directly) and the status
// filter run over everything loaded; rows are kept live from the store.
import { byId, h } from './dom.js';
import { bannerStatusLabel } from './format.js';

const PAGE = 1000; // the gateway's largest page
const MARGIN = 12; // rows rendered beyond each edge of the view, so a fast scroll shows no gap
const ESTIMATED_ROW_PX = 58; // until a real row has been measured
// The rows in view are watched over the socket and read afresh once scrolling settles; resubscribing on
// every scroll event would flood the gateway with subscriptions.
const SETTLE_MS = 250;

// Index of the first element ≥ value in an ascending array.
function lowerBound(array, value) {
    let lo = 0;
    let hi = array.length;
    while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (array[mid] < value)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

export class BannerList extends EventTarget {
    #api;
    #store;
    #all = []; // every loaded id, ascending
    #keys = []; // the lower-case callsign of each of #all, at the same index
    #filtered = []; // the ids that match search and status, ascending: the rows of the list
    #rows = new Map(); // id → li, for the rendered rows only
    #drawn = new WeakMap(); // li → what it shows, so a position report (most store changes) rebuilds no row
    #selectedId = null;
    #tabStop = null; // the one row reachable with Tab; arrows move within the list
    #generation = 0; // a reload abandons the pages of the one before
    #complete = false;
    #rowHeight = 0;
    #frame = 0;
    #refilter = false;
    #lastFilter = null; // {query, status, all}: what #filtered was computed from
    #membershipChanged = false; // a banner entered or left the matches since
    #window = ''; // the rendered ids, to tell when the watched set changes
    #settle = 0;
    #list = byId('banner-list');
    #scroller = byId('banner-scroll');
    #search = byId('banner-search');
    #status = byId('status-filter');
    #summary = byId('list-summary');

    constructor(api, store) {
        super();
        this.#api = api;
        this.#store = store;
        this.#search.addEventListener('input', () => this.#searchChanged());
        this.#status.addEventListener('change', () => this.#criteriaChanged());
        this.#list.addEventListener('keydown', (e) => this.#keydown(e));
        this.#scroller.addEventListener('scroll', () => this.#schedule(), { passive: true });
        addEventListener('resize', () => {
            this.#rowHeight = 0;
            this.#schedule();
        });
        store.addEventListener('change', (e) => this.#changed(e.detail.ids));
    }

    // The banners the list shows now (the rendered rows): the page watches these over the socket.
    get ids() {
        return [...this.#rows.keys()];
    }

    select(id) {
        this.#rows.get(this.#selectedId)?.querySelector('button').removeAttribute('aria-current');
        this.#selectedId = id;
        this.#rows.get(id)?.querySelector('button').setAttribute('aria-current', 'true');
        this.#tabStop = id;
        const index = this.#indexOf(id);
        if (index >= 0 && !this.#inView(index)) {
            this.#reveal(index);
            this.#render();
        }
        this.#syncTabStop();
    }

    // Resolves once the first page is listed; the rest of the fleet follows in the background.
    reload() {
        const generation = ++this.#generation;
        this.#all = [];
        this.#keys = [];
        this.#complete = false;
        this.#refilter = true;
        this.#list.setAttribute('aria-busy', 'true');
        return new Promise((resolve) => {
            this.#loadAll(generation, resolve);
        });
    }

    async #loadAll(generation, firstPageListed) {
        let after = 0;
        try {
            for (;;) {
                const page = await this.#api.listBanners({ after, limit: PAGE });
                if (generation !== this.#generation)
                    return;
                this.#store.merge(page.banners);
                this.#add(page.banners.map((b) => b.id));
                if (page.next === null)
                    break;
                after = page.next;
                this.#render();
                firstPageListed();
            }
            this.#complete = true;
        } catch (e) {
            if (generation !== this.#generation)
                return;
            this.#summary.textContent = `The list could not be loaded: ${e.message}`;
            this.dispatchEvent(new CustomEvent('error', { detail: e }));
        } finally {
            if (generation === this.#generation) {
                this.#list.removeAttribute('aria-busy');
                this.#render();
                firstPageListed();
            }
        }
    }

    #add(ids) {
        for (const id of ids) {
            const at = lowerBound(this.#all, id);
            if (this.#all[at] !== id) {
                this.#all.splice(at, 0, id);
                this.#keys.splice(at, 0, (this.#store.get(id)?.callsign ?? '').toLowerCase());
            }
        }
        this.#refilter = true;
        this.#schedule();
    }

    async #searchChanged() {
        const query = this.#search.value.trim();
        // Ids reach every banner, including those not loaded yet.
        if (/^\d+$/.test(query) && this.#all[lowerBound(this.#all, Number(query))] !== Number(query)) {
            try {
                const banner = await this.#api.banner(Number(query));
                this.#store.merge([banner]);
                this.#add([banner.id]);
            } catch {
                // Not a banner id: the search simply finds nothing.
            }
        }
        this.#criteriaChanged();
    }

    #criteriaChanged() {
        this.#refilter = true;
        this.#scroller.scrollTop = 0;
        this.#render(); // which watches the new rows once they stay
    }

    // A banner whose status has changed leaves a filtered list (and comes back when its status does).
    #matches(id) {
        return this.#matcher(this.#search.value.trim().toLowerCase(), this.#status.value)(id);
    }

    // The test of one banner against a query (lower case) and a status, with both read once: it runs
    // for every banner of the fleet on each keystroke.
    #matcher(query, status) {
        const store = this.#store;
        const idQuery = /^\d+$/.test(query) ? Number(query) : NaN;
        return (id) => {
            const banner = store.get(id);
            return (!status || (banner?.status ?? 'idle') === status)
                && (!query || id === idQuery || (banner?.callsign ?? '').toLowerCase().includes(query));
        };
    }

    // The whole fleet against a search with no status: the lower-case callsigns kept beside the ids
    // spare a store look-up and a toLowerCase per banner (100,000 of each per keystroke).
    #searchAll(query) {
        const idQuery = /^\d+$/.test(query) ? Number(query) : NaN;
        const all = this.#all;
        const keys = this.#keys;
        const out = [];
        for (let i = 0; i < all.length; i += 1) {
            if (all[i] === idQuery || keys[i].includes(query))
                out.push(all[i]);
        }
        return out;
    }

    #applyFilter() {
        this.#refilter = false;
        const query = this.#search.value.trim();
        const lower = query.toLowerCase();
        const status = this.#status.value;
        // Typing narrows: a query that extends the last one, over the same banners with nothing having
        // changed membership since, only needs the last matches tested again. The one banner a longer
        // query can add is the one whose id it is (an id matches exactly, not as a substring).
        const last = this.#lastFilter;
        const narrows = last && !this.#membershipChanged && last.all === this.#all.length && last.status === status
            && last.query && lower.startsWith(last.query);
        const matcher = this.#matcher(lower, status);
        if (!query && !status) {
            this.#filtered = this.#all.slice();
        } else if (narrows) {
            this.#filtered = this.#filtered.filter(matcher);
            const id = /^\d+$/.test(lower) ? Number(lower) : NaN;
            const at = lowerBound(this.#filtered, id);
            if (this.#all[lowerBound(this.#all, id)] === id && this.#filtered[at] !== id && matcher(id))
                this.#filtered.splice(at, 0, id);
        } else {
            this.#filtered = status ? this.#all.filter(matcher) : this.#searchAll(lower);
        }
        this.#lastFilter = { query: lower, status, all: this.#all.length };
        this.#membershipChanged = false;
        const criteria = [query ? `“${query}”` : '', status ? `“${bannerStatusLabel(status)}”` : ''].filter(Boolean);
        const loading = this.#complete ? '' : ' (still loading)';
        this.#summary.textContent = criteria.length
            ? `${this.#filtered.length} of ${this.#all.length} banners${loading} match ${criteria.join(' and ')}.`
            : `${this.#all.length} banners${loading}.`;
    }

    #changed(ids) {
        for (const id of ids) {
            if (this.#matches(id) !== (this.#indexOf(id) >= 0) && this.#all[lowerBound(this.#all, id)] === id) {
                this.#refilter = true;
                this.#membershipChanged = true;
            }
            const li = this.#rows.get(id);
            if (li && this.#drawn.get(li) !== this.#shows(id))
                this.#fill(li, id);
        }
        if (this.#refilter)
            this.#schedule();
    }

    // At most one render per frame, however many scroll events and store changes come in it.
    #schedule() {
        if (!this.#frame)
            this.#frame = requestAnimationFrame(() => this.#render());
    }

    #render() {
        if (this.#frame) {
            cancelAnimationFrame(this.#frame);
            this.#frame = 0;
        }
        if (this.#refilter)
            this.#applyFilter();
        const n = this.#filtered.length;
        const rowHeight = this.#rowHeight || ESTIMATED_ROW_PX;
        const top = this.#scroller.scrollTop;
        const view = this.#scroller.clientHeight || rowHeight * 10;
        const first = Math.max(0, Math.min(n, Math.floor(top / rowHeight)) - MARGIN);
        const last = Math.min(n, Math.ceil((top + view) / rowHeight) + MARGIN);
        const wanted = this.#filtered.slice(first, last);
        const keep = new Set(wanted);
        // Rows are moved as little as possible, so that the focused one keeps its focus.
        for (const [id, li] of this.#rows) {
            if (!keep.has(id)) {
                li.remove();
                this.#rows.delete(id);
            }
        }
        let cursor = this.#list.firstElementChild;
        wanted.forEach((id, i) => {
            let li = this.#rows.get(id);
            if (!li) {
                li = this.#row(id);
                this.#list.insertBefore(li, cursor);
            } else if (li === cursor) {
                cursor = cursor.nextElementSibling;
            } else {
                this.#list.insertBefore(li, cursor);
            }
            // The list's size and each row's place in it, as the full list would have them.
            li.setAttribute('aria-setsize', String(n));
            li.setAttribute('aria-posinset', String(first + i + 1));
        });
        this.#list.style.paddingTop = `${first * rowHeight}px`;
        this.#list.style.paddingBottom = `${(n - last) * rowHeight}px`;
        this.#syncTabStop();
        if (!this.#rowHeight && wanted.length) {
            const measured = this.#rows.get(wanted[0]).getBoundingClientRect().height;
            if (measured > 0) {
                this.#rowHeight = measured;
                if (Math.abs(measured - rowHeight) > 0.5)
                    this.#schedule();
            }
        }
        const shown = wanted.join(',');
        if (shown !== this.#window) {
            this.#window = shown;
            clearTimeout(this.#settle);
            this.#settle = setTimeout(() => this.#settled(), SETTLE_MS);
        }
    }

    // Scrolling has stopped on a set of rows: watch them, and read them afresh, since the socket told
    // nothing about them while they were out of view.
    async #settled() {
        clearTimeout(this.#settle);
        this.dispatchEvent(new Event('idschange'));
        const ids = this.ids;
        if (!ids.length)
            return;
        // One page read covers rows of neighbouring ids; rows scattered by a search or filter over a wide
        // range of ids are left to the events that now come for them.
        const span = ids.at(-1) - ids[0] + 1;
        if (span > Math.min(PAGE, ids.length * 4))
            return;
        const generation = this.#generation;
        try {
            const page = await this.#api.listBanners({ after: ids[0] - 1, limit: span });
            if (generation === this.#generation)
                this.#store.merge(page.banners);
        } catch {
            // The rows keep what was loaded; the next settle or event updates them.
        }
    }

    #indexOf(id) {
        const at = lowerBound(this.#filtered, id);
        return this.#filtered[at] === id ? at : -1;
    }

    #inView(index) {
        const rowHeight = this.#rowHeight || ESTIMATED_ROW_PX;
        const top = index * rowHeight;
        return top >= this.#scroller.scrollTop && top + rowHeight <= this.#scroller.scrollTop + this.#scroller.clientHeight;
    }

    // Scrolls the least that brings row `index` whole into view.
    #reveal(index) {
        const rowHeight = this.#rowHeight || ESTIMATED_ROW_PX;
        const top = index * rowHeight;
        if (top < this.#scroller.scrollTop)
            this.#scroller.scrollTop = top;
        else if (top + rowHeight > this.#scroller.scrollTop + this.#scroller.clientHeight)
            this.#scroller.scrollTop = top + rowHeight - this.#scroller.clientHeight;
    }

    #row(id) {
        const li = h('li', { class: 'banner-row' });
        this.#rows.set(id, li);
        this.#fill(li, id);
        return li;
    }

    #shows(id) {
        const b = this.#store.get(id) ?? {};
        return JSON.stringify([b.callsign, b.status, b.paused, b.queueLength, b.currentText]);
    }

    #fill(li, id) {
        this.#drawn.set(li, this.#shows(id));
        const banner = this.#store.get(id) ?? { id };
        const status = banner.status ?? 'idle';
        const focused = li.contains(document.activeElement);
        const button = h('button', {
            type: 'button',
            class: 'banner-button',
            dataset: { bannerId: id, status },
            'aria-current': id === this.#selectedId ? 'true' : null,
            tabindex: li.querySelector('button')?.getAttribute('tabindex') ?? '-1',
            onclick: () => this.dispatchEvent(new CustomEvent('select', { detail: id })),
        },
        h('span', { class: 'status-dot', 'aria-hidden': 'true' }),
        h('span', { class: 'banner-line' },
            h('span', { class: 'banner-name' },
                h('strong', { text: banner.callsign ?? `Banner ${id}` }),
                h('span', { class: 'muted', text: ` #${id}` })),
            h('span', { class: 'banner-state' },
                h('span', { class: 'status-text', text: bannerStatusLabel(status) }),
                banner.paused ? h('span', { class: 'tag', text: 'paused' }) : null,
                banner.queueLength ? h('span', { class: 'muted', text: ` · ${banner.queueLength} waiting` }) : null)),
        banner.currentText ? h('span', { class: 'banner-current', text: `“${banner.currentText}”` }) : null);
        li.replaceChildren(button);
        if (focused)
            button.focus({ preventScroll: true });
    }

    // Exactly one rendered row is a tab stop: the chosen one when it is rendered, else the first.
    #syncTabStop() {
        const stop = this.#rows.has(this.#tabStop) ? this.#tabStop : this.#rows.keys().next().value;
        for (const [id, li] of this.#rows) {
            const button = li.firstElementChild;
            const tabindex = id === stop ? '0' : '-1';
            if (button && button.getAttribute('tabindex') !== tabindex)
                button.setAttribute('tabindex', tabindex);
        }
    }

    // Arrow keys, Page Up/Down, Home and End move between rows, rendered or not, so the list is one
    // tab stop rather than a hundred thousand.
    #keydown(e) {
        const button = e.target.closest?.('.banner-button');
        if (!button)
            return;
        const index = this.#indexOf(Number(button.dataset.bannerId));
        if (index < 0)
            return;
        const rowHeight = this.#rowHeight || ESTIMATED_ROW_PX;
        const page = Math.max(1, Math.floor(this.#scroller.clientHeight / rowHeight) - 1);
        const last = this.#filtered.length - 1;
        const target = { ArrowDown: index + 1, ArrowUp: index - 1, PageDown: index + page, PageUp: index - page, Home: 0, End: last }[e.key];
        if (target === undefined)
            return;
        e.preventDefault();
        const to = Math.max(0, Math.min(last, target));
        const id = this.#filtered[to];
        this.#tabStop = id;
        this.#reveal(to);
        this.#render();
        this.#rows.get(id)?.firstElementChild.focus({ preventScroll: true });
    }
}
