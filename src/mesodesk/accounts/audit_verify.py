"""Verifying the audit trail: every chain walked from its start, each row's link and keyed hash
recomputed (accounts.audit_hash), and the patients each listing names checked against its signed
detail (accounts.audit_links)."""

from __future__ import annotations

import hmac
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import groupby
from operator import attrgetter

from mesodesk.accounts.audit_hash import GENESIS, audit_keys, row_hash
from mesodesk.accounts.audit_links import ListingReport, verify_listings
from mesodesk.accounts.models import LEGACY_CHAIN, NO_CLINIC_CHAIN, AuditEvent


def describe_chain(chain: int) -> str:
    if chain == LEGACY_CHAIN:
        return "the network-wide chain from before per-clinic chains"
    if chain == NO_CLINIC_CHAIN:
        return "the chain of events without a clinic"
    return f"clinic {chain}'s chain"


@dataclass(frozen=True)
class ChainReport:
    """One chain: how many rows hold from its start, and the first that does not."""

    chain: int
    checked: int
    broken_at: int | None = None
    reason: str = ""

    @property
    def intact(self) -> bool:
        return self.broken_at is None


@dataclass(frozen=True)
class TrailReport:
    """Every chain of the trail, in chain order, and the patients its listings name."""

    chains: tuple[ChainReport, ...]
    listings: ListingReport = field(default_factory=ListingReport)

    @property
    def intact(self) -> bool:
        return all(c.intact for c in self.chains) and self.listings.intact

    @property
    def checked(self) -> int:
        """Rows found intact, over all chains (in a broken chain: those before the break)."""
        return sum(c.checked for c in self.chains)

    @property
    def broken(self) -> list[ChainReport]:
        return [c for c in self.chains if not c.intact]

    @property
    def broken_at(self) -> int | None:
        """The earliest written row that breaks its chain, if any."""
        return min((c.broken_at for c in self.broken if c.broken_at is not None), default=None)

    def chain(self, chain: int) -> ChainReport | None:
        return next((c for c in self.chains if c.chain == chain), None)


def _verify_chain(chain: int, events: Iterator[AuditEvent], keys: dict[str, str]) -> ChainReport:
    expected_previous = GENESIS
    checked = 0
    for event in events:
        if event.previous_hash != expected_previous:
            return ChainReport(
                chain, checked, event.id, "its previous hash is not the hash of the row before it"
            )
        expected = row_hash(event.previous_hash, event, keys)
        if expected is None:
            return ChainReport(
                chain, checked, event.id, f"it names a key this installation does not hold ({event.key_id!r})"
            )
        if not hmac.compare_digest(expected, event.hash):
            return ChainReport(
                chain,
                checked,
                event.id,
                "its content does not match its hash (edited, or forged without the key)",
            )
        expected_previous = event.hash
        checked += 1
    return ChainReport(chain, checked)


def audit_verify() -> TrailReport:
    """Walk every chain from its start; report, for each, the first row whose link does not
    hold; then check each listing's patients against its line."""
    # One pass over the (chain, id) index: each chain in order, one after the other.
    events = AuditEvent.objects.order_by("chain", "id").iterator(chunk_size=2000)
    keys = audit_keys()
    return TrailReport(
        tuple(_verify_chain(chain, rows, keys) for chain, rows in groupby(events, key=attrgetter("chain"))),
        verify_listings(),
    )
