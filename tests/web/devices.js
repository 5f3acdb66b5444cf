// Simulated banner devices speaking the device protocol over WebSocket: say hello, report telemetry,
// confirm every `show` with `displayed` and every `blank` with `blanked`, reconnect when the gateway
// goes away. This is what lets a message go from queued to displaying to shown.
import WebSocket from 'ws';

// Beaches with towing banners, so the map has something real to show.
const PLACES = [
    [50.8176, -0.1372], // Brighton
    [25.7907, -80.1300], // Miami Beach
    [-22.9711, -43.1822], // Copacabana
    [-33.8915, 151.2767], // Bondi
    [43.6947, 7.2653], // Nice
    [34.0100, -118.4960], // Santa Monica
    [41.3809, 2.1896], // Barcelona
    [-33.9249, 18.4241], // Cape Town
];

class Device {
    constructor(url, token, index) {
        this.url = url;
        this.token = token;
        this.home = PLACES[index % PLACES.length];
        this.angle = index;
        this.showing = null;
        this.stopped = false;
        this.connect();
    }

    connect() {
        if (this.stopped)
            return;
        // The TLS test's gateway has a self-signed certificate.
        const ws = new WebSocket(this.url, { rejectUnauthorized: false });
        this.ws = ws;
        ws.on('open', () => ws.send(JSON.stringify({ type: 'auth', token: this.token, id: 'auth' })));
        ws.on('message', (data) => this.receive(JSON.parse(data.toString())));
        ws.on('error', () => {});
        ws.on('close', () => {
            clearInterval(this.telemetry);
            if (!this.stopped)
                setTimeout(() => this.connect(), 250);
        });
    }

    send(frame) {
        if (this.ws.readyState === WebSocket.OPEN)
            this.ws.send(JSON.stringify(frame));
    }

    receive(frame) {
        if (frame.type === 'welcome') {
            this.send(this.showing ? { type: 'hello', showing: this.showing } : { type: 'hello' });
            this.report();
            this.telemetry = setInterval(() => this.report(), 1000);
        } else if (frame.type === 'show') {
            this.showing = frame.messageId;
            this.send({ type: 'displayed', messageId: frame.messageId });
        } else if (frame.type === 'blank') {
            this.showing = null;
            this.send({ type: 'blanked' });
        }
    }

    // A slow circle off the beach.
    report() {
        this.angle += 0.05;
        const [lat, lon] = this.home;
        this.send({
            type: 'telemetry',
            lat: lat + 0.02 * Math.sin(this.angle),
            lon: lon + 0.03 * Math.cos(this.angle),
            heading: Math.round(((this.angle * 180) / Math.PI + 90) % 360),
            speed: 70,
            altitude: 1200,
            battery: 80,
        });
    }

    stop() {
        this.stopped = true;
        clearInterval(this.telemetry);
        this.ws.terminate();
    }
}

export class Devices {
    constructor(wsUrl, tokens) {
        this.devices = tokens.map((token, i) => new Device(wsUrl, token, i));
    }

    stop() {
        this.devices.forEach((d) => d.stop());
    }
}
