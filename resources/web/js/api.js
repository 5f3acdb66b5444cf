// REST reads and the sign-in check. URLs are relative to the page so the client keeps working when a
// reverse proxy serves the gateway under a path prefix.
import { GatewayError } from './errors.js';

const REQUEST_TIMEOUT_MS = 15000;

export class Api {
    #token;

    constructor(token) {
        this.#token = token;
    }

    // The answer's body and its size in characters (what polling budgets its traffic by).
    async #get(path) {
        const controller = new AbortController();
        const timer = setTimeout(() => controller.abort(), REQUEST_TIMEOUT_MS);
        let response;
        try {
            response = await fetch(new URL(`api/v1/${path}`, document.baseURI), {
                headers: { Authorization: `Bearer ${this.#token}`, Accept: 'application/json' },
                cache: 'no-store',
                signal: controller.signal,
            });
        } catch (e) {
            throw new GatewayError(e.name === 'AbortError' ? 'timeout' : 'network', e.message);
        } finally {
            clearTimeout(timer);
        }
        const text = await response.text().catch(() => '');
        let body = null;
        try {
            body = JSON.parse(text);
        } catch {
            // Not JSON (a proxy's error page): the status below says what happened.
        }
        if (!response.ok) {
            const error = body?.error;
            throw new GatewayError(error?.code ?? 'internal', error?.message ?? `HTTP ${response.status}`);
        }
        return { body, bytes: text.length };
    }

    // One page of banners ordered by id; `next` is the id to continue after, or null at the end.
    // `bbox` ({minLat, minLon, maxLat, maxLon}) keeps the banners whose last position is inside.
    async listBanners({ status = [], after = 0, limit = 100, bbox = null } = {}) {
        const query = new URLSearchParams({ limit: String(limit) });
        if (status.length)
            query.set('status', status.join(','));
        if (bbox)
            query.set('bbox', [bbox.minLat, bbox.minLon, bbox.maxLat, bbox.maxLon].map((v) => v.toFixed(4)).join(','));
        if (after)
            query.set('after', String(after));
        const { body, bytes } = await this.#get(`banners?${query}`);
        return { ...body, bytes };
    }

    async banner(id) {
        return (await this.#get(`banners/${encodeURIComponent(id)}`)).body.banner;
    }

    async message(messageId) {
        return (await this.#get(`messages/${encodeURIComponent(messageId)}`)).body.message;
    }

    // A token is good for this page when it may list banners: devices may not, and are told so.
    async checkToken() {
        try {
            await this.listBanners({ limit: 1 });
        } catch (e) {
            if (e.code === 'forbidden')
                throw new GatewayError('device_token', e.detail);
            throw e;
        }
    }
}
