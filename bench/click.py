#!/usr/bin/python3
"""Clicks for bench/run's sound latency (issue 14), on libpulse-simple through
ctypes (python3 alone, no modules: it also runs as the app in a sandbox).

  click.py play [--clicks N] [--interval S] [--lead S] [--tlength MS]
      plays silence, then N clicks INTERVAL apart, on the default sink of the
      server that PULSE_SERVER (or the usual place) names, a low-latency
      stream (TLENGTH ms of buffer, PA_STREAM_ADJUST_LATENCY as pa_simple
      asks); prints "click NS" for each, NS the CLOCK_MONOTONIC time at which
      pa_simple_write() had taken the click, then "done".
  click.py record --device SOURCE [--fragment MS]
      records SOURCE (a null sink's monitor) in FRAGMENT ms pieces; prints
      "ready" once the stream runs, then "click NS" for each click heard, NS
      the CLOCK_MONOTONIC time at which pa_simple_read() returned the piece
      that holds its first sample, until SIGTERM.

The two times are on one clock (a PID namespace has no clock of its own), so
their difference is the latency of the path between, plus the player's own
buffer and the recorder's piece, which are the same on every path.
"""
import array
import ctypes
import signal
import sys
import time

RATE, CHANNELS = 44100, 2
FRAME = 2 * CHANNELS          # s16le
S16LE, PLAYBACK, RECORD = 3, 1, 2
LOUD, QUIET = 16000, 2000     # a click's samples; what counts as silence


class SampleSpec(ctypes.Structure):
    _fields_ = [('format', ctypes.c_int), ('rate', ctypes.c_uint32), ('channels', ctypes.c_uint8)]


class BufferAttr(ctypes.Structure):
    _fields_ = [(n, ctypes.c_uint32) for n in
                ('maxlength', 'tlength', 'prebuf', 'minreq', 'fragsize')]


def frames(ms):
    return RATE * ms // 1000


def open_stream(direction, device, attr):
    lib = ctypes.CDLL('libpulse-simple.so.0')
    lib.pa_simple_new.restype = ctypes.c_void_p
    lib.pa_simple_new.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                                  ctypes.c_char_p, ctypes.c_void_p, ctypes.c_void_p,
                                  ctypes.c_void_p, ctypes.POINTER(ctypes.c_int)]
    for f in ('pa_simple_write', 'pa_simple_read'):
        getattr(lib, f).argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t,
                                    ctypes.POINTER(ctypes.c_int)]
    ss = SampleSpec(S16LE, RATE, CHANNELS)
    err = ctypes.c_int(0)
    s = lib.pa_simple_new(None, b'bench-click', direction, device, b'click', ctypes.byref(ss),
                          None, ctypes.byref(attr), ctypes.byref(err))
    if not s:
        sys.exit('click.py: pa_simple_new: error %d' % err.value)
    return lib, s


def play(clicks, interval, lead, tlength_ms):
    none = 0xffffffff
    attr = BufferAttr(none, frames(tlength_ms) * FRAME, none, none, none)
    lib, s = open_stream(PLAYBACK, None, attr)
    piece = frames(5)  # written 5 ms at a time: pa_simple_write blocks while the buffer is full
    silence = bytes(piece * FRAME)
    click = array.array('h', [LOUD if (i // 8) % 2 else -LOUD
                              for i in range(piece) for _ in range(CHANNELS)]).tobytes()
    err = ctypes.c_int(0)
    out = []
    written = 0
    when = [int((lead + i * interval) * RATE) for i in range(clicks)]
    end = int((lead + clicks * interval) * RATE)
    while written < end:
        data = click if when and written >= when[0] else silence
        if lib.pa_simple_write(s, data, len(data), ctypes.byref(err)) < 0:
            sys.exit('click.py: pa_simple_write: error %d' % err.value)
        if data is click:
            out.append(time.monotonic_ns())
            when.pop(0)
        written += piece
    print('\n'.join('click %d' % t for t in out))
    print('done', flush=True)


def record(device, fragment_ms):
    none = 0xffffffff
    piece = frames(fragment_ms)
    attr = BufferAttr(none, none, none, none, piece * FRAME)
    lib, s = open_stream(RECORD, device.encode(), attr)
    signal.signal(signal.SIGTERM, lambda *a: sys.exit(0))
    buf = ctypes.create_string_buffer(piece * FRAME)
    err = ctypes.c_int(0)
    print('ready', flush=True)
    quiet = 0  # frames of silence since the last loud sample
    while True:
        if lib.pa_simple_read(s, buf, len(buf), ctypes.byref(err)) < 0:
            sys.exit('click.py: pa_simple_read: error %d' % err.value)
        t = time.monotonic_ns()
        a = array.array('h', buf.raw)
        if max(a) < QUIET and -min(a) < QUIET:
            quiet += piece
            continue
        first = next(i for i, x in enumerate(a) if abs(x) >= QUIET) // CHANNELS
        if quiet + first >= frames(100):  # a new click, after 100 ms of silence
            print('click %d' % t, flush=True)
        last = max(i for i, x in enumerate(a) if abs(x) >= QUIET) // CHANNELS
        quiet = piece - 1 - last


def main():
    a = sys.argv[1:]
    opt = dict(zip(a[1::2], a[2::2]))
    if a[:1] == ['play']:
        play(int(opt.get('--clicks', 8)), float(opt.get('--interval', 0.4)),
             float(opt.get('--lead', 0.5)), int(opt.get('--tlength', 10)))
    elif a[:1] == ['record']:
        record(opt['--device'], int(opt.get('--fragment', 5)))
    else:
        sys.exit(__doc__)


if __name__ == '__main__':
    main()
