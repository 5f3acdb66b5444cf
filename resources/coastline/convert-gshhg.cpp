// Converts GSHHG's binned shorelines (Debian's gmt-gshhg-low/-high, /usr/share/gmt-gshhg/binned_GSHHS_?.nc)
// into the console's coastline tiles: one tile per GSHHG bin, its shoreline pieces quantised to 16 bits
// across the bin's Web-Mercator rectangle. Runs at build time; ui/map/Coastline reads the result.
//
//   airdisplay-convert-gshhg OUTPUT NAME=FILE.nc [NAME=FILE.nc ...]
//
// The file ("ADCT", little-endian):
//   magic "ADCT", u16 version (1), u16 level count
//   per level: u8 name length, name, u16 columns, u16 rows, u16 bin size in minutes, u32 tile count,
//              then per tile: u32 bin (row * columns + column; row 0 touches 90° N, column 0 starts at 0° E),
//              u8 flags (bit 0: the bin's south-west corner is land), u64 offset, u32 bytes
//   per tile, at its offset: u32 piece count, then per piece: u8 entry side, u8 exit side (0 south,
//              1 east, 2 north, 3 west, 4 none: a closed ring inside the bin), u8 level, u32 point count,
//              points as u16 x (west to east), u16 y (south to north, Mercator-spaced)
//
// Bins with no shoreline that lie in the sea are left out; a reader takes a missing bin for sea.
#include <netcdf.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <numbers>
#include <string>
#include <vector>

namespace {

constexpr double MaxLatitude = 85.05112877980659;
constexpr int MaxDelta = 65535;

struct Piece
{
    uint8_t entry = 4;
    uint8_t exit = 4;
    uint8_t level = 1;
    std::vector<uint16_t> xy;
};

struct Tile
{
    uint32_t bin = 0;
    uint8_t flags = 0;
    std::vector<uint8_t> bytes;
};

struct Level
{
    std::string name;
    int columns = 0;
    int rows = 0;
    int binMinutes = 0;
    std::vector<Tile> tiles;
};

class NetCdf
{
public:
    explicit NetCdf(const char *path)
    {
        m_status = nc_open(path, NC_NOWRITE, &m_id);
    }
    ~NetCdf()
    {
        if (m_status == NC_NOERR)
            nc_close(m_id);
    }
    bool ok() const { return m_status == NC_NOERR; }
    const char *error() const { return nc_strerror(m_status); }

