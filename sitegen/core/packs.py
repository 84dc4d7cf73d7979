"""Many small cache entries in a few pack files, each entry found through its pack's index.

Making a file costs this kind of disk far more than writing its bytes (a cold build kept 2,000
converted pages as 2,000 files), so a build writes its new entries into one pack, and a later
build reads each pack's index once and each entry it needs by its offset.

A pack is its entries one after another, then its index (JSON: the context it belongs to, and
each entry's key, offset, length and SHA-256), then a trailer saying where the index is and its
digest. It is written under a temporary name and renamed into place when whole, so no build ever
reads half of one. A pack whose trailer, index or context does not check out (damaged, cut
short, or from other code) is as good as absent, and an entry whose digest does not match is
a miss: what it held is made again, never taken wrong.

Packs are named `<context>.<number>.<process>.pack`; for a key in more than one, the highest
number wins. So that the folder does not grow with every edit, a build that asked for every
entry it uses (`complete`) rewrites the packs into one when they hold more than twice the bytes
of what it used, and any build merges the small packs into one when there are more than
`MOST_PACKS`. Whatever else is in the folder (another context's packs, the one-file-per-entry
layout of earlier versions, temporary files left by a build that was stopped) is removed when a
build writes.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import struct
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from sitegen.core.files import named

MAGIC = b"sitegen pack 1\n"
TRAILER = struct.Struct(">QQ32s")  # the index's offset and length, and its SHA-256
NAME = re.compile(r"(?P<context>[0-9a-f]+)\.(?P<number>[0-9]+)\.(?P<process>[0-9]+)\.pack")
MOST_PACKS = 8  # more, and the small ones are merged: each pack costs an open and an index read
SLACK = 1 << 20  # bytes of entries no longer used that are never worth a rewrite
LEFT_BEHIND = 3600  # seconds after which a temporary file is taken for one a stopped build left

Location = tuple[int, int, str]  # offset, length, SHA-256 of the entry (hex)


@dataclass(eq=False)  # one file: compared by identity
class Pack:
    """One pack file: its index, and the file open for reading entries."""

    path: Path
    number: tuple[int, int]
    entries: dict[str, Location]
    file: BinaryIO | None = None

    @property
    def size(self) -> int:
        return sum(length for _, length, _ in self.entries.values())

    def read(self, key: str) -> bytes | None:
        """The entry's bytes, if they are what was written."""
        offset, length, digest = self.entries[key]
        try:
            if self.file is None:
                self.file = self.path.open("rb", buffering=0)
            self.file.seek(offset)
            data = self.file.read(length)
        except OSError:
            return None
        return data if hashlib.sha256(data).hexdigest() == digest else None

    def close(self) -> None:
        if self.file is not None:
            self.file.close()
            self.file = None


def open_pack(path: Path, context: str) -> Pack | None:
    """The pack in a file, if its trailer, index and context check out."""
    match = NAME.fullmatch(path.name)
    if match is None or match["context"] != context:
        return None
    try:
        file = path.open("rb", buffering=0)
    except OSError:
        return None
    try:
        size = file.seek(0, os.SEEK_END)
        if size < len(MAGIC) + TRAILER.size:
            raise ValueError("too short")
        if file.seek(0) != 0 or file.read(len(MAGIC)) != MAGIC:
            raise ValueError("not a pack of this format")
        file.seek(size - TRAILER.size)
        offset, length, digest = TRAILER.unpack(file.read(TRAILER.size))
        if offset + length + TRAILER.size != size:
            raise ValueError("the trailer does not match the file's size")
        file.seek(offset)
        data = file.read(length)
        if hashlib.sha256(data).digest() != digest:
            raise ValueError("the index does not match its digest")
        index = json.loads(data)
        if index["context"] != context:
            raise ValueError("another context's pack")
        entries = {key: (start, count, sha) for key, start, count, sha in index["entries"]}
    except (OSError, ValueError, KeyError, TypeError):
        file.close()
        return None
    return Pack(path, (int(match["number"]), int(match["process"])), entries, file)


class PackWriter:
    """A new pack, written entry by entry under a temporary name and renamed into place by `finish`."""

    def __init__(self, folder: Path, context: str, number: int) -> None:
        self.context = context
        self.path = folder / f"{context}.{number}.{os.getpid()}.pack"
        self.temporary = folder / f".{self.path.name}.tmp"
        self.entries: dict[str, Location] = {}
        try:
            folder.mkdir(parents=True, exist_ok=True)
            self.file: BinaryIO = self.temporary.open("wb")
            self.file.write(MAGIC)
        except OSError as error:
            raise named(error, self.temporary) from None
        self.offset = len(MAGIC)

    def add(self, key: str, data: bytes) -> None:
        try:
            self.file.write(data)
        except OSError as error:
            self.abandon()
            raise named(error, self.temporary) from None
        self.entries[key] = (self.offset, len(data), hashlib.sha256(data).hexdigest())
        self.offset += len(data)

    def finish(self) -> Pack:
        """The pack, whole and in place."""
        index = json.dumps({"context": self.context, "entries": [[key, *where] for key, where in self.entries.items()]},
                           separators=(",", ":")).encode()
        try:
            self.file.write(index + TRAILER.pack(self.offset, len(index), hashlib.sha256(index).digest()))
            self.file.close()
            self.temporary.replace(self.path)
        except OSError as error:
            self.abandon()
            raise named(error, self.path) from None
        match = NAME.fullmatch(self.path.name)
        assert match is not None
        return Pack(self.path, (int(match["number"]), int(match["process"])), self.entries)

    def abandon(self) -> None:
        self.file.close()
        self.temporary.unlink(missing_ok=True)


