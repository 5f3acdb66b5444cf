// Decodes the world-atlas TopoJSON (quantized, delta-encoded arcs; `~i` is arc i reversed) into rings
// of [lon, lat]. The file has one object of polygons, so this is the whole of the spec the map needs.

function decodeArcs(topology) {
    const [sx, sy] = topology.transform?.scale ?? [1, 1];
    const [tx, ty] = topology.transform?.translate ?? [0, 0];
    return topology.arcs.map((arc) => {
        let x = 0;
        let y = 0;
        return arc.map(([dx, dy]) => {
            x += dx;
            y += dy;
            return [x * sx + tx, y * sy + ty];
        });
    });
}

function ring(arcIndexes, arcs) {
    const points = [];
    for (const index of arcIndexes) {
        const arc = index < 0 ? [...arcs[~index]].reverse() : arcs[index];
        // Consecutive arcs share their joining point.
        points.push(...(points.length ? arc.slice(1) : arc));
    }
    return points;
}

export function rings(topology, objectName) {
    const arcs = decodeArcs(topology);
    const out = [];
    const polygon = (p) => p.forEach((r) => out.push(ring(r, arcs)));
    for (const geometry of topology.objects[objectName].geometries) {
        if (geometry.type === 'Polygon')
            polygon(geometry.arcs);
        else if (geometry.type === 'MultiPolygon')
            geometry.arcs.forEach(polygon);
    }
    return out;
}
