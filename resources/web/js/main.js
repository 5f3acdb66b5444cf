// Wiring: sign-in, then one live socket feeding the store, the list, the banner panel, "your messages"
// and the map. Every view reads the same store, so they never disagree about a banner.
import { Api } from './api.js';
import { announce } from './announcer.js';
import { BannerDetails } from './bannerDetails.js';
import { BannerList } from './bannerList.js';
import { BannerPanel } from './bannerPanel.js';
import { observeServerTime } from './clock.js';
import { ConnectionView } from './connection.js';
import { byId } from './dom.js';
import { FleetStore } from './fleetStore.js';
import { bannerStatusLabel, isFinished, messageStatusLabel } from './format.js';
import { FleetMap, statusColours } from './map.js';
import { MyMessages } from './myMessages.js';
import { MyMessagesView } from './myMessagesView.js';
import { canSubmit, clearSession, savedRole, savedToken, saveSession } from './session.js';
import { FleetSocket, socketUrl } from './socket.js';
import { Tracker } from './tracker.js';

// Telemetry is soft state that is not in the event stream: the map reads positions from REST, only for
// the part of the world in view once the user has zoomed in.
const POSITIONS_EVERY_MS = 5000;
// A large fleet is polled less often, so positions cost at most this much: 5,000 banners (1.5 MB) are
// read every 30 s when the whole fleet is in view; zoomed in, the view's banners every 5 s.
const POSITION_BYTES_PER_S = 50000;
const POSITION_PAGES = 5; // × 1000 banners: enough for a glance at the fleet, bounded for a phone
const MAX_WATCHED = 10000; // the gateway's limit of banners per subscription
const TICK_MS = 1000; // live times: countdowns, "in 4 min", "retrying in 9 s"

const roleNames = {
    viewer: 'Viewer',
    operator: 'Operator',
    dispatcher: 'Dispatcher',
    admin: 'Administrator',
};

function showSignIn(message = '') {
    delete document.documentElement.dataset.session; // boot.js's early workspace
    byId('workspace').hidden = true;
    byId('who').hidden = true;
    byId('sign-in').hidden = false;
    byId('sign-in-error').textContent = message;
    byId('connection').hidden = true;
    byId('token').focus();
}

function signOut(message = '') {
    clearSession();
    // A fresh page drops every timer and socket of the old session at once.
    if (message)
        sessionStorage.setItem('airdisplay.signedOut', message);
    location.replace(location.pathname);
}

