// Idempotency keys for submissions: a retry after a dropped connection carries the same key and gets the
// first answer back. crypto.randomUUID exists only in secure contexts, and the gateway may well be
// reached over plain http on a local network, so the key is built from getRandomValues.
export function newRequestId() {
    const bytes = crypto.getRandomValues(new Uint8Array(12));
    return `web-${[...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}
