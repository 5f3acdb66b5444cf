// Builds elements from data. Text always goes in through textContent: message texts come from other
// people and must never be parsed as HTML.
export function h(tag, props = {}, ...children) {
    const el = document.createElement(tag);
    for (const [key, value] of Object.entries(props)) {
        if (value === undefined || value === null || value === false)
            continue;
        if (key === 'class')
            el.className = value;
        else if (key === 'text')
            el.textContent = value;
        else if (key.startsWith('on'))
            el.addEventListener(key.slice(2), value);
        else if (key === 'dataset')
            Object.assign(el.dataset, value);
        else
            el.setAttribute(key, value === true ? '' : String(value));
    }
    el.append(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
    return el;
}

export function byId(id) {
    return document.getElementById(id);
}
