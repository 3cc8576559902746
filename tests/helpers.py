"""Small factories shared by the tests."""

from __future__ import annotations

from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures" / "records"
BASE_RECORD = (FIXTURES / "valid" / "full-record.yaml").read_text("utf-8")


def record_text(record_id: str = "full-record", **overrides: str) -> str:
    """The valid fixture record with its id changed and top-level lines replaced.

    overrides map a field name to the whole replacement text of that field's line(s), or to
    "" to drop the field.
    """
    lines = BASE_RECORD.replace("full-record", record_id).splitlines(keepends=True)
    out: list[str] = []
    skipping = False
    for line in lines:
        key = line.split(":", 1)[0] if line[:1].isalpha() else None
        if key is not None:
            skipping = False
            if key in overrides:
                skipping = True
                if overrides[key]:
                    out.append(overrides[key].rstrip("\n") + "\n")
                continue
        if skipping and (line.startswith((" ", "-")) or not line.strip()):
            continue
        skipping = False
        out.append(line)
    return "".join(out)


def write_record(folder: Path, record_id: str = "full-record", **overrides: str) -> Path:
    """Write a record file named after its id."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{record_id}.yaml"
    path.write_text(record_text(record_id, **overrides), encoding="utf-8")
    return path
