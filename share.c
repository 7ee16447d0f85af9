/* share.c: one window of the caller's, shown in the sandbox's display for
 * the app to share in a call. Two processes and a pipe between them, one
 * way: capture_window() runs as the caller on the caller's display and
 * writes the window's own pixels to the pipe (through Composite: not the
 * windows over it); show_frames() runs as the sandbox user beside the Xpra
 * server and draws what it reads in a window of the sandbox's display that
 * takes no input, and on the root under it: an app's whole-screen capture
 * reads the root, where Xpra draws no window (its own copy there,
 * sync-xvfb, garbles 32-bit pixels in 3.1). Nothing goes back: what the
 * app does to that window or that process reaches no process of the
 * caller's.
 *
 * Both speak the X protocol themselves (no libX11), only the few requests
 * they need, one at a time. */
#define _GNU_SOURCE
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "skype-wrap.h"

/* The core requests and replies used, by their protocol numbers. */
enum {
	CREATE_WINDOW = 1, GET_WINDOW_ATTRIBUTES = 3, DESTROY_WINDOW = 4, MAP_WINDOW = 8,
	GET_GEOMETRY = 14, INTERN_ATOM = 16, CHANGE_PROPERTY = 18, GET_PROPERTY = 20,
	TRANSLATE_COORDINATES = 40, GET_INPUT_FOCUS = 43,
	FREE_PIXMAP = 54, CREATE_GC = 55, CLEAR_AREA = 61, COPY_AREA = 62, POLY_FILL_RECTANGLE = 70,
	PUT_IMAGE = 72, GET_IMAGE = 73, QUERY_EXTENSION = 98,
};
enum { COMPOSITE_REDIRECT_WINDOW = 1, COMPOSITE_NAME_WINDOW_PIXMAP = 6 };
enum { DAMAGE_CREATE = 1, DAMAGE_REPORT_RAW_RECTANGLES = 0 };
enum { X_ERROR = 0, X_REPLY = 1, BAD_WINDOW = 3, Z_PIXMAP = 2, IS_VIEWABLE = 2 };
enum { EXPOSE = 12, CONFIGURE_NOTIFY = 22 }; /* events */
enum { ATOM_STRING = 31, ATOM_WM_NAME = 39, ATOM_WM_CLASS = 67 };

/* How often the window is read at most, once something was drawn in it:
 * more than 10 frames a second while it changes. */
static const long frame_ns = 80 * 1000 * 1000;

/* A title crosses as at most this many bytes, NUL included. */
enum { TITLE_MAX = 128 };

/* What the pipe carries after the title: a frame's size, then its pixels,
 * 32 bits each (BGRX), row after row; 0 by 0 shows nothing. */
struct frame_head {
	uint32_t width, height;
};

/* A connection to an X display, and what its server said of its screen. */
struct x {
	int fd;
	uint16_t seq;  /* the last request's */
	uint32_t next_id, id_mask, root;
	unsigned width, height;
	size_t max_request;   /* bytes */
	uint8_t composite;    /* the extension's major opcode, 0 if unasked */
	uint8_t damage_major, damage_event; /* DAMAGE's, where it is asked */
	uint32_t damage;      /* the window's damage object, 0 for none */
	int damaged;          /* a DamageNotify came since the last capture */
	uint8_t head[32];     /* the last reply's first 32 bytes */
	uint8_t *body;        /* and the rest, body_len bytes */
	size_t body_len, body_cap;
};

static void put16(uint8_t *p, unsigned v)
{
	p[0] = v & 0xff;
	p[1] = v >> 8 & 0xff;
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, v & 0xffff);
	put16(p + 2, v >> 16);
}

static unsigned get16(const uint8_t *p)
{
	return p[0] | (unsigned)p[1] << 8;
}

static uint32_t get32(const uint8_t *p)
{
	return get16(p) | (uint32_t)get16(p + 2) << 16;
}

static size_t pad4(size_t n)
{
	return (n + 3) & ~(size_t)3;
}

