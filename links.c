/* Links between the app and the caller's browser, by consent. Out: the
 * app's xdg-open writes each link it opens, a line, to a FIFO of the
 * session's; relay_links() reads it as the caller, shows each link it
 * accepts with its site set apart in a window of xmessage, and hands it to
 * the caller's browser only on a click of Open. In: link_allowed() checks
 * what --open hands to the app. Every link is the app's or a web page's
 * text: nothing here trusts it. */
#define _GNU_SOURCE
#include <sys/prctl.h>
#include <sys/wait.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "skype-wrap.h"

/* How long a link waits for a click, and the pause after each question
 * during which the app's links are dropped: it may ask, not pester. */
static const char ask_seconds[] = "60";
static const struct timespec pause_after_ask = { 1, 0 };

int link_allowed(const char *url, const char *const *schemes)
{
	size_t len = strnlen(url, LINK_MAX + 1);

	if (len > LINK_MAX || url[strcspn(url, "\"<>\\^`{|}")])
		return 0;
	for (const char *c = url; *c; c++)
		if (*c <= ' ' || *c >= 0x7f)
			return 0;
	for (; *schemes; schemes++) {
		size_t n = strlen(*schemes);

		if (!strncmp(url, *schemes, n) && url[n] == ':')
			return 1;
	}
	return 0;
}

int link_site(const char *url, char *site, size_t size)
{
	const char *host = strchr(url, ':'), *end;

	if (!host || strncmp(host, "://", 3))
		return 0;
	host += 3;
	end = host + strcspn(host, "/?#");
	if (end == host || memchr(host, '@', end - host) || (size_t)(end - host) >= size)
		return 0;
	memcpy(site, host, end - host);
	site[end - host] = '\0';
	return 1;
}

/* The question: the site on a line of its own, then the whole link, cut
 * into lines that fit any screen (xmessage cuts a long line off). */
static void question(const char *url, const char *site, char *text, size_t size)
{
	size_t n = (size_t)snprintf(text, size,
				    "The app in the sandbox asks to open a link in your browser.\n\n"
				    "    site:  %s\n\n", site);

	for (; *url && n + 66 < size; url += strnlen(url, 64))
		n += (size_t)snprintf(text + n, size - n, "%.64s\n", url);
}

/* Asks the caller about url: 1 on a click of Open, 0 on Cancel, on the
 * window's close and on the timeout. No button is the default, so a key
 * typed into the window while it steals the focus opens nothing. */
static int ask(const char *url, const char *site, const struct link_relay *r)
{
	char text[LINK_MAX + 256];
	int status;
	pid_t pid;

	question(url, site, text, sizeof text);
	if ((pid = fork()) == 0) {
		char *argv[] = { (char *)r->xmessage, "-center", "-title", "skype-wrap: a link from the sandbox",
				 "-buttons", "Open in your browser:101,Cancel:102", "-timeout",
				 (char *)ask_seconds, text, NULL };

		/* Gone with the session. */
		prctl(PR_SET_PDEATHSIG, SIGTERM);
		execve(argv[0], argv, r->envp);
		fprintf(stderr, "skype-wrap: links: %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	while (pid > 0 && waitpid(pid, &status, 0) == -1 && errno == EINTR)
		;
	return pid > 0 && WIFEXITED(status) && WEXITSTATUS(status) == 101;
}

/* The caller's browser on url, in a session of its own: it outlives ours. */
static void open_in_browser(const char *url, const struct link_relay *r)
{
	if (fork() == 0) {
		char *argv[] = { (char *)r->opener, (char *)url, NULL };

		setsid();
		execve(argv[0], argv, r->envp);
		fprintf(stderr, "skype-wrap: links: %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
}

/* One link of the app's, as it came. */
static void offer(const char *url, const struct link_relay *r)
{
	char site[256];

	if (!link_allowed(url, r->schemes) || !link_site(url, site, sizeof site)) {
		fprintf(stderr, "skype-wrap: links: refused a link of the app's: not a %s link of at most "
			"%d characters, with a site and no user name\n", r->schemes[0], LINK_MAX);
		return;
	}
	if (ask(url, site, r))
		open_in_browser(url, r);
	else
		fprintf(stderr, "skype-wrap: links: not opened: a link to %s\n", site);
}

static int count_lines(const char *p, const char *end)
{
	int lines = 0;

	for (; p < end; p++)
		lines += *p == '\n';
	return lines;
}

/* Drops what the app wrote while the caller was asked, besides the lines
 * read already, and says how much. */
static void drop_pending(int fd, int lines)
{
	char buf[4096];
	ssize_t n;

	while ((n = read(fd, buf, sizeof buf)) > 0)
		lines += count_lines(buf, buf + n);
	if (lines)
		fprintf(stderr, "skype-wrap: links: dropped %d links the app opened while you were asked\n",
			lines);
}

void relay_links(int fd, const struct link_relay *r)
{
	char line[LINK_MAX + 2];
	size_t len = 0;
	int overlong = 0;

	if (prctl(PR_SET_PDEATHSIG, SIGKILL) == -1)
		_exit(1);
	for (;;) {
		struct pollfd p = { fd, POLLIN, 0 };
		char *nl;
		ssize_t n;

		while (waitpid(-1, NULL, WNOHANG) > 0)
			;
		if (poll(&p, 1, -1) == -1 && errno != EINTR)
			_exit(1);
		if ((n = read(fd, line + len, sizeof line - 1 - len)) <= 0) {
			if (n == 0 || (errno != EAGAIN && errno != EINTR))
				_exit(1);
			continue;
		}
		len += (size_t)n;
		if (!(nl = memchr(line, '\n', len))) {
			/* Longer than any link it may open: dropped up to its end. */
			overlong |= len == sizeof line - 1;
			len = len == sizeof line - 1 ? 0 : len;
			continue;
		}
		*nl = '\0';
		if (overlong)
			fprintf(stderr, "skype-wrap: links: refused a link of the app's: longer than %d "
				"characters\n", LINK_MAX);
		else
			offer(line, r);
		overlong = 0;
		nanosleep(&pause_after_ask, NULL);
		drop_pending(fd, count_lines(nl + 1, line + len));
		len = 0;
	}
}
