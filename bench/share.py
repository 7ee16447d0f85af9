#!/usr/bin/python3
"""The parts of bench/share.
  share.py window STILL   as the caller: a 1280x800 window that fills itself
                          with the next of 8 colours every 100 ms until the
                          file STILL is there; prints its id, then "change
                          COLOUR T" (T: CLOCK_MONOTONIC)
  share.py app GO         as the app: waits for the file GO, then reads one
                          pixel of its display's root every 2 ms for 10 s and
                          prints "seen COLOUR T" at each change
  share.py cpu S PIDS     CPU seconds of each group of PIDS ("name pid,pid"
                          lines) over S seconds
  share.py report DIR S   bench/SHARE.md from DIR's logs"""
import os
import statistics
import sys
import time

COLOURS = [0xc00000, 0x00c000, 0x0000c0, 0xc0c000, 0xc000c0, 0x00c0c0, 0x808080, 0xffffff]


def window(still):
    from Xlib import display
    d = display.Display()
    s = d.screen()
    w = s.root.create_window(0, 0, 1280, 800, 0, s.root_depth, background_pixel=0)
    w.set_wm_name("bench-share")
    w.map()
    d.sync()
    print("0x%x" % w.id, flush=True)
    gc = w.create_gc()
    for i in range(10 ** 6):
        if os.path.exists(still):
            time.sleep(0.1)
            continue
        colour = COLOURS[i % len(COLOURS)]
        gc.change(foreground=colour)
        w.fill_rectangle(gc, 0, 0, 1280, 800)
        d.sync()
        print("change %06x %.6f" % (colour, time.monotonic()), flush=True)
        time.sleep(0.1)


def app(go):
    from Xlib import X, display
    d = display.Display()
    root = d.screen().root
    print("app ready", flush=True)
    while not os.path.exists(go):
        time.sleep(0.1)
    last, end = None, time.monotonic() + 10
    while time.monotonic() < end:
        data = root.get_image(640, 400, 1, 1, X.ZPixmap, 0xffffffff).data
        colour = int.from_bytes(data[:4], "little") & 0xffffff
        if colour != last:
            print("seen %06x %.6f" % (colour, time.monotonic()), flush=True)
            last = colour
        time.sleep(0.002)
    time.sleep(3600)


def cpu_of(pids):
    total = 0
    for pid in pids:
        try:
            with open("/proc/%s/stat" % pid) as f:
                fields = f.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except (OSError, IndexError):
            pass
    return total / os.sysconf("SC_CLK_TCK")


def cpu(seconds, lines):
    groups = [(l.split()[0], [p for p in (l.split() + [""])[1].split(",") if p]) for l in lines.splitlines()]
    before = [cpu_of(p) for _, p in groups]
    time.sleep(float(seconds))
    for (name, pids), b in zip(groups, before):
        print(name, "%.3f" % (cpu_of(pids) - b))


def read_cpu(path):
    with open(path) as f:
        return dict((l.split()[0], float(l.split()[1])) for l in f if l.strip())


def delays(directory):
    changes = []
    with open(os.path.join(directory, "window.log")) as f:
        for line in f:
            if line.startswith("change "):
                _, colour, t = line.split()
                changes.append((int(colour, 16), float(t)))
    seen = []
    with open(os.path.join(directory, "session.log")) as f:
        for line in f:
            if line.startswith("seen "):
                _, colour, t = line.split()
                seen.append((int(colour, 16), float(t)))
    out = []
    for colour, t in seen:
        before = [tc for c, tc in changes if c == colour and tc <= t]
        if before and t - before[-1] < 1:
            out.append((t - before[-1]) * 1000)
    return out, len(seen)


def report(directory, seconds):
    alone = read_cpu(os.path.join(directory, "cpu-alone.log"))
    shared = read_cpu(os.path.join(directory, "cpu-shared.log"))
    still = read_cpu(os.path.join(directory, "cpu-still.log"))
    d, n = delays(directory)
    s = float(seconds)
    print("# A shared window's cost (bench/share)\n")
    print("Written by `bench/share` on %s, xpra of this host. A caller's window of" % time.strftime("%Y-%m-%d"))
    print("1280x800 fills itself with the next of 8 colours 10 times a second; CPU over")
    print("%g s, in %% of one core, not shared, shared (`skype-wrap --share`), and" % s)
    print("shared once it has stopped changing. The capture runs as the caller, the")
    print("mirror as the sandbox user; the Xpra server and client carry the mirror to")
    print("the caller's desktop as any window.\n")
    print("| process | not shared | shared | shared, still |")
    print("| --- | --- | --- | --- |")
    for name in alone:
        print("| %s | %.1f %% | %.1f %% | %.1f %% |" % (name, 100 * alone[name] / s, 100 * shared.get(name, 0) / s,
                                                100 * still.get(name, 0) / s))
    print("| all | %.1f %% | %.1f %% | %.1f %% |" % (100 * sum(alone.values()) / s, 100 * sum(shared.values()) / s,
                                                  100 * sum(still.values()) / s))
    print()
    if d:
        print("Delay from a change of the caller's window to the sandbox display's root")
        print("(one pixel read every 2 ms by the app, as its screen capture would read it):")
        print("%d changes seen of the %d made in 10 s; median %.0f ms, 90th percentile %.0f ms, most %.0f ms."
              % (len(d), int(10 * 10), statistics.median(d), sorted(d)[int(len(d) * 0.9) - 1], max(d)))
    else:
        print("No change of the caller's window reached the sandbox display's root (%d reads changed)." % n)


if __name__ == "__main__":
    mode = sys.argv[1]
    if mode == "window":
        window(sys.argv[2])
    elif mode == "app":
        app(sys.argv[2])
    elif mode == "cpu":
        cpu(sys.argv[2], sys.argv[3])
    else:
        report(sys.argv[2], sys.argv[3])