    int scalar(const char *name)
    {
        int value = 0;
        int var = 0;
        size_t start = 0;
        check(nc_inq_varid(m_id, name, &var));
        check(nc_get_var1_int(m_id, var, &start, &value));
        return value;
    }
    template <typename T>
    std::vector<T> array(const char *name, size_t count)
    {
        std::vector<T> values(count);
        int var = 0;
        check(nc_inq_varid(m_id, name, &var));
        size_t start = 0;
        if constexpr (sizeof(T) == 1)
            check(nc_get_vara_schar(m_id, var, &start, &count, reinterpret_cast<signed char *>(values.data())));
        else if constexpr (sizeof(T) == 2)
            check(nc_get_vara_short(m_id, var, &start, &count, reinterpret_cast<short *>(values.data())));
        else
            check(nc_get_vara_int(m_id, var, &start, &count, reinterpret_cast<int *>(values.data())));
        return values;
    }
    bool has(const char *name) const
    {
        int var = 0;
        return nc_inq_varid(m_id, name, &var) == NC_NOERR;
    }

private:
    void check(int status)
    {
        if (status != NC_NOERR && m_status == NC_NOERR)
            m_status = status;
    }
    int m_id = -1;
    int m_status = NC_NOERR;
};

double mercatorY(double lat)
{
    const double phi = std::clamp(lat, -MaxLatitude, MaxLatitude) * std::numbers::pi / 180.0;
    return 0.5 - std::log(std::tan(std::numbers::pi / 4.0 + phi / 2.0)) / (2.0 * std::numbers::pi);
}

template <typename T>
void put(std::vector<uint8_t> &out, T value)
{
    for (size_t i = 0; i < sizeof(T); ++i)
        out.push_back(uint8_t((uint64_t(value) >> (8 * i)) & 0xff));
}

bool convert(const std::string &name, const char *path, Level &level)
{
    NetCdf nc(path);
    if (!nc.ok()) {
        std::fprintf(stderr, "convert-gshhg: %s: %s\n", path, nc.error());
        return false;
    }
    level.name = name;
    level.binMinutes = nc.scalar("Bin_size_in_minutes");
    level.columns = nc.scalar("N_bins_in_360_longitude_range");
    level.rows = nc.scalar("N_bins_in_180_degree_latitude_range");
    const int binCount = nc.scalar("N_bins_in_file");
    const int segmentCount = nc.scalar("N_segments_in_file");
    const int pointCount = nc.scalar("N_points_in_file");
    const auto nodeLevels = nc.array<int16_t>("Embedded_node_levels_in_a_bin", size_t(binCount));
    const auto segmentsInBin = nc.array<int16_t>("N_segments_in_a_bin", size_t(binCount));
    const auto firstSegment = nc.array<int32_t>("Id_of_first_segment_in_a_bin", size_t(binCount));
    const auto segmentInfo = nc.array<int32_t>("Embedded_npts_levels_exit_entry_for_a_segment", size_t(segmentCount));
    const auto firstPoint = nc.array<int32_t>("Id_of_first_point_in_a_segment", size_t(segmentCount));
    const auto dx = nc.array<uint16_t>("Relative_longitude_from_SW_corner_of_bin", size_t(pointCount));
    const auto dy = nc.array<uint16_t>("Relative_latitude_from_SW_corner_of_bin", size_t(pointCount));
    // GSHHG 2.3 holds two Antarcticas: the ice front (flagged here) and the grounding line (level 6).
    // Like GMT's default we draw the ice front, as land.
    std::vector<int8_t> antarctic(size_t(segmentCount), 0);
    if (nc.has("Embedded_ANT_flag"))
        antarctic = nc.array<int8_t>("Embedded_ANT_flag", size_t(segmentCount));
    if (!nc.ok() || binCount != level.columns * level.rows) {
        std::fprintf(stderr, "convert-gshhg: %s: %s\n", path, nc.ok() ? "unexpected bin layout" : nc.error());
        return false;
    }

    const double binDegrees = level.binMinutes / 60.0;
    for (int bin = 0; bin < binCount; ++bin) {
        const int row = bin / level.columns;
        const double south = 90.0 - (row + 1) * binDegrees;
        const double north = south + binDegrees;
        if (south >= MaxLatitude || north <= -MaxLatitude)
            continue; // outside the Mercator world
        // Levels: 0 sea, 1 land, 2 lake, 3 island in a lake, 4 pond: odd is dry.
        const int southWestLevel = (uint16_t(nodeLevels[size_t(bin)]) >> 9) & 7;
        const bool southWestLand = southWestLevel % 2 == 1;

        // Latitude of each of GSHHG's 65,536 steps is linear; in Mercator it is not, so re-space y.
        const double ySouth = mercatorY(south);
        const double yNorth = mercatorY(north);
        std::vector<Piece> pieces;
        for (int s = firstSegment[size_t(bin)], end = s + segmentsInBin[size_t(bin)]; s < end; ++s) {
            const uint32_t info = uint32_t(segmentInfo[size_t(s)]);
            Piece piece;
            piece.exit = uint8_t(info & 7);
            piece.entry = uint8_t((info >> 3) & 7);
            int lvl = int((info >> 6) & 7);
            if (antarctic[size_t(s)])
                lvl = 5;
            if (lvl == 6)
                continue; // Antarctica's grounding line: we draw the ice front instead
            piece.level = uint8_t(lvl == 5 ? 1 : lvl);
            const int n = int(info >> 9);
            piece.xy.reserve(size_t(2 * n));
            for (int i = 0; i < n; ++i) {
                const size_t p = size_t(firstPoint[size_t(s)] + i);
                const double lat = south + dy[p] * binDegrees / MaxDelta;
                uint16_t y = dy[p];
                // Edges stay exactly on the edge, so pieces meet their bin's outline and their neighbours.
                if (y != 0 && y != MaxDelta && yNorth != ySouth)
                    y = uint16_t(std::clamp(std::lround((mercatorY(lat) - ySouth) / (yNorth - ySouth) * MaxDelta), 1L,
                                            long(MaxDelta - 1)));
                piece.xy.push_back(dx[p]);
                piece.xy.push_back(y);
            }
            if (n >= 2)
                pieces.push_back(std::move(piece));
        }
        if (pieces.empty() && !southWestLand)
            continue;
        Tile tile;
        tile.bin = uint32_t(bin);
        tile.flags = southWestLand ? 1 : 0;
        put<uint32_t>(tile.bytes, uint32_t(pieces.size()));
        for (const Piece &piece : pieces) {
            put<uint8_t>(tile.bytes, piece.entry);
            put<uint8_t>(tile.bytes, piece.exit);
            put<uint8_t>(tile.bytes, piece.level);
            put<uint32_t>(tile.bytes, uint32_t(piece.xy.size() / 2));
            for (const uint16_t v : piece.xy)
                put<uint16_t>(tile.bytes, v);
        }
        level.tiles.push_back(std::move(tile));
    }
    return true;
}

} // namespace