/* realloc(), or the end of this process. */
static void *grow(void *p, size_t n)
{
	void *q = realloc(p, n);

	if (!q)
		die(EXIT_UNAVAILABLE, "share: out of memory");
	return q;
}

static int read_exact(int fd, void *buf, size_t n)
{
	for (size_t done = 0; done < n;) {
		ssize_t r = read(fd, (char *)buf + done, n - done);

		if (r == -1 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		done += (size_t)r;
	}
	return 0;
}

/* ---- The connection ---- */

/* Whether an Xauthority entry is for display n of this host. */
static int entry_matches(unsigned family, const uint8_t *addr, size_t addr_len,
			 const uint8_t *number, size_t number_len, unsigned n)
{
	char host[HOST_NAME_MAX + 1] = "", want[16];
	int wlen = snprintf(want, sizeof want, "%u", n);

	if ((size_t)wlen != number_len || memcmp(number, want, number_len))
		return 0;
	if (family == 65535) /* FamilyWild */
		return 1;
	gethostname(host, sizeof host - 1);
	return family == 256 /* FamilyLocal */ && addr_len == strlen(host) && !memcmp(addr, host, addr_len);
}

/* Reads the MIT-MAGIC-COOKIE-1 of display n from an Xauthority file. */
static int read_cookie(const char *path, unsigned n, uint8_t cookie[16])
{
	static const char name[] = "MIT-MAGIC-COOKIE-1";
	static uint8_t buf[65536];
	ssize_t len;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd == -1)
		return -1;
	len = read(fd, buf, sizeof buf);
	close(fd);
	for (size_t i = 0; len > 0;) {
		const uint8_t *field[4];
		size_t flen[4];
		unsigned family;

		if (i + 2 > (size_t)len)
			break;
		family = (unsigned)buf[i] << 8 | buf[i + 1];
		i += 2;
		for (int f = 0; f < 4; f++) {
			if (i + 2 > (size_t)len)
				return -1;
			flen[f] = (size_t)buf[i] << 8 | buf[i + 1];
			field[f] = buf + i + 2;
			i += 2 + flen[f];
			if (i > (size_t)len)
				return -1;
		}
		if (flen[2] == sizeof name - 1 && !memcmp(field[2], name, flen[2]) && flen[3] == 16 &&
		    entry_matches(family, field[0], flen[0], field[1], flen[1], n)) {
			memcpy(cookie, field[3], 16);
			return 0;
		}
	}
	return -1;
}

/* The first screen of the server's setup reply: its root, size, and that
 * its depth 24 and 32 images take 32 bits a pixel. */
static void read_setup(struct x *x, const uint8_t *p, size_t len)
{
	size_t vendor, formats, screen;

	if (len < 32)
		die(EXIT_UNAVAILABLE, "share: the X server's setup is short");
	x->next_id = get32(p + 4);
	x->id_mask = get32(p + 8);
	vendor = get16(p + 16);
	x->max_request = (size_t)get16(p + 18) * 4;
	formats = p[21];
	screen = 32 + pad4(vendor) + 8 * formats;
	for (size_t f = 32 + pad4(vendor); f < screen && f + 8 <= len; f += 8)
		if ((p[f] == 24 || p[f] == 32) && p[f + 1] != 32)
			die(EXIT_UNAVAILABLE, "share: the display's depth %u takes %u bits a pixel, not 32",
			    p[f], p[f + 1]);
	if (screen + 40 > len || p[20] == 0 || p[screen + 38] != 24)
		die(EXIT_UNAVAILABLE, "share: the display's screen is not one of depth 24");
	x->root = get32(p + screen);
	x->width = get16(p + screen + 20);
	x->height = get16(p + screen + 22);
}

/* A connection to display n's X server, as libxcb makes it: its abstract
 * socket, else the one in /tmp/.X11-unix; -1 where neither answers, or
 * where what answers is neither root's nor this user's (a stranger's
 * socket would get the cookie). */
