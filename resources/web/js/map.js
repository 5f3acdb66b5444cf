// A small live map of the fleet on a canvas: the land-110m basemap in Web Mercator, one dot per banner
// coloured by status. It follows the fleet until the user pans or zooms, and a click selects a banner.
// Built for a large fleet: the basemap is drawn once per view into an off-screen canvas, sizes are read
// once per frame, projections are kept until a position changes, banners that overlap on screen are one
// dot with a count, and event-driven redraws are coalesced.
import { project } from './mercator.js';
import { rings } from './topojson.js';
import { bannerStatusLabel } from './format.js';

// The console's map theme (ui/map/MapTheme.cpp), so both views read the same.
const theme = {
    sea: '#0a182b',
    land: '#1b2633',
    coast: '#2c3e52',
    graticule: 'rgba(22, 42, 68, 0.55)',
    label: '#dde6f0',
    labelBackground: 'rgba(5, 11, 20, 0.75)',
    selection: '#ffffff',
    status: {
        idle: '#8d9bad',
        queued: '#3da5ff',
        displaying: '#3ddc84',
        pending_review: '#ffb020',
        offline: '#ff4f64',
    },
};

export const statusColours = theme.status;

// Rings that cross the antimeridian (Chukotka, Fiji) jump from +180 to −180; keeping them continuous
// past ±180 lets the copies of the world east and west draw them whole instead of a line across the map.
function unwrapped(ring) {
    let shift = 0;
    return ring.map(([lon, lat], i) => {
        if (i > 0) {
            const previous = ring[i - 1][0];
            if (lon - previous > 180)
                shift -= 360;
            else if (previous - lon > 180)
                shift += 360;
        }
        return [lon + shift, lat];
    });
}

const HIT_RADIUS_PX = 12;
const CLUSTER_PX = 14; // banners closer than this on screen are drawn as one dot with their count
const DATA_REDRAW_MS = 250; // status changes redraw at most this often; pan and zoom at once
// Drawn bottom to top, and a cluster takes the colour of its most important banner: offline dots
// never hide live ones.
const STATUS_ORDER = ['offline', 'idle', 'queued', 'pending_review', 'displaying'];
const rank = (status) => Math.max(0, STATUS_ORDER.indexOf(status));

// Groups points ({banner, x, y} in screen pixels) by grid cell; returns clusters
// {x, y, banners, status} ordered for drawing, the most important last.
export function clusterPoints(points, cellPx = CLUSTER_PX) {
    const cells = new Map();
    for (const p of points) {
        // A number, not a string: this runs for every banner in view on every frame of a pan. Cells
        // are within a few screens of the origin, far inside 2^20 either way.
        const key = (Math.floor(p.x / cellPx) + 0x100000) * 0x200000 + Math.floor(p.y / cellPx) + 0x100000;
        let cell = cells.get(key);
        if (!cell) {
            cell = { x: 0, y: 0, banners: [], status: p.banner.status };
            cells.set(key, cell);
        }
        cell.x += p.x;
        cell.y += p.y;
        cell.banners.push(p.banner);
        if (rank(p.banner.status) > rank(cell.status))
            cell.status = p.banner.status;
    }
    const clusters = [...cells.values()];
    for (const c of clusters) {
        c.x /= c.banners.length;
        c.y /= c.banners.length;
    }
    return clusters.sort((a, b) => rank(a.status) - rank(b.status));
}
const MIN_SPAN = 0.004; // unit coordinates: about 1.5° of longitude, so one banner is not a blur
const MAX_SCALE_PER_WIDTH = 2048;

