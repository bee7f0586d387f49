"""The terminal driver: keys decoded in the terminal's own encoding.

Textual's Linux driver decodes every key as UTF-8. Under a GB18030 or GBK
locale (older servers; Xshell or SecureCRT set to GBK) the first Chinese key
raised ``UnicodeDecodeError`` in the input thread and the editor ended. This
driver decodes with the locale's encoding (``locale.getpreferredencoding``)
and never fails on a byte it cannot read: such bytes become U+FFFD, and the
app is told once so that it can say so.

Output needs no change: Textual writes through ``sys.__stderr__``, which
Python opens in the locale's encoding, so a GB18030 terminal receives
GB18030 bytes (checked by ``tests/tui/test_pty.py``).
"""

from __future__ import annotations

import codecs
import locale
import os
import selectors

from textual._loop import loop_last
from textual._xterm_parser import XTermParser
from textual.drivers.linux_driver import LinuxDriver

__all__ = ["LocaleDriver", "terminal_encoding"]


def terminal_encoding() -> str:
    """The codec the terminal sends keys in (the locale's), ``utf-8`` when it is unknown."""
    name = locale.getpreferredencoding(False) or "utf-8"
    try:
        return codecs.lookup(name).name
    except LookupError:
        return "utf-8"


class LocaleDriver(LinuxDriver):
    """A LinuxDriver whose input thread decodes keys in the locale's encoding."""

    #: called (from the input thread) the first time a byte could not be decoded
    on_undecodable = None

    def run_input_thread(self) -> None:  # a copy of LinuxDriver's, with another decoder
        selector = selectors.SelectSelector()
        selector.register(self.fileno, selectors.EVENT_READ)
        fileno = self.fileno
        EVENT_READ = selectors.EVENT_READ
        parser = XTermParser(self._debug)
        feed = parser.feed
        tick = parser.tick
        decoder = codecs.getincrementaldecoder(terminal_encoding())(errors="replace")
        decode = decoder.decode
        read = os.read
        told = False

        def process_selector_events(selector_events, final: bool = False) -> None:
            nonlocal told
            for last, (_selector_key, mask) in loop_last(selector_events):
                if mask & EVENT_READ:
                    unicode_data = decode(read(fileno, 1024 * 4), final=final and last)
                    if not unicode_data:
                        break
                    if "\ufffd" in unicode_data and not told and self.on_undecodable is not None:
                        told = True
                        self.on_undecodable()
                    for event in feed(unicode_data):
                        self.process_message(event)
            for event in tick():
                self.process_message(event)

        try:
            while not self.exit_event.is_set():
                process_selector_events(selector.select(0.1))
            selector.unregister(self.fileno)
            process_selector_events(selector.select(0.1), final=True)
        finally:
            selector.close()
            try:
                for _event in feed(""):
                    pass
            except Exception:
                pass