static int connect_display(unsigned n)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct ucred peer;
	socklen_t size = sizeof peer;
	int len = snprintf(sa.sun_path + 1, sizeof sa.sun_path - 1, "/tmp/.X11-unix/X%u", n);

	for (int abstract = 1; abstract >= 0; abstract--) {
		int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
		socklen_t at = abstract ? offsetof(struct sockaddr_un, sun_path) + 1 + (socklen_t)len
					: (socklen_t)sizeof sa;

		if (fd == -1)
			return -1;
		if (connect(fd, (struct sockaddr *)&sa, at) == 0) {
			if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &peer, &size) == 0 &&
			    (peer.uid == 0 || peer.uid == getuid()))
				return fd;
			errno = EPERM;
			close(fd);
			return -1;
		}
		close(fd);
		memmove(sa.sun_path, sa.sun_path + 1, (size_t)len + 1);
	}
	return -1;
}

/* Connects to display n with its cookie, where the Xauthority file has
 * one. */
static void x_connect(struct x *x, unsigned n, const char *xauthority)
{
	uint8_t req[12 + 20 + 16] = { 'l', 0, 11, 0, 0, 0, 18, 0, 16, 0, 0, 0 }, reply[8];
	size_t len, sent = sizeof req;

	memset(x, 0, sizeof *x);
	memcpy(req + 12, "MIT-MAGIC-COOKIE-1", 18);
	if (!xauthority || read_cookie(xauthority, n, req + 32) == -1) {
		put16(req + 6, 0);
		put16(req + 8, 0);
		sent = 12;
	}
	if ((x->fd = connect_display(n)) == -1)
		die_errno(EXIT_UNAVAILABLE, "share: display :%u", n);
	if (write_all(x->fd, req, sent) == -1 || read_exact(x->fd, reply, sizeof reply) == -1)
		die(EXIT_UNAVAILABLE, "share: display :%u closed the connection", n);
	len = (size_t)get16(reply + 6) * 4;
	if (!(x->body = calloc(1, len + 1)) || read_exact(x->fd, x->body, len) == -1)
		die(EXIT_UNAVAILABLE, "share: display :%u closed the connection", n);
	x->body_cap = len + 1;
	if (reply[0] != 1)
		die(EXIT_UNAVAILABLE, "share: display :%u refused the connection: %.*s", n,
		    (int)(reply[1] < len ? reply[1] : len), (const char *)x->body);
	read_setup(x, x->body, len);
}

static uint32_t new_id(struct x *x)
{
	uint32_t base = x->next_id & ~x->id_mask, n = (x->next_id & x->id_mask) + 1;

	x->next_id = base | (n & x->id_mask);
	return x->next_id;
}

/* Sends a request: its header (opcode, data byte, length) is filled in. */
static void x_send(struct x *x, uint8_t *req, size_t len, const void *extra, size_t extra_len)
{
	static const uint8_t zeros[3];
	size_t total = len + pad4(extra_len);

	put16(req + 2, (unsigned)(total / 4));
	if (write_all(x->fd, req, len) == -1 ||
	    (extra_len && (write_all(x->fd, extra, extra_len) == -1 ||
			   write_all(x->fd, zeros, pad4(extra_len) - extra_len) == -1)))
		die(EXIT_UNAVAILABLE, "share: the display closed the connection");
	x->seq++;
}

/* Waits for the reply to the last request; skips events, and errors of
 * earlier requests. Returns 0, or the X error code. */
static int x_reply(struct x *x)
{
	for (;;) {
		size_t len;

		if (read_exact(x->fd, x->head, 32) == -1)
			die(EXIT_UNAVAILABLE, "share: the display closed the connection");
		if (x->head[0] != X_ERROR && x->head[0] != X_REPLY) {
			x->damaged |= x->damage && x->head[0] == x->damage_event;
			continue;
		}
		len = x->head[0] == X_REPLY ? (size_t)get32(x->head + 4) * 4 : 0;
		if (len > x->body_cap) {
			x->body = grow(x->body, len);
			x->body_cap = len;
		}
		if (read_exact(x->fd, x->body, len) == -1)
			die(EXIT_UNAVAILABLE, "share: the display closed the connection");
		x->body_len = len;
		if (get16(x->head + 2) != x->seq)
			continue;
		return x->head[0] == X_ERROR ? x->head[1] : 0;
	}
}

