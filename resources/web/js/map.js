// A small live map of the fleet on a canvas: the land-110m basemap in Web Mercator, one dot per banner
// coloured by status. It follows the fleet until the user pans or zooms, and a click selects a banner.
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
    #drag = null;
    onSelect = () => {};

    constructor(canvas, store) {
        this.#canvas = canvas;
        this.#store = store;
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
        this.redraw();
    }

    select(id) {
        this.#selectedId = id;
        this.redraw();
    }

    // Zooms about a point on the canvas, or else about the selected banner, or else the centre.
    zoom(factor, at = null) {
        let view = this.#currentView();
        const { width, height } = this.#size();
        const selected = this.#store.get(this.#selectedId)?.position;
        if (!at && selected) {
            const [cx, cy] = project(selected.lon, selected.lat);
            view = { ...view, cx, cy };
        }
        const anchor = at ?? [width / 2, height / 2];
        const before = this.#unproject(anchor, view);
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
        const out = [];
        for (const banner of this.#store.all()) {
            if (banner.position)
                out.push({ banner, point: project(banner.position.lon, banner.position.lat) });
        }
        return out;
    }

    #fit(points) {
        const { width, height } = this.#size();
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

    #currentView() {
        if (this.#follow || !this.#view)
            this.#view = this.#fit(this.#positioned());
        return this.#view;
    }

    #toScreen([x, y], view, shift = 0) {
        const { width, height } = this.#size();
        return [(x + shift - view.cx) * view.scale + width / 2, (y - view.cy) * view.scale + height / 2];
    }

    #unproject([px, py], view) {
        const { width, height } = this.#size();
        return [(px - width / 2) / view.scale + view.cx, (py - height / 2) / view.scale + view.cy];
    }

    #local(e) {
        const rect = this.#canvas.getBoundingClientRect();
        return [e.clientX - rect.left, e.clientY - rect.top];
    }

    #draw() {
        const canvas = this.#canvas;
        const { width, height } = this.#size();
        if (!width || !height)
            return;
        const ratio = window.devicePixelRatio || 1;
        if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
            canvas.width = Math.round(width * ratio);
            canvas.height = Math.round(height * ratio);
        }
        const ctx = canvas.getContext('2d');
        ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
        ctx.fillStyle = theme.sea;
        ctx.fillRect(0, 0, width, height);

        const points = this.#positioned();
        const view = this.#currentView();
        // The world repeats east and west: land that crosses the antimeridian reaches into the neighbours.
        const shifts = [-1, 0, 1];

        this.#drawGraticule(ctx, view, width, height);
        ctx.fillStyle = theme.land;
        ctx.strokeStyle = theme.coast;
        ctx.lineWidth = 1;
        for (const shift of shifts) {
            ctx.beginPath();
            for (const ring of this.#land) {
                ring.forEach((p, i) => {
                    const [x, y] = this.#toScreen(p, view, shift);
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

        let selected = null;
        for (const shift of shifts) {
            for (const entry of points) {
                const [x, y] = this.#toScreen(entry.point, view, shift);
                if (x < -10 || y < -10 || x > width + 10 || y > height + 10)
                    continue;
                ctx.beginPath();
                ctx.arc(x, y, 4.5, 0, Math.PI * 2);
                ctx.fillStyle = theme.status[entry.banner.status] ?? theme.status.idle;
                ctx.fill();
                ctx.lineWidth = 1;
                ctx.strokeStyle = 'rgba(2, 6, 12, 0.85)';
                ctx.stroke();
                if (entry.banner.id === this.#selectedId)
                    selected = { entry, x, y };
            }
        }
        if (selected)
            this.#drawSelection(ctx, selected, width);

        const displaying = points.filter((p) => p.banner.status === 'displaying').length;
        canvas.setAttribute('aria-label', points.length
            ? `Fleet map: ${points.length} banners with a known position, ${displaying} displaying.`
            + (selected ? ` Selected: ${selected.entry.banner.callsign ?? selected.entry.banner.id}.` : '')
            : 'Fleet map: no banner has reported a position yet.');
    }

    #drawGraticule(ctx, view, width, height) {
        ctx.strokeStyle = theme.graticule;
        ctx.lineWidth = 1;
        ctx.beginPath();
        const step = view.scale > width * 8 ? 5 : 30;
        for (let lon = -180; lon <= 180; lon += step) {
            const [x] = this.#toScreen(project(lon, 0), view);
            ctx.moveTo(x, 0);
            ctx.lineTo(x, height);
        }
        for (let lat = -90 + step; lat < 90; lat += step) {
            const [, y] = this.#toScreen(project(0, lat), view);
            ctx.moveTo(0, y);
            ctx.lineTo(width, y);
        }
        ctx.stroke();
    }

    #drawSelection(ctx, { entry, x, y }, width) {
        ctx.beginPath();
        ctx.arc(x, y, 8, 0, Math.PI * 2);
        ctx.strokeStyle = theme.selection;
        ctx.lineWidth = 2;
        ctx.stroke();
        const label = `${entry.banner.callsign ?? `#${entry.banner.id}`} · ${bannerStatusLabel(entry.banner.status)}`;
        ctx.font = '12px system-ui, sans-serif';
        const textWidth = ctx.measureText(label).width;
        const left = Math.min(Math.max(4, x + 12), width - textWidth - 12);
        ctx.fillStyle = theme.labelBackground;
        ctx.fillRect(left - 4, y - 20, textWidth + 8, 18);
        ctx.fillStyle = theme.label;
        ctx.fillText(label, left, y - 7);
    }

    #nearest(at) {
        const view = this.#currentView();
        let best = null;
        let bestDistance = HIT_RADIUS_PX;
        for (const { banner, point } of this.#positioned()) {
            for (const shift of [-1, 0, 1]) {
                const [x, y] = this.#toScreen(point, view, shift);
                const distance = Math.hypot(x - at[0], y - at[1]);
                if (distance < bestDistance) {
                    bestDistance = distance;
                    best = banner;
                }
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
        const view = this.#currentView();
        this.#view = { ...view, cx: view.cx - dx / view.scale, cy: view.cy - dy / view.scale };
        this.#follow = false;
        this.redraw();
    }

    #pointerUp(e) {
        const drag = this.#drag;
        this.#drag = null;
        if (drag && !drag.moved) {
            const banner = this.#nearest(this.#local(e));
            if (banner)
                this.onSelect(banner.id);
        }
    }
}
