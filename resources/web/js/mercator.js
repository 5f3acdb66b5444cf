// Web Mercator in unit coordinates: the world is the square [0,1]², x east, y south.
const MAX_LAT = 85.05112878;

export function project(lon, lat) {
    const phi = (Math.max(-MAX_LAT, Math.min(MAX_LAT, lat)) * Math.PI) / 180;
    return [(lon + 180) / 360, (1 - Math.log(Math.tan(Math.PI / 4 + phi / 2)) / Math.PI) / 2];
}
