#!/usr/bin/env python3
"""Converts the world-atlas TopoJSON files once into resources/basemap/basemap.bin.

The map needs land polygons (1:110m for the world view, 1:50m closer in) and the borders between
countries (1:50m, plus a simplified copy for far zoom). TopoJSON keeps shared arcs quantized and
delta-encoded; the console should not carry a JSON parser and an arc decoder for data that never
changes, so this script resolves the topology into plain rings of longitude/latitude.

Output (little endian):
  "ADBM" u16 version=1 u16 layerCount
  per layer: u8 kind (0 polygons, 1 lines) u8 nameLength name
             u32 polygonCount u32 ringCount u32 pointCount
             u32 ringsPerPolygon[polygonCount]   (polygons only: exterior ring first, then holes)
             u32 pointsPerRing[ringCount]
             i32 lonLat[pointCount * 2]          (micro-degrees; each ring's first point absolute,
                                                  the others relative to the point before, which
                                                  keeps the numbers small so the .qrc compresses well)

Usage: scripts/convert-basemap.py [world-atlas dir] [output dir]
"""
import json
import os
import shutil
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, '..', '..', 'shared', 'data', 'world-atlas')
OUTPUT = sys.argv[2] if len(sys.argv) > 2 else os.path.join(HERE, '..', 'resources', 'basemap')

POLYGONS, LINES = 0, 1


def decode_arcs(topology):
    """Undoes quantization and delta encoding: every arc becomes a list of (lon, lat)."""
    sx, sy = topology['transform']['scale']
    tx, ty = topology['transform']['translate']
    arcs = []
    for arc in topology['arcs']:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def arc_points(arcs, index):
    # A negative index ~i names arc i walked backwards (TopoJSON 2.1.4).
    return arcs[index] if index >= 0 else arcs[~index][::-1]


def ring(arcs, indices):
    points = []
    for index in indices:
        part = arc_points(arcs, index)
        # Consecutive arcs share their joining point; keep it once.
        points.extend(part if not points else part[1:])
    if points[0] != points[-1]:
        raise ValueError('ring is not closed: arcs do not join')
    return points


def polygons_of(geometry):
    if geometry['type'] == 'Polygon':
        return [geometry['arcs']]
    if geometry['type'] == 'MultiPolygon':
        return geometry['arcs']
    if geometry['type'] == 'GeometryCollection':
        return [p for g in geometry['geometries'] for p in polygons_of(g)]
    return []


def unwrap(points):
    """Makes longitudes continuous: TopoJSON from d3 is spherical, so a ring may step from -180 to 180
    (Chukotka, Fiji) or go once round the pole (Antarctica); drawn flat, such a step is a line across
    the whole map."""
    result = [points[0]]
    for lon, lat in points[1:]:
        previous = result[-1][0]
        while lon - previous > 180:
            lon -= 360
        while lon - previous < -180:
            lon += 360
        result.append((lon, lat))
    winding = round((result[-1][0] - result[0][0]) / 360)
    if winding:
        # Round a pole: close the ring along the pole's latitude.
        pole = -90.0 if sum(lat for _, lat in points) < 0 else 90.0
        result += [(result[-1][0], pole), (result[0][0], pole), result[0]]
    return result


def clip(points, keep, cross):
    """Sutherland-Hodgman against one half-plane; fine for concave rings that are only filled."""
    out = []
    for i, current in enumerate(points):
        previous = points[i - 1]
        if keep(current):
            if not keep(previous):
                out.append(cross(previous, current))
            out.append(current)
        elif keep(previous):
            out.append(cross(previous, current))
    return out


def at_lon(lon):
    def cross(a, b):
        t = (lon - a[0]) / (b[0] - a[0])
        return (lon, a[1] + t * (b[1] - a[1]))
    return cross


def cut_at_antimeridian(polygon):
    """Splits a polygon whose unwrapped rings leave [-180, 180] into the pieces inside it."""
    rings = [unwrap(r) for r in polygon]
    low = min(lon for lon, _ in rings[0])
    high = max(lon for lon, _ in rings[0])
    if rings == polygon:
        return [polygon]
    pieces = []
    for shift in (-360, 0, 360):
        if high + shift <= -180 or low + shift >= 180:
            continue
        piece = []
        for r in rings:
            shifted = [(lon + shift, lat) for lon, lat in r]
            shifted = clip(shifted, lambda p: p[0] >= -180, at_lon(-180))
            shifted = clip(shifted, lambda p: p[0] <= 180, at_lon(180))
            if len(shifted) >= 3 and max(p[0] for p in shifted) > min(p[0] for p in shifted):
                piece.append(shifted + [shifted[0]])
            elif not piece:
                break  # the exterior is not in this copy, so neither are its holes
        if piece:
            pieces.append(piece)
    return pieces


