/* skype-wrap settings: the documented defaults. Build with another file by
 * `make CONFIG=path/to/host.h`; README.md describes every setting. */

/* The dedicated user the application runs as; its primary group is the group
 * of people allowed to start a session. */
static const char *sandbox_user = "skype";

/* The application, run when no command follows `--` (NULL-terminated). */
static const char *app[] = { "/usr/bin/skypeforlinux", NULL };

/* The first X display number to try for the Xpra server. */
static const unsigned displaynum = 100;

/* The largest block hard limit (KiB) the sandbox user's disk quota may have;
 * 0 switches the quota check off. */
static const unsigned long long quota_kib = 4ULL * 1024 * 1024;

/* RLIMIT_AS (bytes) of the application and of the Xpra server (Python and its
 * Xvfb break under 1 GiB); 0 switches the limit off. */
static const unsigned long long mem_bytes = 4ULL << 30;
static const unsigned long long xpra_mem_bytes = 2ULL << 30;

/* Rules that `iptables -S OUTPUT` and `ip6tables -S OUTPUT` must show, written
 * as they print them; %u stands for the sandbox uid. Empty lists switch the
 * firewall check off. These keep the application off the local networks. */
static const char *firewall_rules[] = {
	"-A OUTPUT -d 10.0.0.0/8 -m owner --uid-owner %u -j REJECT --reject-with icmp-port-unreachable",
	"-A OUTPUT -d 172.16.0.0/12 -m owner --uid-owner %u -j REJECT --reject-with icmp-port-unreachable",
	"-A OUTPUT -d 192.168.0.0/16 -m owner --uid-owner %u -j REJECT --reject-with icmp-port-unreachable",
	NULL
};
static const char *firewall6_rules[] = {
	"-A OUTPUT -d fc00::/7 -m owner --uid-owner %u -j REJECT --reject-with icmp6-port-unreachable",
	NULL
};

/* How long the Xpra server may take to accept clients (milliseconds). */
static const unsigned ready_timeout_ms = 20000;

/* How long the sandbox user's processes get to exit after SIGTERM before
 * SIGKILL (milliseconds). */
static const unsigned grace_ms = 300;

/* Share the clipboard between the application and the caller's desktop. */
static const int clipboard = 0;

/* The host tools, by absolute path. */
static const char *xpra_path = "/usr/bin/xpra";
static const char *iptables_path = "/usr/sbin/iptables";
static const char *ip6tables_path = "/usr/sbin/ip6tables";

/* Sound through the caller's PulseAudio: 0 off, 1 when the caller's server
 * answers, 2 required (no session without it). */
static const int audio = 1;
static const char *pactl_path = "/usr/bin/pactl";
static const char *pax11publish_path = "/usr/bin/pax11publish";
