// Every error code of docs/protocol.md as a sentence a customer or dispatcher can act on. The gateway's
// own message is precise but technical; it is kept as a detail under the sentence.

const sentences = {
    invalid_json: 'The page sent something the gateway could not read. Reload the page and try again.',
    invalid_utf8: 'The page sent text the gateway could not read. Reload the page and try again.',
    not_an_object: 'The page sent a malformed request. Reload the page and try again.',
    unknown_type: 'The gateway does not know this request; it may be older than this page.',
    missing_field: 'The request was missing something it needs. Reload the page and try again.',
    wrong_type: 'The request had a value of the wrong kind. Reload the page and try again.',
    out_of_range: 'A number in the request is out of range.',
    too_large: 'That is too large for the gateway to accept.',
    binary_frame: 'The page sent data the gateway does not accept.',
    unauthenticated: 'You are not signed in. Sign in with your token.',
    invalid_token: 'This token is unknown or has been revoked. Ask for a new one.',
    already_authenticated: 'This connection was already signed in.',
    forbidden: 'Your token is not allowed to do that.',
    wrong_banner: 'That banner belongs to another device.',
    rate_limited: 'You are sending requests too quickly. Wait a second and try again.',
    too_many_connections: 'The gateway is at its connection limit. Try again in a moment.',
    not_found: 'That was not found.',
    method_not_allowed: 'The gateway does not allow that request.',
    length_required: 'The gateway needs the size of the request up front.',
    upgrade_required: 'The live connection needs WebSocket support.',
    bad_request: 'The page sent a request the gateway could not read. Reload the page and try again.',
    request_timeout: 'The request took too long to arrive. Check your connection and try again.',
    internal: 'The gateway had an internal problem. Try again in a moment.',
    unknown_banner: 'There is no such banner in the fleet.',
    unknown_message: 'That message does not exist on this banner.',
    text_empty: 'Write a message before sending it.',
    text_too_long: 'The message is too long for the banner. Shorten it and send it again.',
    text_invalid: 'The message has characters a banner cannot show, such as line breaks or control characters.',
    text_blocked: 'The message contains words that are not allowed on a banner.',
    queue_full: 'This banner’s queue is full. Try again later or choose another banner.',
    request_conflict: 'This request was already used for a different message. Send it again as a new message.',
    not_author: 'Only the person who sent a message can cancel it.',
    not_queued: 'That message is no longer waiting in the queue.',
    not_held: 'That message is not waiting for review.',
    invalid_position: 'The message cannot move outside the queue.',
    invalid_argument: 'The request had an invalid value.',
    already_registered: 'That banner is already registered.',
    unavailable: 'The fleet engine is not available right now. Nothing was changed; try again shortly.',
    store_failure: 'The change could not be saved. Nothing was changed; try again shortly.',
    // Not from the gateway: what the page itself ran into.
    disconnected: 'The connection dropped before the gateway answered. Check the queue before trying again.',
    network: 'The gateway cannot be reached. Check your connection; the page keeps trying.',
    timeout: 'The gateway did not answer in time. Check the queue before trying again.',
    device_token: 'This token belongs to a banner device. Sign in with a viewer, operator or dispatcher token.',
};

export class GatewayError extends Error {
    constructor(code, detail = '') {
        super(sentenceFor(code));
        this.code = code;
        this.detail = detail;
    }
}

export function sentenceFor(code) {
    return sentences[code] ?? 'The gateway refused the request.';
}

// The end-to-end tests hold this list against docs/protocol.md, so a new code cannot go unexplained.
export function errorCodes() {
    return Object.keys(sentences);
}