export class FleetMap {
    #canvas;
    #store;
    #land = [];
    #view = null; // {cx, cy, scale}: centre in unit coordinates, pixels per unit
    #follow = true;
    #selectedId = null;
    #frame = 0;
    #dataTimer = 0;
    #drag = null;
    #base = document.createElement('canvas'); // land and graticule for #baseKey, a margin round the view
    #baseKey = '';
    #baseOrigin = [0, 0]; // unit coordinates of #base's top-left corner
    #baseMargin = 0; // CSS pixels of #base beyond each edge of the view
    #projected = new WeakMap(); // position object → [x, y]: a banner is projected once per report
    #clusters = []; // as last drawn, for hit tests
    #points = null; // #positioned() until the store changes: a pan or a zoom reads no banner again
    #label = '';
    // The selection's ring and label on a canvas of their own above the map: a click in the list
    // redraws that, not 9,000 dots (it was half of a click's time to the panel).
    #overlay;
    #overlayFrame = 0;
    #counts = { positioned: 0, displaying: 0 }; // as last drawn, for the map's label
    onSelect = () => {};

    // overlay: a canvas laid over the map's own, for the selection.
    constructor(canvas, overlay, store) {
        this.#canvas = canvas;
        this.#overlay = overlay;
        this.#store = store;
        store.addEventListener('change', () => {
            this.#points = null;
        });
        new ResizeObserver(() => this.redraw()).observe(canvas);
        canvas.addEventListener('pointerdown', (e) => this.#pointerDown(e));
        canvas.addEventListener('pointermove', (e) => this.#pointerMove(e));
        canvas.addEventListener('pointerup', (e) => this.#pointerUp(e));
        canvas.addEventListener('pointercancel', () => {
            this.#drag = null;
        });
        canvas.addEventListener('wheel', (e) => {
            e.preventDefault();
            this.zoom(e.deltaY < 0 ? 1.25 : 0.8, this.#local(e));
        }, { passive: false });
    }

    async loadBasemap(url) {
        const response = await fetch(url);
        const topology = await response.json();
        this.#land = rings(topology, 'land').map(unwrapped).map((r) => r.map(([lon, lat]) => project(lon, lat)));
        this.#baseKey = '';
        this.redraw();
    }

    // Banners changed: redraw soon, once for a burst of events, and only if one of them is on the map.
    changed(ids) {
        if (this.#dataTimer || !ids.some((id) => this.#store.get(id)?.position))
            return;
        this.#dataTimer = setTimeout(() => {
            this.#dataTimer = 0;
            this.redraw();
        }, DATA_REDRAW_MS);
    }

    // The part of the world in view as {minLat, minLon, maxLat, maxLon}, or null while the map follows
    // the whole fleet (then every position is needed to fit it).
    viewBounds() {
        if (this.#follow || !this.#view)
            return null;
        const size = this.#size();
        const [x0, y0] = this.#unproject([0, 0], this.#view, size);
        const [x1, y1] = this.#unproject([size.width, size.height], this.#view, size);
        const lat = (y) => (Math.atan(Math.sinh(Math.PI * (1 - 2 * y))) * 180) / Math.PI;
        const lon = (x) => Math.max(-180, Math.min(180, x * 360 - 180));
        return { minLat: lat(Math.min(1, y1)), minLon: lon(x0), maxLat: lat(Math.max(0, y0)), maxLon: lon(x1) };
    }

    select(id) {
        this.#selectedId = id;
        if (this.#frame || this.#overlayFrame)
            return; // the frame already asked for draws the selection too
        this.#overlayFrame = requestAnimationFrame(() => {
            this.#overlayFrame = 0;
            const size = this.#size();
            if (size.width && size.height)
                this.#drawOverlay(size);
        });
    }

    // Zooms about a point on the canvas, or else about the selected banner, or else the centre.
    zoom(factor, at = null) {
        const size = this.#size();
        const { width, height } = size;
        let view = this.#currentView(size);
        const selected = this.#store.get(this.#selectedId)?.position;
        if (!at && selected) {
            const [cx, cy] = project(selected.lon, selected.lat);
            view = { ...view, cx, cy };
        }
        const anchor = at ?? [width / 2, height / 2];
        const before = this.#unproject(anchor, view, size);
        const scale = Math.min(width * MAX_SCALE_PER_WIDTH, Math.max(width, view.scale * factor));
        const cx = before[0] - (anchor[0] - width / 2) / scale;
        const cy = before[1] - (anchor[1] - height / 2) / scale;
        this.#view = { cx, cy, scale };
        this.#follow = false;
        this.redraw();
    }

    followFleet() {
        this.#follow = true;
        this.#view = null;
        this.redraw();
    }

    redraw() {
        if (this.#frame)
            return;
        this.#frame = requestAnimationFrame(() => {
            this.#frame = 0;
            this.#draw();
        });
    }

    #size() {
        return { width: this.#canvas.clientWidth, height: this.#canvas.clientHeight };
    }

    #positioned() {
        if (this.#points)
            return this.#points;
        const out = [];
        for (const banner of this.#store.all()) {
            const position = banner.position;
            if (!position)
                continue;
            let point = this.#projected.get(position);
            if (!point) {
                point = project(position.lon, position.lat);
                this.#projected.set(position, point);
            }
            out.push({ banner, point });
        }
        this.#points = out;
        return out;
    }

    #fit(points, { width, height }) {
        if (!points.length)
            return { cx: 0.5, cy: 0.42, scale: width };
        let [minX, minY, maxX, maxY] = [1, 1, 0, 0];
        for (const { point: [x, y] } of points) {
            minX = Math.min(minX, x);
            maxX = Math.max(maxX, x);
            minY = Math.min(minY, y);
            maxY = Math.max(maxY, y);
        }
        const spanX = Math.max(MIN_SPAN, (maxX - minX) * 1.3);
        const spanY = Math.max(MIN_SPAN, (maxY - minY) * 1.3);
        const scale = Math.max(width, Math.min(width / spanX, height / spanY));
        return { cx: (minX + maxX) / 2, cy: (minY + maxY) / 2, scale };
    }

    #currentView(size, points = null) {
        if (this.#follow || !this.#view)
            this.#view = this.#fit(points ?? this.#positioned(), size);
        return this.#view;
    }

    // Sizes are passed in, read once per frame or event: reading clientWidth per point forces layout.
    #toScreen([x, y], view, { width, height }, shift = 0) {
        return [(x + shift - view.cx) * view.scale + width / 2, (y - view.cy) * view.scale + height / 2];
    }