int main(int argc, char *argv[])
{
    if (argc < 3) {
        std::fprintf(stderr, "usage: %s OUTPUT NAME=FILE.nc [NAME=FILE.nc ...]\n", argv[0]);
        return 2;
    }
    std::vector<Level> levels;
    for (int i = 2; i < argc; ++i) {
        const char *eq = std::strchr(argv[i], '=');
        if (!eq) {
            std::fprintf(stderr, "convert-gshhg: expected NAME=FILE.nc, got %s\n", argv[i]);
            return 2;
        }
        Level level;
        if (!convert(std::string(argv[i], size_t(eq - argv[i])), eq + 1, level))
            return 1;
        levels.push_back(std::move(level));
    }

    std::vector<uint8_t> header;
    header.insert(header.end(), {'A', 'D', 'C', 'T'});
    put<uint16_t>(header, 1);
    put<uint16_t>(header, uint16_t(levels.size()));
    size_t headerSize = header.size();
    for (const Level &level : levels)
        headerSize += 1 + level.name.size() + 2 + 2 + 2 + 4 + level.tiles.size() * (4 + 1 + 8 + 4);
    uint64_t offset = headerSize;
    for (const Level &level : levels) {
        put<uint8_t>(header, uint8_t(level.name.size()));
        header.insert(header.end(), level.name.begin(), level.name.end());
        put<uint16_t>(header, uint16_t(level.columns));
        put<uint16_t>(header, uint16_t(level.rows));
        put<uint16_t>(header, uint16_t(level.binMinutes));
        put<uint32_t>(header, uint32_t(level.tiles.size()));
        for (const Tile &tile : level.tiles) {
            put<uint32_t>(header, tile.bin);
            put<uint8_t>(header, tile.flags);
            put<uint64_t>(header, offset);
            put<uint32_t>(header, uint32_t(tile.bytes.size()));
            offset += tile.bytes.size();
        }
    }
    // Written beside the target and renamed, so an interrupted build never leaves half a file.
    const std::string output = argv[1];
    const std::string partial = output + ".partial";
    {
        std::ofstream out(partial, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char *>(header.data()), std::streamsize(header.size()));
        for (const Level &level : levels)
            for (const Tile &tile : level.tiles)
                out.write(reinterpret_cast<const char *>(tile.bytes.data()), std::streamsize(tile.bytes.size()));
        if (!out) {
            std::fprintf(stderr, "convert-gshhg: cannot write %s\n", partial.c_str());
            return 1;
        }
    }
    if (std::rename(partial.c_str(), output.c_str()) != 0) {
        std::fprintf(stderr, "convert-gshhg: cannot rename %s\n", partial.c_str());
        return 1;
    }
    for (const Level &level : levels)
        std::printf("convert-gshhg: %s: %zu tiles of %d'\n", level.name.c_str(), level.tiles.size(), level.binMinutes);
    return 0;
}