function startSession(token) {
    const api = new Api(token);
    const store = new FleetStore();
    const mine = new MyMessages();
    const socket = new FleetSocket(socketUrl(location), token);
    const details = new BannerDetails(api);
    const list = new BannerList(api, store);
    const panel = new BannerPanel(details, store, socket, mine);
    const mineView = new MyMessagesView(mine, details, store, socket);
    const tracker = new Tracker(mine, details, store);
    const connection = new ConnectionView(socket);
    const map = new FleetMap(byId('fleet-map'), byId('fleet-map-selection'), store);

    byId('sign-in').hidden = true;
    byId('workspace').hidden = false;
    byId('who').hidden = false;
    byId('connection').hidden = false;
    setRole(savedRole());

    function setRole(role) {
        byId('role-label').textContent = role ? `Signed in as ${roleNames[role] ?? role}` : 'Signed in';
        panel.setRole(role);
        // A viewer sends nothing, so there is nothing of theirs to follow.
        byId('mine-card').hidden = Boolean(role) && !canSubmit(role);
    }

    function watch() {
        const ids = new Set([...mine.bannerIds(), ...list.ids]);
        if (panel.selectedId !== null)
            ids.add(panel.selectedId);
        socket.watch([...ids].slice(0, MAX_WATCHED));
        // Read in detail: the selected banner and those our waiting messages are on.
        details.follow([...new Set([...mine.bannerIds(), ...(panel.selectedId === null ? [] : [panel.selectedId])])]);
    }

    function select(id, { reveal = false, toMap = false } = {}) {
        list.select(id);
        map.select(id);
        panel.show(id);
        watch();
        history.replaceState(null, '', `#banner-${id}`);
        if (toMap)
            byId('map-card').scrollIntoView({ block: 'start' });
        else if (reveal && matchMedia('(max-width: 760px)').matches)
            byId('banner-panel').scrollIntoView({ block: 'start' });
    }

    // Every view's live times move together, once a second and after every change.
    function tick() {
        panel.tick();
        mineView.tick();
        tracker.tick();
    }

    // After a reload, or a reconnect with nothing to replay from, receipts bring our messages up to date.
    async function refreshMine() {
        for (const m of mine.list().filter((x) => !x.finished)) {
            try {
                const r = await api.message(m.messageId);
                mine.applyMessage({ id: r.messageId, status: r.status, author: r.author, startedMs: r.started, reason: r.reason }, isFinished(r.status));
            } catch {
                // Kept as it was; the next event about it corrects it.
            }
        }
    }

    async function pollPositions() {
        let bytes = 0;
        if (document.visibilityState === 'visible') {
            let after = 0;
            try {
                const bbox = map.viewBounds();
                for (let page = 0; page < POSITION_PAGES; page += 1) {
                    const result = await api.listBanners({ after, limit: 1000, bbox });
                    bytes += result.bytes;
                    store.merge(result.banners);
                    if (result.next === null)
                        break;
                    after = result.next;
                }
            } catch {
                // The connection indicator already tells; the next round tries again.
            }
        }
        setTimeout(pollPositions, Math.max(POSITIONS_EVERY_MS, (bytes / POSITION_BYTES_PER_S) * 1000));
    }

    socket.addEventListener('status', ({ detail }) => {
        if (detail.state === 'rejected')
            signOut('This token is unknown or has been revoked. Ask for a new one.');
    });
    socket.addEventListener('welcome', async ({ detail }) => {
        saveSession(token, detail.role);
        setRole(detail.role);
        panel.setLimits(detail.limits);
        if (detail.reconnected) {
            const reads = [details.refreshAll()];
            if (socket.lastSeq === null)
                reads.push(list.reload(), refreshMine());
            await Promise.all(reads);
            connection.upToDate();
        }
    });
    socket.addEventListener('event', ({ detail: e }) => {
        observeServerTime(e.at);
        const before = store.get(e.bannerId)?.status;
        store.applyEvent(e);
        const message = e.data?.message;
        if (message) {
            details.learnDisplayTime(message);
            const changed = mine.applyMessage(message, isFinished(message.status));
            if (changed)
                announce(`Your message “${changed.text}” on ${changed.callsign}: ${messageStatusLabel(changed.status)}.`);
        }
        details.refresh(e.bannerId);
        if (e.bannerId === panel.selectedId) {
            panel.renderSummary();
            const after = store.get(e.bannerId)?.status;
            if (before && after && before !== after && !message)
                announce(`${store.get(e.bannerId).callsign ?? `Banner ${e.bannerId}`} is now ${bannerStatusLabel(after).toLowerCase()}.`);
        }
        tick();
    });
    socket.addEventListener('state', ({ detail }) => {
        store.applySummary(detail.bannerId, detail.banner);
        details.refresh(detail.bannerId);
        if (detail.bannerId === panel.selectedId)
            panel.renderSummary();
        tick();
    });
    socket.addEventListener('resync', () => {
        details.refreshAll();
        refreshMine();
    });

    details.addEventListener('change', ({ detail: { id } }) => {
        if (id === panel.selectedId)
            panel.render();
        tick();
    });
    details.addEventListener('error', ({ detail: { id, error } }) => panel.loadFailed(id, error));
    list.addEventListener('idschange', watch);
    list.addEventListener('select', ({ detail }) => select(detail, { reveal: true }));
    list.addEventListener('error', ({ detail }) => {
        if (detail.code === 'invalid_token')
            signOut(detail.message);
    });
    map.onSelect = (id) => select(id, { reveal: true });
    mineView.onSelect = (id) => select(id, { reveal: true });
    tracker.onShowOnMap = (id) => select(id, { toMap: true });
    mine.addEventListener('change', watch);
    store.addEventListener('change', ({ detail }) => map.changed(detail.ids));

    byId('sign-out').addEventListener('click', () => signOut());
    byId('zoom-in').addEventListener('click', () => map.zoom(1.6));
    byId('zoom-out').addEventListener('click', () => map.zoom(1 / 1.6));
    byId('fit-fleet').addEventListener('click', () => map.followFleet());
    for (const swatch of document.querySelectorAll('[data-swatch]'))
        swatch.style.background = statusColours[swatch.dataset.swatch];

    mineView.render();
    tracker.tick();
    setInterval(() => {
        tick();
        connection.tick();
    }, TICK_MS);
    map.loadBasemap(new URL('data/land-110m.json', document.baseURI));
    socket.start();
    list.reload().then(() => {
        const fromHash = /^#banner-(\d+)$/.exec(location.hash);
        if (fromHash)
            select(Number(fromHash[1]));
    });
    refreshMine();
    pollPositions();
    watch();
}

function init() {
    const goodbye = sessionStorage.getItem('airdisplay.signedOut');
    sessionStorage.removeItem('airdisplay.signedOut');
    byId('sign-in-form').addEventListener('submit', async (e) => {
        e.preventDefault();
        const token = byId('token').value.trim();
        const error = byId('sign-in-error');
        const button = byId('sign-in-button');
        if (!token) {
            error.textContent = 'Paste your access token first.';
            return;
        }
        button.disabled = true;
        error.textContent = '';
        try {
            await new Api(token).checkToken();
            saveSession(token);
            startSession(token);
        } catch (failure) {
            error.textContent = failure.message;
        } finally {
            button.disabled = false;
        }
    });
    const token = savedToken();
    if (token)
        startSession(token);
    else
        showSignIn(goodbye ?? '');
}

init();