/* A request of one word after its header: a window's or a pixmap's. */
static void send_on(struct x *x, uint8_t opcode, uint8_t data, uint32_t id)
{
	uint8_t req[8] = { opcode, data };

	put32(req + 4, id);
	x_send(x, req, sizeof req, NULL, 0);
}

static uint32_t intern_atom(struct x *x, const char *name)
{
	uint8_t req[8] = { INTERN_ATOM, 0 };

	put16(req + 4, (unsigned)strlen(name));
	x_send(x, req, sizeof req, name, strlen(name));
	return x_reply(x) ? 0 : get32(x->head + 8);
}

/* ---- The caller's side ---- */

/* The display number of a local DISPLAY (":0", ":0.0", "unix:0"). */
static int display_number(const char *display, unsigned *n)
{
	char *end;

	if (!strncmp(display, "unix:", 5))
		display += 4;
	if (display[0] != ':' || display[1] < '0' || display[1] > '9')
		return -1;
	*n = (unsigned)strtoul(display + 1, &end, 10);
	return *end == '\0' || *end == '.' ? 0 : -1;
}

/* The window's title, printable ASCII (the rest as '?'), for the mirror's. */
static void read_title(struct x *x, uint32_t window, char title[TITLE_MAX])
{
	uint32_t props[][2] = { { intern_atom(x, "_NET_WM_NAME"), intern_atom(x, "UTF8_STRING") },
				{ ATOM_WM_NAME, ATOM_STRING } };

	title[0] = '\0';
	for (size_t i = 0; i < LEN(props) && !title[0]; i++) {
		uint8_t req[24] = { GET_PROPERTY, 0 };
		size_t n;

		put32(req + 4, window);
		put32(req + 8, props[i][0]);
		put32(req + 12, props[i][1]);
		put32(req + 20, TITLE_MAX / 4);
		x_send(x, req, sizeof req, NULL, 0);
		if (x_reply(x) || x->head[1] != 8)
			continue;
		n = get32(x->head + 16);
		if (n > x->body_len)
			n = x->body_len;
		if (n > TITLE_MAX - 1)
			n = TITLE_MAX - 1;
		for (size_t c = 0; c < n; c++)
			title[c] = x->body[c] >= ' ' && x->body[c] < 127 ? (char)x->body[c] : '?';
		title[n] = '\0';
	}
}

/* Whether the display has the extension name and takes this client's
 * version of it (its QueryVersion: request 0 of both used here); its major
 * opcode and first event into major and event. */
static int ask_extension(struct x *x, const char *name, uint32_t want_major, uint32_t want_minor,
			 uint8_t *major, uint8_t *event)
{
	uint8_t query[8] = { QUERY_EXTENSION, 0 }, version[12] = { 0, 0 };

	put16(query + 4, (unsigned)strlen(name));
	x_send(x, query, sizeof query, name, strlen(name));
	if (x_reply(x) || !x->head[8])
		return 0;
	*major = version[0] = x->head[9];
	*event = x->head[10];
	put32(version + 4, want_major);
	put32(version + 8, want_minor);
	x_send(x, version, sizeof version, NULL, 0);
	return x_reply(x) == 0;
}

/* The Composite extension, and the window's pixels kept off the screen,
 * in a pixmap of their own, while this connection lasts. */
static void redirect(struct x *x, uint32_t window)
{
	uint8_t req[12] = { 0, COMPOSITE_REDIRECT_WINDOW }, event;

	if (!ask_extension(x, "Composite", 0, 4, &x->composite, &event))
		die(EXIT_UNAVAILABLE, "share: the caller's display has no Composite extension");
	req[0] = x->composite;
	put32(req + 4, window);
	x_send(x, req, sizeof req, NULL, 0); /* req[8], the update, is automatic */
}

