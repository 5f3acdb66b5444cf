// One polite live region for status changes, so a screen reader hears them without losing its place.
import { byId } from './dom.js';

let clearTimer = 0;

export function announce(text) {
    const region = byId('announcer');
    // Re-setting the same text would not be read again: clear first, then write on the next frame.
    region.textContent = '';
    requestAnimationFrame(() => {
        region.textContent = text;
    });
    clearTimeout(clearTimer);
    clearTimer = setTimeout(() => {
        region.textContent = '';
    }, 10000);
}