def land_layer(path):
    topology = json.load(open(path))
    arcs = decode_arcs(topology)
    polygons = [[ring(arcs, r) for r in polygon] for polygon in polygons_of(topology['objects']['land'])]
    return [piece for polygon in polygons for piece in cut_at_antimeridian(polygon)]


def border_layer(path):
    """Arcs shared by two different countries: the borders, without the coastlines (the land fill
    already draws those)."""
    topology = json.load(open(path))
    arcs = decode_arcs(topology)
    owners = {}
    for number, country in enumerate(topology['objects']['countries']['geometries']):
        for polygon in polygons_of(country):
            for r in polygon:
                for index in r:
                    owners.setdefault(index if index >= 0 else ~index, set()).add(number)
    return [arcs[i] for i in sorted(owners) if len(owners[i]) > 1]


def simplify(points, tolerance):
    """Douglas-Peucker, iterative so long borders do not hit the recursion limit."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = points[first], points[last]
        dx, dy = bx - ax, by - ay
        length2 = dx * dx + dy * dy
        worst, worst_index = -1.0, -1
        for i in range(first + 1, last):
            px, py = points[i]
            if length2 == 0:
                d = (px - ax) ** 2 + (py - ay) ** 2
            else:
                t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / length2))
                d = (px - ax - t * dx) ** 2 + (py - ay - t * dy) ** 2
            if d > worst:
                worst, worst_index = d, i
        if worst > tolerance * tolerance:
            keep[worst_index] = True
            stack.append((first, worst_index))
            stack.append((worst_index, last))
    return [p for p, k in zip(points, keep) if k]


def micro(value):
    return int(round(value * 1e6))


def write_layer(out, name, kind, polygons):
    rings = [r for polygon in polygons for r in polygon]
    points = [p for r in rings for p in r]
    encoded = name.encode('ascii')
    out.write(struct.pack('<BB', kind, len(encoded)) + encoded)
    out.write(struct.pack('<III', len(polygons) if kind == POLYGONS else 0, len(rings), len(points)))
    if kind == POLYGONS:
        out.write(struct.pack('<%dI' % len(polygons), *[len(p) for p in polygons]))
    out.write(struct.pack('<%dI' % len(rings), *[len(r) for r in rings]))
    values = []
    for r in rings:
        previous = (0, 0)
        for lon, lat in r:
            current = (micro(lon), micro(lat))
            values += [current[0] - previous[0], current[1] - previous[1]]
            previous = current
    out.write(struct.pack('<%di' % len(values), *values))
    print('%-14s %5d polygons %6d rings %7d points' % (name, len(polygons) if kind == POLYGONS else 0,
                                                       len(rings), len(points)))


def main():
    land110 = land_layer(os.path.join(SOURCE, 'land-110m.json'))
    land50 = land_layer(os.path.join(SOURCE, 'land-50m.json'))
    borders50 = border_layer(os.path.join(SOURCE, 'countries-50m.json'))
    # At world zoom a 1:50m border has several vertices per pixel; 0.05 degrees is about a pixel there.
    borders_coarse = [simplify(line, 0.05) for line in borders50]
    layers = [('land-110m', POLYGONS, land110),
              ('land-50m', POLYGONS, land50),
              ('borders-50m', LINES, [[line] for line in borders50]),
              ('borders-coarse', LINES, [[line] for line in borders_coarse])]
    os.makedirs(OUTPUT, exist_ok=True)
    with open(os.path.join(OUTPUT, 'basemap.bin'), 'wb') as out:
        out.write(b'ADBM' + struct.pack('<HH', 1, len(layers)))
        for name, kind, polygons in layers:
            write_layer(out, name, kind, polygons)
    shutil.copyfile(os.path.join(SOURCE, 'LICENSE'), os.path.join(OUTPUT, 'LICENSE'))


if __name__ == '__main__':
    main()