/* Where the display has DAMAGE, a damage object on the window, which
 * reports each drawing in it (and so needs no subtracting): a frame is
 * read only once something was drawn there. Without, every time. */
static void watch_damage(struct x *x, uint32_t window)
{
	uint8_t create[16] = { 0, DAMAGE_CREATE };

	if (!ask_extension(x, "DAMAGE", 1, 1, &x->damage_major, &x->damage_event))
		return;
	create[0] = x->damage_major;
	x->damage = new_id(x);
	put32(create + 4, x->damage);
	put32(create + 8, window);
	create[12] = DAMAGE_REPORT_RAW_RECTANGLES;
	x_send(x, create, sizeof create, NULL, 0);
}

/* Copies a w by h image into dst, scaled down to fit max_w by max_h. */
static void scale_into(uint32_t *dst, struct frame_head *f, const uint8_t *src, unsigned w,
		       unsigned h, unsigned max_w, unsigned max_h)
{
	unsigned nw = w, nh = h;

	if (nw > max_w) {
		nh = (unsigned)((unsigned long long)nh * max_w / nw);
		nw = max_w;
	}
	if (nh > max_h) {
		nw = (unsigned)((unsigned long long)nw * max_h / nh);
		nh = max_h;
	}
	if (!nw || !nh)
		nw = nh = 0;
	for (unsigned y = 0; y < nh; y++) {
		const uint8_t *row = src + (size_t)(y * (unsigned long long)h / nh) * w * 4;

		for (unsigned x = 0; x < nw; x++)
			memcpy(dst + (size_t)y * nw + x, row + (size_t)(x * (unsigned long long)w / nw) * 4, 4);
	}
	f->width = nw;
	f->height = nh;
}

/* Reads the window's pixels into pixels, as a frame that fits the
 * sandbox's screen; an empty frame while it is not shown. Returns 1 for a
 * frame read, 0 where the window is shown and nothing was drawn in it
 * since the last (f and pixels are that), -1 once the window is gone. */
static int capture(struct x *x, const struct share_capture *c, struct frame_head *f, uint32_t **pixels)
{
	uint8_t name[12] = { x->composite, COMPOSITE_NAME_WINDOW_PIXMAP }, get[20] = { GET_IMAGE, Z_PIXMAP };
	uint32_t pixmap;
	unsigned w, h;
	int err;

	send_on(x, GET_WINDOW_ATTRIBUTES, 0, (uint32_t)c->window);
	err = x_reply(x);
	if (err || x->head[26] != IS_VIEWABLE) {
		f->width = f->height = 0;
		return err == BAD_WINDOW ? -1 : 1;
	}
	if (x->damage && !x->damaged && f->width)
		return 0;
	x->damaged = 0;
	f->width = f->height = 0;
	pixmap = new_id(x);
	send_on(x, GET_GEOMETRY, 0, (uint32_t)c->window);
	if (x_reply(x))
		return 1;
	w = get16(x->head + 16);
	h = get16(x->head + 18);
	put32(name + 4, (uint32_t)c->window);
	put32(name + 8, pixmap);
	x_send(x, name, sizeof name, NULL, 0);
	put32(get + 4, pixmap);
	put16(get + 12, w);
	put16(get + 14, h);
	put32(get + 16, 0xffffffff);
	x_send(x, get, sizeof get, NULL, 0);
	err = x_reply(x);
	send_on(x, FREE_PIXMAP, 0, pixmap);
	if (err || x->body_len < (size_t)w * h * 4)
		return 1;
	*pixels = grow(*pixels, (size_t)w * h * 4);
	scale_into(*pixels, f, x->body, w, h, c->max_width, c->max_height);
	return 1;
}

