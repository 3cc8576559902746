"""Write N valid, varied synthetic records for benchmarking only (never commit the output).

    python benchmarks/make_records.py 10000 /tmp/bench-reports

Field sizes and facet spreads follow the real catalogue: 1-6 authors, a 120-230 word summary,
2-5 findings, 1-3 countries with a long tail, drugs and markets drawn with skew, and about
one related link per record.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

from dnm_catalogue.records import vocabularies as vocab

WORDS = [
    "market", "vendor", "listing", "price", "purity", "cannabis", "cocaine", "bitcoin", "escrow",
    "feedback", "takedown", "displacement", "survey", "interview", "scraping", "network", "trust",
    "reputation", "shipping", "postal", "border", "enforcement", "harm", "reduction", "policy",
    "regulation", "cryptomarket", "darknet", "tor", "forum", "buyer", "seller", "volume", "revenue",
    "estimate", "sample", "period", "analysis", "result", "limitation", "evidence", "country", "region",
    "growth", "decline", "closure", "exit", "scam", "resilience"
]
FAMILIES = [
    "Barratt", "Aldridge", "Décary-Hétu", "Christin", "Soska", "Munksgaard", "Demant", "Martin",
    "Bancroft", "Tzanetakis", "Kruithof", "Van", "Buskirk", "Bergeron", "Duxbury", "Haynie", "Norbutas",
    "Ladegaard", "Moeller", "Bakken", "Childs", "Lamy", "Cunliffe", "Broséus", "Dittus",
    "Paquet-Clouston", "Zambiasi"
]
GIVEN = [
    "Monica", "J.", "Judith", "David", "Nicolas", "Kyle", "Rasmus", "Jakob", "James", "Angus", "Meropi",
    "Kristy", "Anne"
]
ORGANISATIONS = [("European Monitoring Centre for Drugs and Drug Addiction", "EMCDDA"),
                 ("Europol", None), ("United Nations Office on Drugs and Crime", "UNODC")]
JOURNALS = ["International Journal of Drug Policy", "Addiction", "Drug and Alcohol Dependence",
            "Trends in Organized Crime", "British Journal of Criminology", "Crime Science"]


def sentence(rng: random.Random, length: int) -> str:
    words = rng.choices(WORDS, k=length)
    return words[0].capitalize() + " " + " ".join(words[1:]) + "."


def skewed(rng: random.Random, items: list[str], count: int) -> list[str]:
    weights = [1 / (rank + 1) for rank in range(len(items))]
    chosen: list[str] = []
    while len(chosen) < min(count, len(items)):
        pick = rng.choices(items, weights=weights)[0]
        if pick not in chosen:
            chosen.append(pick)
    return chosen


def record_text(number: int, total: int, rng: random.Random, lists: dict[str, list[str]]) -> tuple[str, str]:
    year = rng.randint(2012, 2025)
    record_id = f"synthetic-{year}-{number:05d}-" + "-".join(rng.choices(WORDS, k=3))
    lines = [f"id: {record_id}", f"type: {rng.choice(lists['types'])}",
             f"title: {json.dumps(sentence(rng, rng.randint(6, 16))[:-1], ensure_ascii=False)}",
             "authors:"]
    if rng.random() < 0.15:
        name, abbreviation = rng.choice(ORGANISATIONS)
        lines.append(f"  - organisation: {name}")
        if abbreviation:
            lines.append(f"    abbreviation: {abbreviation}")
    for family in rng.sample(FAMILIES, rng.randint(1, 6)):
        lines += [f"  - family: {family}", f"    given: {rng.choice(GIVEN)}"]
    lines.append(f"published: {year}-{rng.randint(1, 12):02d}")
    if rng.random() < 0.7:
        lines += [f"published_in: {rng.choice(JOURNALS)}", f'volume: "{rng.randint(1, 120)}"',
                  f'pages: "{(start := rng.randint(1, 900))}-{start + rng.randint(5, 30)}"',
                  f"doi: 10.5555/synthetic.{number}"]
    lines += [f"url: https://example.org/works/{number}", "language: en",
              f"open_access: {rng.choice(['true', 'false'])}"]
    lines.append(f"countries: [{', '.join(skewed(rng, lists['countries'], rng.randint(1, 3)))}]")
    if rng.random() < 0.3:
        lines.append(f"regions: [{rng.choice(lists['regions'])}]")
    start = rng.randint(2011, year)
    lines.append(f"period: {{start: {start}, end: {rng.randint(start, year)}}}")
    lines.append(f"drugs: [{', '.join(skewed(rng, lists['drugs'], rng.randint(1, 4)))}]")
    lines.append(f"markets: [{', '.join(skewed(rng, lists['markets'], rng.randint(1, 4)))}]")
    lines.append(f"methods: [{', '.join(skewed(rng, lists['methods'], rng.randint(1, 3)))}]")
    summary = " ".join(sentence(rng, rng.randint(12, 22)) for _ in range(10))
    lines.append("summary: |")
    lines += ["  " + summary[i:i + 90].strip() for i in range(0, len(summary), 90)]
    lines.append("findings:")
    for _ in range(rng.randint(2, 5)):
        lines.append(f"  - text: {json.dumps(sentence(rng, rng.randint(10, 25)))}")
        if rng.random() < 0.5:
            lines.append(f"    page: {rng.randint(1, 200)}")
    lines.append(f"keywords: [{', '.join(rng.sample(WORDS, 4))}]")
    lines.append("reviewed: 2026-11-01")
    lines.append(f"sources: [https://example.org/works/{number}]")
    return record_id, "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    if len(argv) != 3 or not argv[1].isdigit():
        print("usage: make_records.py N DIR", file=sys.stderr)
        return 2
    total, folder = int(argv[1]), Path(argv[2])
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(20261129)
    lists = {
        "types": [term.slug for term in vocab.vocabulary("types")],
        "regions": [term.slug for term in vocab.vocabulary("regions")],
        "drugs": [term.slug for term in vocab.vocabulary("drugs")],
        "markets": [term.slug for term in vocab.vocabulary("markets")],
        "methods": [term.slug for term in vocab.vocabulary("methods")],
        "countries": ["US", "GB", "DE", "NL", "AU", "CA", "FR", "SE", "FI", "RU", "ES", "IT", "PL",
                      "BE", "DK", "NO", "CH", "AT", "IE", "PT", "CZ", "NZ", "BR", "CN", "IN"],
    }
    ids: list[str] = []
    texts: list[tuple[str, str]] = []
    for number in range(total):
        record_id, text = record_text(number, total, rng, lists)
        ids.append(record_id)
        texts.append((record_id, text))
    for position, (record_id, text) in enumerate(texts):
        if position and rng.random() < 0.6:
            text = text.replace("reviewed:", f"related: [{ids[rng.randrange(position)]}]\nreviewed:")
        (folder / f"{record_id}.yaml").write_text(text, encoding="utf-8")
    print(f"wrote {total} records to {folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
