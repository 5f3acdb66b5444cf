// The fleet list: pages of banners from REST filtered by status on the gateway, a search over what is
// loaded (callsign or id; a number also looks the banner up directly), rows kept live from the store.
import { byId, h } from './dom.js';
import { bannerStatusLabel } from './format.js';

const PAGE = 100;

export class BannerList extends EventTarget {
    #api;
    #store;
    #ids = [];
    #next = null;
    #rows = new Map(); // id → li
    #drawn = new WeakMap(); // li → what it shows, so a position report (most store changes) rebuilds no row
    #selectedId = null;
    #tabStop = null; // the one row reachable with Tab; arrows move within the list
    #loading = false;
    #list = byId('banner-list');
    #search = byId('banner-search');
    #status = byId('status-filter');
    #more = byId('load-more');
    #summary = byId('list-summary');

    constructor(api, store) {
        super();
        this.#api = api;
        this.#store = store;
        this.#search.addEventListener('input', () => this.#searchChanged());
        this.#status.addEventListener('change', () => this.reload());
        this.#more.addEventListener('click', () => this.#loadPage());
        this.#list.addEventListener('keydown', (e) => this.#keydown(e));
        store.addEventListener('change', (e) => e.detail.ids.forEach((id) => this.#updateRow(id)));
    }

    get ids() {
        return this.#ids;
    }

    select(id) {
        this.#rows.get(this.#selectedId)?.querySelector('button').removeAttribute('aria-current');
        this.#selectedId = id;
        this.#rows.get(id)?.querySelector('button').setAttribute('aria-current', 'true');
        this.#moveTabStop(id);
    }

    async reload() {
        this.#ids = [];
        this.#next = null;
        this.#rows.clear();
        this.#tabStop = null;
        this.#list.replaceChildren();
        await this.#loadPage();
    }

    async #loadPage() {
        if (this.#loading)
            return;
        this.#loading = true;
        this.#list.setAttribute('aria-busy', 'true');
        try {
            const status = this.#status.value ? [this.#status.value] : [];
            const page = await this.#api.listBanners({ status, after: this.#next ?? 0, limit: PAGE });
            this.#store.merge(page.banners);
            this.#next = page.next;
            this.#add(page.banners.map((b) => b.id));
        } catch (e) {
            this.#summary.textContent = `The list could not be loaded: ${e.message}`;
            this.dispatchEvent(new CustomEvent('error', { detail: e }));
        } finally {
            this.#loading = false;
            this.#list.removeAttribute('aria-busy');
        }
    }

    #add(ids) {
        const fresh = ids.filter((id) => !this.#rows.has(id));
        this.#ids.push(...fresh);
        this.#list.append(...fresh.map((id) => this.#row(id)));
        this.#applySearch();
        this.dispatchEvent(new Event('idschange'));
    }

    async #searchChanged() {
        const query = this.#search.value.trim();
        // Ids reach every banner, not only the loaded pages.
        if (/^\d+$/.test(query) && !this.#rows.has(Number(query))) {
            try {
                const banner = await this.#api.banner(Number(query));
                this.#store.merge([banner]);
                this.#add([banner.id]);
            } catch {
                // Not a banner id: the search below simply finds nothing.
            }
        }
        this.#applySearch();
    }

    // The gateway filtered by status when the page was loaded; a banner whose status has changed since
    // leaves the filtered list (and comes back when its status does).
    #matches(id) {
        const query = this.#search.value.trim().toLowerCase();
        const banner = this.#store.get(id);
        const status = this.#status.value;
        return (!status || (banner?.status ?? 'idle') === status)
            && (!query || String(id) === query || (banner?.callsign ?? '').toLowerCase().includes(query));
    }

    #applySearch() {
        const query = this.#search.value.trim();
        const status = this.#status.value;
        let shown = 0;
        for (const [id, row] of this.#rows) {
            const match = this.#matches(id);
            row.hidden = !match;
            shown += match ? 1 : 0;
        }
        const visible = this.#rows.get(this.#tabStop);
        if (!visible || visible.hidden)
            this.#moveTabStop([...this.#rows].find(([, row]) => !row.hidden)?.[0] ?? null);
        this.#more.hidden = this.#next === null;
        const criteria = [query ? `“${query}”` : '', status ? `“${bannerStatusLabel(status)}”` : ''].filter(Boolean);
        this.#summary.textContent = criteria.length
            ? `${shown} of ${this.#rows.size} loaded banners match ${criteria.join(' and ')}.`
            : `${this.#rows.size} banners${this.#next === null ? '' : ' loaded; more below'}.`;
    }

    #row(id) {
        const li = h('li', { class: 'banner-row' });
        this.#rows.set(id, li);
        this.#fill(li, id);
        return li;
    }

    #updateRow(id) {
        const li = this.#rows.get(id);
        if (!li)
            return;
        if (this.#drawn.get(li) !== this.#shows(id))
            this.#fill(li, id);
        if (li.hidden === this.#matches(id))
            this.#applySearch();
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
            tabindex: id === this.#tabStop ? '0' : '-1',
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
            button.focus();
    }

    #moveTabStop(id) {
        this.#rows.get(this.#tabStop)?.querySelector('button').setAttribute('tabindex', '-1');
        this.#tabStop = this.#rows.has(id) ? id : null;
        this.#rows.get(this.#tabStop)?.querySelector('button').setAttribute('tabindex', '0');
    }

    // Arrow keys move between rows, so the list is one tab stop rather than a hundred.
    #keydown(e) {
        const buttons = [...this.#list.querySelectorAll('li:not([hidden]) button')];
        const index = buttons.indexOf(document.activeElement);
        if (index < 0)
            return;
        const target = { ArrowDown: index + 1, ArrowUp: index - 1, Home: 0, End: buttons.length - 1 }[e.key];
        if (target === undefined || !buttons[target])
            return;
        e.preventDefault();
        this.#moveTabStop(Number(buttons[target].dataset.bannerId));
        buttons[target].focus();
    }
}