static void send_frame(int fd, const struct frame_head *f, const uint32_t *pixels)
{
	if (write_all(fd, f, sizeof *f) == -1 ||
	    write_all(fd, pixels, (size_t)f->width * f->height * 4) == -1)
		_exit(0); /* the mirror has gone: the share is over */
}

/* When the next frame is due: a period after the last, or now if that has
 * passed. */
static void next_frame(struct timespec *next)
{
	struct timespec now;

	next->tv_nsec += frame_ns;
	if (next->tv_nsec >= 1000000000) {
		next->tv_nsec -= 1000000000;
		next->tv_sec++;
	}
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (now.tv_sec > next->tv_sec || (now.tv_sec == next->tv_sec && now.tv_nsec > next->tv_nsec))
		*next = now;
}

void capture_window(int fd, const struct share_capture *c)
{
	struct timespec next;
	struct frame_head f = { 0, 0 }, sent = { 0, 0 };
	uint32_t *pixels = NULL, *last = NULL;
	char title[TITLE_MAX] = "";
	unsigned n;
	int first = 1;
	struct x x;

	if (prctl(PR_SET_PDEATHSIG, SIGKILL) == -1)
		_exit(1);
	if (!c->display || display_number(c->display, &n) == -1)
		die(EXIT_UNAVAILABLE, "share: your display (%s) is not a local one", c->display ? c->display : "none");
	x_connect(&x, n, c->xauthority);
	if (c->titled)
		read_title(&x, (uint32_t)c->window, title);
	redirect(&x, (uint32_t)c->window);
	watch_damage(&x, (uint32_t)c->window);
	if (write_all(fd, title, sizeof title) == -1)
		_exit(0);
	clock_gettime(CLOCK_MONOTONIC, &next);
	for (int got = 0; got != -1; first = 0) {
		size_t size;

		got = capture(&x, c, &f, &pixels);
		size = (size_t)f.width * f.height * 4;
		if (first || (got && (f.width != sent.width || f.height != sent.height ||
				       (size && memcmp(pixels, last, size))))) {
			send_frame(fd, &f, pixels);
			sent = f;
			last = grow(last, size + 4);
			if (size)
				memcpy(last, pixels, size);
		}
		next_frame(&next);
		while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, NULL) == EINTR)
			;
	}
	_exit(0);
}

/* ---- The sandbox's side ---- */

static void set_name(struct x *x, uint32_t window, uint32_t property, uint32_t type, const char *value,
		     size_t len)
{
	uint8_t req[24] = { CHANGE_PROPERTY, 0 };

	put32(req + 4, window);
	put32(req + 8, property);
	put32(req + 12, type);
	req[16] = 8;
	put32(req + 20, (uint32_t)len);
	x_send(x, req, sizeof req, value, len);
}

/* The mirror: a top-level window of the frame's size that asks for no
 * input, only its exposure (to draw again once Xpra has taken it) and its
 * moves, named for what it shows. */
static uint32_t make_mirror(struct x *x, const char *title, unsigned width, unsigned height)
{
	static const char class[] = "skype-wrap-share\0skype-wrap";
	uint8_t req[40] = { CREATE_WINDOW, 0 };
	uint32_t window = new_id(x);
	char name[TITLE_MAX + 16];
	int len = snprintf(name, sizeof name, title[0] ? "Shared: %s" : "Shared window", title);

	put32(req + 4, window);
	put32(req + 8, x->root);
	put16(req + 16, width);
	put16(req + 18, height);
	put16(req + 22, 1); /* InputOutput */
	put32(req + 28, 0x2 | 0x800); /* background-pixel, event-mask: */
	put32(req + 32, 0);           /* black, */
	put32(req + 36, 0x8000 | 0x20000); /* exposure, structure */
	x_send(x, req, sizeof req, NULL, 0);
	set_name(x, window, ATOM_WM_NAME, ATOM_STRING, name, (size_t)len);
	set_name(x, window, intern_atom(x, "_NET_WM_NAME"), intern_atom(x, "UTF8_STRING"), name, (size_t)len);
	set_name(x, window, ATOM_WM_CLASS, ATOM_STRING, class, sizeof class);
	send_on(x, MAP_WINDOW, 0, window);
	return window;
}

