// Wiring: sign-in, then one live socket feeding the store, the list, the banner panel, "your messages"
// and the map. Every view reads the same store, so they never disagree about a banner.
import { Api } from './api.js';
import { announce } from './announcer.js';
import { BannerList } from './bannerList.js';
import { BannerPanel } from './bannerPanel.js';
import { observeServerTime } from './clock.js';
import { byId } from './dom.js';
import { FleetStore } from './fleetStore.js';
import { bannerStatusLabel, isFinished, messageStatusLabel } from './format.js';
import { FleetMap, statusColours } from './map.js';
import { MyMessages } from './myMessages.js';
import { MyMessagesView } from './myMessagesView.js';
import { clearSession, savedRole, savedToken, saveSession } from './session.js';
import { FleetSocket, socketUrl } from './socket.js';

// Telemetry is soft state that is not in the event stream: the map reads positions from REST.
const POSITIONS_EVERY_MS = 5000;
const POSITION_PAGES = 5; // × 1000 banners: enough for a glance at the fleet, bounded for a phone
const MAX_WATCHED = 10000; // the gateway's limit of banners per subscription

const roleNames = {
    viewer: 'Viewer',
    operator: 'Operator',
    dispatcher: 'Dispatcher',
    admin: 'Administrator',
};

function showSignIn(message = '') {
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
    const list = new BannerList(api, store);
    const panel = new BannerPanel(api, socket, mine);
    const mineView = new MyMessagesView(mine, socket);
    const map = new FleetMap(byId('fleet-map'), store);
    const connection = byId('connection');

    byId('sign-in').hidden = true;
    byId('workspace').hidden = false;
    byId('who').hidden = false;
    connection.hidden = false;
    setRole(savedRole());

    function setRole(role) {
        byId('role-label').textContent = role ? `Signed in as ${roleNames[role] ?? role}` : 'Signed in';
        panel.setRole(role);
    }

    function watch() {
        const ids = new Set([...mine.bannerIds(), ...list.ids]);
        if (panel.selectedId !== null)
            ids.add(panel.selectedId);
        socket.watch([...ids].slice(0, MAX_WATCHED));
    }

    function select(id, { reveal = false } = {}) {
        list.select(id);
        map.select(id);
        panel.show(id);
        watch();
        history.replaceState(null, '', `#banner-${id}`);
        if (reveal && matchMedia('(max-width: 760px)').matches)
            byId('banner-panel').scrollIntoView({ block: 'start' });
    }

    // After a reload, or a reconnect with nothing to replay from, receipts bring our messages up to date.
    async function refreshMine() {
        for (const m of mine.list().filter((x) => !x.finished)) {
            try {
                const r = await api.message(m.messageId);
                mine.applyMessage({ id: r.messageId, status: r.status, author: r.author, startedMs: r.started }, isFinished(r.status));
            } catch {
                // Kept as it was; the next event about it corrects it.
            }
        }
    }

    async function pollPositions() {
        if (document.visibilityState === 'visible') {
            let after = 0;
            try {
                for (let page = 0; page < POSITION_PAGES; page += 1) {
                    const result = await api.listBanners({ after, limit: 1000 });
                    store.merge(result.banners);
                    if (result.next === null)
                        break;
                    after = result.next;
                }
            } catch {
                // The connection indicator already tells; the next round tries again.
            }
        }
        setTimeout(pollPositions, POSITIONS_EVERY_MS);
    }

    socket.addEventListener('status', ({ detail }) => {
        connection.dataset.state = detail.state;
        connection.textContent = {
            connecting: 'Connecting…',
            open: 'Live',
            waiting: `Connection lost; retrying in ${Math.ceil(detail.retryInMs / 1000)} s`,
            rejected: 'Signed out',
        }[detail.state];
        if (detail.state === 'rejected')
            signOut('This token is unknown or has been revoked. Ask for a new one.');
    });
    socket.addEventListener('welcome', ({ detail }) => {
        saveSession(token, detail.role);
        setRole(detail.role);
        if (detail.reconnected) {
            panel.refresh(0);
            if (socket.lastSeq === null) {
                list.reload();
                refreshMine();
            }
        }
    });
    socket.addEventListener('event', ({ detail: e }) => {
        observeServerTime(e.at);
        const before = store.get(e.bannerId)?.status;
        store.applySummary(e.bannerId, e.data?.banner);
        const message = e.data?.message;
        if (message) {
            const changed = mine.applyMessage(message, isFinished(message.status));
            if (changed)
                announce(`Your message “${changed.text}” on ${changed.callsign}: ${messageStatusLabel(changed.status)}.`);
        }
        if (e.bannerId === panel.selectedId) {
            panel.refresh();
            const after = store.get(e.bannerId)?.status;
            if (before && after && before !== after && !message)
                announce(`${store.get(e.bannerId).callsign ?? `Banner ${e.bannerId}`} is now ${bannerStatusLabel(after).toLowerCase()}.`);
        }
        map.redraw();
    });
    socket.addEventListener('state', ({ detail }) => {
        store.applySummary(detail.bannerId, detail.banner);
        if (detail.bannerId === panel.selectedId)
            panel.refresh();
        map.redraw();
    });
    socket.addEventListener('resync', () => {
        panel.refresh();
        refreshMine();
    });

    list.addEventListener('idschange', watch);
    list.addEventListener('select', ({ detail }) => select(detail, { reveal: true }));
    list.addEventListener('error', ({ detail }) => {
        if (detail.code === 'invalid_token')
            signOut(detail.message);
    });
    map.onSelect = (id) => select(id, { reveal: true });
    mineView.onSelect = (id) => select(id, { reveal: true });
    mine.addEventListener('change', watch);
    store.addEventListener('change', () => map.redraw());

    byId('sign-out').addEventListener('click', () => signOut());
    byId('zoom-in').addEventListener('click', () => map.zoom(1.6));
    byId('zoom-out').addEventListener('click', () => map.zoom(1 / 1.6));
    byId('fit-fleet').addEventListener('click', () => map.followFleet());
    for (const swatch of document.querySelectorAll('[data-swatch]'))
        swatch.style.background = statusColours[swatch.dataset.swatch];

    mineView.render();
    map.loadBasemap(new URL('data/land-110m.json', document.baseURI));
    socket.start();
    list.reload().then(() => {
        const fromHash = /^#banner-(\d+)$/.exec(location.hash);
        if (fromHash)
            select(Number(fromHash[1]));
    });
    refreshMine();
    pollPositions();
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