@dataclass
class Shelf:
    """The packs of one context in a folder: entries found by key, new ones put into one new pack.

    `asked` is every key a lookup asked for in this build (found or not): with the keys put, what
    the build uses; `save` then drops the rest when it rewrites.
    """

    folder: Path
    context: str
    writable: bool = True
    packs: list[Pack] | None = None
    winners: dict[str, Pack] = field(default_factory=dict)
    asked: set[str] = field(default_factory=set)
    kept: set[str] = field(default_factory=set)  # the keys put
    damaged: list[Path] = field(default_factory=list)  # this context's packs that did not check out
    writer: PackWriter | None = None

    def get(self, key: str) -> bytes | None:
        """The entry of the key, if one was kept and is undamaged."""
        self.asked.add(key)
        if self.packs is None:
            self._load()
        pack = self.winners.get(key)
        return pack.read(key) if pack is not None else None

    def put(self, key: str, data: bytes) -> None:
        """Keep an entry: it is in the folder once `save` has run."""
        if not self.writable:
            return
        if self.packs is None:
            self._load()
        if self.writer is None:
            self.writer = PackWriter(self.folder, self.context, self._next_number())
        self.writer.add(key, data)
        self.kept.add(key)

    def save(self, complete: bool) -> None:
        """Put the new entries' pack in place, rewrite the packs when they have grown (`complete`:
        every key this build uses was asked for or put), and remove what no longer belongs."""
        try:
            if not self.writable or (self.writer is None and self.packs is None):
                return
            if self.packs is None:
                self._load()
            assert self.packs is not None
            if self.writer is not None:
                pack = self.writer.finish()
                self.writer = None
                self.packs.append(pack)
                self.winners.update(dict.fromkeys(pack.entries, pack))
            with contextlib.suppress(OSError):  # only an economy: the packs as they are still serve (a
                self._compact(complete)  # pack open in another process on Windows, a full disk)
            self._remove_strangers()
        finally:
            self.close()

    def close(self) -> None:
        if self.writer is not None:
            self.writer.abandon()
            self.writer = None
        for pack in self.packs or ():
            pack.close()

    def _load(self) -> None:
        names = sorted(os.listdir(self.folder)) if self.folder.is_dir() else []
        self.packs = []
        for name in names:
            if name.startswith(f"{self.context}.") and name.endswith(".pack"):
                pack = open_pack(self.folder / name, self.context)
                if pack is None:
                    self.damaged.append(self.folder / name)
                else:
                    self.packs.append(pack)
        self.packs.sort(key=lambda pack: pack.number)
        self.winners = {key: pack for pack in self.packs for key in pack.entries}

    def _next_number(self) -> int:
        """Above every pack's number, damaged ones' too (so a new pack never takes a damaged one's name)."""
        numbers = [pack.number[0] for pack in self.packs or ()]
        numbers += [int(match["number"]) for path in self.damaged if (match := NAME.fullmatch(path.name))]
        return max(numbers, default=0) + 1

    def _compact(self, complete: bool) -> None:
        """One pack of what is used, in place of packs that hold twice as much; or the small packs
        merged into one, when there are too many."""
        packs = self.packs or []
        used = self.asked | self.kept
        live = {key: pack for key, pack in self.winners.items() if key in used} if complete else None
        if live is not None and packs:
            kept = sum(pack.entries[key][1] for key, pack in live.items())
            if sum(pack.size for pack in packs) > 2 * kept + SLACK:
                self._merge(packs, live)
                return
        if len(packs) > MOST_PACKS:
            largest = max(packs, key=lambda pack: pack.size)
            self._merge([pack for pack in packs if pack is not largest], live)

    def _merge(self, merged: list[Pack], live: dict[str, Pack] | None) -> None:
        """One new pack with the winning entries of `merged` (those used, when known), in their place."""
        writer = None
        for key, pack in self.winners.items():
            if pack in merged and (live is None or key in live):
                data = pack.read(key)
                if data is not None:
                    writer = writer or PackWriter(self.folder, self.context, self._next_number())
                    writer.add(key, data)
        new = writer.finish() if writer is not None else None
        for pack in merged:
            pack.close()
            pack.path.unlink(missing_ok=True)
        self.packs = [pack for pack in self.packs or () if pack not in merged] + ([new] if new else [])
        self.winners = {key: pack for pack in self.packs for key in pack.entries}

    def _remove_strangers(self) -> None:
        """Everything in the folder that is not one of this context's sound packs (nor a pack or a
        temporary file another build is writing now)."""
        damaged = {path.name for path in self.damaged} - {pack.path.name for pack in self.packs or ()}
        for entry in os.scandir(self.folder) if self.folder.is_dir() else ():
            if entry.name.startswith(f"{self.context}.") and entry.name not in damaged:
                continue
            try:
                if entry.name.endswith(".tmp") and time.time() - entry.stat().st_mtime < LEFT_BEHIND:
                    continue  # another build writing its pack now
                if entry.is_dir(follow_symlinks=False):
                    shutil.rmtree(entry.path, ignore_errors=True)
                else:
                    os.unlink(entry.path)
            except OSError:
                continue  # in use (Windows), or removed by another build: removed next time
