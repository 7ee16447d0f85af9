/* What skype-wrap.c shares with confine.c, xpra.c and links.c. confine.c
 * holds the kernel's confinement mechanisms, Landlock and seccomp, and tells
 * cameras from the other video devices; skype-wrap.c decides who is confined
 * how. xpra.c holds what differs between the xpra versions supported.
 * links.c checks and relays the links that cross the sandbox's wall.
 * share.c shows one window of the caller's in the sandbox's display. */
#ifndef SKYPE_WRAP_H
#define SKYPE_WRAP_H

#include <dirent.h>
#include <stddef.h>

#define LEN(a) (sizeof(a) / sizeof((a)[0]))

enum {
	EXIT_USAGE = 64,       /* bad command line */
	EXIT_DATAERR = 65,     /* a link or window given is not one the app takes */
	EXIT_NOINPUT = 66,     /* a file given cannot be read */
	EXIT_UNAVAILABLE = 69, /* a component failed to start */
	EXIT_CANTCREAT = 73,   /* a file given cannot be put in the inbox */
	EXIT_NOPERM = 77,      /* the caller may not start a session */
	EXIT_CONFIG = 78,      /* a sanity check failed */
};

/* A range of TCP ports, for the Landlock tables of the config. */
struct ports {
	unsigned short first, last;
};

/* The hierarchies and ports one Landlock domain may use. */
struct policy {
	const char **read, **write, **exec;
	const struct ports *connect, *bind;
	int all_tcp; /* refuse TCP even where connect and bind list no port */
	int cameras; /* may use the cameras (see next_camera()) */
};

/* What a ruleset came to, for --check. */
struct ruleset {
	int abi, fd, rules;
	char skipped[512];
};

/* Says why on stderr (a child: up its report pipe) and exits; the
 * supervisor's exit undoes what the session has set up and shows the
 * message on the caller's display when there is no terminal. */
void die(int status, const char *fmt, ...) __attribute__((noreturn, format(printf, 2, 3)));
/* die() with what errno said, after the message and a colon. */
void die_errno(int status, const char *fmt, ...) __attribute__((noreturn, format(printf, 2, 3)));

/* Writes all n bytes of buf to fd, 0; -1 if it cannot. */
int write_all(int fd, const void *buf, size_t n);

/* The kernel's Landlock ABI, 0 without Landlock. */
int landlock_abi(void);
/* Why the kernel has no Landlock (its ABI is 0), NULL where it has. */
const char *landlock_missing(void);
/* Builds the ruleset of a policy for a process of the sandbox user (the
 * paths are opened as that user, never as root). */
void build_ruleset(struct ruleset *r, const struct policy *p, const char *home);
void restrict_self(struct ruleset *r);
void install_seccomp(void);
/* Opens dirfd's entry name if it is a camera: a V4L2 video capture device,
 * not a video output, a codec, or a loopback device nobody feeds; else -1. */
int open_camera(int dirfd, const char *name);
/* The next camera of /dev (d) that this process may open: its fd and name,
 * or -1 at the end. */
int next_camera(DIR *d, const char **name);

/* Links (links.c). The longest link passed either way. */
#define LINK_MAX 2048

/* What relay_links() needs: the schemes the app may ask to open (the
 * first named in messages), xmessage, the caller's browser opener, and
 * the caller's environment for both. */
struct link_relay {
	const char *const *schemes;
	const char *xmessage, *opener;
	char *const *envp;
};

/* Whether url is a link of one of schemes: at most LINK_MAX printable
 * ASCII characters, none that RFC 3986 leaves out of a URI (space, quote,
 * backslash...). */
int link_allowed(const char *url, const char *const *schemes);
/* Copies into site the host (and port) of a link of the form
 * scheme://host..., returns 0 for another form or one with a user part
 * (https://bank.example@evil.example/ shows the bank's name first). */
int link_site(const char *url, char *site, size_t size);
/* As the caller, never returning: reads the app's links, a line each, from
 * fd, and opens each in the caller's browser once the caller has clicked
 * Open in a window that shows it. One question at a time: what the app
 * opens meanwhile and in the second after is dropped. */
void relay_links(int fd, const struct link_relay *r) __attribute__((noreturn));

/* Sharing a window (share.c): what capture_window() reads, and how large
 * a frame the sandbox's screen takes. */
struct share_capture {
	const char *display, *xauthority; /* the caller's */
	unsigned long window;
	unsigned max_width, max_height;
	int titled; /* the window's title crosses, to name its mirror */
};

/* As the caller, never returning: writes the window's title (if titled)
 * and then its pixels, a frame each time they change, more than 10 times a
 * second, to fd; an empty frame while it is not shown. Ends when the
 * window is gone or fd's reader. */
void capture_window(int fd, const struct share_capture *c) __attribute__((noreturn));
/* As the sandbox user beside the Xpra server, never returning: shows what
 * capture_window() writes to fd in a window of display, named for it;
 * input goes nowhere. Ends with fd. */
void show_frames(int fd, unsigned display, const char *xauthority) __attribute__((noreturn));

/* An xpra version that skype-wrap supports (xpra.c): its options besides
 * the common ones, and how its server admits the caller alone. */
struct xpra_version {
	const char *series;             /* "3.1": the versions 3.1.x */
	const char *const *server;
	const char *const *client;
	const char *auth;               /* --auth, for the caller's uid */
};

extern const char xpra_supported[];    /* the series, for messages */
extern const char xpra_server_entry[]; /* Python: see xpra.c */
extern const char xpra_attach_client[];
/* Reads the installed xpra's version into version (empty if none is
 * installed); NULL if unsupported. */
const struct xpra_version *find_xpra(char *version, size_t size);

#endif