    #unproject([px, py], view, { width, height }) {
        return [(px - width / 2) / view.scale + view.cx, (py - height / 2) / view.scale + view.cy];
    }

    #local(e) {
        const rect = this.#canvas.getBoundingClientRect();
        return [e.clientX - rect.left, e.clientY - rect.top];
    }

    #draw() {
        const canvas = this.#canvas;
        const size = this.#size();
        const { width, height } = size;
        if (!width || !height)
            return;
        const ratio = window.devicePixelRatio || 1;
        if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
            canvas.width = Math.round(width * ratio);
            canvas.height = Math.round(height * ratio);
        }
        const points = this.#positioned();
        const view = this.#currentView(size, points);
        const ctx = canvas.getContext('2d');
        ctx.setTransform(1, 0, 0, 1, 0, 0);
        this.#drawBasemap(ctx, view, size, ratio);
        ctx.setTransform(ratio, 0, 0, ratio, 0, 0);

        // The world repeats east and west; each copy's banners on screen, grouped where they overlap.
        // (#toScreen inlined: no array per banner and copy on every frame of a pan.)
        const onScreen = [];
        const [left, top] = [width / 2 - view.cx * view.scale, height / 2 - view.cy * view.scale];
        for (const shift of [-1, 0, 1]) {
            const dx = left + shift * view.scale;
            for (const { banner, point } of points) {
                const x = point[0] * view.scale + dx;
                const y = point[1] * view.scale + top;
                if (x >= -10 && y >= -10 && x <= width + 10 && y <= height + 10)
                    onScreen.push({ banner, x, y });
            }
        }
        this.#clusters = clusterPoints(onScreen);
        if (this.#overlayFrame) {
            cancelAnimationFrame(this.#overlayFrame);
            this.#overlayFrame = 0;
        }
        ctx.lineWidth = 1;
        ctx.strokeStyle = 'rgba(2, 6, 12, 0.85)';
        ctx.font = 'bold 10px system-ui, sans-serif';
        ctx.textAlign = 'center';
        ctx.textBaseline = 'middle';
        for (const c of this.#clusters) {
            const many = c.banners.length > 1;
            ctx.beginPath();
            ctx.arc(c.x, c.y, many ? Math.min(11, 6 + Math.log10(c.banners.length) * 2.5) : 4.5, 0, Math.PI * 2);
            ctx.fillStyle = theme.status[c.status] ?? theme.status.idle;
            ctx.fill();
            ctx.stroke();
            if (many) {
                ctx.fillStyle = '#04101d';
                ctx.fillText(c.banners.length > 999 ? '1k+' : String(c.banners.length), c.x, c.y + 0.5);
            }
        }
        ctx.textAlign = 'start';
        ctx.textBaseline = 'alphabetic';

        let displaying = 0;
        for (const p of points)
            displaying += p.banner.status === 'displaying' ? 1 : 0;
        this.#counts = { positioned: points.length, displaying };
        this.#drawOverlay(size, ratio);
    }

    // The selected banner where it was last drawn (its dot or its cluster), and the map's label.
    #drawOverlay(size, ratio = window.devicePixelRatio || 1) {
        const overlay = this.#overlay;
        const [w, h] = [Math.round(size.width * ratio), Math.round(size.height * ratio)];
        if (overlay.width !== w || overlay.height !== h) {
            overlay.width = w;
            overlay.height = h;
        }
        const ctx = overlay.getContext('2d');
        ctx.setTransform(1, 0, 0, 1, 0, 0);
        ctx.clearRect(0, 0, w, h);
        ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
        let selected = null;
        if (this.#selectedId !== null) {
            for (const c of this.#clusters) {
                const banner = c.banners.find((b) => b.id === this.#selectedId);
                if (banner) {
                    selected = { banner, x: c.x, y: c.y };
                    break;
                }
            }
        }
        if (selected)
            this.#drawSelection(ctx, selected, size.width);
        const { positioned, displaying } = this.#counts;
        const label = positioned
            ? `Fleet map: ${positioned} banners with a known position, ${displaying} displaying.`
            + (selected ? ` Selected: ${selected.banner.callsign ?? selected.banner.id}.` : '')
            : 'Fleet map: no banner has reported a position yet.';
        // Only when it says something new: an attribute set on every frame of a pan reaches assistive
        // technology each time.
        if (label !== this.#label) {
            this.#label = label;
            this.#canvas.setAttribute('aria-label', label);
        }
    }

    // Land and graticule, drawn into #base at this scale and size, while dragging with a margin of half
    // the view round it: a pan only moves the part copied to the screen, and the land is drawn again
    // once the view leaves the margin (or the scale or size changes), not on every frame.
    #drawBasemap(ctx, view, size, ratio) {
        const key = `${size.width}x${size.height}@${ratio} ${view.scale} ${this.#land.length}`;
        const left = view.cx - size.width / 2 / view.scale;
        const top = view.cy - size.height / 2 / view.scale;
        let dx = (left - this.#baseOrigin[0]) * view.scale;
        let dy = (top - this.#baseOrigin[1]) * view.scale;
        const margin = this.#baseMargin;
        if (key !== this.#baseKey || dx < 0 || dy < 0 || dx > 2 * margin || dy > 2 * margin) {
            this.#baseKey = key;
            // Only while dragging: the margin costs several times the view's pixels to draw, and a
            // first paint or a zoom has no use for it.
            this.#baseMargin = this.#drag ? Math.ceil(Math.max(size.width, size.height) / 2) : 0;
            this.#baseOrigin = [left - this.#baseMargin / view.scale, top - this.#baseMargin / view.scale];
            this.#renderBasemap(view, { width: size.width + 2 * this.#baseMargin, height: size.height + 2 * this.#baseMargin }, ratio);
            dx = this.#baseMargin;
            dy = this.#baseMargin;
        }
        const [sx, sy] = [Math.round(dx * ratio), Math.round(dy * ratio)];
        const [w, h] = [Math.round(size.width * ratio), Math.round(size.height * ratio)];
        ctx.drawImage(this.#base, sx, sy, w, h, 0, 0, w, h);
    }

    // The view's centre is the centre of `size` (the view and its margin), in device pixels.
    #renderBasemap(view, size, ratio) {
        const base = this.#base;
        base.width = Math.round(size.width * ratio);
        base.height = Math.round(size.height * ratio);
        const ctx = base.getContext('2d');
        ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
        ctx.fillStyle = theme.sea;
        ctx.fillRect(0, 0, size.width, size.height);
        this.#drawGraticule(ctx, view, size);
        ctx.fillStyle = theme.land;
        ctx.strokeStyle = theme.coast;
        ctx.lineWidth = 1;
        // Land that crosses the antimeridian reaches into the copies east and west.
        for (const shift of [-1, 0, 1]) {
            ctx.beginPath();
            for (const ring of this.#land) {
                ring.forEach((p, i) => {
                    const [x, y] = this.#toScreen(p, view, size, shift);
                    if (i === 0)
                        ctx.moveTo(x, y);
                    else
                        ctx.lineTo(x, y);
                });
                ctx.closePath();
            }
            ctx.fill();
            ctx.stroke();
        }
    }

    #drawGraticule(ctx, view, size) {
        const { width, height } = size;
        ctx.strokeStyle = theme.graticule;
        ctx.lineWidth = 1;
        ctx.beginPath();
        const step = view.scale > width * 8 ? 5 : 30;
        for (let lon = -180; lon <= 180; lon += step) {
            const [x] = this.#toScreen(project(lon, 0), view, size);
            ctx.moveTo(x, 0);
            ctx.lineTo(x, height);
        }
        for (let lat = -90 + step; lat < 90; lat += step) {
            const [, y] = this.#toScreen(project(0, lat), view, size);
            ctx.moveTo(0, y);
            ctx.lineTo(width, y);
        }
        ctx.stroke();
    }

    #drawSelection(ctx, { banner, x, y }, width) {
        ctx.beginPath();
        ctx.arc(x, y, 8, 0, Math.PI * 2);
        ctx.strokeStyle = theme.selection;
        ctx.lineWidth = 2;
        ctx.stroke();
        const label = `${banner.callsign ?? `#${banner.id}`} · ${bannerStatusLabel(banner.status)}`;
        ctx.font = '12px system-ui, sans-serif';
        const textWidth = ctx.measureText(label).width;
        const left = Math.min(Math.max(4, x + 12), width - textWidth - 12);
        ctx.fillStyle = theme.labelBackground;
        ctx.fillRect(left - 4, y - 20, textWidth + 8, 18);
        ctx.fillStyle = theme.label;
        ctx.fillText(label, left, y - 7);
    }

    // The dot under a click, as last drawn (a cluster or a single banner).
    #nearest(at) {
        let best = null;
        let bestDistance = HIT_RADIUS_PX;
        for (const c of this.#clusters) {
            const distance = Math.hypot(c.x - at[0], c.y - at[1]);
            if (distance < bestDistance) {
                bestDistance = distance;
                best = c;
            }
        }
        return best;
    }

    #pointerDown(e) {
        this.#drag = { start: this.#local(e), last: this.#local(e), moved: false };
        this.#canvas.setPointerCapture(e.pointerId);
    }

    #pointerMove(e) {
        if (!this.#drag)
            return;
        const at = this.#local(e);
        const [dx, dy] = [at[0] - this.#drag.last[0], at[1] - this.#drag.last[1]];
        if (!this.#drag.moved && Math.hypot(at[0] - this.#drag.start[0], at[1] - this.#drag.start[1]) < 4)
            return;
        this.#drag.moved = true;
        this.#drag.last = at;
        const view = this.#currentView(this.#size());
        this.#view = { ...view, cx: view.cx - dx / view.scale, cy: view.cy - dy / view.scale };
        this.#follow = false;
        this.redraw();
    }

    #pointerUp(e) {
        const drag = this.#drag;
        this.#drag = null;
        if (drag && !drag.moved) {
            const at = this.#local(e);
            const hit = this.#nearest(at);
            // A cluster opens up: zoom in on it until its banners are apart.
            if (hit?.banners.length > 1)
                this.zoom(4, [hit.x, hit.y]);
            else if (hit)
                this.onSelect(hit.banners[0].id);
        }
    }
}
