"""What the scan finds: a value that identifies a child, or something that could read outside the release."""

from __future__ import annotations

from dataclasses import dataclass

FINDINGS_SHOWN = 20


@dataclass(frozen=True)
class Finding:
    """Something in the public tier that identifies a child, or could read outside the release."""

    kind: str  # identifier, joined, view, unreadable
    where: str  # the file, and the table and column
    detail: str

    def __str__(self) -> str:
        return f"{self.kind}: {self.where}: {self.detail}"


def describe(findings: list[Finding]) -> str:
    """The findings as lines, the first few in full."""
    lines = [str(finding) for finding in findings[:FINDINGS_SHOWN]]
    if len(findings) > FINDINGS_SHOWN:
        lines.append(f"... and {len(findings) - FINDINGS_SHOWN} more")
    return "\n".join(lines)
