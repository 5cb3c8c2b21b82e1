"""The tile-grid map of the 35 kab/kota of Central Java: each a square in a
grid that keeps their places roughly (north coast on top, west on the left),
so each is equally visible whatever its area. Pure data and one function."""

from typing import Any

# code: (column, row, abbreviation shown on the tile)
TILES: dict[str, tuple[int, int, str]] = {
    "33.29": (0, 0, "BRB"),  # Brebes
    "33.76": (1, 0, "KTG"),  # Kota Tegal
    "33.27": (2, 0, "PML"),  # Pemalang
    "33.75": (3, 0, "KPK"),  # Kota Pekalongan
    "33.25": (4, 0, "BTG"),  # Batang
    "33.24": (5, 0, "KDL"),  # Kendal
    "33.74": (6, 0, "KSM"),  # Kota Semarang
    "33.21": (7, 0, "DMK"),  # Demak
    "33.20": (8, 0, "JPR"),  # Jepara
    "33.18": (9, 0, "PTI"),  # Pati
    "33.17": (10, 0, "RBG"),  # Rembang
    "33.28": (1, 1, "TGL"),  # Tegal
    "33.26": (3, 1, "PKL"),  # Pekalongan
    "33.23": (5, 1, "TMG"),  # Temanggung
    "33.22": (6, 1, "SMG"),  # Semarang
    "33.15": (7, 1, "GRB"),  # Grobogan
    "33.19": (8, 1, "KDS"),  # Kudus
    "33.16": (9, 1, "BLA"),  # Blora
    "33.01": (0, 2, "CLP"),  # Cilacap
    "33.02": (1, 2, "BMS"),  # Banyumas
    "33.03": (2, 2, "PBG"),  # Purbalingga
    "33.04": (3, 2, "BNR"),  # Banjarnegara
    "33.07": (4, 2, "WSB"),  # Wonosobo
    "33.71": (5, 2, "KMG"),  # Kota Magelang
    "33.73": (6, 2, "SLT"),  # Kota Salatiga
    "33.09": (7, 2, "BYL"),  # Boyolali
    "33.14": (8, 2, "SRG"),  # Sragen
    "33.05": (3, 3, "KBM"),  # Kebumen
    "33.06": (4, 3, "PWR"),  # Purworejo
    "33.08": (5, 3, "MGL"),  # Magelang
    "33.10": (6, 3, "KLT"),  # Klaten
    "33.72": (7, 3, "SKA"),  # Kota Surakarta
    "33.13": (8, 3, "KRA"),  # Karanganyar
    "33.11": (7, 4, "SKH"),  # Sukoharjo
    "33.12": (8, 4, "WNG"),  # Wonogiri
}
SHADES = 4  # value classes of a transacting kab/kota (1 = least, 4 = most)


def tile_map(
    by_kab_kota: list[dict[str, Any]], names: dict[str, str], joined: set[str]
) -> list[dict[str, Any]]:
    """One tile per kab/kota: its place, name, value and shade (0: no
    transaction; 1..SHADES by rank among the transacting ones)."""
    values = {item["code"]: item["value"] for item in by_kab_kota}
    ranked = sorted((v for v in values.values() if v > 0), reverse=True)
    tiles = []
    for code, (column, row, abbreviation) in TILES.items():
        value = values.get(code, 0)
        shade = 0
        if value > 0:
            shade = SHADES - (ranked.index(value) * SHADES // len(ranked))
        tiles.append(
            {
                "code": code,
                "name": names.get(code, code),
                "abbreviation": abbreviation,
                "column": column,
                "row": row,
                "value": value,
                "shade": shade,
                "joined": code in joined,
            }
        )
    return tiles