/* A graphics context for the screen of drawable, black; over_children:
 * one that draws on the root over its children too (Xpra keeps their
 * pixels off the screen). */
static uint32_t make_gc(struct x *x, uint32_t drawable, int over_children)
{
	uint8_t req[24] = { CREATE_GC, 0 };
	uint32_t gc = new_id(x);

	put32(req + 4, gc);
	put32(req + 8, drawable);
	put32(req + 12, 0x8000 | 0x10000); /* subwindow-mode, graphics-exposures */
	put32(req + 16, over_children ? 1 : 0);
	put32(req + 20, 0);
	x_send(x, req, sizeof req, NULL, 0);
	return gc;
}

/* Draws the frame in the window, in bands that each fit a request. */
static void put_image(struct x *x, uint32_t window, uint32_t gc, const struct frame_head *f,
		      const uint32_t *pixels)
{
	size_t row = (size_t)f->width * 4;
	unsigned band = (unsigned)((x->max_request - 24) / row);

	if (!band)
		die(EXIT_UNAVAILABLE, "share: a row of %u pixels is more than a request holds", f->width);
	for (unsigned y = 0; y < f->height; y += band) {
		unsigned rows = f->height - y < band ? f->height - y : band;
		uint8_t req[24] = { PUT_IMAGE, Z_PIXMAP };

		put32(req + 4, window);
		put32(req + 8, gc);
		put16(req + 12, f->width);
		put16(req + 14, rows);
		put16(req + 18, y);
		req[21] = 24;
		x_send(x, req, sizeof req, pixels + (size_t)y * f->width, rows * row);
	}
}

/* Reads the next frame; 0 when the pipe ends (the share is over). Dies
 * at what no capture of the caller's would say. */
static int read_frame(int fd, const struct x *x, struct frame_head *f, uint32_t **pixels)
{
	if (read_exact(fd, f, sizeof *f) == -1)
		return 0;
	if (f->width > x->width || f->height > x->height)
		die(EXIT_UNAVAILABLE, "share: a frame of %ux%u is larger than the screen", f->width, f->height);
	*pixels = grow(*pixels, (size_t)f->width * f->height * 4 + 4);
	return read_exact(fd, *pixels, (size_t)f->width * f->height * 4) == 0;
}

/* The mirror (0 before the first frame), and where its pixels were last
 * copied on the root. */
struct mirror {
	uint32_t window, gc, root_gc;
	int x, y;
	unsigned width, height;
};

/* Copies the mirror's pixels to the root under it. */
static void copy_to_root(struct x *x, const struct mirror *m)
{
	uint8_t req[28] = { COPY_AREA, 0 };

	put32(req + 4, m->window);
	put32(req + 8, x->root);
	put32(req + 12, m->root_gc);
	put16(req + 20, (unsigned)m->x);
	put16(req + 22, (unsigned)m->y);
	put16(req + 24, m->width);
	put16(req + 26, m->height);
	x_send(x, req, sizeof req, NULL, 0);
}

/* Blackens the root under the mirror: it has moved, or gone. */
static void clear_root(struct x *x, const struct mirror *m)
{
	uint8_t req[20] = { POLY_FILL_RECTANGLE, 0 };

	put32(req + 4, x->root);
	put32(req + 8, m->root_gc);
	put16(req + 12, (unsigned)m->x);
	put16(req + 14, (unsigned)m->y);
	put16(req + 16, m->width);
	put16(req + 18, m->height);
	x_send(x, req, sizeof req, NULL, 0);
}

/* Where the mirror is on the root now (Xpra places it), into wx, wy. */
static void locate(struct x *x, uint32_t window, int *wx, int *wy)
{
	uint8_t req[16] = { TRANSLATE_COORDINATES, 0 };

	put32(req + 4, window);
	put32(req + 8, x->root);
	x_send(x, req, sizeof req, NULL, 0);
	if (x_reply(x))
		return;
	*wx = (int16_t)get16(x->head + 12);
	*wy = (int16_t)get16(x->head + 14);
}

/* Draws the frame, or nothing for an empty one, and that on the root
 * where the mirror is, its pixels cleared where it was. */
static void draw(struct x *x, struct mirror *m, const struct frame_head *f, const uint32_t *pixels)
{
	int wx = m->x, wy = m->y;

	if (!m->window)
		return;
	if (f->width) {
		put_image(x, m->window, m->gc, f, pixels);
	} else {
		uint8_t clear[16] = { CLEAR_AREA, 0 };

		put32(clear + 4, m->window);
		x_send(x, clear, sizeof clear, NULL, 0);
	}
	locate(x, m->window, &wx, &wy);
	if (wx != m->x || wy != m->y) {
		clear_root(x, m);
		m->x = wx;
		m->y = wy;
	}
	copy_to_root(x, m);
}

/* Reads what the sandbox's display sent unasked, at most 64 events at a
 * time: events, errors of requests that need no reply. Events another
 * client sent (the app may send the mirror any) are dropped. Returns
 * whether the mirror was exposed or moved, and is to be drawn again. */
static int changed(struct x *x)
{
	struct pollfd p = { x->fd, POLLIN, 0 };
	int again = 0;

	for (int i = 0; i < 64 && poll(&p, 1, 0) == 1; i++) {
		if (read_exact(x->fd, x->head, 32) == -1)
			die(EXIT_UNAVAILABLE, "share: the sandbox's display closed the connection");
		again |= x->head[0] == EXPOSE || x->head[0] == CONFIGURE_NOTIFY;
	}
	return again;
}

/* At the end of the frames: the mirror goes, then its pixels on the root
 * (its end could paint them there again), before this client does. */
/* A mirror window of the frame's size in place of the last: Xpra 6.5
 * keeps a window at the size it was mapped at. */
static void remake_mirror(struct x *x, struct mirror *m, const char *title, const struct frame_head *f)
{
	if (m->window) {
		send_on(x, DESTROY_WINDOW, 0, m->window);
		clear_root(x, m);
	}
	m->window = make_mirror(x, title, f->width, f->height);
	m->x = m->y = 0;
	m->width = f->width;
	m->height = f->height;
}

static void end_mirror(struct x *x, const struct mirror *m)
{
	uint8_t sync[4] = { GET_INPUT_FOCUS, 0 };

	if (m->window) {
		send_on(x, DESTROY_WINDOW, 0, m->window);
		clear_root(x, m);
	}
	x_send(x, sync, sizeof sync, NULL, 0);
	x_reply(x);
	_exit(0);
}

void show_frames(int fd, unsigned display, const char *xauthority)
{
	struct frame_head f = { 0, 0 };
	struct mirror m = { .window = 0 };
	char title[TITLE_MAX];
	uint32_t *pixels = NULL;
	struct x x;

	x_connect(&x, display, xauthority);
	if (read_exact(fd, title, sizeof title) == -1)
		_exit(0);
	title[TITLE_MAX - 1] = '\0';
	m.gc = make_gc(&x, x.root, 0);
	m.root_gc = make_gc(&x, x.root, 1);
	for (;;) {
		struct pollfd p[] = { { fd, POLLIN, 0 }, { x.fd, POLLIN, 0 } };

		if (poll(p, LEN(p), -1) == -1 && errno != EINTR)
			die_errno(EXIT_UNAVAILABLE, "share: poll");
		if (p[1].revents && changed(&x))
			draw(&x, &m, &f, pixels);
		if (!p[0].revents)
			continue;
		if (!read_frame(fd, &x, &f, &pixels))
			end_mirror(&x, &m);
		if (f.width && (f.width != m.width || f.height != m.height))
			remake_mirror(&x, &m, title, &f);
		draw(&x, &m, &f, pixels);
	}
}
